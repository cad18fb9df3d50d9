//! The desktop GUI (eframe): a recording laid out on timelines, with the
//! source, bytecode, stacks, heap, output and insights at the cursor.
//!
//! The VM runs on a worker thread ([`worker`]); the UI reads the finished
//! recording only through the cursor ([`session`]).

mod app;
mod colors;
mod dialogs;
mod panels;
mod scenarios;
mod session;
#[cfg(test)]
mod tests;
mod tour;
mod worker;

pub use self::app::{InterleaveApp, Start};

/// Opens the window and runs until it is closed.
pub fn run(start: Start) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Interleave")
            .with_inner_size([1400.0, 900.0])
            .with_drag_and_drop(true),
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "Interleave",
        options,
        Box::new(move |cc| {
            Ok(Box::new(InterleaveApp::new(
                cc.egui_ctx.clone(),
                cc.storage,
                start,
            )))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
