//! Driving the VM from outside, one scheduling choice at a time: the seam
//! exhaustive exploration uses. A VM built with [`Scheduler::pulled`]
//! stops at every scheduling choice ([`Vm::run_to_choice`]),
//! says what could run and whether the thread that ran did anything other
//! threads could observe since the previous choice, and goes on with the
//! thread the driver picks ([`Vm::choose_next`]).
//!
//! [`Scheduler::pulled`]: crate::sched::Scheduler::pulled

use crate::event::EventKind;
use crate::sched::{Reason, ThreadId};
use crate::{Outcome, Vm};

/// Where [`Vm::run_to_choice`] stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// A choice awaits [`Vm::choose_next`].
    Choice(PendingChoice),
    /// The run ended.
    Ended(Outcome),
}

/// A scheduling choice the VM stopped at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingChoice {
    /// Why a thread must be chosen.
    pub reason: Reason,
    /// The thread that ran until here.
    pub current: ThreadId,
    /// The threads that could run (never empty).
    pub runnable: Vec<ThreadId>,
    /// Instructions executed so far.
    pub step: u64,
    /// Since the previous choice, the threads that ran took, released or
    /// waited for a lock, started or ended a thread, printed, or read or
    /// wrote shared state (a global, an item, an attribute) in the
    /// script's own code.
    pub visible: bool,
    /// Since the previous choice, the running thread was given a fresh
    /// budget (a sleeper woke or a thread started) without a switch.
    pub after_rearm: bool,
}

/// What the VM notes for its driver between two choices.
#[derive(Clone, Debug, Default)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent facts, each a yes or no"
)]
pub(crate) struct PullNotes {
    /// A driver makes the choices (the scheduler is pulled).
    pub(crate) active: bool,
    /// The instruction running now belongs to the script's own code.
    pub(crate) in_script: bool,
    /// See [`PendingChoice::visible`].
    pub(crate) visible: bool,
    /// See [`PendingChoice::after_rearm`].
    pub(crate) rearmed: bool,
}

impl Vm {
    /// Runs to the next scheduling choice, or to the end. Only
    /// for a VM whose scheduler is [`Scheduler::pulled`]; a VM whose
    /// choices its own strategy makes runs to the end.
    ///
    /// [`Scheduler::pulled`]: crate::sched::Scheduler::pulled
    pub fn run_to_choice(&mut self) -> Stop {
        match self.run_until(u64::MAX) {
            Some(outcome) => Stop::Ended(outcome),
            None => Stop::Choice(
                self.pending
                    .clone()
                    .expect("a pulled run pauses only at a choice"),
            ),
        }
    }

    /// Runs `thread` at the choice [`Vm::run_to_choice`] stopped at (a
    /// thread that cannot run there is ignored: the scheduler's default
    /// runs).
    pub fn choose_next(&mut self, thread: ThreadId) {
        self.pending = None;
        self.pull.visible = false;
        self.pull.rearmed = false;
        self.scheduler.choose_next(thread);
    }

    /// Notes a sparse event for the driver: synchronisation and output are
    /// visible to other threads.
    pub(crate) fn note_event_for_driver(&mut self, kind: EventKind) {
        if matches!(
            kind,
            EventKind::LockAcquire { .. }
                | EventKind::LockRelease { .. }
                | EventKind::LockBlock { .. }
                | EventKind::ThreadStart { .. }
                | EventKind::ThreadExit
                | EventKind::Output { .. }
        ) {
            self.pull.visible = true;
        }
    }
}
