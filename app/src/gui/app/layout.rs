//! The docked panels: the default layout and how `egui_tiles` shows
//! each pane.

use crate::gui::panels::Request;
use crate::gui::panels::bytecode::BytecodePanel;
use crate::gui::panels::heap::HeapPanel;
use crate::gui::panels::insights::InsightsPanel;
use crate::gui::panels::output::OutputPanel;
use crate::gui::panels::source::SourcePanel;
use crate::gui::panels::stacks::StacksPanel;
use crate::gui::panels::timeline::{TimelinePanel, TimelineView};
use crate::gui::session::Session;
use egui_tiles::{Behavior, SimplificationOptions, TileId, Tree, UiResponse};

use super::Pane;
use super::compare::compare_timelines;

/// Timeline on top; below, source (with bytecode as a tab), stacks, and
/// the insights above the heap (with output as a tab).
pub(super) fn default_layout() -> Tree<Pane> {
    let mut tiles = egui_tiles::Tiles::default();
    let timeline = tiles.insert_pane(Pane::Timeline);
    let source = tiles.insert_pane(Pane::Source);
    let bytecode = tiles.insert_pane(Pane::Bytecode);
    let code = tiles.insert_tab_tile(vec![source, bytecode]);
    let stacks = tiles.insert_pane(Pane::Stacks);
    let insights = tiles.insert_pane(Pane::Insights);
    let heap = tiles.insert_pane(Pane::Heap);
    let output = tiles.insert_pane(Pane::Output);
    let insights = tiles.insert_tab_tile(vec![insights]);
    let data = tiles.insert_tab_tile(vec![heap, output]);
    let right = tiles.insert_vertical_tile(vec![insights, data]);
    let middle = tiles.insert_horizontal_tile(vec![code, stacks, right]);
    let root = tiles.insert_vertical_tile(vec![timeline, middle]);
    Tree::new(egui::Id::unique("interleave-tiles"), root, tiles)
}

/// Draws panes from the open session and collects their requests.
pub(super) struct Panes<'a> {
    pub(super) session: &'a Session,
    /// A second run of the same script shown under the timeline.
    pub(super) compared: Option<&'a Session>,
    pub(super) view: &'a mut TimelineView,
    pub(super) request: Request,
}

impl Behavior<Pane> for Panes<'_> {
    fn tab_title_for_pane(&mut self, pane: &Pane) -> egui::WidgetText {
        format!("{pane:?}").into()
    }

    fn pane_ui(&mut self, ui: &mut egui::Ui, _tile: TileId, pane: &mut Pane) -> UiResponse {
        let session = self.session;
        let request = match pane {
            Pane::Timeline => match self.compared {
                None => TimelinePanel {
                    session,
                    view: self.view,
                }
                .ui(ui),
                Some(other) => compare_timelines(ui, session, other, self.view),
            },
            Pane::Source => SourcePanel { session }.ui(ui),
            Pane::Bytecode => {
                BytecodePanel { session }.ui(ui);
                None
            }
            Pane::Stacks => StacksPanel { session }.ui(ui),
            Pane::Heap => HeapPanel { session }.ui(ui),
            Pane::Output => {
                OutputPanel { session }.ui(ui);
                None
            }
            Pane::Insights => InsightsPanel { session }.ui(ui),
        };
        self.request = self.request.or(request);
        UiResponse::None
    }

    fn simplification_options(&self) -> SimplificationOptions {
        SimplificationOptions {
            all_panes_must_have_tabs: true,
            ..SimplificationOptions::default()
        }
    }
}
