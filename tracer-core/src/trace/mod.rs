//! Recording: what a run did, in execution order, and the analyses
//! computed from it while it runs.
//!
//! The recorder sees every event but keeps only the *sparse* ones
//! ([`EventKind`]: switches, GIL and lock operations, thread lifetimes,
//! frames, sleeps, output). The dense ones — every read of shared state and
//! every heap write, millions in the lecture's listings — go into the
//! [`Digest`], the online analyses (lost updates, data races, last writer of
//! each location) and the counts, and are then forgotten: the run is
//! deterministic, so they can be re-created by re-execution.

mod checkpoint;
mod contention;
mod cursor;
mod describe;
mod digest;
mod location_table;
mod lost_update;
mod query;
mod race;
mod record;
mod recorder;
mod summary;

pub use self::checkpoint::{CheckpointPolicy, Checkpoints};
pub use self::contention::{LockContention, contention};
pub use self::cursor::{Cursor, NEAR_SPACING};
pub use self::digest::Digest;
pub use self::lost_update::LostUpdate;
pub use self::query::{LockInterval, LockState, Slice, Slices};
pub use self::race::{Access, DataRace};
pub use self::record::{
    DeadlockNote, DigestMark, Finding, MARK_INTERVAL, Recording, RunConfig, Scheduling, Script,
    Trace, prepare, record, record_from, record_observed,
};

pub(crate) use self::recorder::RecordedVm;
pub use self::recorder::Recorder;
pub use self::summary::Summary;
pub use interleave_vm::state;
pub use interleave_vm::{Event, EventKind, KIND_NAMES, KeyId, Location, Stamp, WriteStamp};
