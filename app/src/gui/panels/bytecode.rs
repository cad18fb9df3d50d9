//! The disassembly of the selected thread's current code object, with each
//! thread's next instruction and the GIL model's switch points marked.

use egui::RichText;

use crate::gui::colors;
use crate::gui::session::Session;
use tracer_core::lang::dis::instruction_text;

/// The bytecode panel.
pub struct BytecodePanel<'a> {
    /// The open recording.
    pub session: &'a Session,
}

impl BytecodePanel<'_> {
    /// Draws the panel.
    pub fn ui(self, ui: &mut egui::Ui) {
        let trace = self.session.trace();
        let state = &self.session.state;
        let selected = self.session.playback.thread;
        let Some(frame) = state.threads.get(selected).and_then(|t| t.frames.last()) else {
            ui.weak(format!("T{selected} has no frame at this step"));
            return;
        };
        let Some(code) = trace
            .codes
            .iter()
            .find(|c| *c.qualname == frame.function && *c.filename == frame.file)
        else {
            ui.weak(format!("no code object for {}", frame.function));
            return;
        };
        let gil = trace.config.sched.gil;
        ui.label(format!(
            "{} ({}:{}), as {}: <> marks where a switch may happen",
            code.qualname,
            code.filename,
            code.first_line,
            gil.name()
        ));
        let here: Vec<(u32, usize)> = state
            .threads
            .iter()
            .filter_map(|t| {
                let f = t.frames.last()?;
                (f.function == frame.function && f.file == frame.file)
                    .then_some((f.instruction, t.id))
            })
            .collect();
        egui::ScrollArea::both()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                egui::Grid::new("bytecode")
                    .spacing([8.0, 0.0])
                    .show(ui, |ui| {
                        for (i, instr) in code.instructions.iter().enumerate() {
                            let index = u32::try_from(i).unwrap_or(u32::MAX);
                            ui.horizontal(|ui| {
                                for &(_, t) in here.iter().filter(|(at, _)| *at == index) {
                                    ui.label(
                                        RichText::new(format!("T{t}>"))
                                            .color(egui::Color32::BLACK)
                                            .background_color(colors::thread(t))
                                            .monospace(),
                                    );
                                }
                            });
                            let line = code.line_of(i).map(|l| l.to_string()).unwrap_or_default();
                            ui.label(RichText::new(line).weak().monospace());
                            ui.label(
                                RichText::new(code.offsets[i].to_string())
                                    .weak()
                                    .monospace(),
                            );
                            ui.label(RichText::new(instruction_text(code, i)).monospace());
                            ui.label(if gil.switch_point_after(instr) {
                                "<>"
                            } else {
                                ""
                            });
                            ui.end_row();
                        }
                    });
            });
    }
}
