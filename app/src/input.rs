//! What the CLI's commands share: reading a script, parsing option values,
//! and the exit status of bad input.

use std::path::Path;

use anyhow::Context;
use tracer_core::sched::{GilModel, PctParams, StrategyKind};
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

/// PCT's parameters on the command line (`run` and `explore`).
#[derive(Debug, Default, clap::Args)]
pub(crate) struct PctArgs {
    /// PCT: the bug depth aimed at, i.e. depth - 1 priority change points
    /// (default 3; with --strategy pct).
    #[arg(long, value_name = "D", value_parser = clap::value_parser!(u32).range(1..=64))]
    pct_depth: Option<u32>,
    /// PCT: how many switch points the change points are drawn from
    /// (default 200000; with --strategy pct).
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u64).range(1..))]
    pct_horizon: Option<u64>,
}

impl PctArgs {
    /// `strategy` with these parameters: an error if they are given for
    /// another strategy than PCT.
    pub(crate) fn apply(&self, strategy: StrategyKind) -> Result<StrategyKind, String> {
        match strategy {
            StrategyKind::Pct(defaults) => Ok(StrategyKind::Pct(PctParams {
                depth: self.pct_depth.unwrap_or(defaults.depth),
                horizon: self.pct_horizon.unwrap_or(defaults.horizon),
            })),
            other if self.pct_depth.is_none() && self.pct_horizon.is_none() => Ok(other),
            other => Err(format!(
                "--pct-depth and --pct-horizon go with --strategy pct, not {}",
                other.name()
            )),
        }
    }

    /// The options that give `strategy`'s parameters back (empty unless
    /// they differ from the defaults), for a reproducing command line.
    pub(crate) fn of(strategy: StrategyKind) -> String {
        match strategy {
            StrategyKind::Pct(params) if params != PctParams::default() => {
                format!(
                    " --pct-depth {} --pct-horizon {}",
                    params.depth, params.horizon
                )
            }
            _ => String::new(),
        }
    }
}
