//! CPython-like scheduling: the GIL holder runs until it blocks or, when
//! other threads wait, until the switch interval (`sys.getswitchinterval()`,
//! 5 ms unless the script sets it; seeded jitter of ±10 %) raises a drop
//! request; the GIL then goes to one of the waiters.

use super::{Budget, Choice, GilModel, Reason, Rng, Slice, Strategy, ThreadId};

/// Without a GIL, threads interleave about this often.
const FREE_THREADED_SLICE_NS: u64 = 2_000;

/// The realistic strategy.
#[derive(Clone, Debug)]
pub struct Realistic {
    gil: GilModel,
}

impl Realistic {
    /// For a GIL model.
    #[must_use]
    pub const fn new(gil: GilModel) -> Self {
        Self { gil }
    }
}

impl Strategy for Realistic {
    fn choose(&mut self, choice: &Choice<'_>, rng: &mut Rng) -> ThreadId {
        // A forced switch (drop request or voluntary release) hands the GIL
        // to another waiter, as CPython's FORCE_SWITCHING ensures.
        let others: Vec<ThreadId> = choice
            .runnable
            .iter()
            .copied()
            .filter(|&t| t != choice.current)
            .collect();
        let pool = match choice.reason {
            Reason::Preempted | Reason::Yielded if !others.is_empty() => &others[..],
            _ => choice.runnable,
        };
        pool[usize::try_from(rng.below(pool.len() as u64)).unwrap_or(0)]
    }

    fn budget(&mut self, slice: Slice, rng: &mut Rng) -> Budget {
        if !slice.contended {
            return Budget::Never;
        }
        if self.gil.parallel() {
            return Budget::AfterNs(FREE_THREADED_SLICE_NS / 2 + rng.below(FREE_THREADED_SLICE_NS));
        }
        let interval = slice.switch_interval_ns;
        let jitter = interval / 10;
        // Saturating: a script may set an interval of years.
        Budget::AfterNs((interval - jitter).saturating_add(rng.below(2 * jitter + 1)))
    }

    fn boxed_clone(&self) -> Box<dyn Strategy> {
        Box::new(self.clone())
    }
}
