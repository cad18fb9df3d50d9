//! Interleave's engine above the VM: recording a run (the recorder and its
//! analyses, checkpoints), reading it back (the cursor, queries), trace
//! files, export, and exploring schedules. No GUI dependencies
//! (`scripts/check-deps.sh`, run by CI).
//!
//! The layers below are re-exported under the names the CLI and GUI use:
//! [`lang`] (source → bytecode), [`vm`] and [`sched`].

pub mod explore;
pub mod export;
pub mod trace;
pub mod tracefile;

pub use interleave_lang as lang;
pub use interleave_vm::sched;

/// The virtual machine, as far as callers of the recorder need it.
pub mod vm {
    pub use interleave_vm::{Limit, Limits, Outcome, Vm};
}
