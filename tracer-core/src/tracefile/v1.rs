//! Version 1 of the `.ron` trace file: the only types in Interleave that
//! derive serde. Field order is the order in the file; see
//! `docs/trace-format.md` for the meaning of each field.

use serde::{Deserialize, Serialize};

/// A whole trace file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceFile {
    /// Always [`super::FORMAT_NAME`].
    pub format: String,
    /// The format version, 1 here.
    pub version: u32,
    /// Version of the Interleave that wrote the file.
    pub interleave: String,
    /// The options the run was created with.
    pub options: Options,
    /// The script, embedded.
    pub script: Script,
    /// Instructions executed.
    pub steps: u64,
    /// Virtual time at the end, in nanoseconds.
    pub end_time_ns: u64,
    /// How the run ended.
    pub outcome: Outcome,
    /// The program's stdout.
    pub stdout: String,
    /// The program's stderr (tracebacks, reports).
    pub stderr: String,
    /// Every scheduling decision, step-delta encoded.
    pub schedule: Vec<Decision>,
    /// The sparse events an overview needs.
    pub events: Vec<Event>,
    /// What the analyses found.
    pub analyses: Analyses,
    /// Digest of the whole recording (16 hex digits).
    pub digest: String,
    /// Digests at every 2^20 steps: `(step, 16 hex digits)`.
    pub marks: Vec<(u64, String)>,
}

/// Options that determine the run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Options {
    /// Seed of the scheduler's PRNG.
    pub seed: u64,
    /// `realistic`, `random` or `pct`.
    pub strategy: String,
    /// `cpython-3.11`, `cpython-3.9` or `free-threaded`.
    pub gil: String,
    /// Virtual cores.
    pub cores: u32,
    /// Step limit, if any.
    pub max_steps: Option<u64>,
    /// Live-object limit.
    pub max_objects: u64,
}

/// The embedded script.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Script {
    /// The file name it was run as.
    pub name: String,
    /// Its source.
    pub source: String,
}

/// How the run ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// The program finished.
    Finished,
    /// An exception escaped the main thread (the traceback is in stderr).
    Uncaught,
    /// No thread could run (the report is in stderr).
    Deadlock,
    /// A step or memory limit stopped the run.
    LimitReached,
}

/// One scheduling decision: `(steps since the previous decision, thread, reason)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision(pub u64, pub u32, pub Reason);

/// Why a decision was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// The program started.
    Start,
    /// The running thread's budget ran out.
    Preempted,
    /// The running thread blocked.
    Blocked,
    /// The running thread released the GIL voluntarily.
    Yielded,
    /// The running thread finished.
    Finished,
    /// The running thread got a fresh budget.
    Rearm,
}

/// A sparse event: `(step, virtual ns, thread, what)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event(pub u64, pub u64, pub u32, pub EventKind);

/// What happened. Uncontended lock operations and frames are not stored:
/// replay rebuilds them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    /// A thread was started by this one.
    ThreadStart(u32),
    /// The thread finished.
    ThreadExit,
    /// The CPU (and GIL) went to this thread.
    Switch(u32, Reason),
    /// The thread blocked on this lock.
    LockBlock(u32),
    /// The thread slept until this virtual time.
    Sleep(u64),
    /// The thread wrote this text to stdout.
    Output(String),
}

/// Results of the analyses.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analyses {
    /// Total number of updates lost.
    pub lost_update_count: u64,
    /// The first lost updates: `(step of the stale write, thread, explanation)`.
    pub lost_updates: Vec<(u64, u32, String)>,
    /// Data races on the script's state, the first per location:
    /// `(step of the second access, thread, explanation)`.
    pub races: Vec<(u64, u32, String)>,
    /// Locks some thread had to wait for.
    pub contention: Vec<Contention>,
    /// Who waited for whom, if the run deadlocked.
    pub deadlock: Option<Deadlock>,
}

/// Contention on one lock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contention {
    /// The lock's object id.
    pub lock: u32,
    /// Its name in the script, or `lock 0x…`.
    pub name: String,
    /// Times it was acquired.
    pub acquisitions: u64,
    /// Acquisitions that waited.
    pub contended: u64,
    /// Total virtual wait, in nanoseconds.
    pub wait_ns: u64,
    /// Wait per thread: `(thread, ns)`.
    pub waits: Vec<(u32, u64)>,
}

/// A deadlock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlock {
    /// Each blocked thread: `(thread, lock name, holder)`.
    pub waits: Vec<(u32, String, Option<u32>)>,
    /// The wait-for cycle.
    pub cycle: Vec<u32>,
}
