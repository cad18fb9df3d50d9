//! What explore shows and keeps while its runs go: a progress bar that
//! counts runs (and failing ones, in its message), and the full trace of
//! each failing run, saved where asked.

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tracer_core::explore::RunResult;
use tracer_core::trace::Trace;

use super::save;

/// Watches the runs of one exploration (from every worker).
pub(super) struct Progress<'a> {
    bar: ProgressBar,
    failing: AtomicU64,
    /// The first trace that could not be saved, and why.
    save_error: Mutex<Option<anyhow::Error>>,
    /// Where the failing run with a number is saved, if failures are.
    saved_path: &'a (dyn Fn(u64) -> Option<PathBuf> + Sync),
}

impl<'a> Progress<'a> {
    /// A bar for `total` runs, on stderr when it is a terminal.
    pub(super) fn new(total: u64, saved_path: &'a (dyn Fn(u64) -> Option<PathBuf> + Sync)) -> Self {
        Self {
            bar: progress_bar(total),
            failing: AtomicU64::new(0),
            save_error: Mutex::new(None),
            saved_path,
        }
    }

    /// Counts a finished run; a failing one is recorded in full and saved
    /// if failures are saved.
    pub(super) fn observe(&self, result: &RunResult, full_trace: &dyn Fn() -> Trace) {
        if !result.failures.is_empty() {
            let n = self.failing.fetch_add(1, Ordering::Relaxed) + 1;
            self.bar.set_message(format!("{n} failing"));
            if let Some(path) = (self.saved_path)(result.seed)
                && let Err(e) = save(&full_trace(), &path)
            {
                self.save_error
                    .lock()
                    .expect("no panics while holding the lock")
                    .get_or_insert(e);
            }
        }
        self.bar.inc(1);
    }

    /// Clears the bar.
    ///
    /// # Errors
    /// The first failing run that could not be saved.
    pub(super) fn finish(self) -> anyhow::Result<()> {
        self.bar.finish_and_clear();
        match self.save_error.into_inner().expect("workers finished") {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// A progress bar on stderr when it is a terminal, else a hidden one.
fn progress_bar(total: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{wide_bar} {pos}/{len} schedules, {per_sec}, ETA {eta} {msg}")
    {
        bar.set_style(style);
    }
    bar
}
