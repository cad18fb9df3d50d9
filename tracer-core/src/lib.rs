//! Interleave's engine: Python source → CPython 3.11 bytecode → a
//! deterministic virtual machine. No GUI dependencies (checked in CI).

pub mod explore;
pub mod export;
pub mod format;
mod headroom;
pub mod lang;
pub mod numeric;
pub mod repr;
pub mod sched;
pub mod trace;
pub mod tracefile;
pub mod vm;
