//! Python threads inside the VM: their frames and what they wait for.

use crate::exec::process::ProcessId;
use crate::model::frame::Frame;
use crate::model::heap::ObjId;
use crate::model::value::Value;

/// What a blocked thread waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// `lock.acquire()`: runnable again once the lock is free (it then
    /// retries) or when the deadline passes (the call returns `False`).
    Lock {
        /// The lock object.
        lock: ObjId,
        /// Virtual time at which the wait times out.
        deadline: Option<u64>,
        /// For `RLock._acquire_restore(state)`: the recursion count to
        /// restore (the call then returns `None`, not `True`).
        restore: Option<u32>,
    },
    /// `time.sleep()` until the given virtual time.
    Sleep {
        /// Wake-up time.
        until: u64,
    },
    /// `os.fork()`: the run loop forks the process before anything else
    /// runs (see `vm/fork.rs`).
    Fork,
    /// `os.waitpid()` (or a timed wait for a process): runnable once the
    /// process has exited or the deadline passes.
    Process {
        /// The awaited process.
        process: ProcessId,
        /// Virtual time at which the wait times out.
        deadline: Option<u64>,
        /// What the call returns.
        reply: ProcessReply,
    },
}

/// What a wait for a process returns when it completes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcessReply {
    /// `os.waitpid`'s `(pid, wait status)`.
    WaitStatus,
    /// `True` if the process exited in time.
    Exited,
}

/// A thread's scheduling state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Can run.
    Runnable,
    /// Waiting.
    Blocked(Wait),
    /// Its code returned or raised.
    Finished,
}

/// One Python thread.
#[derive(Clone, Debug)]
pub struct ThreadState {
    /// `threading.get_ident()`.
    pub ident: i64,
    /// Suspended frames; the innermost last.
    #[expect(
        clippy::vec_box,
        reason = "frames move boxed between thread stacks and suspended generators"
    )]
    pub frames: Vec<Box<Frame>>,
    /// The exception being handled (`sys.exc_info()`).
    pub exc_info: Option<Value>,
    /// Scheduling state.
    pub status: Status,
    /// The function the thread was started with (for error reports).
    pub target: Value,
    /// The `sys.settrace` hook (`Value::Null`: none).
    pub trace_hook: Value,
    /// `true` while a hook runs (hooks are not traced themselves).
    pub in_trace_hook: bool,
    /// The process the thread belongs to.
    pub process: ProcessId,
}

impl ThreadState {
    /// A runnable thread with no frames yet.
    #[must_use]
    pub const fn new(ident: i64, target: Value, process: ProcessId) -> Self {
        Self {
            ident,
            frames: Vec::new(),
            exc_info: None,
            status: Status::Runnable,
            target,
            trace_hook: Value::Null,
            in_trace_hook: false,
            process,
        }
    }
}
