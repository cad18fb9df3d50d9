//! Command-line interface (clap): `run`, `replay`, `export`, `dis`, `explore`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::commands;
use crate::input::{EXIT_USAGE, PctArgs, parse_gil, parse_strategy, read_script};
use tracer_core::sched::{GilModel, SchedConfig, StrategyKind};
use tracer_core::trace::RunConfig;
use tracer_core::vm::Limits;

/// Interleave: run Python on a deterministic VM and see how it executes.
#[derive(Debug, Parser)]
#[command(name = "interleave", version, about)]
struct Cli {
    /// Without a subcommand, the GUI opens on the lecture's race.
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a script on the deterministic VM; prints exactly its stdout.
    Run {
        /// The Python script.
        script: PathBuf,
        #[command(flatten)]
        options: RunOptions,
        /// Save the recording as a `.ron` trace file.
        #[arg(long, value_name = "OUT.ron")]
        trace: Option<PathBuf>,
        /// Overwrite the trace file even if it is not an Interleave trace.
        #[arg(long, requires = "trace")]
        force: bool,
    },
    /// Re-execute a saved trace, verify it and print the program's stdout.
    Replay {
        /// The `.ron` trace.
        trace: PathBuf,
        /// Re-run from the seed and options alone instead of the schedule.
        #[arg(long)]
        seed_only: bool,
    },
    /// Convert a saved trace for other tools.
    Export {
        /// The `.ron` trace.
        trace: PathBuf,
        /// Write Chrome trace-event JSON (opens in Perfetto).
        #[arg(long, value_name = "OUT.json")]
        chrome: PathBuf,
    },
    /// Open a script or a saved trace in the GUI.
    Open {
        /// A `.py` script or a `.ron` trace.
        file: PathBuf,
    },
    /// Disassemble a script like `python3 -m dis`.
    Dis {
        /// The Python script.
        script: PathBuf,
    },
    /// Run a script under many schedules in parallel and report failures.
    Explore(crate::explore::ExploreArgs),
}

/// Options that determine a run (same options + same seed = same run).
#[derive(Debug, clap::Args)]
struct RunOptions {
    /// Seed of the one PRNG behind every scheduling choice.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// GIL model: cpython-3.11, cpython-3.9 or free-threaded.
    #[arg(long, default_value = "cpython-3.11", value_parser = parse_gil)]
    gil: GilModel,
    /// Scheduling strategy: realistic, random or pct.
    #[arg(long, default_value = "realistic", value_parser = parse_strategy)]
    strategy: StrategyKind,
    #[command(flatten)]
    pct: PctArgs,
    /// Virtual CPU cores.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=1024))]
    cores: u32,
    /// Stop after this many instructions (exit 4).
    #[arg(long)]
    max_steps: Option<u64>,
    /// Print a summary (steps, virtual time, switches) on stderr.
    #[arg(long)]
    summary: bool,
}

impl RunOptions {
    fn config(&self) -> anyhow::Result<RunConfig> {
        Ok(RunConfig {
            sched: SchedConfig {
                seed: self.seed,
                gil: self.gil,
                strategy: self.pct.apply(self.strategy).map_err(anyhow::Error::msg)?,
                cores: self.cores,
            },
            limits: Limits {
                max_steps: self.max_steps.unwrap_or(u64::MAX),
                ..Limits::default()
            },
        })
    }
}

/// Parses the command line and runs the command; the process's exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("interleave: {e:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    let Some(command) = cli.command else {
        crate::gui::run(crate::gui::Start::Scenario(0))?;
        return Ok(ExitCode::SUCCESS);
    };
    match command {
        Command::Open { file } => {
            crate::gui::run(crate::gui::Start::File(file))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Run {
            script,
            options,
            trace,
            force,
        } => {
            let script = read_script(&script)?;
            let save = trace.as_deref().map(|path| (path, force));
            commands::run(&script, options.config()?, options.summary, save)
        }
        Command::Replay { trace, seed_only } => commands::replay(&trace, seed_only),
        Command::Export { trace, chrome } => commands::export_chrome(&trace, &chrome),
        Command::Dis { script } => Ok(commands::dis(&read_script(&script)?)),
        Command::Explore(args) => crate::explore::run(&args),
    }
}
