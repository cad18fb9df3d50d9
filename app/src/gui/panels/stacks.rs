//! Every thread's call stack with its locals.

#![expect(
    clippy::cast_precision_loss,
    reason = "virtual nanoseconds shown as seconds"
)]

use egui::RichText;
use tracer_core::trace::Trace;
use tracer_core::trace::state::{ThreadStatus, ThreadView};

use super::Request;
use crate::gui::colors;
use crate::gui::session::Session;
use crate::playback::Command;

/// The stacks panel.
pub struct StacksPanel<'a> {
    /// The open recording.
    pub session: &'a Session,
}

/// `" (process 4243)"` for a thread of a child process, nothing for the
/// program's own process.
fn process_label(trace: &Trace, thread: usize) -> String {
    match (trace.thread_pids.first(), trace.thread_pids.get(thread)) {
        (Some(main), Some(pid)) if pid != main => format!(" (process {pid})"),
        _ => String::new(),
    }
}

/// A thread's status in words.
#[must_use]
pub fn status_text(thread: &ThreadView) -> String {
    match thread.status {
        ThreadStatus::Running => "running".to_owned(),
        ThreadStatus::Runnable => "waiting for the GIL".to_owned(),
        ThreadStatus::BlockedOnLock(lock) => format!("blocked on lock {lock:#x}"),
        ThreadStatus::Sleeping(until) => format!("sleeping until {:.6} s", until as f64 / 1e9),
        ThreadStatus::WaitingForProcess(pid) => format!("waiting for process {pid}"),
        ThreadStatus::Finished => "finished".to_owned(),
    }
}

impl StacksPanel<'_> {
    /// Draws the panel; clicking a thread selects it.
    pub fn ui(self, ui: &mut egui::Ui) -> Request {
        let mut request = None;
        let selected = self.session.playback.thread;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for thread in &self.session.state.threads {
                    let locks: Vec<String> = thread
                        .locks_held
                        .iter()
                        .map(|l| format!("{l:#x}"))
                        .collect();
                    let holds = if locks.is_empty() {
                        String::new()
                    } else {
                        format!(", holds {}", locks.join(", "))
                    };
                    let title = format!(
                        "T{}{} — {}{holds}",
                        thread.id,
                        process_label(self.session.trace(), thread.id),
                        status_text(thread)
                    );
                    let header = RichText::new(title).color(colors::thread(thread.id));
                    let header = if thread.id == selected {
                        header.strong()
                    } else {
                        header
                    };
                    let response = egui::CollapsingHeader::new(header)
                        .id_salt(("thread", thread.id))
                        .default_open(thread.status != ThreadStatus::Finished)
                        .show(ui, |ui| {
                            for (depth, frame) in thread.frames.iter().enumerate().rev() {
                                egui::CollapsingHeader::new(format!(
                                    "{} — {}:{} — {}",
                                    frame.function, frame.file, frame.line, frame.instruction_text
                                ))
                                .id_salt(("frame", thread.id, depth))
                                .default_open(depth + 1 == thread.frames.len())
                                .show(ui, |ui| {
                                    egui::Grid::new(("locals", thread.id, depth))
                                        .striped(true)
                                        .show(ui, |ui| {
                                            for local in &frame.locals {
                                                ui.monospace(&local.name);
                                                ui.monospace(&local.value.text)
                                                    .on_hover_text(&local.value.type_name);
                                                ui.end_row();
                                            }
                                        });
                                });
                            }
                        });
                    if response.header_response.clicked() {
                        request = Some(Command::SelectThread(thread.id));
                    }
                }
            });
        request
    }
}

#[cfg(test)]
mod tests {
    use egui_kittest::kittest::Queryable;

    use super::super::fixture;
    use super::StacksPanel;

    #[test]
    fn shows_every_thread_with_its_frames() {
        let mut harness = fixture::harness(egui::vec2(480.0, 420.0), |session, ui| {
            StacksPanel { session }.ui(ui)
        });
        let threads = harness.state().0.state.threads.len();
        assert_eq!(threads, 3, "the main thread and two workers");
        assert!(harness.query_all_by_label_contains("work").next().is_some());
        harness.snapshot("panel_stacks");
    }
}
