//! The script's source with a marker per thread at its current line.

use egui::RichText;

use super::Request;
use crate::gui::colors;
use crate::gui::session::Session;
use crate::playback::Command;

/// The source panel.
pub struct SourcePanel<'a> {
    /// The open recording.
    pub session: &'a Session,
}

impl SourcePanel<'_> {
    /// Draws the panel; clicking a thread marker selects that thread.
    pub fn ui(self, ui: &mut egui::Ui) -> Request {
        let trace = self.session.trace();
        let state = &self.session.state;
        let mut markers: Vec<(u32, usize)> = state
            .threads
            .iter()
            .filter_map(|t| {
                let frame = t
                    .frames
                    .iter()
                    .rev()
                    .find(|f| f.file == trace.script.name)?;
                Some((frame.line, t.id))
            })
            .collect();
        markers.sort_unstable();
        let mut request = None;
        egui::ScrollArea::both()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                egui::Grid::new("source")
                    .spacing([6.0, 0.0])
                    .show(ui, |ui| {
                        for (i, line) in trace.script.source.lines().enumerate() {
                            let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
                            ui.horizontal(|ui| {
                                for &(_, t) in markers.iter().filter(|(l, _)| *l == number) {
                                    let label = RichText::new(format!("T{t}"))
                                        .color(egui::Color32::BLACK)
                                        .background_color(colors::thread(t))
                                        .monospace();
                                    if ui
                                        .add(egui::Label::new(label).sense(egui::Sense::click()))
                                        .clicked()
                                    {
                                        request = Some(Command::SelectThread(t));
                                    }
                                }
                            });
                            ui.label(RichText::new(format!("{number:>4}")).weak().monospace());
                            let selected = self.session.playback.thread;
                            let current =
                                markers.iter().any(|(l, t)| *l == number && *t == selected);
                            let text = RichText::new(line).monospace();
                            let response = ui.label(if current { text.strong() } else { text });
                            // Bring the selected thread's line into view once per move.
                            let step = self.session.playback.step;
                            let id = egui::Id::unique("source-scrolled-to");
                            if current && ui.data(|d| d.get_temp::<u64>(id)) != Some(step) {
                                ui.data_mut(|d| d.insert_temp(id, step));
                                response.scroll_to_me(Some(egui::Align::Center));
                            }
                            ui.end_row();
                        }
                    });
            });
        request
    }
}
