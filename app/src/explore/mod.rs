//! `interleave explore`: run a script under many seeds in parallel (or
//! every schedule up to a preemption bound), report distinct outcomes and
//! failures with the commands that reproduce them, optionally save failing
//! runs, draw a histogram of a printed value and shrink failures to few
//! preemptions.

mod exhaustive;
mod histogram;
mod progress;
mod report;

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;

use crate::input::{PctArgs, parse_gil, read_script};
use tracer_core::explore::{self, ExhaustivePlan, FailureKind, Plan, RunResult};
use tracer_core::sched::{GilModel, SchedConfig, StrategyKind};
use tracer_core::trace::{CheckpointPolicy, RunConfig, Scheduling, Script, Trace, record};
use tracer_core::tracefile;
use tracer_core::vm::Limits;

use self::progress::Progress;
use self::report::Context;

/// Exit status when some schedule failed.
const EXIT_FAILURES: u8 = 1;
/// Schedules run without `--seeds` or `--count`.
const DEFAULT_COUNT: u64 = 100;
/// Preemptions per schedule in exhaustive mode without `--preemption-bound`.
const DEFAULT_PREEMPTION_BOUND: u32 = 2;
/// Schedules run in exhaustive mode without `--max-schedules`.
const DEFAULT_MAX_SCHEDULES: usize = 20_000;
/// Instructions per run in exhaustive mode without `--max-steps` (a thread
/// spinning on a flag is never preempted by the default schedule).
const EXHAUSTIVE_MAX_STEPS: u64 = 1_000_000;

/// How schedules are chosen: one per seed with a strategy, or all of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Search {
    /// One schedule per seed, picked by this strategy.
    Seeded(StrategyKind),
    /// Every schedule up to the preemption bound.
    Exhaustive,
}

fn parse_search(s: &str) -> Result<Search, String> {
    if s == "exhaustive" {
        return Ok(Search::Exhaustive);
    }
    StrategyKind::parse(s)
        .map(Search::Seeded)
        .ok_or_else(|| format!("unknown strategy '{s}' (random, pct, realistic, exhaustive)"))
}

/// Options of `interleave explore`.
#[derive(Debug, clap::Args)]
pub struct ExploreArgs {
    /// The Python script.
    script: PathBuf,
    /// Seeds to run, `A..B` (B excluded).
    #[arg(long, value_name = "A..B", value_parser = parse_seeds, conflicts_with = "count")]
    seeds: Option<Range<u64>>,
    /// Run seeds 0..N (default 100).
    #[arg(long, value_name = "N")]
    count: Option<u64>,
    /// GIL model: cpython-3.11, cpython-3.9 or free-threaded.
    #[arg(long, default_value = "cpython-3.11", value_parser = parse_gil)]
    gil: GilModel,
    /// Scheduling strategy: random, pct, realistic, or exhaustive (every
    /// schedule with at most --preemption-bound preemptions).
    #[arg(long, default_value = "random", value_parser = parse_search)]
    strategy: Search,
    #[command(flatten)]
    pct: PctArgs,
    /// Exhaustive: most preemptions per schedule (default 2).
    #[arg(long, value_name = "K")]
    preemption_bound: Option<u32>,
    /// Exhaustive: stop after this many schedules (default 20000).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    max_schedules: Option<u64>,
    /// Virtual CPU cores.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=1024))]
    cores: u32,
    /// Stop each run after this many instructions (exit 4, not a failure).
    #[arg(long, value_name = "N")]
    max_steps: Option<u64>,
    /// Worker threads (default: one per core of this machine).
    #[arg(long, value_name = "J", value_parser = clap::value_parser!(u32).range(1..=1024))]
    jobs: Option<u32>,
    /// What counts as a failure, comma-separated: exception, deadlock,
    /// lost-update, race.
    #[arg(
        long,
        value_name = "KINDS",
        value_delimiter = ',',
        default_value = "exception,deadlock,lost-update",
        value_parser = parse_fail_on
    )]
    fail_on: Vec<FailureKind>,
    /// Save every failing run as DIR/seed-N.ron (created if missing).
    #[arg(long, value_name = "DIR")]
    save_failures: Option<PathBuf>,
    /// Print a histogram of the value (text after the last ':') of the last
    /// line starting with PREFIX (default: the last line).
    #[arg(long, value_name = "PREFIX", num_args = 0..=1, default_missing_value = "")]
    histogram: Option<String>,
    /// Shrink the first failure of each kind to few preemptions (saved as
    /// DIR/seed-N-KIND-shrunk.ron with --save-failures).
    #[arg(long)]
    shrink: bool,
}

fn parse_seeds(s: &str) -> Result<Range<u64>, String> {
    let bad = || format!("'{s}' is not a seed range A..B");
    let (a, b) = s.split_once("..").ok_or_else(bad)?;
    let (a, b): (u64, u64) = (
        a.trim().parse().map_err(|_| bad())?,
        b.trim().parse().map_err(|_| bad())?,
    );
    if a > b {
        return Err(format!("seed range {s} is backwards"));
    }
    Ok(a..b)
}

fn parse_fail_on(s: &str) -> Result<FailureKind, String> {
    FailureKind::parse(s).ok_or_else(|| {
        format!("unknown failure kind '{s}' (exception, deadlock, lost-update, race)")
    })
}

/// `interleave explore`.
pub fn run(args: &ExploreArgs) -> anyhow::Result<ExitCode> {
    match args.strategy {
        Search::Seeded(strategy) => run_seeded(args, strategy),
        Search::Exhaustive => run_exhaustive(args),
    }
}

/// The options of every run (the seed varies).
fn run_config(args: &ExploreArgs, strategy: StrategyKind, max_steps: u64) -> RunConfig {
    RunConfig {
        sched: SchedConfig {
            seed: 0,
            gil: args.gil,
            strategy,
            cores: args.cores,
        },
        limits: Limits {
            max_steps,
            ..Limits::default()
        },
    }
}

/// Worker threads: `--jobs`, or one per core of this machine.
fn jobs(args: &ExploreArgs) -> usize {
    args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        |j| j as usize,
    )
}

/// Creates `--save-failures`' directory.
fn create_save_dir(args: &ExploreArgs) -> anyhow::Result<()> {
    if let Some(dir) = &args.save_failures {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    Ok(())
}

/// `interleave explore --strategy exhaustive`.
fn run_exhaustive(args: &ExploreArgs) -> anyhow::Result<ExitCode> {
    let misplaced = [
        (
            args.pct.apply(StrategyKind::Random).is_err(),
            "--pct-depth/--pct-horizon",
        ),
        (args.seeds.is_some(), "--seeds"),
        (args.count.is_some(), "--count"),
        (args.histogram.is_some(), "--histogram"),
        (args.shrink, "--shrink"),
    ];
    if let Some((_, option)) = misplaced.iter().find(|(given, _)| *given) {
        eprintln!(
            "interleave: {option} does not apply to --strategy exhaustive (its schedules come              fewest preemptions first; limit them with --max-schedules)"
        );
        return Ok(ExitCode::from(crate::input::EXIT_USAGE));
    }
    let script = read_script(&args.script)?;
    let max_steps = args.max_steps.unwrap_or(EXHAUSTIVE_MAX_STEPS);
    let plan = ExhaustivePlan {
        config: run_config(args, StrategyKind::Random, max_steps),
        preemption_bound: args.preemption_bound.unwrap_or(DEFAULT_PREEMPTION_BOUND),
        max_schedules: args.max_schedules.map_or(DEFAULT_MAX_SCHEDULES, |n| {
            usize::try_from(n).unwrap_or(usize::MAX)
        }),
        fail_on: args.fail_on.clone(),
        jobs: jobs(args),
        script,
    };
    create_save_dir(args)?;
    exhaustive::run(&exhaustive::Context {
        script: &args.script,
        plan: &plan,
        save_dir: args.save_failures.as_deref(),
    })
}

/// `interleave explore` with a seeded strategy.
fn run_seeded(args: &ExploreArgs, strategy: StrategyKind) -> anyhow::Result<ExitCode> {
    let strategy = match args.pct.apply(strategy) {
        Ok(strategy) => strategy,
        Err(message) => {
            eprintln!("interleave: {message}");
            return Ok(ExitCode::from(crate::input::EXIT_USAGE));
        }
    };
    for (given, option) in [
        (args.preemption_bound.is_some(), "--preemption-bound"),
        (args.max_schedules.is_some(), "--max-schedules"),
    ] {
        if given {
            eprintln!("interleave: {option} applies only to --strategy exhaustive");
            return Ok(ExitCode::from(crate::input::EXIT_USAGE));
        }
    }
    let script = read_script(&args.script)?;
    let plan = Plan {
        config: run_config(args, strategy, args.max_steps.unwrap_or(u64::MAX)),
        seeds: args
            .seeds
            .clone()
            .unwrap_or(0..args.count.unwrap_or(DEFAULT_COUNT)),
        fail_on: args.fail_on.clone(),
        jobs: jobs(args),
        script,
    };
    create_save_dir(args)?;
    let context = Context {
        script: &args.script,
        plan: &plan,
        max_steps: args.max_steps,
        save_dir: args.save_failures.as_deref(),
    };
    let started = Instant::now();
    let Some(results) = run_all(&context)? else {
        return Ok(ExitCode::from(crate::input::EXIT_USAGE));
    };
    let mut out = context.header(&results);
    out.push_str(&report::outcomes(&results, "seed"));
    if let Some(prefix) = &args.histogram {
        let values: Vec<Option<String>> = results
            .iter()
            .map(|r| histogram::value_of(&r.stdout, prefix))
            .collect();
        if prefix.is_empty() {
            out.push_str("histogram of the last line's value:\n");
        } else {
            let _ = writeln!(out, "histogram of the value on the line \"{prefix}...\":");
        }
        out.push_str(&histogram::render(&values));
    }
    out.push_str(&report::failure_counts(&results));
    out.push_str(&context.failures(&results));
    print!("{out}");
    eprintln!(
        "interleave: {} schedules in {:.1} s",
        results.len(),
        started.elapsed().as_secs_f64()
    );
    if args.shrink {
        shrink_failures(&context, &results)?;
    }
    let failed = results.iter().any(|r| !r.failures.is_empty());
    Ok(if failed {
        ExitCode::from(EXIT_FAILURES)
    } else {
        ExitCode::SUCCESS
    })
}

/// Runs the plan with a progress bar, saving failing runs if asked.
/// `None` if the script does not compile (reported on stderr).
fn run_all(context: &Context<'_>) -> anyhow::Result<Option<Vec<RunResult>>> {
    let plan = context.plan;
    let saved_path = |seed| context.saved_path(seed);
    let progress = Progress::new(plan.seeds.end - plan.seeds.start, &saved_path);
    let explored = explore::explore(plan, &|result, trace| progress.observe(result, trace));
    progress.finish()?;
    match explored {
        Ok(results) => Ok(Some(results)),
        Err(e) => {
            crate::commands::report_compile_error(&plan.script, &e);
            Ok(None)
        }
    }
}

/// Saves a trace file, replacing an older trace but never another file.
pub(super) fn save(trace: &Trace, path: &Path) -> anyhow::Result<()> {
    tracefile::save(&tracefile::to_file(trace), path, false)
        .with_context(|| format!("cannot save {}", path.display()))
}

/// Shrinks the first failure of each kind and prints before/after
/// preemption counts (and saves the shrunk run when failures are saved).
fn shrink_failures(context: &Context<'_>, results: &[RunResult]) -> anyhow::Result<()> {
    let plan = context.plan;
    for kind in FailureKind::ALL {
        let Some(first) = results
            .iter()
            .find(|r| r.failures.iter().any(|f| f.kind == kind))
        else {
            continue;
        };
        let config = plan.config_for(first.seed);
        let schedule = rerun(&plan.script, config)?.schedule;
        let Some(shrunk) = explore::shrink(&plan.script, config, &schedule, kind)? else {
            println!(
                "shrink {kind} of seed {}: the replay did not fail",
                first.seed
            );
            continue;
        };
        println!(
            "shrunk {kind} of seed {}: {} -> {} preemptions, first failing at step {} -> {} \
             ({} runs)",
            first.seed,
            shrunk.before,
            shrunk.after,
            shrunk.failed_at_before,
            shrunk.failed_at_after,
            shrunk.runs
        );
        if let Some(failure) = explore::failures(&shrunk.trace, &[kind]).first() {
            println!("  {kind}: {}", failure.detail);
        }
        match context.shrunk_path(first.seed, kind) {
            Some(path) => {
                save(&shrunk.trace, &path)?;
                println!("  replay: interleave replay {}", path.display());
            }
            None => println!("  (add --save-failures DIR to save it as a replayable trace)"),
        }
    }
    Ok(())
}

/// Records the run of `config` again (runs are deterministic).
fn rerun(script: &Script, config: RunConfig) -> anyhow::Result<Trace> {
    let recording = record(script, config, Scheduling::Seeded, CheckpointPolicy::NONE)
        .map_err(|e| anyhow::anyhow!("{}:{e}", script.name))?;
    Ok(recording.trace)
}
