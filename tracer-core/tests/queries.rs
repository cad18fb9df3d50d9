//! The recording's queries agree with the cursor's rebuilt state: run
//! slices say which thread executes each step, switches and lost updates
//! are found in both directions, lock intervals never overlap.

use std::sync::Arc;

use tracer_core::sched::{GilModel, Rng, SchedConfig, StrategyKind};
use tracer_core::trace::{
    CheckpointPolicy, Cursor, LockState, Recording, RunConfig, Scheduling, Script, record,
};
use tracer_core::vm::Limits;

const LOSSY: &str = r"
import threading
count = 0
lock = threading.Lock()

def bump():
    return 1

def work():
    global count
    for _ in range(300):
        count = count + bump()
        with lock:
            pass

ts = [threading.Thread(target=work) for _ in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(count)
";

fn recording() -> Arc<Recording> {
    let script = Script {
        name: "lossy.py".to_owned(),
        source: LOSSY.to_owned(),
    };
    let config = RunConfig {
        sched: SchedConfig {
            seed: 4,
            gil: GilModel::Cpython39,
            strategy: StrategyKind::Random,
            cores: 4,
        },
        limits: Limits::default(),
    };
    let policy = CheckpointPolicy {
        interval: 2048,
        budget_bytes: 64 << 20,
        frame_events: true,
    };
    Arc::new(record(&script, config, Scheduling::Seeded, policy).expect("compiles"))
}

#[test]
fn slices_tile_the_run_and_name_the_running_thread() {
    let rec = recording();
    let trace = &rec.trace;
    let slices = trace.slices();
    assert_eq!(slices.0.first().map(|s| s.start_step), Some(0));
    assert_eq!(slices.0.last().map(|s| s.end_step), Some(trace.steps));
    for pair in slices.0.windows(2) {
        assert_eq!(pair[0].end_step, pair[1].start_step, "{pair:?}");
    }
    let mut cursor = Cursor::new(rec.clone());
    let mut rng = Rng::new(1);
    for _ in 0..40 {
        let step = rng.below(trace.steps);
        let reached = cursor.seek(step);
        let state = cursor.state();
        assert_eq!(
            slices.thread_at(reached),
            Some(state.running),
            "step {reached}"
        );
    }
}

#[test]
fn next_and_previous_step_of_a_thread_skip_other_threads() {
    let rec = recording();
    let trace = &rec.trace;
    let slices = trace.slices();
    let mut rng = Rng::new(2);
    for _ in 0..50 {
        let step = 1 + rng.below(trace.steps - 2);
        let thread = 1 + usize::try_from(rng.below(3)).expect("small");
        if let Some(next) = slices.next_step_of(thread, step) {
            assert!(next > step);
            assert_eq!(slices.thread_at(next), Some(thread));
            assert!((step + 1..next).all(|s| slices.thread_at(s) != Some(thread)));
        }
        if let Some(previous) = slices.previous_step_of(thread, step) {
            assert!(previous < step);
            assert_eq!(slices.thread_at(previous), Some(thread));
            assert!((previous + 1..step).all(|s| slices.thread_at(s) != Some(thread)));
        }
    }
}

#[test]
fn switches_and_lost_updates_are_found_both_ways() {
    let rec = recording();
    let trace = &rec.trace;
    assert!(
        trace.lost_update_count > 0,
        "the race loses updates under 3.9"
    );
    let first = trace.next_lost_update(0).expect("a lost update");
    let step = trace.lost_updates[first].step;
    assert_eq!(trace.previous_lost_update(step + 1), Some(first));
    let switch = trace.next_switch(step).expect("a switch after it");
    assert!(switch > step);
    assert_eq!(trace.previous_switch(switch + 1), Some(switch));
    let slices = trace.slices();
    assert_ne!(
        slices.thread_at(switch - 1),
        slices.thread_at(switch),
        "a switch hands the CPU to another thread"
    );
}

#[test]
fn a_lock_is_held_by_one_thread_at_a_time() {
    let rec = recording();
    let intervals = rec.trace.lock_intervals();
    let held: Vec<_> = intervals
        .iter()
        .filter(|i| i.state == LockState::Held)
        .collect();
    assert!(
        held.len() >= 900,
        "every `with lock` holds it: {}",
        held.len()
    );
    for (i, a) in held.iter().enumerate() {
        for b in held[i + 1..]
            .iter()
            .take_while(|b| b.start_step < a.end_step)
        {
            assert!(a.lock != b.lock, "{a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn density_counts_every_event_once() {
    let rec = recording();
    let trace = &rec.trace;
    let buckets = trace.density(None, 0, trace.end_time_ns + 1, 64);
    let total: u32 = buckets.iter().sum();
    assert_eq!(total as usize, trace.events.len());
    let per_thread: u32 = (0..4)
        .map(|t| {
            trace
                .density(Some(t), 0, trace.end_time_ns + 1, 64)
                .iter()
                .sum::<u32>()
        })
        .sum();
    assert_eq!(per_thread, total);
}
