//! PCT (Burckhardt et al., ASPLOS 2010): each thread gets a random
//! priority; the highest-priority runnable thread runs; at `depth - 1`
//! random change points the running thread drops to a low priority.

use std::collections::BTreeMap;

use super::{Budget, Choice, Rng, Slice, Strategy, ThreadId};

/// The PCT strategy.
#[derive(Clone, Debug)]
pub struct Pct {
    priorities: BTreeMap<ThreadId, u64>,
    /// Change points not reached yet, as counts of switch points passed
    /// (under switch-point budgets), the latest first.
    change_points: Vec<u64>,
    next_low: u64,
    depth: u32,
    horizon: u64,
    initialised: bool,
}

impl Pct {
    /// PCT with bug depth `depth` over about `horizon` switch points.
    #[must_use]
    pub fn new(depth: u32, horizon: u64) -> Self {
        Self {
            priorities: BTreeMap::new(),
            change_points: Vec::new(),
            next_low: u64::from(depth),
            depth,
            horizon,
            initialised: false,
        }
    }

    fn init(&mut self, rng: &mut Rng) {
        if self.initialised {
            return;
        }
        self.initialised = true;
        let mut points: Vec<u64> = (1..self.depth)
            .map(|_| 1 + rng.below(self.horizon))
            .collect();
        points.sort_unstable();
        points.reverse();
        self.change_points = points;
    }

    /// Forgets the change points at or before `passed` switch points.
    fn drop_reached(&mut self, passed: u64) {
        while self.change_points.last().is_some_and(|&p| p <= passed) {
            self.change_points.pop();
        }
    }
}

impl Strategy for Pct {
    fn on_spawn(&mut self, thread: ThreadId, rng: &mut Rng) {
        self.init(rng);
        let priority = u64::from(self.depth) + 1 + rng.below(1 << 32);
        self.priorities.insert(thread, priority);
    }

    fn choose(&mut self, choice: &Choice<'_>, _rng: &mut Rng) -> ThreadId {
        if choice.reason == super::Reason::Preempted {
            // A change point: the running thread drops below every other.
            self.drop_reached(choice.switch_points);
            self.next_low = self.next_low.saturating_sub(1);
            self.priorities.insert(choice.current, self.next_low);
        }
        *choice
            .runnable
            .iter()
            .max_by_key(|t| {
                (
                    self.priorities.get(t).copied().unwrap_or(0),
                    usize::MAX - **t,
                )
            })
            .unwrap_or(&choice.runnable[0])
    }

    fn budget(&mut self, slice: Slice, rng: &mut Rng) -> Budget {
        self.init(rng);
        if !slice.contended {
            return Budget::Never;
        }
        // A change point a blocked or finished thread did not reach stays
        // for whichever thread runs on to it.
        match self.change_points.last() {
            Some(&point) => {
                Budget::AfterSwitchPoints(point.saturating_sub(slice.switch_points).max(1))
            }
            None => Budget::Never,
        }
    }

    fn boxed_clone(&self) -> Box<dyn Strategy> {
        Box::new(self.clone())
    }
}
