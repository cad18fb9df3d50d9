//! The [`Recorder`]: the VM's observer in a recording. It keeps the sparse
//! events until they are taken, digests and counts everything, and runs
//! the online analyses over one location table they share.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::Arc;

use interleave_lang::CodeObject;
use interleave_vm::ObjId;
use interleave_vm::Value;
use interleave_vm::sched::{Reason, ThreadId};
use interleave_vm::{Observer, Vm};

use super::location_table::LocationTable;
use super::lost_update::{LostUpdateDetector, LostUpdateState};
use super::race::{RaceDetector, RaceState};
use super::{
    DataRace, Digest, Event, EventKind, KIND_NAMES, Location, LostUpdate, Stamp, Summary,
    WriteStamp,
};

/// Counting index of reads in [`KIND_NAMES`].
const READ_INDEX: usize = 12;
/// Counting index of writes in [`KIND_NAMES`].
const WRITE_INDEX: usize = 13;

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

    /// Code objects referred to by `FramePush` events.
    #[must_use]
    pub fn codes(&self) -> &[Arc<CodeObject>] {
        &self.codes
    }

    /// Happens-before data races found so far (the first per location).
    #[must_use]
    pub fn races(&self) -> &[DataRace] {
        self.races.races()
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
}

impl Observer for Recorder {
    /// Records a sparse event.
    fn event(&mut self, event: Event) {
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
    fn read(&mut self, at: Stamp, location: Location, value: Value) {
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
    fn write(&mut self, at: Stamp, location: Location, old: Value, new: Value) {
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

    /// The index of a code object in [`Recorder::codes`], registering it.
    fn code_id(&mut self, code: &Arc<CodeObject>) -> u32 {
        let key = Arc::as_ptr(code) as usize;
        if let Some(&id) = self.code_index.get(&key) {
            return id;
        }
        let id = u32::try_from(self.codes.len()).unwrap_or(u32::MAX);
        self.codes.push(code.clone());
        self.code_index.insert(key, id);
        id
    }

    /// Makes `lock` order nothing for the data-race analysis.
    fn internal_lock(&mut self, lock: ObjId) {
        self.races.ignore_lock(lock);
    }

    /// Forgets what the analyses know of locations whose objects the
    /// collector freed, and of freed locks: their ids will name new
    /// objects, which share no history with the old ones.
    fn forget_freed(&mut self, is_live: &dyn Fn(ObjId) -> bool) {
        self.locations
            .retain(|location| location.objects_are(is_live));
        self.lost_updates
            .retain(|report| report.location.objects_are(is_live));
        self.races.forget_freed(is_live);
    }

    /// The latest write to `location`, if it was ever written.
    fn last_write(&self, location: Location) -> Option<WriteStamp> {
        self.locations.get(location)?.lost.last_write()
    }

    fn clone_box(&self) -> Box<dyn Observer> {
        Box::new(self.clone())
    }
}

/// The recorder of a VM that [`record`](super::record) or
/// [`prepare`](super::prepare) built.
pub(crate) trait RecordedVm {
    /// The VM's recorder.
    fn recorder(&self) -> &Recorder;
    /// The VM's recorder, to change what it keeps.
    fn recorder_mut(&mut self) -> &mut Recorder;
    /// Takes the sparse events recorded since the last call.
    fn take_events(&mut self) -> Vec<Event>;
    /// From now on, records only what the lost-update analysis (and the
    /// race analysis, if `races`) needs: no events, counts, digest or lock
    /// names (see [`Recorder::keep_only_analyses`]). Execution is unchanged.
    fn record_analyses_only(&mut self, races: bool);
}

impl RecordedVm for Vm {
    fn recorder(&self) -> &Recorder {
        let observer: &dyn Any = self.observer();
        observer
            .downcast_ref()
            .expect("VMs of this crate report to a Recorder")
    }

    fn recorder_mut(&mut self) -> &mut Recorder {
        let observer: &mut dyn Any = self.observer_mut();
        observer
            .downcast_mut()
            .expect("VMs of this crate report to a Recorder")
    }

    fn take_events(&mut self) -> Vec<Event> {
        self.recorder_mut().take_events()
    }

    fn record_analyses_only(&mut self, races: bool) {
        self.recorder_mut().keep_only_analyses(races);
        self.stop_naming_locks();
    }
}
