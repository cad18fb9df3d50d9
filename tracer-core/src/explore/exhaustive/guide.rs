//! The strategy of exhaustive runs: offer a choice at every switch point,
//! follow the planned deviations from the default schedule, and log every
//! choice for the search to branch on afterwards.

use std::sync::{Arc, Mutex, PoisonError};

use interleave_vm::sched::{Budget, Choice, Reason, Rng, Slice, Strategy, ThreadId};

/// A planned choice: at the `at`-th choice of the run, run `thread`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Deviation {
    /// Index of the choice among all choices of the run.
    pub(super) at: u32,
    /// The thread to run there.
    pub(super) thread: ThreadId,
}

/// One choice the VM asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct ChoicePoint {
    /// Instructions executed before it.
    pub(super) step: u64,
    /// Why the VM asked.
    pub(super) reason: Reason,
    /// The thread that ran until here.
    pub(super) current: ThreadId,
    /// The threads that could run.
    pub(super) runnable: Vec<ThreadId>,
    /// The thread the default schedule runs here.
    pub(super) default: ThreadId,
    /// The thread that was run.
    pub(super) chosen: ThreadId,
    /// The running thread was re-armed (a sleeper woke) since the previous
    /// choice.
    pub(super) after_rearm: bool,
}

/// What a run's choices were; shared between the strategy (inside the
/// VM) and the probe that drives the VM.
#[derive(Debug, Default)]
pub(super) struct Log {
    /// Every choice, in order.
    pub(super) choices: Vec<ChoicePoint>,
    /// The thread running now.
    pub(super) running: ThreadId,
    rearmed: bool,
}

/// The thread the default schedule picks: at a preemption point the running
/// thread keeps going (no preemption); otherwise the next runnable thread
/// after the current one, in thread order.
pub(super) fn default_pick(choice: &Choice<'_>) -> ThreadId {
    if choice.reason == Reason::Preempted && choice.runnable.contains(&choice.current) {
        return choice.current;
    }
    choice
        .runnable
        .iter()
        .copied()
        .find(|&t| t > choice.current)
        .unwrap_or(choice.runnable[0])
}

/// Follows a sorted list of [`Deviation`]s from the default schedule and
/// preempts at every switch point while another thread could run, so each
/// one is a choice.
#[derive(Clone, Debug)]
pub(super) struct Guide {
    deviations: Arc<[Deviation]>,
    next: usize,
    index: u32,
    log: Arc<Mutex<Log>>,
}

impl Guide {
    /// A guide following `deviations` (sorted by choice index), logging
    /// into `log`.
    pub(super) fn new(deviations: Arc<[Deviation]>, log: Arc<Mutex<Log>>) -> Self {
        Self {
            deviations,
            next: 0,
            index: 0,
            log,
        }
    }
}

impl Strategy for Guide {
    fn choose(&mut self, choice: &Choice<'_>, _rng: &mut Rng) -> ThreadId {
        let default = default_pick(choice);
        let mut chosen = default;
        if let Some(d) = self.deviations.get(self.next)
            && d.at == self.index
        {
            self.next += 1;
            if choice.runnable.contains(&d.thread) {
                chosen = d.thread;
            }
        }
        self.index += 1;
        let mut log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        let after_rearm = std::mem::take(&mut log.rearmed);
        log.choices.push(ChoicePoint {
            step: choice.step,
            reason: choice.reason,
            current: choice.current,
            runnable: choice.runnable.to_vec(),
            default,
            chosen,
            after_rearm,
        });
        log.running = chosen;
        chosen
    }

    fn budget(&mut self, slice: Slice, _rng: &mut Rng) -> Budget {
        if slice.contended {
            Budget::AfterSwitchPoints(1)
        } else {
            Budget::Never
        }
    }

    fn on_rearm(&mut self, _step: u64, _thread: ThreadId) {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .rearmed = true;
    }

    fn sees_forced_choices(&self) -> bool {
        true
    }

    fn boxed_clone(&self) -> Box<dyn Strategy> {
        Box::new(self.clone())
    }
}
