//! Questions the GUI asks of a recording: when each thread ran and why it
//! stopped, who held or waited for each lock, where the next switch or
//! lost update is, how busy each stretch of time was.

use std::collections::BTreeMap;

use super::{EventKind, Trace};
use interleave_vm::sched::{Reason, ThreadId};

/// A stretch of steps during which one thread ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slice {
    /// The thread.
    pub thread: ThreadId,
    /// First step of the slice (steps are counted before each instruction).
    pub start_step: u64,
    /// Step at which it stopped running (exclusive).
    pub end_step: u64,
    /// Virtual time at the start, in nanoseconds.
    pub start_ns: u64,
    /// Virtual time at the end.
    pub end_ns: u64,
    /// Why it stopped (`Finished` also for the end of the run).
    pub ended_by: Reason,
}

/// What a lock interval is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockState {
    /// The thread held the lock.
    Held,
    /// The thread waited for the lock.
    Waiting,
}

/// A thread holding or waiting for a lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LockInterval {
    /// The lock (object id).
    pub lock: u32,
    /// The thread.
    pub thread: ThreadId,
    /// Held or waiting.
    pub state: LockState,
    /// From this step.
    pub start_step: u64,
    /// To this step (exclusive; the run's end if never released).
    pub end_step: u64,
    /// Virtual time at the start.
    pub start_ns: u64,
    /// Virtual time at the end.
    pub end_ns: u64,
}

/// The run slices of a recording, in step order, tiling the whole run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Slices(pub Vec<Slice>);

impl Slices {
    /// The thread that executes instruction `step` (0-based), if any.
    #[must_use]
    pub fn thread_at(&self, step: u64) -> Option<ThreadId> {
        let i = self.0.partition_point(|s| s.end_step <= step);
        self.0
            .get(i)
            .filter(|s| s.start_step <= step)
            .map(|s| s.thread)
    }

    /// The first step after `step` at which `thread` runs.
    #[must_use]
    pub fn next_step_of(&self, thread: ThreadId, step: u64) -> Option<u64> {
        let from = step + 1;
        let i = self.0.partition_point(|s| s.end_step <= from);
        self.0[i..]
            .iter()
            .find(|s| s.thread == thread && s.end_step > s.start_step)
            .map(|s| s.start_step.max(from))
    }

    /// The last step before `step` at which `thread` ran.
    #[must_use]
    pub fn previous_step_of(&self, thread: ThreadId, step: u64) -> Option<u64> {
        let i = self.0.partition_point(|s| s.start_step < step);
        self.0[..i]
            .iter()
            .rev()
            .find(|s| s.thread == thread && s.end_step > s.start_step)
            .map(|s| (s.end_step - 1).min(step - 1))
    }
}

impl Trace {
    /// Every run slice, in step order (threads alternate on one CPU under
    /// a GIL; without one, a slice is the thread's turn on the scheduler).
    #[must_use]
    pub fn slices(&self) -> Slices {
        let mut slices = Vec::new();
        let mut current: Option<(ThreadId, u64, u64)> = None;
        // When the running thread blocks (sleep, lock) and nothing can run
        // until later, the switch comes after the idle time: the thread's
        // slice ends where it blocked, at the same step.
        let mut blocked: Option<(u64, u64)> = None;
        for e in &self.events {
            match e.kind {
                EventKind::Switch { to, reason } => {
                    if let Some((thread, start_step, start_ns)) = current {
                        let end_ns = blocked
                            .filter(|&(step, _)| step == e.step)
                            .map_or(e.time_ns, |(_, ns)| ns);
                        slices.push(Slice {
                            thread,
                            start_step,
                            end_step: e.step,
                            start_ns,
                            end_ns,
                            ended_by: reason,
                        });
                    }
                    current = Some((to, e.step, e.time_ns));
                    blocked = None;
                }
                EventKind::Sleep { .. } | EventKind::LockBlock { .. }
                    if current.is_some_and(|(t, _, _)| t == e.thread) =>
                {
                    blocked = Some((e.step, e.time_ns));
                }
                _ if current.is_none() => current = Some((e.thread, e.step, e.time_ns)),
                _ => {}
            }
        }
        if let Some((thread, start_step, start_ns)) = current {
            slices.push(Slice {
                thread,
                start_step,
                end_step: self.steps,
                start_ns,
                end_ns: self.end_time_ns,
                ended_by: Reason::Finished,
            });
        }
        slices.retain(|s| s.end_step > s.start_step || s.end_ns > s.start_ns);
        Slices(slices)
    }

    /// Steps of the context switches.
    fn switch_steps(&self) -> impl DoubleEndedIterator<Item = u64> + '_ {
        self.events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Switch { .. }))
            .map(|e| e.step)
    }

    /// The first context switch after `step`.
    #[must_use]
    pub fn next_switch(&self, step: u64) -> Option<u64> {
        self.switch_steps().find(|&s| s > step)
    }

    /// The last context switch before `step`.
    #[must_use]
    pub fn previous_switch(&self, step: u64) -> Option<u64> {
        self.switch_steps().rev().find(|&s| s < step)
    }

    /// The first lost update after `step` (its index in `lost_updates`).
    #[must_use]
    pub fn next_lost_update(&self, step: u64) -> Option<usize> {
        self.lost_updates.iter().position(|f| f.step > step)
    }

    /// The last lost update before `step`.
    #[must_use]
    pub fn previous_lost_update(&self, step: u64) -> Option<usize> {
        self.lost_updates.iter().rposition(|f| f.step < step)
    }

    /// Hold and wait intervals of every lock, in order of their start.
    #[must_use]
    pub fn lock_intervals(&self) -> Vec<LockInterval> {
        let mut open: BTreeMap<(u32, ThreadId), LockInterval> = BTreeMap::new();
        let mut done = Vec::new();
        for e in &self.events {
            let (lock, next) = match e.kind {
                EventKind::LockBlock { lock } => (lock.0, Some(LockState::Waiting)),
                EventKind::LockAcquire { lock } => (lock.0, Some(LockState::Held)),
                EventKind::LockRelease { lock } => (lock.0, None),
                _ => continue,
            };
            if let Some(started) = open.remove(&(lock, e.thread)) {
                done.push(LockInterval {
                    end_step: e.step,
                    end_ns: e.time_ns,
                    ..started
                });
            }
            if let Some(state) = next {
                let interval = LockInterval {
                    lock,
                    thread: e.thread,
                    state,
                    start_step: e.step,
                    end_step: e.step,
                    start_ns: e.time_ns,
                    end_ns: e.time_ns,
                };
                open.insert((lock, e.thread), interval);
            }
        }
        done.extend(open.into_values().map(|started| LockInterval {
            end_step: self.steps,
            end_ns: self.end_time_ns,
            ..started
        }));
        done.sort_by_key(|i| (i.start_step, i.lock, i.thread));
        done
    }

    /// Waits on any lock, and holds of the `shown` locks with back-to-back
    /// holds by one thread (no other thread took the lock in between)
    /// merged into one interval: `(interval, number of holds)`, in order of
    /// their start. Keeps a lock taken 100 000 times in a loop drawable.
    #[must_use]
    pub fn merged_lock_intervals(&self, shown: &[u32]) -> Vec<(LockInterval, u64)> {
        let mut merged: Vec<(LockInterval, u64)> = Vec::new();
        let mut last_hold: BTreeMap<u32, usize> = BTreeMap::new();
        for i in self.lock_intervals() {
            match i.state {
                LockState::Waiting => merged.push((i, 1)),
                LockState::Held if shown.contains(&i.lock) => {
                    if let Some(&at) = last_hold.get(&i.lock)
                        && merged[at].0.thread == i.thread
                    {
                        let (interval, times) = &mut merged[at];
                        interval.end_step = i.end_step;
                        interval.end_ns = i.end_ns;
                        *times += 1;
                    } else {
                        last_hold.insert(i.lock, merged.len());
                        merged.push((i, 1));
                    }
                }
                LockState::Held => {}
            }
        }
        merged
    }

    /// How many events of `thread` (all threads with `None`) fall in each of
    /// `buckets` equal stretches of virtual time from `from_ns` to `to_ns`,
    /// for drawing zoomed-out timelines.
    #[must_use]
    pub fn density(
        &self,
        thread: Option<ThreadId>,
        from_ns: u64,
        to_ns: u64,
        buckets: usize,
    ) -> Vec<u32> {
        let mut counts = vec![0u32; buckets];
        if buckets == 0 || to_ns <= from_ns {
            return counts;
        }
        let span = to_ns - from_ns;
        let start = self.events.partition_point(|e| e.time_ns < from_ns);
        for e in self.events[start..]
            .iter()
            .take_while(|e| e.time_ns < to_ns)
        {
            if thread.is_none_or(|t| t == e.thread) {
                let bucket =
                    (u128::from(e.time_ns - from_ns) * buckets as u128 / u128::from(span)) as usize;
                counts[bucket.min(buckets - 1)] += 1;
            }
        }
        counts
    }
}
