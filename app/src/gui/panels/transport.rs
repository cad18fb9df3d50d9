//! The transport bar: play/pause, stepping, jumps, speed, a scrubber, and
//! the step number and virtual time.

#![expect(
    clippy::cast_precision_loss,
    reason = "virtual nanoseconds shown as seconds"
)]

use super::Request;
use crate::gui::session::Session;
use crate::playback::Command;

/// The transport bar.
pub struct TransportBar<'a> {
    /// The open recording.
    pub session: &'a Session,
}

/// Debugger keys and what they do, for the help overlay.
pub const KEYS: &[(&str, &str)] = &[
    ("F5", "play / pause"),
    ("F10", "step over (selected thread)"),
    ("F11", "step into (selected thread)"),
    ("Shift+F11", "step out (selected thread)"),
    ("F7", "step back (selected thread)"),
    ("Ctrl+Right / Ctrl+Left", "next / previous context switch"),
    ("Ctrl+L / Ctrl+Shift+L", "next / previous lost update"),
    ("F1", "this help"),
];

/// The command for a key press this frame, if any.
#[must_use]
pub fn key_command(input: &egui::InputState) -> Request {
    use egui::{Key, Modifiers};
    let pressed = |modifiers: Modifiers, key: Key| {
        input.modifiers.matches_exact(modifiers) && input.key_pressed(key)
    };
    let shift_ctrl = Modifiers::SHIFT | Modifiers::COMMAND;
    [
        (Modifiers::NONE, Key::F5, Command::TogglePlay),
        (Modifiers::NONE, Key::F10, Command::StepOver),
        (Modifiers::NONE, Key::F11, Command::StepInto),
        (Modifiers::SHIFT, Key::F11, Command::StepOut),
        (Modifiers::NONE, Key::F7, Command::StepBack),
        (Modifiers::COMMAND, Key::ArrowRight, Command::NextSwitch),
        (Modifiers::COMMAND, Key::ArrowLeft, Command::PreviousSwitch),
        (Modifiers::COMMAND, Key::L, Command::NextLostUpdate),
        (shift_ctrl, Key::L, Command::PreviousLostUpdate),
    ]
    .into_iter()
    .find(|(m, k, _)| pressed(*m, *k))
    .map(|(_, _, c)| c)
}

impl TransportBar<'_> {
    /// Draws the bar.
    pub fn ui(self, ui: &mut egui::Ui) -> Request {
        let playback = &self.session.playback;
        let trace = self.session.trace();
        let mut request = None;
        ui.horizontal(|ui| {
            let buttons: [(&str, &str, Command); 9] = [
                (
                    "|< lost",
                    "previous lost update (Ctrl+Shift+L)",
                    Command::PreviousLostUpdate,
                ),
                (
                    "<< switch",
                    "previous context switch (Ctrl+Left)",
                    Command::PreviousSwitch,
                ),
                ("< back", "step back (F7)", Command::StepBack),
                (
                    if playback.playing { "Pause" } else { "Play" },
                    "play / pause (F5)",
                    Command::TogglePlay,
                ),
                ("into", "step into (F11)", Command::StepInto),
                ("over", "step over (F10)", Command::StepOver),
                ("out", "step out (Shift+F11)", Command::StepOut),
                (
                    "switch >>",
                    "next context switch (Ctrl+Right)",
                    Command::NextSwitch,
                ),
                (
                    "lost >|",
                    "next lost update (Ctrl+L)",
                    Command::NextLostUpdate,
                ),
            ];
            for (label, hint, command) in buttons {
                if ui.button(label).on_hover_text(hint).clicked() {
                    request = Some(command);
                }
            }
            let mut speed = playback.speed;
            if ui
                .add(
                    egui::Slider::new(&mut speed, 1.0..=1e6)
                        .logarithmic(true)
                        .text("instr/s"),
                )
                .changed()
            {
                request = Some(Command::SetSpeed(speed));
            }
            ui.label(format!(
                "step {} / {}   T{} selected   {:.6} s virtual",
                playback.step,
                trace.steps,
                playback.thread,
                self.session.state.time_ns as f64 / 1e9
            ));
        });
        let here = trace
            .lost_updates
            .iter()
            .chain(&trace.races)
            .find(|f| f.step == playback.step);
        if let Some(finding) = here {
            ui.colored_label(crate::gui::colors::LOST_UPDATE, &finding.text);
        }
        let mut step = playback.step;
        ui.horizontal(|ui| {
            let label = ui.label("scrub");
            ui.spacing_mut().slider_width = ui.available_width() - 20.0;
            if ui
                .add(egui::Slider::new(&mut step, 0..=trace.steps).show_value(false))
                .labelled_by(label.id)
                .changed()
            {
                request = Some(Command::Seek(step));
            }
        });
        request
    }
}
