//! What the analyses found: lost updates, data races, a deadlock, lock
//! contention. Clicking one jumps to where it happened.

#![expect(
    clippy::cast_precision_loss,
    reason = "virtual nanoseconds shown as seconds"
)]

use egui::RichText;

use super::Request;
use crate::gui::colors;
use crate::gui::session::Session;
use crate::playback::Command;

/// The insights panel.
pub struct InsightsPanel<'a> {
    /// The open recording.
    pub session: &'a Session,
}

impl InsightsPanel<'_> {
    /// Draws the panel.
    pub fn ui(self, ui: &mut egui::Ui) -> Request {
        let trace = self.session.trace();
        let mut request = None;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.label(
                    RichText::new(format!("Lost updates: {}", trace.lost_update_count))
                        .color(colors::LOST_UPDATE)
                        .strong(),
                );
                for finding in &trace.lost_updates {
                    let current = finding.step == self.session.playback.step;
                    let text = RichText::new(&finding.text);
                    if ui.selectable_label(current, text).clicked() {
                        request = Some(Command::Seek(finding.step));
                    }
                }
                ui.separator();
                ui.label(
                    RichText::new(format!("Data races: {}", trace.races.len()))
                        .color(colors::RACE)
                        .strong(),
                );
                for finding in &trace.races {
                    if ui
                        .selectable_label(finding.step == self.session.playback.step, &finding.text)
                        .clicked()
                    {
                        request = Some(Command::Seek(finding.step));
                    }
                }
                if let Some(deadlock) = &trace.deadlock {
                    ui.separator();
                    ui.label(RichText::new("Deadlock").color(colors::WAITING).strong());
                    for (thread, lock, holder) in &deadlock.waits {
                        let holder =
                            holder.map_or_else(|| "nobody".to_owned(), |h| format!("T{h}"));
                        ui.label(format!("T{thread} waits for {lock}, held by {holder}"));
                    }
                    if !deadlock.cycle.is_empty() {
                        let cycle: Vec<String> =
                            deadlock.cycle.iter().map(|t| format!("T{t}")).collect();
                        ui.label(format!("cycle: {} -> {}", cycle.join(" -> "), cycle[0]));
                    }
                    if ui.button("go to the end").clicked() {
                        request = Some(Command::Seek(trace.steps));
                    }
                }
                ui.separator();
                ui.strong("Lock contention");
                if trace.contention.is_empty() {
                    ui.weak("no thread ever waited for a lock");
                }
                for c in &trace.contention {
                    ui.label(format!(
                        "{}: taken {} times, {} waited, {:.6} s in total",
                        c.name,
                        c.acquisitions,
                        c.contended,
                        c.wait_ns as f64 / 1e9
                    ));
                }
            });
        request
    }
}

#[cfg(test)]
mod tests {
    use egui_kittest::kittest::Queryable;

    use super::super::fixture;
    use super::InsightsPanel;
    use crate::playback::Command;

    #[test]
    fn lists_the_lost_updates_and_a_click_asks_to_go_there() {
        let mut harness = fixture::harness(egui::vec2(480.0, 420.0), |session, ui| {
            InsightsPanel { session }.ui(ui)
        });
        let trace = harness.state().0.trace();
        assert!(trace.lost_update_count > 0, "the fixture loses updates");
        let second = trace.lost_updates[1].clone();
        harness.get_by_label_contains("Lost updates:");
        harness.snapshot("panel_insights");
        harness.get_by_label(&second.text).click();
        harness.run_steps(2);
        assert!(
            matches!(harness.state().1, Some(Command::Seek(step)) if step == second.step),
            "{:?}",
            harness.state().1
        );
    }
}
