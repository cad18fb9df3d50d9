//! Opening scenarios, scripts and traces: on the worker, after asking
//! before an unsaved recording is dropped; recording again with other
//! options; saving and exporting through the dialogs.

use std::path::PathBuf;

use tracer_core::trace::{RunConfig, Script};
use tracer_core::tracefile;
use tracer_core::vm::Limits;

use crate::gui::dialogs::Purpose;
use crate::gui::panels::timeline::TimelineView;
use crate::gui::scenarios::SCENARIOS;
use crate::gui::session::Session;
use crate::gui::tour::parse_tour;
use crate::gui::worker::{Job, Message, Worker};

use super::{Content, GUI_MAX_STEPS, InterleaveApp, RECENT};

/// Something the user asked to open.
#[derive(Clone, Debug)]
pub(super) enum Opening {
    /// An embedded scenario.
    Scenario(usize),
    /// A script or trace file.
    File(PathBuf),
}

impl InterleaveApp {
    /// Records embedded scenario `i` with its GIL model.
    pub(super) fn open_scenario_now(&mut self, i: usize) {
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
    pub(super) fn open_file_now(&mut self, path: PathBuf) {
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
    pub(super) fn open_scenario(&mut self, i: usize) {
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
    pub(super) fn confirm_window(&mut self, ctx: &egui::Context) {
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
    pub(super) fn rerun(&mut self) {
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

    /// Takes the worker's news.
    pub(super) fn poll_worker(&mut self) {
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

    /// Acts on a file dialog's answer.
    pub(super) fn finish_dialog(&mut self) {
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
}

/// The name a saved or exported file gets by default: script stem and seed.
pub(super) fn default_file_name(session: &Session, extension: &str) -> String {
    let trace = session.trace();
    let stem = std::path::Path::new(&trace.script.name)
        .file_stem()
        .map_or_else(|| "trace".to_owned(), |s| s.to_string_lossy().into_owned());
    format!("{stem}-seed{}.{extension}", trace.config.sched.seed)
}
