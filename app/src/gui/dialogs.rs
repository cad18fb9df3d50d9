//! Native file dialogs (rfd) off the UI thread: a dialog runs on its own
//! thread and its answer arrives over a channel, so the window keeps
//! drawing while it is open.

use std::path::PathBuf;

use crossbeam_channel::{Receiver, bounded};

/// What the user picked a file for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Open a script or trace.
    Open,
    /// Save the recording as `.ron`.
    SaveTrace,
    /// Export the recording as Chrome trace-event JSON.
    ExportChrome,
}

/// At most one dialog open at a time.
#[derive(Debug, Default)]
pub struct Dialogs {
    pending: Option<(Purpose, Receiver<Option<PathBuf>>)>,
}

impl Dialogs {
    /// Opens a dialog for `purpose`, suggesting `file_name` when saving;
    /// `wake` repaints the UI once the user has answered.
    pub fn open(&mut self, purpose: Purpose, file_name: &str, wake: impl Fn() + Send + 'static) {
        if self.pending.is_some() {
            return;
        }
        let (tx, rx) = bounded(1);
        let file_name = file_name.to_owned();
        std::thread::spawn(move || {
            let dialog = rfd::FileDialog::new();
            let picked = match purpose {
                Purpose::Open => dialog
                    .add_filter("Python script or Interleave trace", &["py", "ron"])
                    .pick_file(),
                Purpose::SaveTrace => dialog
                    .add_filter("Interleave trace", &["ron"])
                    .set_file_name(file_name)
                    .save_file(),
                Purpose::ExportChrome => dialog
                    .add_filter("Chrome trace (Perfetto)", &["json"])
                    .set_file_name(file_name)
                    .save_file(),
            };
            let _ = tx.send(picked);
            wake();
        });
        self.pending = Some((purpose, rx));
    }

    /// The answer, once the user has given one (`None` path: cancelled).
    pub fn poll(&mut self) -> Option<(Purpose, Option<PathBuf>)> {
        let (purpose, rx) = self.pending.as_ref()?;
        let answer = rx.try_recv().ok()?;
        let purpose = *purpose;
        self.pending = None;
        Some((purpose, answer))
    }
}
