//! What playback needs to know about a recording, computed once when it
//! is opened: run slices and each thread's call depth over time.

use tracer_core::sched::ThreadId;
use tracer_core::trace::{EventKind, Slices, Trace};

/// Lookup tables over one trace.
#[derive(Debug)]
pub struct TraceIndex {
    /// Run slices, in step order.
    pub slices: Slices,
    /// Per thread: `(step, call depth from then on)`, in step order.
    depths: Vec<Vec<(u64, u32)>>,
    /// Instructions in the run.
    pub steps: u64,
}

impl TraceIndex {
    /// Indexes `trace`.
    #[must_use]
    pub fn new(trace: &Trace) -> Self {
        let mut depths: Vec<Vec<(u64, u32)>> = vec![Vec::new(); trace.thread_count()];
        let mut current = vec![0u32; trace.thread_count()];
        for e in &trace.events {
            let change = match e.kind {
                EventKind::FramePush { .. } => 1i64,
                EventKind::FramePop => -1,
                _ => continue,
            };
            if let Some(depth) = current.get_mut(e.thread) {
                *depth = u32::try_from((i64::from(*depth) + change).max(0)).unwrap_or(0);
                depths[e.thread].push((e.step, *depth));
            }
        }
        Self {
            slices: trace.slices(),
            depths,
            steps: trace.steps,
        }
    }

    /// Call depth of `thread` at `step`.
    #[must_use]
    pub fn depth_at(&self, thread: ThreadId, step: u64) -> u32 {
        let Some(changes) = self.depths.get(thread) else {
            return 0;
        };
        let i = changes.partition_point(|(s, _)| *s <= step);
        i.checked_sub(1).map_or(0, |i| changes[i].1)
    }

    /// The first step after `step` at which `thread` runs at call depth
    /// `max_depth` or less.
    #[must_use]
    pub fn next_step_at_depth(&self, thread: ThreadId, step: u64, max_depth: u32) -> Option<u64> {
        let mut candidate = self.slices.next_step_of(thread, step)?;
        loop {
            if self.depth_at(thread, candidate) <= max_depth {
                return Some(candidate);
            }
            let changes = self.depths.get(thread)?;
            let from = changes.partition_point(|(s, _)| *s <= candidate);
            let (shallow, _) = changes[from..].iter().find(|(_, d)| *d <= max_depth)?;
            candidate = self
                .slices
                .next_step_of(thread, shallow.saturating_sub(1))?;
        }
    }
}
