//! Globals and the heap objects reachable from frames and globals, with
//! who last wrote each field (and a jump there); what changed at this step
//! is highlighted.

use egui::RichText;
use tracer_core::trace::state::Binding;

use super::Request;
use crate::gui::colors;
use crate::gui::session::Session;
use crate::playback::Command;

/// The heap panel.
pub struct HeapPanel<'a> {
    /// The open recording.
    pub session: &'a Session,
}

impl HeapPanel<'_> {
    /// Draws the panel.
    pub fn ui(self, ui: &mut egui::Ui) -> Request {
        let state = &self.session.state;
        let mut request = None;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.strong("globals of __main__");
                bindings(ui, "globals", &state.globals, state.step, &mut request);
                ui.separator();
                ui.strong(format!("objects ({})", state.objects.len()));
                for object in &state.objects {
                    let changed = object.fields.iter().any(|f| is_new(f, state.step));
                    let title = format!(
                        "{:#x} {} {}",
                        object.id, object.value.type_name, object.value.text
                    );
                    let title = if changed {
                        RichText::new(title).color(colors::CHANGED)
                    } else {
                        RichText::new(title)
                    };
                    egui::CollapsingHeader::new(title)
                        .id_salt(("object", object.id))
                        .show(ui, |ui| {
                            bindings(
                                ui,
                                &object.id.to_string(),
                                &object.fields,
                                state.step,
                                &mut request,
                            );
                        });
                }
            });
        request
    }
}

/// Written by the instruction that just ran.
fn is_new(binding: &Binding, step: u64) -> bool {
    binding.last_write.is_some_and(|w| w.step == step)
}

fn bindings(
    ui: &mut egui::Ui,
    id: &str,
    list: &[Binding],
    step: u64,
    request: &mut Option<Command>,
) {
    egui::Grid::new(("bindings", id))
        .striped(true)
        .show(ui, |ui| {
            for b in list {
                let name = RichText::new(&b.name).monospace();
                ui.label(if is_new(b, step) {
                    name.color(colors::CHANGED)
                } else {
                    name
                });
                ui.monospace(&b.value.text)
                    .on_hover_text(&b.value.type_name);
                match b.last_write {
                    Some(w) => {
                        let label =
                            RichText::new(format!("written by T{} at step {}", w.thread, w.step))
                                .color(colors::thread(w.thread));
                        if ui.link(label).on_hover_text("jump to that write").clicked() {
                            *request = Some(Command::Seek(w.step));
                        }
                    }
                    None => {
                        ui.label("");
                    }
                }
                ui.end_row();
            }
        });
}

#[cfg(test)]
mod tests {
    use egui_kittest::kittest::Queryable;

    use super::super::fixture;
    use super::HeapPanel;

    #[test]
    fn shows_the_globals_of_main_among_them_the_racing_count() {
        let mut harness = fixture::harness(egui::vec2(480.0, 420.0), |session, ui| {
            HeapPanel { session }.ui(ui)
        });
        harness.get_by_label("globals of __main__");
        harness.get_by_label("count");
        harness.snapshot("panel_heap");
    }
}
