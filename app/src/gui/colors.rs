//! Colours used everywhere, so a thread looks the same in every panel.

use egui::Color32;

/// The colour of thread `t`.
#[must_use]
pub fn thread(t: usize) -> Color32 {
    const PALETTE: [Color32; 8] = [
        Color32::from_rgb(120, 120, 135),
        Color32::from_rgb(66, 133, 244),
        Color32::from_rgb(234, 134, 32),
        Color32::from_rgb(52, 168, 83),
        Color32::from_rgb(171, 71, 188),
        Color32::from_rgb(0, 172, 193),
        Color32::from_rgb(219, 68, 55),
        Color32::from_rgb(158, 157, 36),
    ];
    PALETTE[t % PALETTE.len()]
}

/// Lost updates.
pub const LOST_UPDATE: Color32 = Color32::from_rgb(220, 40, 40);
/// Data races.
pub const RACE: Color32 = Color32::from_rgb(240, 160, 0);
/// Waiting for a lock.
pub const WAITING: Color32 = Color32::from_rgb(200, 80, 80);
/// Sleeping.
pub const SLEEPING: Color32 = Color32::from_rgb(120, 170, 220);
/// Alive but not running (waiting for the CPU or the GIL).
pub const RUNNABLE: Color32 = Color32::from_gray(70);
/// Output markers.
pub const OUTPUT: Color32 = Color32::from_rgb(90, 200, 250);
/// Something that changed at the cursor's step.
pub const CHANGED: Color32 = Color32::from_rgb(255, 220, 90);
