//! Random walk: at every allowed switch point, preempt with a fixed
//! probability and pick uniformly among runnable threads.

use super::{Budget, Choice, Rng, Slice, Strategy, ThreadId};

/// Mean number of switch points between preemptions.
const MEAN_RUN: u64 = 64;

/// The random strategy.
#[derive(Clone, Debug, Default)]
pub struct RandomWalk;

impl Strategy for RandomWalk {
    fn choose(&mut self, choice: &Choice<'_>, rng: &mut Rng) -> ThreadId {
        choice.runnable[usize::try_from(rng.below(choice.runnable.len() as u64)).unwrap_or(0)]
    }

    fn budget(&mut self, slice: Slice, rng: &mut Rng) -> Budget {
        if !slice.contended {
            return Budget::Never;
        }
        // Geometric number of switch points with mean MEAN_RUN.
        let u = rng.unit().max(f64::MIN_POSITIVE);
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let n = (u.ln() / (1.0 - 1.0 / MEAN_RUN as f64).ln()).ceil() as u64;
        Budget::AfterSwitchPoints(n.max(1))
    }

    fn boxed_clone(&self) -> Box<dyn Strategy> {
        Box::new(self.clone())
    }
}
