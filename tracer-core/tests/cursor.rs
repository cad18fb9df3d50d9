//! The cursor rebuilds the exact state of a run at any step: for random
//! steps and seeds, its state equals that of a fresh VM run to the same
//! step, whichever direction it moved in.

use std::sync::Arc;

use tracer_core::lang;
use tracer_core::sched::{GilModel, Rng, SchedConfig, Scheduler, StrategyKind};
use tracer_core::trace::state::StepState;
use tracer_core::trace::{
    CheckpointPolicy, Cursor, Recorder, Recording, RunConfig, Scheduling, Script, record,
};
use tracer_core::vm::{Limits, Vm};

const COUNTER: &str = r#"
import threading
count = 0
lock = threading.Lock()
shared = {"hits": 0}

class Box:
    def __init__(self):
        self.items = []

box = Box()

def work(n):
    global count
    for i in range(n):
        count += 1
        with lock:
            shared["hits"] += 1
        if i % 50 == 0:
            box.items.append((threading.get_ident() % 7, i))

ts = [threading.Thread(target=work, args=(400,)) for _ in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(count, shared, len(box.items))
"#;

const GENERATORS: &str = r#"
def gen(n):
    for i in range(n):
        yield i * i

def total(xs):
    return sum(x for x in xs if x % 3)

values = sorted([v % 11 for v in gen(3000)], key=lambda v: -v)
print(total(gen(2000)), values[:5], {k: v for k, v in zip("abc", values)})
"#;

fn config(seed: u64, gil: GilModel, strategy: StrategyKind) -> RunConfig {
    RunConfig {
        sched: SchedConfig {
            seed,
            gil,
            strategy,
            cores: 4,
        },
        limits: Limits::default(),
    }
}

fn recording(source: &str, config: RunConfig) -> Arc<Recording> {
    let script = Script {
        name: "prog.py".to_owned(),
        source: source.to_owned(),
    };
    let policy = CheckpointPolicy {
        interval: 3000,
        budget_bytes: 64 << 20,
        frame_events: true,
    };
    Arc::new(record(&script, config, Scheduling::Seeded, policy).expect("compiles"))
}

fn fresh_state(source: &str, config: RunConfig, step: u64) -> StepState {
    let code = lang::compile(source, "prog.py").expect("compiles");
    let mut vm = Vm::new(
        code,
        source,
        config.limits,
        Scheduler::new(config.sched),
        Box::new(Recorder::default()),
    );
    vm.run_until(step);
    vm.inspect()
}

/// The first line where the pretty-printed states differ, with context.
fn first_difference(a: &StepState, b: &StepState) -> String {
    let (a, b) = (format!("{a:#?}"), format!("{b:#?}"));
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let i = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let from = i.saturating_sub(6);
    format!(
        "\ncursor:\n{}\nfresh run:\n{}",
        a[from..(i + 2).min(a.len())].join("\n"),
        b[from..(i + 2).min(b.len())].join("\n")
    )
}

fn check_random_steps(source: &str, config: RunConfig, seed: u64) {
    let rec = recording(source, config);
    let total = rec.trace.steps;
    assert!(
        total > 20_000,
        "program too small to exercise checkpoints: {total}"
    );
    let mut cursor = Cursor::new(rec);
    let mut rng = Rng::new(seed);
    for _ in 0..12 {
        let target = rng.below(total + 1);
        let reached = cursor.seek(target);
        let state = cursor.state();
        assert_eq!(state.step, reached);
        let expected = fresh_state(source, config, target);
        assert!(
            state == expected,
            "state at step {target} differs: {}",
            first_difference(&state, &expected)
        );
    }
}

#[test]
fn cursor_state_equals_a_fresh_run_for_random_steps_and_seeds() {
    for seed in 0..3 {
        check_random_steps(
            COUNTER,
            config(seed, GilModel::Cpython39, StrategyKind::Random),
            seed,
        );
    }
    check_random_steps(
        COUNTER,
        config(7, GilModel::Cpython311, StrategyKind::Realistic),
        7,
    );
    check_random_steps(
        GENERATORS,
        config(0, GilModel::Cpython311, StrategyKind::Realistic),
        11,
    );
}

#[test]
fn stepping_backwards_retraces_stepping_forwards() {
    let config = config(1, GilModel::Cpython39, StrategyKind::Random);
    let rec = recording(COUNTER, config);
    let start = rec.trace.steps / 2;
    let mut cursor = Cursor::new(rec);
    let forward: Vec<StepState> = (start..start + 40)
        .map(|s| {
            cursor.seek(s);
            cursor.state()
        })
        .collect();
    for expected in forward.iter().rev() {
        cursor.seek(expected.step);
        assert_eq!(&cursor.state(), expected, "step {}", expected.step);
    }
}

#[test]
fn state_names_threads_frames_globals_and_last_writers() {
    let config = config(0, GilModel::Cpython39, StrategyKind::Random);
    let rec = recording(COUNTER, config);
    let mut cursor = Cursor::new(rec);
    // Find a moment when all three workers exist and one runs `work`.
    let mut step = 0;
    let state = loop {
        step += 997;
        cursor.seek(step);
        let state = cursor.state();
        let in_work = state
            .threads
            .iter()
            .filter(|t| t.frames.iter().any(|f| f.function == "work"));
        if in_work.count() == 3 {
            break state;
        }
        assert!(
            step < cursor.trace().steps,
            "never saw three workers in work()"
        );
    };
    assert_eq!(state.threads.len(), 4);
    let count = state
        .globals
        .iter()
        .find(|b| b.name == "count")
        .expect("global count");
    assert_eq!(count.value.type_name, "int");
    let writer = count.last_write.expect("count was written");
    assert!(writer.step <= state.step && (1..=3).contains(&writer.thread));
    let worker = state.threads.iter().find(|t| t.id == 1).expect("T1");
    let frame = worker
        .frames
        .iter()
        .find(|f| f.function == "work")
        .expect("work frame");
    assert!(
        frame
            .locals
            .iter()
            .any(|b| b.name == "n" && b.value.text == "400")
    );
    assert!(frame.line > 0 && !frame.instruction_text.is_empty());
    assert!(
        state
            .objects
            .iter()
            .any(|o| o.value.text.starts_with("{'hits': ")),
        "the shared dict is among the reachable objects"
    );
}
