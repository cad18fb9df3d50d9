//! The top bar: file buttons, the run configuration, the tour and help.

use tracer_core::sched::{GilModel, PctParams, SchedConfig, StrategyKind};

use crate::gui::dialogs::Purpose;
use crate::gui::scenarios::SCENARIOS;

use super::compare::Compare;
use super::open::default_file_name;
use super::{Content, InterleaveApp};

impl InterleaveApp {
    /// Open, recent files, save and export.
    fn file_buttons(&mut self, ui: &mut egui::Ui) {
        let ctx = self.ctx.clone();
        let wake = move || ctx.request_repaint();
        if ui
            .button("Open...")
            .on_hover_text("a .py script or a .ron trace")
            .clicked()
        {
            self.dialogs.open(Purpose::Open, "", wake.clone());
        }
        let mut reopen = None;
        ui.menu_button("Recent", |ui| {
            if self.recent.is_empty() {
                ui.weak("nothing opened yet");
            }
            for path in &self.recent {
                if ui.button(path.display().to_string()).clicked() {
                    reopen = Some(path.clone());
                }
            }
        });
        if let Some(path) = reopen {
            self.open_file(path);
        }
        if let Content::Open(session, _) = &self.content {
            if ui.button("Save trace...").clicked() {
                self.dialogs.open(
                    Purpose::SaveTrace,
                    &default_file_name(session, "ron"),
                    wake.clone(),
                );
            }
            if ui
                .button("Export Chrome...")
                .on_hover_text("for Perfetto")
                .clicked()
            {
                self.dialogs.open(
                    Purpose::ExportChrome,
                    &default_file_name(session, "json"),
                    wake,
                );
            }
        }
    }

    /// Moves to tour step `index`: its commands, then its panel in front.
    pub fn show_tour_step(&mut self, index: usize) {
        let Some(step) = self.tour.get(index).cloned() else {
            return;
        };
        self.tour_step = Some(index);
        if let Content::Open(session, _) = &mut self.content {
            let first_race = session.trace().races.first().map(|f| f.step);
            for command in step.commands(first_race) {
                session.apply(command);
            }
        }
        self.tree
            .make_active(|_, tile| matches!(tile, egui_tiles::Tile::Pane(p) if *p == step.pane));
    }

    /// The tour window: the current step's text, previous and next.
    pub(super) fn tour_window(&mut self, ctx: &egui::Context) {
        let Some(index) = self.tour_step else {
            return;
        };
        let mut go = None;
        let mut open = true;
        egui::Window::new(format!("Tour {}/{}", index + 1, self.tour.len()))
            .open(&mut open)
            .default_width(420.0)
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -12.0))
            .show(ctx, |ui| {
                if let Some(step) = self.tour.get(index) {
                    ui.label(&step.text);
                }
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(index > 0, egui::Button::new("< Previous"))
                        .clicked()
                    {
                        go = Some(index - 1);
                    }
                    if ui
                        .add_enabled(index + 1 < self.tour.len(), egui::Button::new("Next >"))
                        .clicked()
                    {
                        go = Some(index + 1);
                    }
                });
            });
        if !open {
            self.tour_step = None;
        } else if let Some(next) = go {
            self.show_tour_step(next);
        }
    }

    #[expect(
        clippy::too_many_lines,
        reason = "one control after another, in the order they show"
    )]
    pub(super) fn top_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.strong("Interleave");
            let mut scenario = self.scenario;
            egui::ComboBox::from_label("scenario")
                .selected_text(SCENARIOS[scenario].file)
                .width(220.0)
                .show_ui(ui, |ui| {
                    for (i, s) in SCENARIOS.iter().enumerate() {
                        ui.selectable_value(&mut scenario, i, s.title());
                    }
                });
            if scenario != self.scenario {
                self.open_scenario(scenario);
            }
            ui.separator();
            let mut gil = self.config.gil;
            egui::ComboBox::from_label("GIL")
                .selected_text(gil.name())
                .show_ui(ui, |ui| {
                    for g in [
                        GilModel::Cpython311,
                        GilModel::Cpython39,
                        GilModel::FreeThreaded,
                    ] {
                        ui.selectable_value(&mut gil, g, g.name());
                    }
                });
            let mut strategy = self.config.strategy;
            egui::ComboBox::from_label("strategy")
                .selected_text(strategy.name())
                .show_ui(ui, |ui| {
                    for s in [
                        StrategyKind::Realistic,
                        StrategyKind::Random,
                        StrategyKind::Pct(PctParams::default()),
                    ] {
                        ui.selectable_value(&mut strategy, s, s.name());
                    }
                });
            let label = ui.label("seed");
            let mut seed = self.config.seed;
            ui.add(egui::DragValue::new(&mut seed))
                .labelled_by(label.id);
            let label = ui.label("cores");
            let mut cores = self.config.cores;
            ui.add(egui::DragValue::new(&mut cores).range(1..=64))
                .labelled_by(label.id);
            let changed = (gil, strategy, seed, cores)
                != (
                    self.config.gil,
                    self.config.strategy,
                    self.config.seed,
                    self.config.cores,
                );
            self.config = SchedConfig {
                seed,
                gil,
                strategy,
                cores,
            };
            if changed || ui.button("Re-run").clicked() {
                self.rerun();
            }
            if ui.button("Next seed").clicked() {
                self.config.seed += 1;
                self.rerun();
            }
            ui.separator();
            let mut compare_gil = self.compare_gil;
            egui::ComboBox::from_label("compare")
                .selected_text(compare_gil.name())
                .show_ui(ui, |ui| {
                    for g in [
                        GilModel::Cpython311,
                        GilModel::Cpython39,
                        GilModel::FreeThreaded,
                    ] {
                        ui.selectable_value(&mut compare_gil, g, g.name());
                    }
                });
            self.compare_gil = compare_gil;
            match &self.compare {
                Some(Compare::Recording(_)) => {
                    ui.spinner();
                }
                Some(Compare::Ready(_)) => {
                    if ui.button("Close comparison").clicked() {
                        self.compare = None;
                    }
                }
                None => {
                    if ui
                        .button("Compare")
                        .on_hover_text(
                            "record the same script under this GIL model and show both timelines",
                        )
                        .clicked()
                    {
                        self.start_comparison();
                    }
                }
            }
            ui.separator();
            self.file_buttons(ui);
            if !self.tour.is_empty()
                && ui
                    .button("Tour")
                    .on_hover_text("a guided walk through this scenario")
                    .clicked()
            {
                self.show_tour_step(0);
            }
            if ui.button("Help (F1)").clicked() {
                self.show_help = !self.show_help;
            }
            if let Some(message) = &self.message {
                ui.label(message);
            }
        });
    }
}
