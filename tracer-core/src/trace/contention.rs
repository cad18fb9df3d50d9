//! Lock contention: how often each lock was taken, how often a thread had
//! to wait for it, and for how long (virtual time), per thread.

use std::collections::BTreeMap;

use super::{Event, EventKind};
use interleave_vm::sched::ThreadId;

/// The contention figures of one lock.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LockContention {
    /// The lock (object id).
    pub lock: u32,
    /// Its name in the script, or `lock 0x…`.
    pub name: String,
    /// Times it was acquired.
    pub acquisitions: u64,
    /// Acquisitions that had to wait.
    pub contended: u64,
    /// Total virtual time threads waited for it, in nanoseconds.
    pub wait_ns: u64,
    /// Waiting time per thread: `(thread, ns)`, by thread.
    pub waits: Vec<(ThreadId, u64)>,
}

/// Contention per lock (by id), from a run's events.
#[must_use]
pub fn contention(events: &[Event]) -> Vec<LockContention> {
    let mut locks: BTreeMap<u32, LockContention> = BTreeMap::new();
    let mut blocked: BTreeMap<ThreadId, (u32, u64)> = BTreeMap::new();
    for e in events {
        match e.kind {
            EventKind::LockBlock { lock } => {
                blocked.entry(e.thread).or_insert((lock.0, e.time_ns));
            }
            EventKind::LockAcquire { lock } => {
                let stats = locks.entry(lock.0).or_insert_with(|| LockContention {
                    lock: lock.0,
                    ..LockContention::default()
                });
                stats.acquisitions += 1;
                if let Some((waited_for, since)) = blocked.remove(&e.thread)
                    && waited_for == lock.0
                {
                    let wait = e.time_ns - since;
                    stats.contended += 1;
                    stats.wait_ns += wait;
                    match stats.waits.iter_mut().find(|(t, _)| *t == e.thread) {
                        Some((_, total)) => *total += wait,
                        None => stats.waits.push((e.thread, wait)),
                    }
                }
            }
            _ => {}
        }
    }
    let mut result: Vec<LockContention> = locks.into_values().collect();
    for stats in &mut result {
        stats.waits.sort_unstable();
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use interleave_vm::ObjId;

    fn event(step: u64, time_ns: u64, thread: ThreadId, kind: EventKind) -> Event {
        Event {
            step,
            time_ns,
            thread,
            kind,
        }
    }

    #[test]
    fn a_wait_counts_from_block_to_acquire() {
        let lock = ObjId(5);
        let events = [
            event(1, 10, 1, EventKind::LockAcquire { lock }),
            event(2, 20, 2, EventKind::LockBlock { lock }),
            event(3, 50, 1, EventKind::LockRelease { lock }),
            event(4, 70, 2, EventKind::LockAcquire { lock }),
        ];
        let stats = &contention(&events)[0];
        assert_eq!(
            (stats.acquisitions, stats.contended, stats.wait_ns),
            (2, 1, 50)
        );
        assert_eq!(stats.waits, vec![(2, 50)]);
    }
}
