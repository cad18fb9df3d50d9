//! Lost updates: a thread reads a shared location, another thread writes
//! it, and the first thread then writes a value computed from its stale
//! read — the other thread's update is lost.
//!
//! Every write creates a version of the location whose *depth* is one more
//! than the depth of the version its writer last read (a blind write builds
//! on the current version). The updates lost at a location are its writes
//! minus the depth of its current version: for `count += 1` from several
//! threads this is exactly the number of increments missing from the final
//! count, even when a later write builds on a version an earlier stale
//! write had discarded.

use smallvec::SmallVec;

use super::{Location, WriteStamp};
use interleave_vm::Value;
use interleave_vm::sched::ThreadId;

/// One stale write: it discarded the updates made since its writer's read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LostUpdate {
    /// The location.
    pub location: Location,
    /// The thread whose stale write lost the updates.
    pub writer: ThreadId,
    /// Step of its read.
    pub read_step: u64,
    /// The value it read.
    pub read_value: Value,
    /// The thread of the first overwritten write.
    pub lost_thread: ThreadId,
    /// Step of the first overwritten write.
    pub lost_step: u64,
    /// Value of the first overwritten write.
    pub lost_value: Value,
    /// Step of the stale write.
    pub write_step: u64,
    /// Value of the stale write.
    pub write_value: Value,
    /// How many writes landed between the read and the stale write.
    pub overwritten: u64,
}

#[derive(Clone, Copy, Debug)]
struct Write {
    thread: ThreadId,
    step: u64,
    value: Value,
}

#[derive(Clone, Copy, Debug)]
struct Read {
    step: u64,
    value: Value,
    seq: u64,
    depth: u64,
    /// The first write by another thread after this read, if any.
    first_overwrite: Option<Write>,
}

/// What the detector remembers about one location.
#[derive(Clone, Debug, Default)]
pub struct LostUpdateState {
    /// Writes so far.
    seq: u64,
    /// Depth of the current version.
    depth: u64,
    /// Each thread's last read not yet followed by its own write (few
    /// threads touch one location, so a small vector beats a map, and
    /// one read, the usual case, needs no allocation).
    reads: SmallVec<[(ThreadId, Read); 1]>,
    /// The latest write.
    last_write: Option<WriteStamp>,
}

impl LostUpdateState {
    /// Updates lost here: writes not reflected in the current version.
    #[must_use]
    pub const fn lost(&self) -> u64 {
        self.seq - self.depth
    }

    /// The latest write, if the location was ever written.
    #[must_use]
    pub const fn last_write(&self) -> Option<WriteStamp> {
        self.last_write
    }

    fn take_read(&mut self, thread: ThreadId) -> Option<Read> {
        let i = self.reads.iter().position(|(t, _)| *t == thread)?;
        Some(self.reads.swap_remove(i).1)
    }

    fn set_read(&mut self, thread: ThreadId, read: Read) {
        match self.reads.iter_mut().find(|(t, _)| *t == thread) {
            Some(slot) => slot.1 = read,
            None => self.reads.push((thread, read)),
        }
    }
}

/// Tracks reads and writes per location and reports lost updates.
#[derive(Clone, Debug, Default)]
pub struct LostUpdateDetector {
    found: Vec<LostUpdate>,
}

/// Keep at most this many detailed reports (the count is always exact).
const MAX_REPORTS: usize = 1000;

impl LostUpdateDetector {
    /// `thread` read `value` from the location whose state is `state`.
    pub fn read(state: &mut LostUpdateState, thread: ThreadId, step: u64, value: Value) {
        let read = Read {
            step,
            value,
            seq: state.seq,
            depth: state.depth,
            first_overwrite: None,
        };
        state.set_read(thread, read);
    }

    /// `thread` wrote `value` to `location`, whose state is `state`.
    pub fn write(
        &mut self,
        state: &mut LostUpdateState,
        thread: ThreadId,
        step: u64,
        location: Location,
        value: Value,
    ) {
        let read = state.take_read(thread);
        let (seq, base_depth) = (state.seq, read.map_or(state.depth, |r| r.depth));
        if let Some(read) = read
            && let Some(first) = read.first_overwrite
            && self.found.len() < MAX_REPORTS
        {
            self.found.push(LostUpdate {
                location,
                writer: thread,
                read_step: read.step,
                read_value: read.value,
                lost_thread: first.thread,
                lost_step: first.step,
                lost_value: first.value,
                write_step: step,
                write_value: value,
                overwritten: seq - read.seq,
            });
        }
        state.seq += 1;
        state.depth = base_depth + 1;
        state.last_write = Some(WriteStamp { thread, step });
        let write = Write {
            thread,
            step,
            value,
        };
        for (_, pending) in &mut state.reads {
            pending.first_overwrite.get_or_insert(write);
        }
    }

    /// Keeps only the reports `keep` accepts.
    pub fn retain(&mut self, keep: impl FnMut(&LostUpdate) -> bool) {
        self.found.retain(keep);
    }

    /// The first stale writes, in order (at most 1000).
    #[must_use]
    pub fn reports(&self) -> &[LostUpdate] {
        &self.found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interleave_vm::ObjId;

    fn loc() -> Location {
        Location::Global {
            namespace: ObjId(1),
            name: ObjId(2),
        }
    }

    /// The detector watching one location.
    #[derive(Default)]
    struct One {
        detector: LostUpdateDetector,
        state: LostUpdateState,
    }

    impl One {
        fn read(&mut self, thread: ThreadId, step: u64, _: Location, value: Value) {
            LostUpdateDetector::read(&mut self.state, thread, step, value);
        }

        fn write(&mut self, thread: ThreadId, step: u64, location: Location, value: Value) {
            self.detector
                .write(&mut self.state, thread, step, location, value);
        }

        fn lost_count(&self) -> u64 {
            self.state.lost()
        }

        fn reports(&self) -> &[LostUpdate] {
            self.detector.reports()
        }
    }

    #[test]
    fn interleaved_increment_loses_one_update() {
        let mut d = One::default();
        d.read(1, 10, loc(), Value::Int(41));
        d.read(2, 11, loc(), Value::Int(41));
        d.write(2, 12, loc(), Value::Int(42));
        d.write(1, 13, loc(), Value::Int(42));
        assert_eq!(d.lost_count(), 1);
        assert_eq!(
            d.state.last_write(),
            Some(WriteStamp {
                thread: 1,
                step: 13
            })
        );
        let r = d.reports()[0];
        assert_eq!((r.writer, r.lost_thread, r.lost_step), (1, 2, 12));
    }

    #[test]
    fn serial_increments_lose_nothing() {
        let mut d = One::default();
        for (t, v) in [(1, 0), (2, 1), (1, 2)] {
            d.read(t, 0, loc(), Value::Int(v));
            d.write(t, 0, loc(), Value::Int(v + 1));
        }
        assert_eq!(d.lost_count(), 0);
        assert!(d.reports().is_empty());
    }

    #[test]
    fn counts_every_overwritten_write() {
        let mut d = One::default();
        d.read(1, 1, loc(), Value::Int(0));
        for v in 1..=3 {
            d.read(2, 2, loc(), Value::Int(v - 1));
            d.write(2, 3, loc(), Value::Int(v));
        }
        d.write(1, 9, loc(), Value::Int(1));
        assert_eq!(d.lost_count(), 3);
    }

    #[test]
    fn a_write_building_on_discarded_updates_restores_them() {
        // T2 increments 0→3; T1, which read 0, writes 1 (3 lost); T2, which
        // had read 3, writes 4: only T1's increment is missing in the end.
        let mut d = One::default();
        d.read(1, 1, loc(), Value::Int(0));
        for v in 1..=3 {
            d.read(2, 2, loc(), Value::Int(v - 1));
            d.write(2, 3, loc(), Value::Int(v));
        }
        d.read(2, 4, loc(), Value::Int(3));
        d.write(1, 5, loc(), Value::Int(1));
        d.write(2, 6, loc(), Value::Int(4));
        assert_eq!(d.lost_count(), 1);
        assert_eq!(d.reports().len(), 2);
    }
}
