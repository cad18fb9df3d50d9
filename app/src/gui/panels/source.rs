//! The script's source with a marker per thread at its current line.

use egui::text::LayoutJob;
use egui::{Color32, FontId, RichText, TextFormat};
use tracer_core::lang::highlight::{Highlight, TokenClass};

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
                        let mut line_start = 0;
                        let source = &trace.script.source;
                        for (i, raw) in source.split_inclusive('\n').enumerate() {
                            let start = line_start;
                            line_start += raw.len();
                            let line = raw.trim_end_matches(['\n', '\r']);
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
                            let job =
                                colored_line(ui, line, start, &self.session.highlights, current);
                            let response = ui
                                .add(egui::Label::new(job).sense(egui::Sense::click()))
                                .on_hover_text("click: run the selected thread to this line");
                            if response.clicked() {
                                request = Some(Command::RunToLine(number));
                            }
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

/// The colour of a token class.
fn class_color(class: TokenClass) -> Color32 {
    match class {
        TokenClass::Keyword => Color32::from_rgb(198, 120, 221),
        TokenClass::Name => Color32::from_rgb(220, 220, 220),
        TokenClass::Number => Color32::from_rgb(209, 154, 102),
        TokenClass::String => Color32::from_rgb(152, 195, 121),
        TokenClass::Comment => Color32::from_rgb(110, 120, 130),
        TokenClass::Operator => Color32::from_rgb(150, 200, 230),
    }
}

/// `line` (starting at byte `start` of the script) coloured by the
/// highlights that fall in it; the current line is drawn on a lighter
/// background.
fn colored_line(
    ui: &egui::Ui,
    line: &str,
    start: usize,
    highlights: &[Highlight],
    current: bool,
) -> LayoutJob {
    let font = FontId::monospace(13.0);
    let plain = ui.visuals().text_color();
    let background = if current {
        Color32::from_gray(60)
    } else {
        Color32::TRANSPARENT
    };
    let format = |color| TextFormat {
        font_id: font.clone(),
        color,
        background,
        ..TextFormat::default()
    };
    let mut job = LayoutJob::default();
    let end = start + line.len();
    let mut at = start;
    let first = highlights.partition_point(|h| h.end <= start);
    for h in highlights[first..].iter().take_while(|h| h.start < end) {
        let (from, to) = (h.start.max(start), h.end.min(end));
        if from > at {
            job.append(&line[at - start..from - start], 0.0, format(plain));
        }
        if to > from {
            job.append(
                &line[from - start..to - start],
                0.0,
                format(class_color(h.class)),
            );
        }
        at = at.max(to);
    }
    if at < end {
        job.append(&line[at - start..], 0.0, format(plain));
    }
    job
}

#[cfg(test)]
mod tests {
    use egui_kittest::kittest::Queryable;

    use super::super::fixture;
    use super::SourcePanel;

    #[test]
    fn shows_the_script_with_the_threads_at_their_lines() {
        let mut harness = fixture::harness(egui::vec2(480.0, 420.0), |session, ui| {
            SourcePanel { session }.ui(ui)
        });
        assert!(
            harness
                .query_all_by_label_contains("count += 1")
                .next()
                .is_some()
        );
        harness.snapshot("panel_source");
    }
}
