//! The application: what is open (a recording, a recording in progress, or
//! an error), the run configuration, the docked panels and the keys.

mod compare;
mod layout;
mod open;
mod top_bar;

use self::compare::Compare;
use self::layout::{Panes, default_layout};
use self::open::Opening;

use std::path::PathBuf;

use egui_tiles::Tree;
use serde::{Deserialize, Serialize};
use tracer_core::sched::{GilModel, SchedConfig};
use tracer_core::trace::Script;

use super::dialogs::Dialogs;
use super::panels::timeline::TimelineView;
use super::panels::transport::{KEYS, TransportBar, key_command};
use super::session::Session;
use super::tour::TourStep;
use super::worker::Worker;
use crate::playback::Command;

/// What the window opens on.
#[derive(Clone, Debug)]
pub enum Start {
    /// An embedded scenario (index into the list).
    Scenario(usize),
    /// A script or trace file.
    File(PathBuf),
}

/// A dockable panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pane {
    /// Per-thread timelines.
    Timeline,
    /// The script with thread markers.
    Source,
    /// The current code object's bytecode.
    Bytecode,
    /// Call stacks and locals.
    Stacks,
    /// Globals and objects.
    Heap,
    /// Program output.
    Output,
    /// Lost updates, races, deadlocks, contention.
    Insights,
}

/// What is open.
enum Content {
    /// A recording is being made.
    Recording {
        label: String,
        worker: Worker,
        steps: u64,
    },
    /// A recording is open.
    Open(Box<Session>, TimelineView),
    /// Opening failed.
    Failed(String),
}

/// Steps after which the GUI stops a runaway script.
const GUI_MAX_STEPS: u64 = 200_000_000;

/// The eframe application.
pub struct InterleaveApp {
    ctx: egui::Context,
    content: Content,
    tree: Tree<Pane>,
    config: SchedConfig,
    scenario: usize,
    script: Option<Script>,
    show_help: bool,
    message: Option<String>,
    dialogs: Dialogs,
    /// Recently opened files, newest first.
    recent: Vec<PathBuf>,
    /// The open script's guided tour and the step shown, if it has one.
    tour: Vec<TourStep>,
    tour_step: Option<usize>,
    /// A second run of the same script under another GIL model.
    compare: Option<Compare>,
    compare_gil: GilModel,
    /// The open script was read from the user's file (not embedded).
    from_user_file: bool,
    /// Something to open once the user agrees to drop an unsaved recording.
    confirm: Option<Opening>,
}

/// Recent files remembered.
const RECENT: usize = 8;
/// Storage key of the recent files.
const RECENT_KEY: &str = "interleave-recent";

/// Storage key of the panel layout.
const LAYOUT_KEY: &str = "interleave-layout";

impl InterleaveApp {
    /// The app, opening `start`; the layout comes from `storage` if saved.
    #[must_use]
    pub fn new(ctx: egui::Context, storage: Option<&dyn eframe::Storage>, start: Start) -> Self {
        let tree = storage
            .and_then(|s| eframe::get_value(s, LAYOUT_KEY))
            .unwrap_or_else(default_layout);
        let recent = storage
            .and_then(|s| eframe::get_value(s, RECENT_KEY))
            .unwrap_or_default();
        let mut app = Self {
            ctx,
            content: Content::Failed(String::new()),
            tree,
            config: SchedConfig::default(),
            scenario: 0,
            script: None,
            show_help: false,
            message: None,
            dialogs: Dialogs::default(),
            recent,
            tour: Vec::new(),
            tour_step: None,
            compare: None,
            compare_gil: GilModel::Cpython311,
            from_user_file: false,
            confirm: None,
        };
        match start {
            Start::Scenario(i) => app.open_scenario_now(i),
            Start::File(path) => app.open_file_now(path),
        }
        app
    }

    #[cfg(test)]
    /// The open session, if any (for tests).
    #[must_use]
    pub fn session(&self) -> Option<&Session> {
        match &self.content {
            Content::Open(session, _) => Some(session),
            _ => None,
        }
    }

    #[cfg(test)]
    /// The error shown instead of a recording, if any.
    #[must_use]
    pub fn error(&self) -> Option<&str> {
        match &self.content {
            Content::Failed(e) if !e.is_empty() => Some(e),
            _ => None,
        }
    }

    #[cfg(test)]
    /// The visible stretch of the timeline, if a recording is open.
    #[must_use]
    pub fn timeline_view(&self) -> Option<TimelineView> {
        match &self.content {
            Content::Open(_, view) => Some(*view),
            _ => None,
        }
    }

    #[cfg(test)]
    /// `true` while a recording is being made.
    #[must_use]
    pub fn is_recording(&self) -> bool {
        matches!(self.content, Content::Recording { .. })
    }

    #[cfg(test)]
    /// Applies a playback command to the open session.
    pub fn command(&mut self, command: Command) {
        if let Content::Open(session, _) = &mut self.content {
            session.apply(command);
        }
    }
}

impl eframe::App for InterleaveApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.poll_worker();
        self.poll_comparison();
        self.finish_dialog();
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.open_file(path);
        }
        if ui.input(|i| i.key_pressed(egui::Key::F1)) {
            self.show_help = !self.show_help;
        }
        egui::Panel::top("top").show(ui, |ui| self.top_bar(ui));
        let dt = f64::from(ui.input(|i| i.stable_dt));
        let mut request = ui.input(key_command);
        match &mut self.content {
            Content::Open(session, view) => {
                egui::Panel::top("transport").show(ui, |ui| {
                    ui.label(&session.label);
                    request = request.or(TransportBar { session }.ui(ui));
                });
                egui::CentralPanel::default().show(ui, |ui| {
                    let compared = match &self.compare {
                        Some(Compare::Ready(other)) => Some(&**other),
                        _ => None,
                    };
                    let mut panes = Panes {
                        session,
                        compared,
                        view,
                        request: None,
                    };
                    self.tree.ui(&mut panes, ui);
                    request = request.or(panes.request);
                });
                if let Some(command) = request {
                    session.apply(command);
                }
                if session.playback.playing {
                    session.apply(Command::Tick(dt));
                    self.ctx.request_repaint();
                }
            }
            Content::Recording {
                label,
                worker,
                steps,
            } => {
                egui::CentralPanel::default().show(ui, |ui| {
                    ui.heading(format!("Recording {label}"));
                    ui.add(
                        egui::ProgressBar::new(0.0)
                            .text(format!("{steps} instructions"))
                            .animate(true),
                    );
                    if ui.button("Cancel").clicked() {
                        worker.cancel();
                    }
                });
            }
            Content::Failed(error) => {
                egui::CentralPanel::default().show(ui, |ui| {
                    ui.heading("Could not open this");
                    ui.colored_label(egui::Color32::from_rgb(230, 90, 90), error.as_str());
                    ui.label("Pick a scenario above, or drop a .py or .ron file on the window.");
                });
            }
        }
        let ctx = self.ctx.clone();
        self.tour_window(&ctx);
        self.confirm_window(&ctx);
        if self.show_help {
            egui::Window::new("Keys")
                .collapsible(false)
                .show(&self.ctx, |ui| {
                    egui::Grid::new("keys").show(ui, |ui| {
                        for (key, what) in KEYS {
                            ui.strong(*key);
                            ui.label(*what);
                            ui.end_row();
                        }
                    });
                });
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, LAYOUT_KEY, &self.tree);
        eframe::set_value(storage, RECENT_KEY, &self.recent);
    }
}
