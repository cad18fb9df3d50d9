//! `explore --strategy exhaustive`: every schedule up to a preemption
//! bound, how much of the space that covered, and each failure with the
//! trace file that replays it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use tracer_core::explore::{self, Coverage, Exhaustive, ExhaustivePlan, RunResult};

use super::EXIT_FAILURES;
use super::progress::Progress;
use super::report::{self, shell_word};

/// What the report needs besides the results.
pub struct Context<'a> {
    /// The script's path as the user gave it.
    pub script: &'a Path,
    /// What was explored.
    pub plan: &'a ExhaustivePlan,
    /// Where failing runs are saved, if they are.
    pub save_dir: Option<&'a Path>,
}

impl Context<'_> {
    /// Where the failing schedule `number` is saved, if failures are saved.
    fn saved_path(&self, number: u64) -> Option<PathBuf> {
        self.save_dir
            .map(|dir| dir.join(format!("schedule-{number}.ron")))
    }
}

/// Runs the exhaustive exploration of `context.plan` and prints its report.
pub fn run(context: &Context<'_>) -> anyhow::Result<ExitCode> {
    let plan = context.plan;
    let saved_path = |number| context.saved_path(number);
    let progress = Progress::new(plan.max_schedules as u64, &saved_path);
    let started = Instant::now();
    let explored = explore::exhaust(plan, &|result, trace| progress.observe(result, trace));
    progress.finish()?;
    let exhaustive = match explored {
        Ok(exhaustive) => exhaustive,
        Err(e) => {
            crate::commands::report_compile_error(&plan.script, &e);
            return Ok(ExitCode::from(crate::input::EXIT_USAGE));
        }
    };
    let results = &exhaustive.results;
    let mut out = header(context, &exhaustive);
    out.push_str(&report::outcomes(results, "schedule"));
    out.push_str(&report::failure_counts(results));
    out.push_str(&failures(context, results));
    print!("{out}");
    eprintln!(
        "interleave: {} schedules in {:.1} s",
        results.len(),
        started.elapsed().as_secs_f64()
    );
    if let Coverage::Limited { .. } = exhaustive.coverage {
        eprintln!(
            "interleave: stopped at --max-schedules {}: the space was not covered",
            plan.max_schedules
        );
    }
    let failed = results.iter().any(|r| !r.failures.is_empty());
    Ok(if failed {
        ExitCode::from(EXIT_FAILURES)
    } else {
        ExitCode::SUCCESS
    })
}

/// What was explored, the schedules per number of preemptions and the
/// coverage.
fn header(context: &Context<'_>, exhaustive: &Exhaustive) -> String {
    let plan = context.plan;
    let kinds: Vec<&str> = plan.fail_on.iter().map(|k| k.name()).collect();
    let bound = plan.preemption_bound;
    let mut out = format!(
        "explored {} distinct schedules of {} exhaustively (--gil {} --preemption-bound {bound}, \
         failing on {})\n",
        exhaustive.results.len(),
        context.script.display(),
        plan.config.sched.gil.name(),
        kinds.join(",")
    );
    let counts: Vec<String> = exhaustive
        .per_preemptions
        .iter()
        .enumerate()
        .map(|(p, n)| format!("{p}: {n}"))
        .collect();
    let _ = writeln!(out, "schedules by preemptions: {}", counts.join(", "));
    let s = if bound == 1 { "" } else { "s" };
    let _ = match exhaustive.coverage {
        Coverage::Complete => writeln!(
            out,
            "coverage: complete (every schedule; none needs more than {bound} preemption{s})"
        ),
        Coverage::Bounded { beyond } => writeln!(
            out,
            "coverage: complete up to {bound} preemption{s} ({beyond} branches need more; \
             raise --preemption-bound to explore them)"
        ),
        Coverage::Limited { pending } => writeln!(
            out,
            "coverage: incomplete, stopped at --max-schedules {} ({pending} schedules of at most \
             {bound} preemption{s} not run)",
            plan.max_schedules
        ),
    };
    out
}

/// Failing schedules listed (the first, with the fewest preemptions).
const FAILURES_LISTED: usize = 20;

/// The first failing schedules: their failures and the trace file that
/// replays each.
fn failures(context: &Context<'_>, results: &[RunResult]) -> String {
    let mut out = String::new();
    let failing: Vec<&RunResult> = results.iter().filter(|r| !r.failures.is_empty()).collect();
    for result in failing.iter().take(FAILURES_LISTED) {
        let p = result.preemptions;
        let s = if p == 1 { "" } else { "s" };
        let _ = writeln!(out, "schedule {} ({p} preemption{s}):", result.seed);
        for failure in &result.failures {
            let _ = writeln!(out, "  {}: {}", failure.kind, failure.detail);
        }
        match context.saved_path(result.seed) {
            Some(path) => {
                let path = shell_word(&path.display().to_string());
                let _ = writeln!(out, "  replay: interleave replay {path}");
                let _ = writeln!(out, "  open: interleave open {path}");
            }
            None => {
                let _ = writeln!(
                    out,
                    "  (add --save-failures DIR to save it as a replayable trace)"
                );
            }
        }
    }
    if failing.len() > FAILURES_LISTED {
        let _ = writeln!(
            out,
            "... {} more failing schedules",
            failing.len() - FAILURES_LISTED
        );
    }
    out
}
