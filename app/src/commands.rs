//! What each subcommand does, on top of tracer-core.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::input::EXIT_USAGE;
use tracer_core::lang::{self, CompileError, CompileErrorKind};
use tracer_core::trace::{
    CheckpointPolicy, Recording, RunConfig, Scheduling, Script, Trace, record,
};
use tracer_core::tracefile;
use tracer_core::vm::Outcome;

/// Exit status for an uncaught exception in the main thread.
const EXIT_EXCEPTION: u8 = 1;
/// Exit status when no thread can run.
const EXIT_DEADLOCK: u8 = 3;
/// Exit status when a step or memory limit stops the run.
const EXIT_LIMIT: u8 = 4;

/// `interleave run`: record the script, print its output, optionally save
/// the trace (`save`: path and whether to overwrite a non-trace file).
pub fn run(
    script: &Script,
    config: RunConfig,
    summary: bool,
    save: Option<(&Path, bool)>,
) -> anyhow::Result<ExitCode> {
    let recording = match record(script, config, Scheduling::Seeded, CheckpointPolicy::NONE) {
        Ok(recording) => recording,
        Err(e) => return Ok(report_compile_error(script, &e)),
    };
    let trace = &recording.trace;
    // Save first: if the trace cannot be written, the run is reported as
    // failed before any of its output appears.
    if let Some((path, force)) = save {
        tracefile::save(&tracefile::to_file(trace), path, force)?;
    }
    let status = emit(trace)?;
    if summary {
        eprint!("{}", trace.summary_report());
    }
    Ok(status)
}

/// `interleave replay`: re-execute a trace file, verify it, print its output.
pub fn replay(path: &Path, seed_only: bool) -> anyhow::Result<ExitCode> {
    emit(&load_verified(path, seed_only)?.trace)
}

/// `interleave export --chrome`: the verified trace as Chrome trace-event JSON.
pub fn export_chrome(path: &Path, out: &Path) -> anyhow::Result<ExitCode> {
    let recording = load_verified(path, false)?;
    let json = tracer_core::export::chrome::to_json(&recording.trace);
    tracefile::write_atomically(out, json.as_bytes())
        .with_context(|| format!("cannot write {}", out.display()))?;
    Ok(ExitCode::SUCCESS)
}

/// Loads a trace file, re-executes it and checks the replay against it.
fn load_verified(path: &Path, seed_only: bool) -> anyhow::Result<Recording> {
    let context = || path.display().to_string();
    let file = tracefile::load(path).with_context(context)?;
    let recording =
        tracefile::replay(&file, seed_only, CheckpointPolicy::NONE).with_context(context)?;
    tracefile::verify(&file, &recording).with_context(context)?;
    Ok(recording)
}

/// `interleave dis`.
pub fn dis(script: &Script) -> ExitCode {
    match lang::compile(&script.source, &script.name) {
        Ok(code) => {
            print!("{}", lang::dis::disassemble(&code));
            ExitCode::SUCCESS
        }
        Err(e) => report_compile_error(script, &e),
    }
}

/// Writes the program's stdout and stderr and maps its outcome to the
/// CLI contract's exit status.
fn emit(trace: &Trace) -> anyhow::Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&trace.stdout)?;
    stdout.flush()?;
    eprint!("{}", trace.stderr);
    Ok(match trace.outcome {
        Outcome::Finished => ExitCode::SUCCESS,
        Outcome::Uncaught(_) => ExitCode::from(EXIT_EXCEPTION),
        Outcome::Deadlock(_) => ExitCode::from(EXIT_DEADLOCK),
        Outcome::LimitReached(_) => ExitCode::from(EXIT_LIMIT),
    })
}

/// Reports a compile error like CPython (syntax) or as
/// `file:line:col: unsupported: WHAT`; returns the usage exit status.
pub(crate) fn report_compile_error(script: &Script, e: &CompileError) -> ExitCode {
    let name = &script.name;
    match e.kind {
        CompileErrorKind::Unsupported => {
            eprintln!("{name}:{}:{}: unsupported: {}", e.line, e.col, e.message);
        }
        CompileErrorKind::Syntax => {
            eprintln!("  File \"{name}\", line {}", e.line);
            if let Some(text) = script.source.lines().nth(e.line.saturating_sub(1) as usize) {
                eprintln!("    {}", text.trim());
            }
            eprintln!("{name}:{}:{}: SyntaxError: {}", e.line, e.col, e.message);
        }
    }
    ExitCode::from(EXIT_USAGE)
}
