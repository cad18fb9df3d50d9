//! Happens-before data races (the `FastTrack` algorithm): two accesses to the
//! same location from different threads, at least one a write, with no
//! lock release→acquire or thread start between them — a race whether or
//! not this run lost an update.
//!
//! Each thread carries a vector clock; releasing a lock publishes the
//! releaser's clock in the lock, acquiring it joins the lock's clock in,
//! and a new thread starts from its parent's clock (joins go through
//! locks too: `Thread.join` acquires the finished thread's state lock).
//! Each location remembers its last write and the reads since, as
//! `(thread, epoch)` pairs.

use super::Location;
use interleave_vm::ObjId;
use interleave_vm::sched::ThreadId;
use rustc_hash::FxHashMap;

/// One access, for reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Access {
    /// The accessing thread.
    pub thread: ThreadId,
    /// The step of the access.
    pub step: u64,
    /// `true` for a write.
    pub write: bool,
}

/// Two unordered accesses to one location (the first race found there).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataRace {
    /// The location.
    pub location: Location,
    /// The earlier access.
    pub first: Access,
    /// The later access, which the earlier one does not happen before.
    pub second: Access,
}

/// A thread's logical time: its component of its own vector clock.
type Epoch = u32;

#[derive(Clone, Copy, Debug)]
struct Stamp {
    thread: ThreadId,
    epoch: Epoch,
    step: u64,
}

/// What the detector remembers about one location.
#[derive(Clone, Debug, Default)]
pub struct RaceState {
    write: Option<Stamp>,
    /// Reads since the last write, one per thread.
    reads: Vec<Stamp>,
    reported: bool,
}

/// Finds data races online.
#[derive(Clone, Debug, Default)]
pub struct RaceDetector {
    clocks: Vec<Vec<Epoch>>,
    /// The clock each lock's last release published (only looked up).
    locks: FxHashMap<ObjId, Vec<Epoch>>,
    /// Locks that create no ordering (the prelude's bookkeeping).
    ignored: Vec<ObjId>,
    races: Vec<DataRace>,
}

/// Races kept in detail (one per location; the count of racy locations is exact).
const MAX_REPORTS: usize = 1000;

impl RaceDetector {
    fn clock(&mut self, thread: ThreadId) -> &mut Vec<Epoch> {
        if thread >= self.clocks.len() {
            self.clocks.resize_with(thread + 1, Vec::new);
        }
        let clock = &mut self.clocks[thread];
        if clock.len() <= thread {
            clock.resize(thread + 1, 0);
            clock[thread] = clock[thread].max(1);
        }
        clock
    }

    /// `child` was started by `parent`.
    pub fn thread_start(&mut self, parent: ThreadId, child: ThreadId) {
        let inherited = self.clock(parent).clone();
        self.clock(parent)[parent] += 1;
        let clock = self.clock(child);
        join(clock, &inherited);
    }

    /// Makes `lock` create no ordering.
    pub fn ignore_lock(&mut self, lock: ObjId) {
        self.ignored.push(lock);
    }

    /// `thread` acquired `lock`.
    pub fn acquire(&mut self, thread: ThreadId, lock: ObjId) {
        if self.ignored.contains(&lock) {
            return;
        }
        self.clock(thread);
        if let Some(published) = self.locks.get(&lock) {
            join(&mut self.clocks[thread], published);
        }
    }

    /// `thread` released `lock`.
    pub fn release(&mut self, thread: ThreadId, lock: ObjId) {
        if self.ignored.contains(&lock) {
            return;
        }
        self.clock(thread);
        let clock = &self.clocks[thread];
        let published = self.locks.entry(lock).or_default();
        published.clear();
        published.extend_from_slice(clock);
        self.clocks[thread][thread] += 1;
    }

    fn now(&mut self, thread: ThreadId, step: u64) -> Stamp {
        let epoch = self.clock(thread)[thread];
        Stamp {
            thread,
            epoch,
            step,
        }
    }

    /// `thread` read `location`, whose state is `state`.
    pub fn read(&mut self, state: &mut RaceState, thread: ThreadId, step: u64, location: Location) {
        self.access(state, thread, step, location, false);
    }

    /// `thread` wrote `location`, whose state is `state`.
    pub fn write(
        &mut self,
        state: &mut RaceState,
        thread: ThreadId,
        step: u64,
        location: Location,
    ) {
        self.access(state, thread, step, location, true);
    }

    /// Checks an access against the location's history and records it.
    fn access(
        &mut self,
        state: &mut RaceState,
        thread: ThreadId,
        step: u64,
        location: Location,
        write: bool,
    ) {
        let now = self.now(thread, step);
        let clock = &self.clocks[thread];
        // `s` happens before now if this thread has seen its epoch.
        let ordered = |s: &Stamp| {
            s.thread == thread || clock.get(s.thread).is_some_and(|&seen| s.epoch <= seen)
        };
        let unordered_write = state.write.filter(|w| !ordered(w)).map(|w| (w, true));
        let unordered_read = || {
            state
                .reads
                .iter()
                .find(|r| !ordered(r))
                .map(|&r| (r, false))
        };
        let earlier = if write {
            unordered_write.or_else(unordered_read)
        } else {
            unordered_write
        };
        if let Some((s, was_write)) = earlier
            && !state.reported
        {
            state.reported = true;
            if self.races.len() < MAX_REPORTS {
                self.races.push(DataRace {
                    location,
                    first: Access {
                        thread: s.thread,
                        step: s.step,
                        write: was_write,
                    },
                    second: Access {
                        thread,
                        step,
                        write,
                    },
                });
            }
        }
        if write {
            state.write = Some(now);
            state.reads.clear();
        } else {
            match state.reads.iter_mut().find(|r| r.thread == thread) {
                Some(r) => *r = now,
                None => state.reads.push(now),
            }
        }
    }

    /// The races found, first per location, in the order found.
    #[must_use]
    pub fn races(&self) -> &[DataRace] {
        &self.races
    }

    /// Forgets freed locks and the races of locations whose objects were
    /// freed (see [`super::Recorder::forget_freed`]).
    pub fn forget_freed(&mut self, is_live: &dyn Fn(ObjId) -> bool) {
        self.locks.retain(|&lock, _| is_live(lock));
        self.ignored.retain(|&lock| is_live(lock));
        self.races.retain(|race| race.location.objects_are(is_live));
    }
}

/// `into[i] = max(into[i], from[i])`.
fn join(into: &mut Vec<Epoch>, from: &[Epoch]) {
    if into.len() < from.len() {
        into.resize(from.len(), 0);
    }
    for (a, &b) in into.iter_mut().zip(from) {
        *a = (*a).max(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc() -> Location {
        Location::Global {
            namespace: ObjId(1),
            name: ObjId(2),
        }
    }

    /// The detector watching one location.
    #[derive(Default)]
    struct One {
        detector: RaceDetector,
        state: RaceState,
    }

    impl One {
        fn thread_start(&mut self, parent: ThreadId, child: ThreadId) {
            self.detector.thread_start(parent, child);
        }

        fn acquire(&mut self, thread: ThreadId, lock: ObjId) {
            self.detector.acquire(thread, lock);
        }

        fn release(&mut self, thread: ThreadId, lock: ObjId) {
            self.detector.release(thread, lock);
        }

        fn read(&mut self, thread: ThreadId, step: u64, location: Location) {
            self.detector.read(&mut self.state, thread, step, location);
        }

        fn write(&mut self, thread: ThreadId, step: u64, location: Location) {
            self.detector.write(&mut self.state, thread, step, location);
        }

        fn races(&self) -> &[DataRace] {
            self.detector.races()
        }
    }

    #[test]
    fn unsynchronised_writes_race() {
        let mut d = One::default();
        d.thread_start(0, 1);
        d.thread_start(0, 2);
        d.write(1, 10, loc());
        d.write(2, 20, loc());
        let race = d.races()[0];
        assert_eq!((race.first.thread, race.second.thread), (1, 2));
        assert_eq!((race.first.step, race.second.step), (10, 20));
    }

    #[test]
    fn a_lock_orders_accesses() {
        let lock = ObjId(9);
        let mut d = One::default();
        d.thread_start(0, 1);
        d.thread_start(0, 2);
        d.acquire(1, lock);
        d.read(1, 1, loc());
        d.write(1, 2, loc());
        d.release(1, lock);
        d.acquire(2, lock);
        d.read(2, 3, loc());
        d.write(2, 4, loc());
        d.release(2, lock);
        assert!(d.races().is_empty());
    }

    #[test]
    fn parent_writes_before_start_are_ordered_but_later_ones_race() {
        let mut d = One::default();
        d.write(0, 1, loc());
        d.thread_start(0, 1);
        d.read(1, 2, loc());
        assert!(d.races().is_empty());
        d.write(0, 3, loc());
        assert_eq!(d.races().len(), 1);
        assert!(!d.races()[0].first.write && d.races()[0].second.write);
    }
}
