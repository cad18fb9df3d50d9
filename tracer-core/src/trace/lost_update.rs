//! Lost updates: a thread reads a shared location, another thread writes
//! it, and the first thread then writes a value computed from its stale
//! read — the other thread's update is lost.

use std::collections::BTreeMap;

use super::Location;
use crate::sched::ThreadId;
use crate::vm::value::Value;

/// One lost update (possibly several overwritten writes).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LostUpdate {
    /// The location.
    pub location: Location,
    /// The thread whose stale write lost the updates.
    pub writer: ThreadId,
    /// Its read: step and value seen.
    pub read_step: u64,
    /// The value it read.
    pub read_value: Value,
    /// The first overwritten write: thread, step, value.
    pub lost_thread: ThreadId,
    /// Step of the first overwritten write.
    pub lost_step: u64,
    /// Value of the first overwritten write.
    pub lost_value: Value,
    /// Step of the stale write.
    pub write_step: u64,
    /// Value of the stale write.
    pub write_value: Value,
    /// How many other-thread writes it overwrote.
    pub overwritten: u64,
}

#[derive(Clone, Copy, Debug)]
struct LastWrite {
    thread: ThreadId,
    step: u64,
    value: Value,
    seq: u64,
}

#[derive(Clone, Copy, Debug)]
struct PendingRead {
    step: u64,
    value: Value,
    seq: u64,
}

#[derive(Debug, Default)]
struct LocationState {
    /// Writes so far.
    seq: u64,
    /// Writes by other threads since each thread's read: the first one.
    writes: Vec<LastWrite>,
    reads: BTreeMap<ThreadId, PendingRead>,
}

/// Tracks reads and writes per location and reports lost updates.
#[derive(Debug, Default)]
pub struct LostUpdateDetector {
    locations: BTreeMap<Location, LocationState>,
    found: Vec<LostUpdate>,
    lost_total: u64,
}

/// Keep at most this many detailed reports (the count is always exact).
const MAX_REPORTS: usize = 1000;

impl LostUpdateDetector {
    /// `thread` read `location`.
    pub fn read(&mut self, thread: ThreadId, step: u64, location: Location, value: Value) {
        let state = self.locations.entry(location).or_default();
        let seq = state.seq;
        state.reads.insert(thread, PendingRead { step, value, seq });
    }

    /// `thread` wrote `value` to `location`.
    pub fn write(&mut self, thread: ThreadId, step: u64, location: Location, value: Value) {
        let state = self.locations.entry(location).or_default();
        if let Some(read) = state.reads.remove(&thread) {
            let overwritten = state.seq - read.seq;
            if overwritten > 0 {
                self.lost_total += overwritten;
                if self.found.len() < MAX_REPORTS {
                    let first = state.writes.iter().find(|w| w.seq == read.seq + 1).copied();
                    if let Some(first) = first {
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
                            overwritten,
                        });
                    }
                }
            }
        }
        state.seq += 1;
        let seq = state.seq;
        // Only writes some pending read may still need are kept.
        let oldest_needed = state.reads.values().map(|r| r.seq).min().unwrap_or(seq);
        state.writes.retain(|w| w.seq > oldest_needed);
        state.writes.push(LastWrite {
            thread,
            step,
            value,
            seq,
        });
    }

    /// Total number of lost (overwritten) updates.
    #[must_use]
    pub const fn lost_count(&self) -> u64 {
        self.lost_total
    }

    /// The first detailed reports (at most 1000).
    #[must_use]
    pub fn reports(&self) -> &[LostUpdate] {
        &self.found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::heap::ObjId;

    fn loc() -> Location {
        Location::Global {
            namespace: ObjId(1),
            name: ObjId(2),
        }
    }

    #[test]
    fn interleaved_increment_loses_one_update() {
        let mut d = LostUpdateDetector::default();
        d.read(1, 10, loc(), Value::Int(41));
        d.read(2, 11, loc(), Value::Int(41));
        d.write(2, 12, loc(), Value::Int(42));
        d.write(1, 13, loc(), Value::Int(42));
        assert_eq!(d.lost_count(), 1);
        let r = d.reports()[0];
        assert_eq!((r.writer, r.lost_thread, r.lost_step), (1, 2, 12));
    }

    #[test]
    fn serial_increments_lose_nothing() {
        let mut d = LostUpdateDetector::default();
        for (t, v) in [(1, 0), (2, 1), (1, 2)] {
            d.read(t, 0, loc(), Value::Int(v));
            d.write(t, 0, loc(), Value::Int(v + 1));
        }
        assert_eq!(d.lost_count(), 0);
    }

    #[test]
    fn counts_every_overwritten_write() {
        let mut d = LostUpdateDetector::default();
        d.read(1, 1, loc(), Value::Int(0));
        for v in 1..=3 {
            d.read(2, 2, loc(), Value::Int(v - 1));
            d.write(2, 3, loc(), Value::Int(v));
        }
        d.write(1, 9, loc(), Value::Int(1));
        assert_eq!(d.lost_count(), 3);
    }
}
