//! The cursor: the full state of a recorded run at any step, rebuilt by
//! re-executing from the nearest checkpoint (rr-style).
//!
//! Besides the recording's evenly spaced checkpoints, the cursor keeps a
//! few *near* checkpoints, spaced [`NEAR_SPACING`] steps apart, where it
//! last stepped backwards a little, so that stepping back repeatedly
//! re-executes at most that many steps each time. Long jumps only
//! re-execute from the closest checkpoint.

use std::sync::Arc;

use super::RecordedVm;
use super::record::{Recording, Trace};
use super::state::StepState;
use interleave_vm::Vm;

/// Steps between the near checkpoints made for stepping backwards.
pub const NEAR_SPACING: u64 = 4096;
/// Near checkpoints kept at most.
const NEAR_CAPACITY: usize = 32;

/// A position in a recording, with the VM state there.
#[derive(Debug)]
pub struct Cursor {
    recording: Arc<Recording>,
    vm: Vm,
    /// Near checkpoints, in step order.
    near: Vec<Vm>,
}

impl Cursor {
    /// A cursor at step 0 of `recording`.
    ///
    /// # Panics
    /// If the recording has no checkpoint (recordings always have one at step 0).
    #[must_use]
    pub fn new(recording: Arc<Recording>) -> Self {
        let vm = recording
            .checkpoints
            .at_or_before(0)
            .expect("a recording starts with a checkpoint")
            .clone();
        Self {
            recording,
            vm,
            near: Vec::new(),
        }
    }

    /// The recording.
    #[must_use]
    pub fn trace(&self) -> &Trace {
        &self.recording.trace
    }

    /// The current step.
    #[must_use]
    pub const fn step(&self) -> u64 {
        self.vm.steps()
    }

    /// Moves to `target` (clamped to the run's length) and returns the step
    /// reached: `target` itself unless native code was running Python
    /// callbacks there (see [`Vm::run_until`]).
    pub fn seek(&mut self, target: u64) -> u64 {
        let target = target.min(self.recording.trace.steps);
        let here = self.vm.steps();
        if target == here {
            return here;
        }
        let backwards = target < here;
        let base = self.best_base(target);
        if let Some(base) = base {
            self.vm = base.clone();
        }
        let stepping_back = backwards && here - target <= NEAR_SPACING;
        if stepping_back && target - self.vm.steps() > NEAR_SPACING {
            self.fill_near(target);
        }
        self.vm.run_until(target);
        self.vm.take_events();
        self.vm.steps()
    }

    /// The closest VM state at or before `target` to start from, unless the
    /// current one is at least as close.
    fn best_base(&self, target: u64) -> Option<&Vm> {
        let coarse = self.recording.checkpoints.at_or_before(target);
        let near = self.near.iter().rev().find(|vm| vm.steps() <= target);
        let best = [coarse, near]
            .into_iter()
            .flatten()
            .max_by_key(|vm| vm.steps())?;
        let here = self.vm.steps();
        (here > target || best.steps() > here).then_some(best)
    }

    /// Runs towards `target`, keeping a near checkpoint every
    /// [`NEAR_SPACING`] steps; drops the near checkpoints farthest away
    /// when there are too many.
    fn fill_near(&mut self, target: u64) {
        loop {
            let next = (self.vm.steps() / NEAR_SPACING + 1) * NEAR_SPACING;
            if next >= target {
                break;
            }
            if self.vm.run_until(next).is_some() {
                break;
            }
            self.vm.take_events();
            let copy = self.vm.checkpoint();
            let at = self.near.partition_point(|vm| vm.steps() < copy.steps());
            if self
                .near
                .get(at)
                .is_none_or(|vm| vm.steps() != copy.steps())
            {
                self.near.insert(at, copy);
            }
        }
        while self.near.len() > NEAR_CAPACITY {
            let first = self.near[0].steps().abs_diff(target);
            let last = self.near[self.near.len() - 1].steps().abs_diff(target);
            if first > last {
                self.near.remove(0);
            } else {
                self.near.pop();
            }
        }
    }

    /// Runs forward to the first step, within `limit` steps, at which
    /// `thread` arrives at `line` of `file` (its innermost frame is there
    /// and was elsewhere before), and returns that step; the cursor does not
    /// move when there is none.
    pub fn run_to_line(&mut self, thread: usize, file: &str, line: u32, limit: u64) -> Option<u64> {
        let start = self.vm.steps();
        let mut scout = self.vm.clone();
        let mut left = scout
            .frame_line(thread)
            .is_none_or(|(f, l)| f != file || l != line);
        while scout.steps() < start.saturating_add(limit) {
            if scout.run_until(scout.steps() + 1).is_some() {
                return None;
            }
            match scout.frame_line(thread) {
                Some((f, l)) if f == file && l == line => {
                    if left {
                        let found = scout.steps();
                        scout.take_events();
                        self.vm = scout;
                        return Some(found);
                    }
                }
                _ => left = true,
            }
        }
        None
    }

    /// Everything visible at the current step.
    #[must_use]
    pub fn state(&self) -> StepState {
        self.vm.inspect()
    }

    /// What the program had printed by the current step.
    #[must_use]
    pub fn output(&self) -> &[u8] {
        self.vm.output()
    }

    /// Memory held by the recording's checkpoints and the near ones, estimated.
    #[must_use]
    pub fn checkpoint_bytes(&self) -> usize {
        self.recording.checkpoints.bytes()
            + self.near.iter().map(Vm::estimated_bytes).sum::<usize>()
    }
}
