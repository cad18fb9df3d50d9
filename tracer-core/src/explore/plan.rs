//! A schedule in thread-local coordinates, and the strategy that follows
//! one: what the shrinker edits.
//!
//! A recorded schedule says "at global step 4449, switch to T1". Remove an
//! earlier preemption and every later global step means another
//! instruction. Counted in the running thread's own instructions instead
//! ("after T2's 1203rd instruction, switch to T1"), a decision keeps its
//! meaning when other decisions are removed, as long as the thread's own
//! path does not depend on them.

use std::collections::BTreeMap;
use std::sync::Arc;

use interleave_vm::sched::{Budget, Choice, Decision, Reason, Rng, Slice, Strategy, ThreadId};

/// A preemption: after `local` instructions of `thread`, `to` runs (at
/// global `step` in the schedule it was read from).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Preemption {
    thread: ThreadId,
    local: u64,
    to: ThreadId,
    step: u64,
}

/// A schedule as decisions keyed by the running thread's own progress.
#[derive(Clone, Debug, Default)]
pub(super) struct LocalPlan {
    /// Choices that were not preemptions (start, blocking, yielding,
    /// finishing), by (running thread, its instructions so far): the
    /// threads chosen there, in order.
    forced: BTreeMap<(ThreadId, u64), Vec<ThreadId>>,
    /// Preemptions that switched threads, in schedule order.
    preemptions: Vec<Preemption>,
}

impl LocalPlan {
    /// The plan of a recorded schedule.
    pub(super) fn of(schedule: &[Decision]) -> Self {
        let mut plan = Self::default();
        let mut clock = LocalClock::default();
        for d in schedule {
            if d.reason == Reason::Rearm {
                continue;
            }
            let (thread, local) = clock.advance(d.step);
            if d.reason != Reason::Preempted {
                plan.forced
                    .entry((thread, local))
                    .or_default()
                    .push(d.thread);
            } else if d.thread != thread {
                plan.preemptions.push(Preemption {
                    thread,
                    local,
                    to: d.thread,
                    step: d.step,
                });
            }
            clock.switch(d.thread, d.step);
        }
        plan
    }

    /// Number of preemptions.
    pub(super) fn preemptions(&self) -> usize {
        self.preemptions.len()
    }

    /// Plans with one preemption: each of this plan's preemptions, switching
    /// to each thread the plan mentions (other than the preempted one), and
    /// no planned forced choices (those of a schedule with more
    /// preemptions would steer this one elsewhere).
    pub(super) fn single_preemptions(&self) -> Vec<Self> {
        (0..self.preemptions.len())
            .flat_map(|i| self.only(i))
            .collect()
    }

    /// Plans with only preemption `index`, switching to each thread the
    /// plan mentions other than the preempted one, and no forced choices.
    pub(super) fn only(&self, index: usize) -> Vec<Self> {
        let mut threads: Vec<ThreadId> = self.forced.values().flatten().copied().collect();
        threads.extend(self.preemptions.iter().flat_map(|p| [p.thread, p.to]));
        threads.sort_unstable();
        threads.dedup();
        let Some(p) = self.preemptions.get(index) else {
            return Vec::new();
        };
        threads
            .iter()
            .filter(|&&t| t != p.thread)
            .map(|&to| Self {
                forced: BTreeMap::new(),
                preemptions: vec![Preemption { to, ..*p }],
            })
            .collect()
    }

    /// The index of the last preemption of `thread` before global `step`.
    pub(super) fn last_preemption_of(&self, thread: ThreadId, step: u64) -> Option<usize> {
        self.preemptions
            .iter()
            .rposition(|p| p.thread == thread && p.step < step)
    }

    /// The local instruction count of preemption `index`, and the least it
    /// can move to (just after the thread's previous preemption).
    pub(super) fn position(&self, index: usize) -> Option<(u64, u64)> {
        let p = self.preemptions.get(index)?;
        let earliest = self.preemptions[..index]
            .iter()
            .filter(|q| q.thread == p.thread)
            .map(|q| q.local + 1)
            .max()
            .unwrap_or(1);
        Some((earliest, p.local))
    }

    /// The plan with preemption `index` after `local` instructions of its
    /// thread instead.
    pub(super) fn moved(&self, index: usize, local: u64) -> Self {
        let mut plan = self.clone();
        if let Some(p) = plan.preemptions.get_mut(index) {
            p.local = local;
        }
        plan
    }

    /// The plan with only the preemptions whose index `keep` accepts.
    pub(super) fn keeping(&self, keep: impl Fn(usize) -> bool) -> Self {
        Self {
            forced: self.forced.clone(),
            preemptions: self
                .preemptions
                .iter()
                .enumerate()
                .filter(|(i, _)| keep(*i))
                .map(|(_, p)| *p)
                .collect(),
        }
    }
}

/// Instructions run by each thread, from the steps of successive choices
/// (one thread runs at a time between two choices).
#[derive(Clone, Debug, Default)]
struct LocalClock {
    local: Vec<u64>,
    running: ThreadId,
    since: u64,
}

impl LocalClock {
    /// Accounts for the running thread up to global `step`; returns it and
    /// its instruction count.
    fn advance(&mut self, step: u64) -> (ThreadId, u64) {
        let thread = self.running;
        if self.local.len() <= thread {
            self.local.resize(thread + 1, 0);
        }
        self.local[thread] += step.saturating_sub(self.since);
        self.since = step;
        (thread, self.local[thread])
    }

    /// `thread` runs from global `step` on.
    fn switch(&mut self, thread: ThreadId, step: u64) {
        self.running = thread;
        self.since = step;
    }

    fn local(&self, thread: ThreadId) -> u64 {
        self.local.get(thread).copied().unwrap_or(0)
    }
}

/// Follows a [`LocalPlan`]: preempts each thread after its planned number
/// of instructions, makes the planned forced choices, and otherwise keeps
/// the running thread (at a preemption) or runs the runnable thread that
/// has run the fewest instructions (a thread that just started, so
/// threads overlap without extra preemptions).
#[derive(Clone, Debug)]
pub(super) struct FollowPlan {
    plan: Arc<LocalPlan>,
    clock: LocalClock,
    /// Forced choices used so far, per key.
    used: BTreeMap<(ThreadId, u64), usize>,
    /// Where the running thread's armed preemption switches to.
    pending: Option<ThreadId>,
}

impl FollowPlan {
    /// A strategy following `plan`.
    pub(super) fn new(plan: LocalPlan) -> Self {
        Self {
            plan: Arc::new(plan),
            clock: LocalClock::default(),
            used: BTreeMap::new(),
            pending: None,
        }
    }
}

impl Strategy for FollowPlan {
    fn choose(&mut self, choice: &Choice<'_>, _rng: &mut Rng) -> ThreadId {
        let (thread, local) = self.clock.advance(choice.step);
        let planned = if choice.reason == Reason::Preempted {
            self.pending.take().or(Some(thread))
        } else {
            let used = self.used.entry((thread, local)).or_default();
            *used += 1;
            self.plan
                .forced
                .get(&(thread, local))
                .and_then(|targets| targets.get(*used - 1).copied())
        };
        let chosen = planned
            .filter(|t| choice.runnable.contains(t))
            .or_else(|| {
                choice
                    .runnable
                    .iter()
                    .copied()
                    .min_by_key(|&t| (self.clock.local(t), t))
            })
            .unwrap_or(choice.runnable[0]);
        self.clock.switch(chosen, choice.step);
        chosen
    }

    fn budget(&mut self, slice: Slice, _rng: &mut Rng) -> Budget {
        let thread = slice.thread;
        let local = self.clock.local(thread);
        let next = self
            .plan
            .preemptions
            .iter()
            .filter(|p| p.thread == thread && p.local > local)
            .min_by_key(|p| p.local);
        self.pending = next.map(|p| p.to);
        Budget::AtStep {
            step: next.map_or(u64::MAX, |p| self.clock.since + (p.local - local)),
            rearm: false,
        }
    }

    fn on_rearm(&mut self, step: u64, _thread: ThreadId) {
        self.clock.advance(step);
    }

    fn sees_forced_choices(&self) -> bool {
        true
    }

    fn boxed_clone(&self) -> Box<dyn Strategy> {
        Box::new(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(step: u64, thread: ThreadId, reason: Reason) -> Decision {
        Decision {
            step,
            thread,
            reason,
        }
    }

    #[test]
    fn decisions_are_keyed_by_the_running_threads_own_instructions() {
        let plan = LocalPlan::of(&[
            d(0, 0, Reason::Start),
            d(10, 1, Reason::Blocked),
            d(15, 1, Reason::Preempted),
            d(25, 0, Reason::Preempted),
            d(30, 1, Reason::Preempted),
        ]);
        assert_eq!(plan.forced.get(&(0, 10)), Some(&vec![1]));
        assert_eq!(
            plan.preemptions,
            [
                Preemption {
                    thread: 1,
                    local: 15,
                    to: 0,
                    step: 25,
                },
                Preemption {
                    thread: 0,
                    local: 15,
                    to: 1,
                    step: 30,
                },
            ]
        );
        assert_eq!(plan.keeping(|i| i == 1).preemptions(), 1);
        assert_eq!(plan.last_preemption_of(0, 31), Some(1));
        assert_eq!(plan.last_preemption_of(0, 30), None);
        assert_eq!(plan.position(1), Some((1, 15)));
        assert_eq!(plan.moved(1, 3).position(1), Some((1, 3)));
        assert_eq!(plan.only(0).len(), 1);
    }
}
