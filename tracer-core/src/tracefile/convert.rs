//! Between the in-memory [`Trace`] and the file's [`v1::TraceFile`].

use super::error::LoadError;
use super::v1;
use super::{CURRENT_VERSION, FORMAT_NAME};
use crate::trace::{EventKind, Finding, RunConfig, Script, Trace};
use interleave_vm::sched::{Decision, GilModel, Reason, SchedConfig, StrategyKind};
use interleave_vm::{Limits, Outcome};

/// Most threads a trace may name (far beyond what a script can start).
const MAX_THREADS: u64 = 1 << 20;

/// The file form of `trace`.
#[must_use]
pub fn to_file(trace: &Trace) -> v1::TraceFile {
    let options = &trace.config;
    let mut previous = 0;
    let schedule = trace
        .schedule
        .iter()
        .map(|d| {
            let delta = d.step - previous;
            previous = d.step;
            v1::Decision(delta, thread_number(d.thread), reason_to_file(d.reason))
        })
        .collect();
    v1::TraceFile {
        format: FORMAT_NAME.to_owned(),
        version: CURRENT_VERSION,
        interleave: env!("CARGO_PKG_VERSION").to_owned(),
        options: v1::Options {
            seed: options.sched.seed,
            strategy: options.sched.strategy.label(),
            gil: options.sched.gil.name().to_owned(),
            cores: options.sched.cores,
            max_steps: (options.limits.max_steps != u64::MAX).then_some(options.limits.max_steps),
            max_objects: options.limits.max_objects as u64,
        },
        script: v1::Script {
            name: trace.script.name.clone(),
            source: trace.script.source.clone(),
        },
        steps: trace.steps,
        end_time_ns: trace.end_time_ns,
        outcome: match trace.outcome {
            Outcome::Finished => v1::Outcome::Finished,
            Outcome::Uncaught(_) => v1::Outcome::Uncaught,
            Outcome::Deadlock(_) => v1::Outcome::Deadlock,
            Outcome::LimitReached(_) => v1::Outcome::LimitReached,
        },
        stdout: String::from_utf8_lossy(&trace.stdout).into_owned(),
        stderr: trace.stderr.clone(),
        schedule,
        events: stored_events(trace),
        analyses: v1::Analyses {
            lost_update_count: trace.lost_update_count,
            lost_updates: findings(&trace.lost_updates),
            races: findings(&trace.races),
            contention: trace
                .contention
                .iter()
                .map(|c| v1::Contention {
                    lock: c.lock,
                    name: c.name.clone(),
                    acquisitions: c.acquisitions,
                    contended: c.contended,
                    wait_ns: c.wait_ns,
                    waits: c
                        .waits
                        .iter()
                        .map(|&(t, ns)| (thread_number(t), ns))
                        .collect(),
                })
                .collect(),
            deadlock: trace.deadlock.as_ref().map(|d| v1::Deadlock {
                waits: d
                    .waits
                    .iter()
                    .map(|(t, lock, holder)| {
                        (thread_number(*t), lock.clone(), holder.map(thread_number))
                    })
                    .collect(),
                cycle: d.cycle.iter().copied().map(thread_number).collect(),
            }),
        },
        digest: hex(trace.summary.digest),
        marks: trace
            .marks
            .iter()
            .map(|m| (m.step, hex(m.digest)))
            .collect(),
    }
}

fn findings(found: &[Finding]) -> Vec<(u64, u32, String)> {
    found
        .iter()
        .map(|f| (f.step, thread_number(f.thread), f.text.clone()))
        .collect()
}

/// The sparse events a file keeps: thread lifetimes, switches, blocking,
/// sleeps and output (with its text).
fn stored_events(trace: &Trace) -> Vec<v1::Event> {
    let mut output = trace.stdout.as_slice();
    trace
        .events
        .iter()
        .filter_map(|e| {
            let kind = match e.kind {
                EventKind::ThreadStart { parent } => {
                    v1::EventKind::ThreadStart(thread_number(parent))
                }
                EventKind::ThreadExit => v1::EventKind::ThreadExit,
                EventKind::Switch { to, reason } => {
                    v1::EventKind::Switch(thread_number(to), reason_to_file(reason))
                }
                EventKind::LockBlock { lock } => v1::EventKind::LockBlock(lock.0),
                EventKind::Sleep { until_ns } => v1::EventKind::Sleep(until_ns),
                EventKind::Output { len } => {
                    let (text, rest) = output.split_at((len as usize).min(output.len()));
                    output = rest;
                    v1::EventKind::Output(String::from_utf8_lossy(text).into_owned())
                }
                EventKind::GilAcquire
                | EventKind::GilRelease
                | EventKind::LockAcquire { .. }
                | EventKind::LockRelease { .. }
                | EventKind::FramePush { .. }
                | EventKind::FramePop => return None,
            };
            Some(v1::Event(e.step, e.time_ns, thread_number(e.thread), kind))
        })
        .collect()
}

/// What a file says to run: the script, the options and the schedule.
pub(super) fn run_inputs(
    file: &v1::TraceFile,
) -> Result<(Script, RunConfig, Vec<Decision>), LoadError> {
    let o = &file.options;
    let gil = GilModel::parse(&o.gil)
        .ok_or_else(|| LoadError::Invalid(format!("unknown GIL model {:?}", o.gil)))?;
    let strategy = StrategyKind::parse(&o.strategy)
        .ok_or_else(|| LoadError::Invalid(format!("unknown strategy {:?}", o.strategy)))?;
    if !(1..=1024).contains(&o.cores) {
        return Err(LoadError::Invalid(format!("{} cores (1 to 1024)", o.cores)));
    }
    let max_objects = usize::try_from(o.max_objects)
        .map_err(|_| LoadError::Invalid(format!("max_objects {} is too large", o.max_objects)))?;
    let config = RunConfig {
        sched: SchedConfig {
            seed: o.seed,
            gil,
            strategy,
            cores: o.cores,
        },
        limits: Limits {
            max_steps: o.max_steps.unwrap_or(u64::MAX),
            max_objects,
        },
    };
    let mut step = 0u64;
    let mut schedule = Vec::with_capacity(file.schedule.len());
    for (i, &v1::Decision(delta, thread, reason)) in file.schedule.iter().enumerate() {
        step = step
            .checked_add(delta)
            .filter(|&s| s <= file.steps)
            .ok_or_else(|| {
                LoadError::Invalid(format!(
                    "schedule decision {i} lies beyond the run's {} steps",
                    file.steps
                ))
            })?;
        if u64::from(thread) >= MAX_THREADS {
            return Err(LoadError::Invalid(format!(
                "schedule decision {i} names thread {thread}"
            )));
        }
        schedule.push(Decision {
            step,
            thread: thread as usize,
            reason: reason_from_file(reason),
        });
    }
    let script = Script {
        name: file.script.name.clone(),
        source: file.script.source.clone(),
    };
    Ok((script, config, schedule))
}

/// Parses a 16-digit hex digest.
pub(super) fn parse_hex(text: &str, what: &str) -> Result<u64, LoadError> {
    if text.len() != 16 {
        return Err(LoadError::Invalid(format!(
            "{what} {text:?} is not 16 hex digits"
        )));
    }
    u64::from_str_radix(text, 16)
        .map_err(|_| LoadError::Invalid(format!("{what} {text:?} is not 16 hex digits")))
}

/// A digest as 16 hex digits.
pub(super) fn hex(digest: u64) -> String {
    format!("{digest:016x}")
}

fn thread_number(t: usize) -> u32 {
    u32::try_from(t).unwrap_or(u32::MAX)
}

const fn reason_to_file(r: Reason) -> v1::Reason {
    match r {
        Reason::Start => v1::Reason::Start,
        Reason::Preempted => v1::Reason::Preempted,
        Reason::Blocked => v1::Reason::Blocked,
        Reason::Yielded => v1::Reason::Yielded,
        Reason::Finished => v1::Reason::Finished,
        Reason::Rearm => v1::Reason::Rearm,
    }
}

const fn reason_from_file(r: v1::Reason) -> Reason {
    match r {
        v1::Reason::Start => Reason::Start,
        v1::Reason::Preempted => Reason::Preempted,
        v1::Reason::Blocked => Reason::Blocked,
        v1::Reason::Yielded => Reason::Yielded,
        v1::Reason::Finished => Reason::Finished,
        v1::Reason::Rearm => Reason::Rearm,
    }
}
