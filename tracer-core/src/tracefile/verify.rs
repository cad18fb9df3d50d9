//! Replaying a trace file and checking that the replay is the recorded run.

use super::convert::{hex, run_inputs, stored_events, to_file};
use super::error::LoadError;
use super::v1::TraceFile;
use crate::trace::{CheckpointPolicy, Recording, Scheduling, record};

/// Re-executes the file's script, under its recorded schedule or (with
/// `seed_only`) from its seed and options alone, rebuilding the full
/// in-memory recording.
pub fn replay(
    file: &TraceFile,
    seed_only: bool,
    policy: CheckpointPolicy,
) -> Result<Recording, LoadError> {
    let (script, config, schedule) = run_inputs(file)?;
    let scheduling = if seed_only {
        Scheduling::Seeded
    } else {
        Scheduling::Replay(&schedule)
    };
    record(&script, config, scheduling, policy).map_err(|e| {
        LoadError::Script(format!(
            "{}:{}:{}: {}",
            script.name, e.line, e.col, e.message
        ))
    })
}

/// A replay matched the recording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The digest both share.
    pub digest: u64,
}

/// Where and how a replay departed from the recording.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("replay diverged from the recording at step {step}: {what}")]
pub struct Divergence {
    /// The first step known to differ.
    pub step: u64,
    /// What differed there.
    pub what: String,
}

/// Checks that `replayed` is the run `file` recorded: same schedule, same
/// sparse events, same digests along the way and at the end.
pub fn verify(file: &TraceFile, replayed: &Recording) -> Result<Verified, Divergence> {
    let trace = &replayed.trace;
    let mut found: Vec<Divergence> = Vec::new();
    let again = to_file(trace);
    if let Some(i) = first_difference(&file.schedule, &again.schedule) {
        let recorded = step_of_decision(&file.schedule, i);
        let replayed_step = step_of_decision(&again.schedule, i);
        found.push(Divergence {
            step: recorded.min(replayed_step),
            what: format!(
                "scheduling decision {i}: recorded {}, replay {}",
                describe(file.schedule.get(i), recorded),
                describe(again.schedule.get(i), replayed_step)
            ),
        });
    }
    let events = stored_events(trace);
    if let Some(i) = first_difference(&file.events, &events) {
        let step = [file.events.get(i), events.get(i)]
            .into_iter()
            .flatten()
            .map(|e| e.0)
            .min()
            .unwrap_or(trace.steps);
        found.push(Divergence {
            step,
            what: format!(
                "event {i}: recorded {:?}, replay {:?}",
                file.events.get(i),
                events.get(i)
            ),
        });
    }
    if let Some(i) = first_difference(&file.marks, &again.marks) {
        let before = i.checked_sub(1).map_or(0, |j| file.marks[j].0);
        found.push(Divergence {
            step: before,
            what: format!(
                "the recording's digest differs between steps {before} and {}",
                file.marks.get(i).map_or(file.steps, |m| m.0)
            ),
        });
    }
    if file.steps != trace.steps || file.stdout != again.stdout || file.outcome != again.outcome {
        found.push(Divergence {
            step: file.steps.min(trace.steps),
            what: format!(
                "the run ended differently (recorded {} steps, {:?}; replay {} steps, {:?})",
                file.steps, file.outcome, trace.steps, again.outcome
            ),
        });
    }
    if file.digest != again.digest {
        found.push(Divergence {
            step: file.marks.last().map_or(0, |m| m.0),
            what: format!(
                "digest {} recorded, {} replayed",
                file.digest,
                hex(trace.summary.digest)
            ),
        });
    }
    match found.into_iter().min_by_key(|d| d.step) {
        Some(divergence) => Err(divergence),
        None => Ok(Verified {
            digest: trace.summary.digest,
        }),
    }
}

fn first_difference<T: PartialEq>(a: &[T], b: &[T]) -> Option<usize> {
    a.iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .or_else(|| (a.len() != b.len()).then(|| a.len().min(b.len())))
}

/// The absolute step of decision `i` of a delta-encoded schedule.
fn step_of_decision(schedule: &[super::v1::Decision], i: usize) -> u64 {
    schedule.iter().take(i + 1).map(|d| d.0).sum()
}

fn describe(decision: Option<&super::v1::Decision>, step: u64) -> String {
    decision.map_or_else(
        || "no decision".to_owned(),
        |d| format!("T{} at step {step} ({:?})", d.1, d.2),
    )
}
