//! Checkpoints: copies of the whole VM taken every `interval` steps while
//! recording, so any step can be rebuilt by re-executing from the nearest
//! one (as rr does). Memory is budgeted: when the copies outgrow the
//! budget, every other one is dropped and the interval doubles, so a run
//! of any length keeps a bounded, evenly spaced set.

use interleave_vm::Vm;

/// What a recording keeps for browsing it: how densely to checkpoint, how
/// much memory the copies may hold, and whether frame events are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckpointPolicy {
    /// Steps between checkpoints at first (doubles when over budget).
    pub interval: u64,
    /// Upper bound of the checkpoints' estimated size, in bytes.
    pub budget_bytes: usize,
    /// Keep the frame push/pop events (the call depth that stepping over
    /// and out follows). They are counted and digested either way, and
    /// trace files never store them.
    pub frame_events: bool,
}

impl CheckpointPolicy {
    /// Only the checkpoint at step 0 and no frame events (for runs nobody
    /// will browse).
    pub const NONE: Self = Self {
        interval: u64::MAX,
        budget_bytes: usize::MAX,
        frame_events: false,
    };
}

impl Default for CheckpointPolicy {
    /// Every 2^18 steps (a seek re-executes 2^17 on average, a few
    /// milliseconds), at most 256 MiB.
    fn default() -> Self {
        Self {
            interval: 1 << 18,
            budget_bytes: 256 << 20,
            frame_events: true,
        }
    }
}

/// The checkpoints of one recording, in step order.
#[derive(Clone, Debug)]
pub struct Checkpoints {
    policy: CheckpointPolicy,
    interval: u64,
    /// `(estimated bytes, vm)`; the first is the VM before its first step.
    snapshots: Vec<(usize, Vm)>,
    bytes: usize,
}

impl Checkpoints {
    /// An empty set following `policy`.
    #[must_use]
    pub fn new(policy: CheckpointPolicy) -> Self {
        Self {
            policy,
            interval: policy.interval.max(1),
            snapshots: Vec::new(),
            bytes: 0,
        }
    }

    /// The step at which the next checkpoint is due after `step`.
    #[must_use]
    pub const fn next_due(&self, step: u64) -> u64 {
        (step / self.interval + 1) * self.interval
    }

    /// Keeps a copy of `vm` (paused), thinning the set if it outgrows the
    /// budget.
    pub fn push(&mut self, vm: &mut Vm) {
        let copy = vm.checkpoint();
        let size = copy.estimated_bytes();
        self.bytes += size;
        self.snapshots.push((size, copy));
        while self.bytes > self.policy.budget_bytes && self.snapshots.len() > 2 {
            self.thin();
        }
    }

    /// Drops every other checkpoint (keeping the first) and doubles the
    /// interval.
    fn thin(&mut self) {
        self.interval = self.interval.saturating_mul(2);
        let mut position = 0;
        self.snapshots.retain(|_| {
            position += 1;
            position % 2 == 1
        });
        self.bytes = self.snapshots.iter().map(|(size, _)| size).sum();
    }

    /// The latest checkpoint at or before `step`.
    #[must_use]
    pub fn at_or_before(&self, step: u64) -> Option<&Vm> {
        let i = self.snapshots.partition_point(|(_, vm)| vm.steps() <= step);
        i.checked_sub(1).map(|i| &self.snapshots[i].1)
    }

    /// Number of checkpoints kept.
    #[must_use]
    pub fn len(&self) -> usize {
        self.snapshots.len()
    }

    /// `true` when none is kept.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.snapshots.is_empty()
    }

    /// Estimated memory held by the checkpoints, in bytes.
    #[must_use]
    pub const fn bytes(&self) -> usize {
        self.bytes
    }

    /// Steps between checkpoints now.
    #[must_use]
    pub const fn interval(&self) -> u64 {
        self.interval
    }
}
