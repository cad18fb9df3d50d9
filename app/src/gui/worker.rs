//! Recording off the UI thread: a worker runs the VM and reports progress
//! and the result over a channel; the UI polls it every frame and may
//! cancel.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crossbeam_channel::{Receiver, unbounded};
use tracer_core::trace::{
    CheckpointPolicy, Recording, RunConfig, Scheduling, Script, record_observed,
};
use tracer_core::tracefile;

/// What to record.
#[derive(Clone, Debug)]
pub enum Job {
    /// Run a script with options.
    Script(Script, RunConfig),
    /// Load, replay and verify a trace file.
    TraceFile(std::path::PathBuf),
}

/// What the worker says.
#[derive(Debug)]
pub enum Message {
    /// Instructions executed so far.
    Progress(u64),
    /// The recording, or why there is none.
    Done(Result<Arc<Recording>, String>),
}

/// A running job.
#[derive(Debug)]
pub struct Worker {
    /// Messages from the worker.
    pub messages: Receiver<Message>,
    cancel: Arc<AtomicBool>,
}

impl Worker {
    /// Starts `job` on a new thread; `wake` is called after each message so
    /// the UI repaints.
    pub fn start(job: Job, wake: impl Fn() + Send + 'static) -> Self {
        let (tx, rx) = unbounded();
        let cancel = Arc::new(AtomicBool::new(false));
        let cancelled = Arc::clone(&cancel);
        std::thread::spawn(move || {
            let mut keep_going = |steps| {
                let _ = tx.send(Message::Progress(steps));
                wake();
                !cancelled.load(Ordering::Relaxed)
            };
            let result = run(job, &mut keep_going);
            let _ = tx.send(Message::Done(result));
            wake();
        });
        Self {
            messages: rx,
            cancel,
        }
    }

    /// Asks the worker to stop at its next progress report.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

fn run(job: Job, keep_going: &mut dyn FnMut(u64) -> bool) -> Result<Arc<Recording>, String> {
    let policy = CheckpointPolicy::default();
    let recording = match job {
        Job::Script(script, config) => {
            record_observed(&script, config, Scheduling::Seeded, policy, keep_going)
                .map_err(|e| format!("{}:{}:{}: {}", script.name, e.line, e.col, e.message))?
                .ok_or_else(|| "recording cancelled".to_owned())?
        }
        Job::TraceFile(path) => {
            let file = tracefile::load(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let recording = tracefile::replay(&file, false, policy)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            tracefile::verify(&file, &recording).map_err(|e| format!("{}: {e}", path.display()))?;
            recording
        }
    };
    Ok(Arc::new(recording))
}
