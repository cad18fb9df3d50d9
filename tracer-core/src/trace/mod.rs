//! Recording: what a run did, in execution order, and the analyses
//! computed from it while it runs.
//!
//! The recorder sees every event but keeps only the *sparse* ones
//! ([`EventKind`]: switches, GIL and lock operations, thread lifetimes,
//! frames, sleeps, output). The dense ones — every read of shared state and
//! every heap write, millions in the lecture's listings — go into the
//! [`Digest`], the online analyses ([`LostUpdateDetector`], last writer of
//! each location) and the counts, and are then forgotten: the run is
//! deterministic, so they can be re-created by re-execution.

mod checkpoint;
mod contention;
mod cursor;
mod digest;
mod location_table;
mod lost_update;
mod query;
mod race;
mod record;
pub mod state;
mod summary;

pub use self::checkpoint::{CheckpointPolicy, Checkpoints};
pub use self::contention::{LockContention, contention};
pub use self::cursor::{Cursor, NEAR_SPACING};
pub use self::digest::{Digest, Stamp};
pub use self::lost_update::{LostUpdate, WriteStamp};
pub use self::query::{LockInterval, LockState, Slice, Slices};
pub use self::race::{Access, DataRace};
pub use self::record::{
    DeadlockNote, DigestMark, Finding, MARK_INTERVAL, Recording, RunConfig, Scheduling, Script,
    Trace, prepare, record, record_from, record_observed,
};

use self::location_table::LocationTable;
use self::lost_update::{LostUpdateDetector, LostUpdateState};
use self::race::{RaceDetector, RaceState};
pub use self::summary::Summary;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::lang::CodeObject;
use crate::sched::{Reason, ThreadId};
use crate::vm::heap::ObjId;
use crate::vm::value::Value;

/// A shared location a thread can read or write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// A module-level name: `(globals dict, interned name)`.
    Global {
        /// The namespace dict.
        namespace: ObjId,
        /// The name (an interned str object).
        name: ObjId,
    },
    /// An item of a dict or list: `(container, key)`.
    Item {
        /// The container.
        container: ObjId,
        /// The key (ints by value, other keys by identity).
        key: KeyId,
    },
    /// An attribute of an object: `(object, interned name)`.
    Attr {
        /// The object.
        object: ObjId,
        /// The name (an interned str object).
        name: ObjId,
    },
}

impl Location {
    /// `true` if every object the location names (namespace, container,
    /// key object, attribute holder) satisfies `is_live`.
    pub fn objects_are(&self, is_live: &dyn Fn(ObjId) -> bool) -> bool {
        match *self {
            Self::Global { namespace, .. } => is_live(namespace),
            Self::Attr { object, .. } => is_live(object),
            Self::Item { container, key } => {
                is_live(container) && !matches!(key, KeyId::Object(k) if !is_live(k))
            }
        }
    }
}

/// A hashable identity for a container key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyId {
    /// An int key.
    Int(i64),
    /// Any other key, by object identity.
    Object(ObjId),
    /// `None`, `True`, `False` and floats, by bit pattern.
    Bits(u64),
}

impl KeyId {
    /// The key identity of a value.
    #[must_use]
    pub fn of(v: Value) -> Self {
        match v {
            Value::Int(i) => Self::Int(i),
            Value::Bool(b) => Self::Int(i64::from(b)),
            Value::Obj(id) => Self::Object(id),
            Value::Float(f) => Self::Bits(f.to_bits()),
            Value::None | Value::Null => Self::Bits(0),
            Value::NotImplemented => Self::Bits(1),
            Value::Ellipsis => Self::Bits(2),
        }
    }
}

/// What happened: the sparse events a trace keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A thread was created by `parent`.
    ThreadStart {
        /// The creating thread.
        parent: ThreadId,
    },
    /// The thread's code finished.
    ThreadExit,
    /// The scheduler moved the CPU (and the GIL) from `thread` to `to`.
    Switch {
        /// The thread that runs next.
        to: ThreadId,
        /// Why.
        reason: Reason,
    },
    /// `thread` took the GIL.
    GilAcquire,
    /// `thread` released the GIL.
    GilRelease,
    /// `thread` acquired `lock`.
    LockAcquire {
        /// The lock.
        lock: ObjId,
    },
    /// `thread` released `lock`.
    LockRelease {
        /// The lock.
        lock: ObjId,
    },
    /// `thread` blocked on `lock`.
    LockBlock {
        /// The lock.
        lock: ObjId,
    },
    /// `thread` went to sleep until virtual time `until_ns`.
    Sleep {
        /// Wake-up time.
        until_ns: u64,
    },
    /// A frame of a code object was entered.
    FramePush {
        /// The code object's index in [`Recorder::codes`].
        code: u32,
    },
    /// A frame returned or unwound.
    FramePop,
    /// `thread` wrote `len` bytes to stdout.
    Output {
        /// Byte count.
        len: u32,
    },
}

/// Names of the event kinds, sparse and dense, in counting order.
pub const KIND_NAMES: [&str; 14] = [
    "thread-start",
    "thread-exit",
    "switch",
    "gil-acquire",
    "gil-release",
    "lock-acquire",
    "lock-release",
    "lock-block",
    "sleep",
    "frame-push",
    "frame-pop",
    "output",
    "read",
    "write",
];

/// Counting index of reads in [`KIND_NAMES`].
const READ_INDEX: usize = 12;
/// Counting index of writes in [`KIND_NAMES`].
const WRITE_INDEX: usize = 13;

impl EventKind {
    /// `true` for frame pushes and pops.
    #[must_use]
    pub const fn is_frame(&self) -> bool {
        matches!(self, Self::FramePush { .. } | Self::FramePop)
    }

    /// The kind's index in [`KIND_NAMES`].
    #[must_use]
    pub const fn index(&self) -> usize {
        match self {
            Self::ThreadStart { .. } => 0,
            Self::ThreadExit => 1,
            Self::Switch { .. } => 2,
            Self::GilAcquire => 3,
            Self::GilRelease => 4,
            Self::LockAcquire { .. } => 5,
            Self::LockRelease { .. } => 6,
            Self::LockBlock { .. } => 7,
            Self::Sleep { .. } => 8,
            Self::FramePush { .. } => 9,
            Self::FramePop => 10,
            Self::Output { .. } => 11,
        }
    }

    /// A short name for the kind.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        KIND_NAMES[self.index()]
    }
}

/// An event with its position in the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    /// Instructions executed before it.
    pub step: u64,
    /// Virtual time.
    pub time_ns: u64,
    /// The acting thread.
    pub thread: ThreadId,
    /// What happened.
    pub kind: EventKind,
}

/// What the analyses remember about one shared location.
#[derive(Clone, Debug, Default)]
struct LocationHistory {
    lost: LostUpdateState,
    race: RaceState,
}

/// Sees every event of a run: keeps the sparse ones until they are taken,
/// digests and counts all of them, and runs the online analyses (or, once
/// told to [keep only the analyses](Recorder::keep_only_analyses), only
/// runs them).
///
/// Cloning it (with the VM, for a checkpoint) copies the analyses' state,
/// so a run resumed from the clone continues them exactly.
#[derive(Clone, Debug, Default)]
pub struct Recorder {
    keep: Keep,
    events: Vec<Event>,
    digest: Digest,
    per_kind: [u64; KIND_NAMES.len()],
    per_thread: Vec<u64>,
    locations: LocationTable<LocationHistory>,
    lost_updates: LostUpdateDetector,
    races: RaceDetector,
    codes: Vec<Arc<CodeObject>>,
    code_index: BTreeMap<usize, u32>,
}

/// What a [`Recorder`] keeps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Keep {
    /// Events, counts, digest and every analysis.
    #[default]
    Everything,
    /// The lost-update analysis, and the race analysis if `races`.
    Analyses {
        /// Whether the race analysis runs.
        races: bool,
    },
}

impl Recorder {
    /// From now on, keeps no events, counts or digest: only the lost-update
    /// analysis runs, and the race analysis if `races` (for a run that is
    /// checked for failures and then dropped, like each of explore's).
    pub fn keep_only_analyses(&mut self, races: bool) {
        self.keep = Keep::Analyses { races };
    }

    /// `true` unless told to [keep only the analyses](Recorder::keep_only_analyses).
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.keep == Keep::Everything
    }

    /// Whether the race analysis runs.
    fn finds_races(&self) -> bool {
        matches!(self.keep, Keep::Everything | Keep::Analyses { races: true })
    }

    /// Records a sparse event.
    pub fn record(&mut self, event: Event) {
        if self.finds_races() {
            match event.kind {
                EventKind::ThreadStart { parent } => {
                    self.races.thread_start(parent, event.thread);
                }
                EventKind::LockAcquire { lock } => self.races.acquire(event.thread, lock),
                EventKind::LockRelease { lock } => self.races.release(event.thread, lock),
                _ => {}
            }
        }
        if !self.is_complete() {
            return;
        }
        self.digest.event(&event);
        self.count(event.kind.index(), event.thread);
        self.events.push(event);
    }

    /// Records that a thread read `value` at `location`.
    #[inline]
    pub fn read(&mut self, at: Stamp, location: Location, value: Value) {
        if self.is_complete() {
            self.digest.read(at, location, value);
            self.count(READ_INDEX, at.thread);
        }
        let finds_races = self.finds_races();
        let history = self.locations.entry(location);
        LostUpdateDetector::read(&mut history.lost, at.thread, at.step, value);
        if finds_races {
            self.races
                .read(&mut history.race, at.thread, at.step, location);
        }
    }

    /// Records that a thread wrote `new` over `old` at `location`.
    #[inline]
    pub fn write(&mut self, at: Stamp, location: Location, old: Value, new: Value) {
        if self.is_complete() {
            self.digest.write(at, location, old, new);
            self.count(WRITE_INDEX, at.thread);
        }
        let finds_races = self.finds_races();
        let history = self.locations.entry(location);
        self.lost_updates
            .write(&mut history.lost, at.thread, at.step, location, new);
        if finds_races {
            self.races
                .write(&mut history.race, at.thread, at.step, location);
        }
    }

    #[inline]
    fn count(&mut self, kind: usize, thread: ThreadId) {
        self.per_kind[kind] += 1;
        if thread >= self.per_thread.len() {
            self.per_thread.resize(thread + 1, 0);
        }
        self.per_thread[thread] += 1;
    }

    /// Takes the sparse events recorded since the last call.
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    /// The digest of everything recorded so far.
    #[must_use]
    pub const fn digest(&self) -> Digest {
        self.digest
    }

    /// Counts per kind and thread, and the digest.
    #[must_use]
    pub fn summary(&self) -> Summary {
        Summary {
            per_kind: KIND_NAMES
                .iter()
                .zip(self.per_kind)
                .filter(|(_, n)| *n > 0)
                .map(|(name, n)| (*name, n))
                .collect(),
            per_thread: self
                .per_thread
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(t, n)| (t, *n))
                .collect(),
            switches: self.per_kind[EventKind::Switch {
                to: 0,
                reason: Reason::Start,
            }
            .index()],
            digest: self.digest.value(),
        }
    }

    /// The index of a code object in [`Recorder::codes`], registering it.
    pub fn code_id(&mut self, code: &Arc<CodeObject>) -> u32 {
        let key = Arc::as_ptr(code) as usize;
        if let Some(&id) = self.code_index.get(&key) {
            return id;
        }
        let id = u32::try_from(self.codes.len()).unwrap_or(u32::MAX);
        self.codes.push(code.clone());
        self.code_index.insert(key, id);
        id
    }

    /// Code objects referred to by `FramePush` events.
    #[must_use]
    pub fn codes(&self) -> &[Arc<CodeObject>] {
        &self.codes
    }

    /// Makes `lock` order nothing for the data-race analysis.
    pub fn ignore_lock_for_races(&mut self, lock: ObjId) {
        self.races.ignore_lock(lock);
    }

    /// Happens-before data races found so far (the first per location).
    #[must_use]
    pub fn races(&self) -> &[DataRace] {
        self.races.races()
    }

    /// Forgets what the analyses know of locations whose objects the
    /// collector freed, and of freed locks: their ids will name new
    /// objects, which share no history with the old ones.
    pub fn forget_freed(&mut self, is_live: &dyn Fn(ObjId) -> bool) {
        self.locations
            .retain(|location| location.objects_are(is_live));
        self.lost_updates
            .retain(|report| report.location.objects_are(is_live));
        self.races.forget_freed(is_live);
    }

    /// Lost updates found so far (the first 1000).
    #[must_use]
    pub fn lost_updates(&self) -> &[LostUpdate] {
        self.lost_updates.reports()
    }

    /// Total number of updates lost so far at the locations `keep` accepts.
    #[must_use]
    pub fn lost_update_count(&self, keep: impl Fn(Location) -> bool) -> u64 {
        self.locations
            .iter()
            .filter(|(location, _)| keep(*location))
            .map(|(_, h)| h.lost.lost())
            .sum()
    }

    /// The latest write to `location`, if it was ever written.
    #[must_use]
    pub fn last_write(&self, location: Location) -> Option<WriteStamp> {
        self.locations.get(location)?.lost.last_write()
    }
}
