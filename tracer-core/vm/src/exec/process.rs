//! Processes. Each has its own modules and objects (a child starts from a
//! copy of its parent's, as Linux's `fork` gives it), threads and exit
//! status; all processes share the VM's heap arena (their objects are
//! disjoint), virtual clock, cores and stdout.

use std::collections::BTreeMap;

use crate::model::heap::ObjId;
use crate::sched::ThreadId;

/// Index of a process in the VM's process table.
pub type ProcessId = usize;

/// The virtual pid of the first process; children count up from it.
const FIRST_PID: i64 = 4242;

/// One process.
#[derive(Clone, Debug)]
pub struct Process {
    /// `os.getpid()`.
    pub pid: i64,
    /// The process that forked this one.
    pub parent: Option<ProcessId>,
    /// `sys.modules`.
    pub modules: BTreeMap<String, ObjId>,
    /// The `__main__` module's globals.
    pub main_globals: ObjId,
    /// The thread whose end ends the process.
    pub main_thread: ThreadId,
    /// Set once the process has exited.
    pub exit_code: Option<i64>,
    /// `threading._shutdown()` has been started.
    pub shutdown_started: bool,
    /// `sys.getswitchinterval()`, in microseconds (each process has its
    /// own interpreter, and a fork inherits its parent's).
    pub switch_interval_us: u64,
}

impl Process {
    /// Process number `index`, whose main thread is `main_thread`.
    #[must_use]
    pub fn new(
        index: ProcessId,
        parent: Option<ProcessId>,
        main_thread: ThreadId,
        main_globals: ObjId,
    ) -> Self {
        Self {
            pid: FIRST_PID + i64::try_from(index).unwrap_or(0),
            parent,
            modules: BTreeMap::new(),
            main_globals,
            main_thread,
            exit_code: None,
            shutdown_started: false,
            switch_interval_us: crate::sched::DEFAULT_SWITCH_INTERVAL_US,
        }
    }
}
