//! The strategy of a VM driven from outside (see `Vm::run_to_choice`): every
//! switch point where another thread could run is a choice, and the driver
//! makes each one through [`Scheduler::choose_next`](super::Scheduler::choose_next).

use super::{Budget, Choice, Rng, Slice, Strategy, ThreadId};

/// Preempts at every switch point of a contended slice; never chooses by
/// itself (the driver's decision comes first).
#[derive(Clone, Copy, Debug, Default)]
pub struct Pulled;

impl Strategy for Pulled {
    fn choose(&mut self, choice: &Choice<'_>, _rng: &mut Rng) -> ThreadId {
        choice.runnable[0]
    }

    fn budget(&mut self, slice: Slice, _rng: &mut Rng) -> Budget {
        if slice.contended {
            Budget::AfterSwitchPoints(1)
        } else {
            Budget::Never
        }
    }

    fn boxed_clone(&self) -> Box<dyn Strategy> {
        Box::new(*self)
    }
}
