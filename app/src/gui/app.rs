//! The application: what is open (a recording, a recording in progress, or
//! an error), the run configuration, the docked panels and the keys.

use std::path::PathBuf;

use egui_tiles::{Behavior, SimplificationOptions, TileId, Tree, UiResponse};
use serde::{Deserialize, Serialize};
use tracer_core::sched::{GilModel, SchedConfig, StrategyKind};
use tracer_core::trace::{RunConfig, Script};
use tracer_core::tracefile;
use tracer_core::vm::Limits;

use super::dialogs::{Dialogs, Purpose};
use super::panels::Request;
use super::panels::bytecode::BytecodePanel;
use super::panels::heap::HeapPanel;
use super::panels::insights::InsightsPanel;
use super::panels::output::OutputPanel;
use super::panels::source::SourcePanel;
use super::panels::stacks::StacksPanel;
use super::panels::timeline::{TimelinePanel, TimelineView};
use super::panels::transport::{KEYS, TransportBar, key_command};
use super::scenarios::SCENARIOS;
use super::session::Session;
use super::tour::{TourStep, parse_tour};
use super::worker::{Job, Message, Worker};
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

/// Something the user asked to open.
#[derive(Clone, Debug)]
enum Opening {
    /// An embedded scenario.
    Scenario(usize),
    /// A script or trace file.
    File(PathBuf),
}

/// The comparison run.
enum Compare {
    /// Being recorded.
    Recording(Worker),
    /// Recorded.
    Ready(Box<Session>),
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

    /// Records embedded scenario `i` with its GIL model.
    fn open_scenario_now(&mut self, i: usize) {
        let scenario = SCENARIOS[i.min(SCENARIOS.len() - 1)];
        self.scenario = i;
        self.from_user_file = false;
        self.config.gil = scenario.gil;
        self.script = Some(Script {
            name: scenario.file.to_owned(),
            source: scenario.source.to_owned(),
        });
        self.rerun();
    }

    /// Opens a `.py` (recorded with the current options) or a `.ron` trace.
    fn open_file_now(&mut self, path: PathBuf) {
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path.clone());
        self.recent.truncate(RECENT);
        let label = path.display().to_string();
        if path.extension().is_some_and(|e| e == "ron") {
            self.from_user_file = false;
            self.start(label, Job::TraceFile(path));
            return;
        }
        match std::fs::read(&path).map(String::from_utf8) {
            Ok(Ok(source)) => {
                self.from_user_file = true;
                self.script = Some(Script {
                    name: label,
                    source,
                });
                self.rerun();
            }
            Ok(Err(_)) => self.content = Content::Failed(format!("{label} is not UTF-8 text")),
            Err(e) => self.content = Content::Failed(format!("cannot read {label}: {e}")),
        }
    }

    /// Opens embedded scenario `i`, asking first if that would drop an
    /// unsaved recording of the user's own script.
    fn open_scenario(&mut self, i: usize) {
        self.guard(Opening::Scenario(i));
    }

    /// Opens a file, asking first if that would drop an unsaved recording
    /// of the user's own script.
    pub fn open_file(&mut self, path: PathBuf) {
        self.guard(Opening::File(path));
    }

    /// Does `opening` now, or asks when an unsaved recording of a user's
    /// script (not an embedded scenario, not a loaded trace) is open.
    fn guard(&mut self, opening: Opening) {
        let unsaved = matches!(&self.content, Content::Open(session, _) if !session.saved && self.from_user_file);
        if unsaved {
            self.confirm = Some(opening);
        } else {
            self.proceed(opening);
        }
    }

    fn proceed(&mut self, opening: Opening) {
        match opening {
            Opening::Scenario(i) => self.open_scenario_now(i),
            Opening::File(path) => self.open_file_now(path),
        }
    }

    /// The "discard the unsaved recording?" question.
    fn confirm_window(&mut self, ctx: &egui::Context) {
        let Some(opening) = self.confirm.take() else {
            return;
        };
        let mut answer = None;
        egui::Window::new("Unsaved recording")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
            .show(ctx, |ui| {
                ui.label("The current recording has not been saved. Discard it?");
                ui.horizontal(|ui| {
                    if ui.button("Discard").clicked() {
                        answer = Some(true);
                    }
                    if ui.button("Keep it").clicked() {
                        answer = Some(false);
                    }
                });
            });
        match answer {
            Some(true) => self.proceed(opening),
            Some(false) => {}
            None => self.confirm = Some(opening),
        }
    }

    /// Records the current script with the current options.
    fn rerun(&mut self) {
        let Some(script) = self.script.clone() else {
            return;
        };
        self.tour = parse_tour(&script.source);
        self.tour_step = None;
        let config = RunConfig {
            sched: self.config,
            limits: Limits {
                max_steps: GUI_MAX_STEPS,
                ..Limits::default()
            },
        };
        let label = format!(
            "{} — seed {}, {}, {}",
            script.name,
            self.config.seed,
            self.config.gil.name(),
            self.config.strategy.name()
        );
        self.start(label, Job::Script(script, config));
    }

    fn start(&mut self, label: String, job: Job) {
        self.compare = None;
        if let Content::Recording { worker, .. } = &self.content {
            worker.cancel();
        }
        let ctx = self.ctx.clone();
        let worker = Worker::start(job, move || ctx.request_repaint());
        self.content = Content::Recording {
            label,
            worker,
            steps: 0,
        };
    }

    /// Records the open script again under `self.compare_gil`.
    fn start_comparison(&mut self) {
        let Content::Open(session, _) = &self.content else {
            return;
        };
        let trace = session.trace();
        let mut config = trace.config;
        config.sched.gil = self.compare_gil;
        let job = Job::Script(trace.script.clone(), config);
        let ctx = self.ctx.clone();
        self.compare = Some(Compare::Recording(Worker::start(job, move || {
            ctx.request_repaint();
        })));
    }

    /// Takes the comparison worker's news.
    fn poll_comparison(&mut self) {
        let Some(Compare::Recording(worker)) = &self.compare else {
            return;
        };
        let done = worker.messages.try_iter().find_map(|m| match m {
            Message::Done(result) => Some(result),
            Message::Progress(_) => None,
        });
        match done {
            Some(Ok(recording)) => {
                let sched = recording.trace.config.sched;
                let label = format!(
                    "compared: seed {}, {}, {}",
                    sched.seed,
                    sched.gil.name(),
                    sched.strategy.name()
                );
                self.compare = Some(Compare::Ready(Box::new(Session::new(label, recording))));
            }
            Some(Err(e)) => {
                self.message = Some(format!("comparison failed: {e}"));
                self.compare = None;
            }
            None => {}
        }
    }

    /// Takes the worker's news.
    fn poll_worker(&mut self) {
        let Content::Recording {
            label,
            worker,
            steps,
        } = &mut self.content
        else {
            return;
        };
        let mut done = None;
        for message in worker.messages.try_iter() {
            match message {
                Message::Progress(n) => *steps = n,
                Message::Done(result) => done = Some(result),
            }
        }
        if let Some(result) = done {
            self.content = match result {
                Ok(recording) => {
                    let view = TimelineView::fit(recording.trace.end_time_ns);
                    let mut session = Session::new(label.clone(), recording);
                    session.saved = !self.from_user_file;
                    Content::Open(Box::new(session), view)
                }
                Err(e) => Content::Failed(e),
            };
        }
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

    /// Acts on a file dialog's answer.
    fn finish_dialog(&mut self) {
        let Some((purpose, Some(path))) = self.dialogs.poll() else {
            return;
        };
        if purpose == Purpose::Open {
            self.open_file(path);
            return;
        }
        let Content::Open(session, _) = &mut self.content else {
            return;
        };
        let trace = session.trace();
        let result = match purpose {
            Purpose::SaveTrace => {
                tracefile::save(&tracefile::to_file(trace), &path, false).map_err(|e| e.to_string())
            }
            Purpose::ExportChrome => {
                let json = tracer_core::export::chrome::to_json(trace);
                tracefile::write_atomically(&path, json.as_bytes())
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))
            }
            Purpose::Open => Ok(()),
        };
        if purpose == Purpose::SaveTrace && result.is_ok() {
            session.saved = true;
        }
        self.message = Some(match result {
            Ok(()) => format!("wrote {}", path.display()),
            Err(e) => e,
        });
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
    fn tour_window(&mut self, ctx: &egui::Context) {
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

    fn top_bar(&mut self, ui: &mut egui::Ui) {
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
                        StrategyKind::Pct,
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

/// The name a saved or exported file gets by default: script stem and seed.
fn default_file_name(session: &Session, extension: &str) -> String {
    let trace = session.trace();
    let stem = std::path::Path::new(&trace.script.name)
        .file_stem()
        .map_or_else(|| "trace".to_owned(), |s| s.to_string_lossy().into_owned());
    format!("{stem}-seed{}.{extension}", trace.config.sched.seed)
}

/// Timeline on top; below, source (with bytecode as a tab), stacks, and
/// the insights above the heap (with output as a tab).
fn default_layout() -> Tree<Pane> {
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

/// The session's timeline above another run's, on the same time axis;
/// only the upper one takes clicks.
fn compare_timelines(
    ui: &mut egui::Ui,
    session: &Session,
    other: &Session,
    view: &mut TimelineView,
) -> Request {
    let half = (ui.available_height() / 2.0 - 14.0).max(60.0);
    let width = ui.available_width();
    let out = |s: &Session| {
        String::from_utf8_lossy(&s.trace().stdout)
            .lines()
            .collect::<Vec<_>>()
            .join("  |  ")
    };
    let request = ui
        .allocate_ui(egui::vec2(width, half), |ui| {
            ui.label(format!(
                "this run ({}): {}",
                session.trace().config.sched.gil.name(),
                out(session)
            ));
            TimelinePanel { session, view }.ui(ui)
        })
        .inner;
    ui.allocate_ui(egui::vec2(width, half), |ui| {
        ui.label(format!("{}: {}", other.label, out(other)));
        let mut shared = *view;
        TimelinePanel {
            session: other,
            view: &mut shared,
        }
        .ui(ui);
    });
    request
}

/// Draws panes from the open session and collects their requests.
struct Panes<'a> {
    session: &'a Session,
    /// A second run of the same script shown under the timeline.
    compared: Option<&'a Session>,
    view: &'a mut TimelineView,
    request: Request,
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
