//! Compare: the same script recorded under the other GIL model, its
//! timeline drawn under the first on one time axis.

use crate::gui::panels::Request;
use crate::gui::panels::timeline::{TimelinePanel, TimelineView};
use crate::gui::session::Session;
use crate::gui::worker::{Job, Message, Worker};

use super::{Content, InterleaveApp};

/// The comparison run.
pub(super) enum Compare {
    /// Being recorded.
    Recording(Worker),
    /// Recorded.
    Ready(Box<Session>),
}

impl InterleaveApp {
    /// Records the open script again under `self.compare_gil`.
    pub(super) fn start_comparison(&mut self) {
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
    pub(super) fn poll_comparison(&mut self) {
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
}

/// The session's timeline above another run's, on the same time axis;
/// only the upper one takes clicks.
pub(super) fn compare_timelines(
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
