//! Counts and the digest of a recording, for `--summary` and determinism tests.

use std::collections::BTreeMap;

use interleave_vm::sched::ThreadId;

/// Aggregate figures of a recording.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Events per kind name (dense reads and writes included).
    pub per_kind: BTreeMap<&'static str, u64>,
    /// Events per thread.
    pub per_thread: BTreeMap<ThreadId, u64>,
    /// Context switches.
    pub switches: u64,
    /// Digest of every event: equal runs have equal digests.
    pub digest: u64,
}
