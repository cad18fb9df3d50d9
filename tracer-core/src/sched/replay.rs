//! Replays a recorded schedule: the same thread at the same decision.

use super::{Budget, Choice, Decision, Rng, Schedule, Strategy, ThreadId};

/// Follows a recorded [`Schedule`] decision by decision.
#[derive(Clone, Debug)]
pub struct Replay {
    decisions: std::vec::IntoIter<Decision>,
}

impl Replay {
    /// Replays `schedule`.
    #[must_use]
    pub fn new(schedule: Schedule) -> Self {
        Self {
            decisions: schedule.into_iter(),
        }
    }
}

impl Strategy for Replay {
    fn choose(&mut self, choice: &Choice<'_>, _rng: &mut Rng) -> ThreadId {
        match self.decisions.next() {
            Some(d) if choice.runnable.contains(&d.thread) => d.thread,
            _ => choice.runnable[0],
        }
    }

    fn budget(&mut self, _thread: ThreadId, _contended: bool, _rng: &mut Rng) -> Budget {
        Budget::Never
    }
}
