//! Playback commands on a small recorded race.

use super::*;
use tracer_core::sched::{GilModel, SchedConfig, StrategyKind};
use tracer_core::trace::{CheckpointPolicy, RunConfig, Scheduling, Script, record};
use tracer_core::vm::Limits;

const RACE: &str = r"
import threading
count = 0

def bump():
    return 1

def work():
    global count
    for _ in range(200):
        count = count + bump()

ts = [threading.Thread(target=work) for _ in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(count)
";

fn fixture() -> (Trace, TraceIndex) {
    let script = Script {
        name: "race.py".to_owned(),
        source: RACE.to_owned(),
    };
    let config = RunConfig {
        sched: SchedConfig {
            seed: 3,
            gil: GilModel::Cpython39,
            strategy: StrategyKind::Random,
            cores: 4,
        },
        limits: Limits::default(),
    };
    let trace = record(
        &script,
        config,
        Scheduling::Seeded,
        // Stepping over and out follows the frame events.
        CheckpointPolicy {
            frame_events: true,
            ..CheckpointPolicy::NONE
        },
    )
    .expect("compiles")
    .trace;
    let index = TraceIndex::new(&trace);
    (trace, index)
}

fn at(step: u64, thread: ThreadId) -> Playback {
    Playback {
        step,
        thread,
        ..Playback::default()
    }
}

#[test]
fn step_into_and_back_follow_the_selected_thread() {
    let (trace, index) = fixture();
    let start = trace.steps / 2;
    let mut p = at(start, 1);
    p.apply(Command::StepInto, &trace, &index);
    assert!(p.step > start);
    assert_eq!(index.slices.thread_at(p.step), Some(1));
    let forward = p.step;
    p.apply(Command::StepBack, &trace, &index);
    assert!(p.step < forward);
    assert_eq!(index.slices.thread_at(p.step), Some(1));
    assert_eq!(p.thread, 1, "stepping keeps the selected thread");
}

#[test]
fn step_over_skips_the_call_and_step_out_leaves_the_frame() {
    let (trace, index) = fixture();
    // Walk thread 1 until it enters a call (bump() from work()).
    let mut p = at(trace.steps / 3, 1);
    let mut call = None;
    for _ in 0..100 {
        let before = p.step;
        p.apply(Command::StepInto, &trace, &index);
        if index.depth_at(1, p.step) > index.depth_at(1, before) {
            call = Some((before, p.step));
            break;
        }
    }
    let (before_call, inside) = call.expect("work() calls bump() within 100 instructions");
    let depth = index.depth_at(1, before_call);
    let mut over = at(before_call, 1);
    over.apply(Command::StepOver, &trace, &index);
    assert!(
        index.depth_at(1, over.step) <= depth,
        "step over stays in work()"
    );
    assert!(over.step > inside, "and runs the call through");
    let mut out = at(inside, 1);
    out.apply(Command::StepOut, &trace, &index);
    assert!(index.depth_at(1, out.step) < index.depth_at(1, inside));
    assert!(out.step > inside);
}

#[test]
fn lost_update_and_switch_navigation_select_the_acting_thread() {
    let (trace, index) = fixture();
    assert!(trace.lost_update_count > 0, "the race loses updates");
    let mut p = at(0, 0);
    p.apply(Command::NextLostUpdate, &trace, &index);
    let first = trace.lost_updates[0].step;
    assert_eq!(p.step, first);
    assert_eq!(Some(p.thread), index.slices.thread_at(first));
    p.apply(Command::NextSwitch, &trace, &index);
    assert!(p.step > first);
    let switch = p.step;
    p.apply(Command::PreviousSwitch, &trace, &index);
    assert!(p.step < switch);
    p.apply(Command::PreviousLostUpdate, &trace, &index);
    assert!(p.step < first || trace.previous_lost_update(first).is_none());
}

#[test]
fn playing_advances_with_time_and_stops_at_the_end() {
    let (trace, index) = fixture();
    let mut p = at(0, 0);
    p.apply(Command::SetSpeed(100.0), &trace, &index);
    p.apply(Command::TogglePlay, &trace, &index);
    assert!(p.playing);
    p.apply(Command::Tick(0.25), &trace, &index);
    assert_eq!(p.step, 25);
    p.apply(Command::Tick(0.005), &trace, &index);
    p.apply(Command::Tick(0.005), &trace, &index);
    assert_eq!(p.step, 26, "fractions of a step carry over");
    p.apply(Command::SetSpeed(1e7), &trace, &index);
    p.apply(Command::Tick(10.0), &trace, &index);
    assert_eq!(p.step, trace.steps);
    assert!(!p.playing, "playback stops at the end");
    p.apply(Command::Seek(u64::MAX), &trace, &index);
    assert_eq!(p.step, trace.steps, "seeks are clamped");
}
