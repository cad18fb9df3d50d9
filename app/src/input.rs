//! What the CLI's commands share: reading a script, parsing option values,
//! and the exit status of bad input.

use std::path::Path;

use anyhow::Context;
use tracer_core::sched::{GilModel, StrategyKind};
use tracer_core::trace::Script;

/// Exit status for usage errors, unsupported syntax and bad input files.
pub(crate) const EXIT_USAGE: u8 = 2;

/// A GIL model by its command-line name.
pub(crate) fn parse_gil(s: &str) -> Result<GilModel, String> {
    GilModel::parse(s).ok_or_else(|| {
        format!("unknown GIL model '{s}' (cpython-3.11, cpython-3.9, free-threaded)")
    })
}

/// A scheduling strategy by its command-line name.
pub(crate) fn parse_strategy(s: &str) -> Result<StrategyKind, String> {
    StrategyKind::parse(s).ok_or_else(|| format!("unknown strategy '{s}' (realistic, random, pct)"))
}

/// The script at `path`, which must be UTF-8.
pub(crate) fn read_script(path: &Path) -> anyhow::Result<Script> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let source = String::from_utf8(bytes)
        .with_context(|| format!("{} is not valid UTF-8", path.display()))?;
    Ok(Script {
        name: path.display().to_string(),
        source,
    })
}
