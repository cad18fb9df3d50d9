//! How errors travel through the VM.

use crate::model::heap::ObjId;

/// Why execution stopped abnormally.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VmError {
    /// A Python exception (the instance) is propagating.
    Exception(ObjId),
    /// A resource limit was hit; the run ends (exit status 4).
    Limit(Limit),
    /// The running thread blocked (lock, sleep); its status says on what.
    /// The call that blocked completes when the thread is woken.
    Blocked,
}

/// The resource limits a run can hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// `--max-steps` instructions executed.
    Steps(u64),
    /// Too many live heap objects.
    Memory(usize),
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Steps(n) => write!(f, "step limit reached ({n} instructions)"),
            Self::Memory(n) => write!(f, "memory limit reached ({n} live objects)"),
        }
    }
}

/// Result of VM operations that may raise.
pub type PyResult<T> = Result<T, VmError>;
