//! Replaying a trace file and checking that the replay is the recorded run.

use super::convert::{run_inputs, to_file};
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
    // A replay never needs more steps than the recording took: a script
    // that would run longer has diverged, and must not hang.
    let mut bounded = config;
    bounded.limits.max_steps = config.limits.max_steps.min(file.steps);
    let mut recording = record(&script, bounded, scheduling, policy).map_err(|e| {
        LoadError::Script(format!(
            "{}:{}:{}: {}",
            script.name, e.line, e.col, e.message
        ))
    })?;
    recording.trace.config = config;
    Ok(recording)
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
/// sparse events, same digests along the way and at the end. When a file
/// from another Interleave version diverges, the error says so (its VM may
/// execute the script differently).
pub fn verify(file: &TraceFile, replayed: &Recording) -> Result<Verified, Divergence> {
    let this = env!("CARGO_PKG_VERSION");
    compare(file, replayed).map_err(|mut divergence| {
        if file.interleave != this {
            divergence.what = format!(
                "{} (the trace was recorded by Interleave {}, whose VM may run the script differently from this Interleave {this}: record it again)",
                divergence.what, file.interleave
            );
        }
        divergence
    })
}

/// [`verify`] without the note on versions.
fn compare(file: &TraceFile, replayed: &Recording) -> Result<Verified, Divergence> {
    let trace = &replayed.trace;
    let mut again = to_file(trace);
    again.interleave.clone_from(&file.interleave);
    // Differences located at a step (a decision, an event), earliest first.
    let mut exact: Vec<Divergence> = Vec::new();
    if let Some(i) = first_difference(&file.schedule, &again.schedule) {
        let recorded = step_of_decision(&file.schedule, i);
        let replayed_step = step_of_decision(&again.schedule, i);
        exact.push(Divergence {
            step: recorded.min(replayed_step),
            what: format!(
                "scheduling decision {i}: recorded {}, replay {}",
                describe(file.schedule.get(i), recorded),
                describe(again.schedule.get(i), replayed_step)
            ),
        });
    }
    if let Some(i) = first_difference(&file.events, &again.events) {
        let step = [file.events.get(i), again.events.get(i)]
            .into_iter()
            .flatten()
            .map(|e| e.0)
            .min()
            .unwrap_or(trace.steps);
        exact.push(Divergence {
            step,
            what: format!(
                "event {i}: recorded {:?}, replay {:?}",
                file.events.get(i),
                again.events.get(i)
            ),
        });
    }
    if let Some(found) = exact.into_iter().min_by_key(|d| d.step) {
        return Err(found);
    }
    // Otherwise the digests locate the first stretch that differs.
    if let Some(i) = first_difference(&file.marks, &again.marks) {
        let before = i.checked_sub(1).map_or(0, |j| file.marks[j].0);
        return Err(Divergence {
            step: before,
            what: format!(
                "the recording's digest differs between steps {before} and {}",
                file.marks.get(i).map_or(file.steps, |m| m.0)
            ),
        });
    }
    let end = file.steps.min(trace.steps);
    let ended = |what: String| Err(Divergence { step: end, what });
    if file.steps != trace.steps || file.outcome != again.outcome {
        return ended(format!(
            "the run ended differently (recorded {} steps, {:?}; replay {} steps, {:?})",
            file.steps, file.outcome, trace.steps, again.outcome
        ));
    }
    if file.digest != again.digest {
        return ended(format!(
            "digest {} recorded, {} replayed",
            file.digest, again.digest
        ));
    }
    // The analyses are derived from the run; another Interleave version may
    // derive more or less, so only files from this version must match.
    if file.interleave != env!("CARGO_PKG_VERSION") {
        again.analyses.clone_from(&file.analyses);
    }
    let fields: [(&str, bool); 5] = [
        ("stdout", file.stdout == again.stdout),
        ("stderr", file.stderr == again.stderr),
        ("end_time_ns", file.end_time_ns == again.end_time_ns),
        ("analyses", file.analyses == again.analyses),
        ("options or script", file == &again),
    ];
    if let Some((name, _)) = fields.iter().find(|(_, same)| !same) {
        return ended(format!("the recorded {name} does not match the replay"));
    }
    Ok(Verified {
        digest: trace.summary.digest,
    })
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
