//! Command-line interface (clap): `run`, `dis`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use std::io::Write;

use tracer_core::lang::{self, CompileError, CompileErrorKind};
use tracer_core::sched::{GilModel, SchedConfig, Scheduler, StrategyKind};
use tracer_core::vm::{Limits, Outcome, Vm};

/// Interleave: run Python on a deterministic VM and see how it executes.
#[derive(Debug, Parser)]
#[command(name = "interleave", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a script on the deterministic VM; prints exactly its stdout.
    Run {
        /// The Python script.
        script: PathBuf,
        #[command(flatten)]
        options: RunOptions,
    },
    /// Disassemble a script like `python3 -m dis`.
    Dis {
        /// The Python script.
        script: PathBuf,
    },
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

fn parse_gil(s: &str) -> Result<GilModel, String> {
    GilModel::parse(s).ok_or_else(|| {
        format!("unknown GIL model '{s}' (cpython-3.11, cpython-3.9, free-threaded)")
    })
}

fn parse_strategy(s: &str) -> Result<StrategyKind, String> {
    StrategyKind::parse(s).ok_or_else(|| format!("unknown strategy '{s}' (realistic, random, pct)"))
}

/// Exit status for an uncaught exception in the main thread.
const EXIT_EXCEPTION: u8 = 1;
/// Exit status for usage errors and unsupported syntax.
const EXIT_USAGE: u8 = 2;
/// Exit status when no thread can run.
const EXIT_DEADLOCK: u8 = 3;
/// Exit status when a step or memory limit stops the run.
const EXIT_LIMIT: u8 = 4;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("interleave: {e:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Run { script, options } => {
            let (source, name) = read_script(&script)?;
            let code = match lang::compile(&source, &name) {
                Ok(code) => code,
                Err(e) => return Ok(report_compile_error(&name, &source, &e)),
            };
            let limits = Limits {
                max_steps: options.max_steps.unwrap_or(u64::MAX),
                ..Limits::default()
            };
            let sched = SchedConfig {
                seed: options.seed,
                gil: options.gil,
                strategy: options.strategy,
                cores: options.cores,
            };
            let mut vm = Vm::new(code, &source, limits, Scheduler::new(sched));
            let outcome = vm.run();
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&vm.take_output())?;
            stdout.flush()?;
            eprint!("{}", vm.take_errput());
            let status = match outcome {
                Outcome::Finished => ExitCode::SUCCESS,
                Outcome::Uncaught(traceback) => {
                    eprint!("{traceback}");
                    ExitCode::from(EXIT_EXCEPTION)
                }
                Outcome::Deadlock(report) => {
                    eprint!("{report}");
                    ExitCode::from(EXIT_DEADLOCK)
                }
                Outcome::LimitReached(limit) => {
                    eprintln!("interleave: {limit}");
                    ExitCode::from(EXIT_LIMIT)
                }
            };
            if options.summary {
                eprint!("{}", vm.summary_report());
                eprintln!(
                    "options: seed {}, {}, {}",
                    options.seed,
                    options.gil.name(),
                    options.strategy.name()
                );
            }
            Ok(status)
        }
        Command::Dis { script } => {
            let (source, name) = read_script(&script)?;
            match lang::compile(&source, &name) {
                Ok(code) => {
                    print!("{}", lang::dis::disassemble(&code));
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => Ok(report_compile_error(&name, &source, &e)),
            }
        }
    }
}

fn read_script(path: &PathBuf) -> anyhow::Result<(String, String)> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let source = String::from_utf8(bytes)
        .with_context(|| format!("{} is not valid UTF-8", path.display()))?;
    Ok((source, path.display().to_string()))
}

fn report_compile_error(name: &str, source: &str, e: &CompileError) -> ExitCode {
    match e.kind {
        CompileErrorKind::Unsupported => {
            eprintln!("{name}:{}:{}: unsupported: {}", e.line, e.col, e.message);
        }
        CompileErrorKind::Syntax => {
            eprintln!("  File \"{name}\", line {}", e.line);
            if let Some(text) = source.lines().nth(e.line.saturating_sub(1) as usize) {
                eprintln!("    {}", text.trim());
            }
            eprintln!("{name}:{}:{}: SyntaxError: {}", e.line, e.col, e.message);
        }
    }
    ExitCode::from(EXIT_USAGE)
}
