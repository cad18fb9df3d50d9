//! The run as a whole: the loop that schedules threads, `import` (native
//! modules and the Python prelude), `os.fork`, and what the VM reports
//! about a run (deadlocks, lock names, the state at a step).

pub(crate) mod findings;
pub(crate) mod fork;
pub(crate) mod import;
pub(crate) mod inspect;
pub(crate) mod lock_holders;
pub(crate) mod pull;
pub(crate) mod run;
