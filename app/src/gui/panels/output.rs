//! The program's output up to the cursor, and at the end of the run what
//! it wrote to stderr (tracebacks, a deadlock report, a limit reached).

use crate::gui::session::Session;

/// The output panel.
pub struct OutputPanel<'a> {
    /// The open recording.
    pub session: &'a Session,
}

impl OutputPanel<'_> {
    /// Draws the panel.
    pub fn ui(self, ui: &mut egui::Ui) {
        let text = String::from_utf8_lossy(self.session.output());
        egui::ScrollArea::vertical()
            .stick_to_bottom(true)
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if text.is_empty() {
                    ui.weak("(nothing printed yet)");
                }
                ui.monospace(text.as_ref());
                let trace = self.session.trace();
                if self.session.playback.step >= trace.steps && !trace.stderr.is_empty() {
                    ui.separator();
                    ui.colored_label(crate::gui::colors::WAITING, &trace.stderr);
                }
            });
    }
}
