use super::*;
use crate::trace::{CheckpointPolicy, record};
use interleave_vm::sched::{GilModel, SchedConfig, StrategyKind};

/// Two workers add 1 to a global twice each; `main` (a function, so its
/// names are invisible locals) starts them with `_thread` and waits on one
/// lock per worker. No threading prelude, so every visible instruction is
/// the script's own.
const COUNTER: &str = include_str!("../../../../tests/fixtures/scripts/counter_2x2.py");

fn plan(gil: GilModel, bound: u32, max_schedules: usize) -> ExhaustivePlan {
    ExhaustivePlan {
        script: Script {
            name: "counter.py".to_owned(),
            source: COUNTER.to_owned(),
        },
        config: RunConfig {
            // As the CLI records it: replays follow the schedule with the
            // random strategy's timing (no wake-up latency).
            sched: SchedConfig {
                gil,
                strategy: StrategyKind::Random,
                ..SchedConfig::default()
            },
            ..RunConfig::default()
        },
        preemption_bound: bound,
        max_schedules,
        fail_on: FailureKind::DEFAULT.to_vec(),
        jobs: 2,
    }
}

fn outputs(exhaustive: &Exhaustive) -> Vec<String> {
    let mut out: Vec<String> = exhaustive
        .results
        .iter()
        .map(|r| String::from_utf8_lossy(&r.stdout).into_owned())
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn without_preemptions_only_the_order_of_blocked_and_finished_choices_varies() {
    // main blocks on `a`: T1 or T2 runs. After T1 it may be main (which
    // takes `a` and blocks on `b`) or T2; after T2 first, main still waits
    // for `a`, so T1 must run: 3 schedules.
    let e = exhaust(&plan(GilModel::Cpython39, 0, 100), &|_, _| {}).unwrap();
    assert_eq!(e.results.len(), 3);
    assert!(
        matches!(e.coverage, Coverage::Bounded { .. }),
        "{:?}",
        e.coverage
    );
    assert_eq!(outputs(&e), ["4\n"]);
}

#[test]
fn one_preemption_inside_count_plus_equals_one_loses_an_update_under_3_9() {
    let e = exhaust(&plan(GilModel::Cpython39, 1, 1000), &|_, _| {}).unwrap();
    assert_eq!(e.per_preemptions, [3, 33]);
    assert_eq!(outputs(&e), ["2\n", "4\n"]);
    let failing: Vec<&RunResult> = e
        .results
        .iter()
        .filter(|r| !r.failures.is_empty())
        .collect();
    assert_eq!(failing.len(), 6);
    assert!(failing.iter().all(|r| r.preemptions == 1));
}

#[test]
fn the_schedule_limit_stops_the_search_and_says_what_is_left() {
    let e = exhaust(&plan(GilModel::Cpython39, 2, 10), &|_, _| {}).unwrap();
    assert_eq!(e.results.len(), 10);
    assert!(matches!(e.coverage, Coverage::Limited { pending } if pending > 0));
}

#[test]
fn every_schedule_is_distinct_and_replays_to_the_same_outcome() {
    let p = plan(GilModel::Cpython311, 2, 1000);
    let schedules = std::sync::Mutex::new(Vec::new());
    let e = exhaust(&p, &|result, trace| {
        let trace = trace();
        schedules
            .lock()
            .unwrap()
            .push((result.seed, trace.schedule.clone(), trace.stdout.clone()));
    })
    .unwrap();
    let mut schedules = schedules.into_inner().unwrap();
    schedules.sort_by_key(|(n, _, _)| *n);
    assert_eq!(schedules.len(), e.results.len());
    let mut distinct: Vec<&Vec<interleave_vm::sched::Decision>> =
        schedules.iter().map(|(_, s, _)| s).collect();
    distinct.sort_by_key(|s| format!("{s:?}"));
    distinct.dedup();
    assert_eq!(distinct.len(), schedules.len());
    for (_, schedule, stdout) in schedules.iter().step_by(7) {
        let again = record(
            &p.script,
            p.config,
            Scheduling::Replay(schedule),
            CheckpointPolicy::NONE,
        )
        .unwrap()
        .trace;
        assert_eq!(&again.stdout, stdout);
    }
}
