//! Replays a recorded schedule: the same thread at the same step.
//!
//! Every scheduling point of the original run is in the schedule —
//! preemptions, blocking, re-arms — so the replay preempts exactly where
//! the original did ([`Budget::AtStep`]) and picks the recorded thread. The
//! first choice that does not match (another step, a thread that cannot
//! run, decisions exhausted) is kept as the [`Divergence`].

use std::sync::Arc;

use super::{Budget, Choice, Decision, Divergence, Reason, Rng, Slice, Strategy, ThreadId};

/// Follows a recorded schedule decision by decision.
#[derive(Clone, Debug)]
pub struct Replay {
    decisions: Arc<[Decision]>,
    next: usize,
    divergence: Option<Divergence>,
}

impl Replay {
    /// Replays `schedule`.
    #[must_use]
    pub fn new(schedule: Arc<[Decision]>) -> Self {
        Self {
            decisions: schedule,
            next: 0,
            divergence: None,
        }
    }
}

impl Strategy for Replay {
    fn choose(&mut self, choice: &Choice<'_>, _rng: &mut Rng) -> ThreadId {
        let expected = self.decisions.get(self.next).copied();
        self.next += 1;
        match expected {
            Some(d) if d.step == choice.step && choice.runnable.contains(&d.thread) => d.thread,
            _ => {
                self.divergence.get_or_insert(Divergence {
                    step: choice.step,
                    expected,
                    reason: choice.reason,
                });
                choice.runnable[0]
            }
        }
    }

    fn budget(&mut self, _slice: Slice, _rng: &mut Rng) -> Budget {
        match self.decisions.get(self.next) {
            Some(d) => Budget::AtStep {
                step: d.step,
                rearm: d.reason == Reason::Rearm,
            },
            None => Budget::AtStep {
                step: u64::MAX,
                rearm: false,
            },
        }
    }

    fn on_rearm(&mut self, step: u64, thread: ThreadId) {
        let expected = self.decisions.get(self.next).copied();
        self.next += 1;
        if expected
            != Some(Decision {
                step,
                thread,
                reason: Reason::Rearm,
            })
        {
            self.divergence.get_or_insert(Divergence {
                step,
                expected,
                reason: Reason::Rearm,
            });
        }
    }

    fn sees_forced_choices(&self) -> bool {
        true
    }

    fn divergence(&self) -> Option<Divergence> {
        self.divergence
    }

    fn boxed_clone(&self) -> Box<dyn Strategy> {
        Box::new(self.clone())
    }
}
