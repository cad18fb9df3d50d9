//! The text `explore` prints on stdout: what was explored, the distinct
//! outcomes, and every failure with the commands that reproduce it.

use crate::input::PctArgs;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tracer_core::explore::{FailureKind, Plan, RunResult};
use tracer_core::vm::Outcome;

/// Longest printed rendering of one outcome's stdout, in characters.
const OUTCOME_WIDTH: usize = 120;
/// Distinct outcomes listed (the most frequent).
const OUTCOMES_LISTED: usize = 20;

/// What the report needs besides the results.
pub struct Context<'a> {
    /// The script's path as the user gave it (for the commands).
    pub script: &'a Path,
    /// What was explored.
    pub plan: &'a Plan,
    /// `--max-steps`, if given (part of the reproducing command).
    pub max_steps: Option<u64>,
    /// Where failing runs were saved, if they were.
    pub save_dir: Option<&'a Path>,
}

impl Context<'_> {
    /// The `interleave run` command that reproduces the run with `seed`.
    pub fn run_command(&self, seed: u64) -> String {
        let sched = self.plan.config.sched;
        let mut command = format!(
            "interleave run {} --seed {seed} --gil {} --strategy {}{} --cores {}",
            shell_word(&self.script.display().to_string()),
            sched.gil.name(),
            sched.strategy.name(),
            PctArgs::of(sched.strategy),
            sched.cores
        );
        if let Some(max) = self.max_steps {
            let _ = write!(command, " --max-steps {max}");
        }
        command
    }

    /// Where the failing run with `seed` is saved, if failures are saved.
    pub fn saved_path(&self, seed: u64) -> Option<PathBuf> {
        self.save_dir
            .map(|dir| dir.join(format!("seed-{seed}.ron")))
    }

    /// Where the shrunk run of `seed` failing as `kind` is saved.
    pub fn shrunk_path(&self, seed: u64, kind: FailureKind) -> Option<PathBuf> {
        self.save_dir
            .map(|dir| dir.join(format!("seed-{seed}-{kind}-shrunk.ron")))
    }

    /// The first line: script, seeds and options.
    pub fn header(&self, results: &[RunResult]) -> String {
        let plan = self.plan;
        let sched = plan.config.sched;
        let kinds: Vec<&str> = plan.fail_on.iter().map(|k| k.name()).collect();
        format!(
            "explored {} schedules of {} (seeds {}..{}, --gil {} --strategy {}{} --cores {}, \
             failing on {})\n",
            results.len(),
            self.script.display(),
            plan.seeds.start,
            plan.seeds.end,
            sched.gil.name(),
            sched.strategy.name(),
            PctArgs::of(sched.strategy),
            sched.cores,
            kinds.join(",")
        )
    }

    /// Every failing run: its failures, the command that reproduces it and,
    /// if saved, the file to open.
    pub fn failures(&self, results: &[RunResult]) -> String {
        let mut out = String::new();
        for result in results.iter().filter(|r| !r.failures.is_empty()) {
            let _ = writeln!(out, "seed {}:", result.seed);
            for failure in &result.failures {
                let _ = writeln!(out, "  {}: {}", failure.kind, failure.detail);
            }
            let _ = writeln!(out, "  reproduce: {}", self.run_command(result.seed));
            if let Some(path) = self.saved_path(result.seed) {
                let path = shell_word(&path.display().to_string());
                let _ = writeln!(out, "  open: interleave open {path}");
            }
        }
        out
    }
}

/// Distinct outcomes (stdout and how the run ended) with their counts, the
/// most frequent first, each with the first run (`label` and number: `seed
/// 3`, `schedule 12`) that had it.
pub fn outcomes(results: &[RunResult], label: &str) -> String {
    let mut seen: BTreeMap<(String, &str), (usize, u64)> = BTreeMap::new();
    for result in results {
        let key = (render_stdout(&result.stdout), ending(&result.outcome));
        seen.entry(key).or_insert((0, result.seed)).0 += 1;
    }
    let mut rows: Vec<_> = seen.into_iter().collect();
    rows.sort_by_key(|(_, (count, first))| (std::cmp::Reverse(*count), *first));
    let mut out = format!("distinct outcomes: {}\n", rows.len());
    for ((text, end), (count, first)) in rows.iter().take(OUTCOMES_LISTED) {
        let _ = writeln!(out, "  {count:>6} x {text}{end}  (first: {label} {first})");
    }
    if rows.len() > OUTCOMES_LISTED {
        let _ = writeln!(out, "  ... {} more", rows.len() - OUTCOMES_LISTED);
    }
    out
}

/// How many runs failed, in total and per kind.
pub fn failure_counts(results: &[RunResult]) -> String {
    let failing = results.iter().filter(|r| !r.failures.is_empty()).count();
    let per_kind: Vec<String> = FailureKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let n = results
                .iter()
                .filter(|r| r.failures.iter().any(|f| f.kind == kind))
                .count();
            (n > 0).then(|| format!("{kind} {n}"))
        })
        .collect();
    if failing == 0 {
        return "failures: none\n".to_owned();
    }
    format!(
        "failures: {failing} of {} schedules ({})\n",
        results.len(),
        per_kind.join(", ")
    )
}

/// A run's stdout on one line: lines joined by ` | `, shortened.
fn render_stdout(stdout: &[u8]) -> String {
    let text = String::from_utf8_lossy(stdout);
    let joined = text.lines().collect::<Vec<_>>().join(" | ");
    if joined.is_empty() {
        return "(no output)".to_owned();
    }
    if joined.chars().count() > OUTCOME_WIDTH {
        let short: String = joined.chars().take(OUTCOME_WIDTH).collect();
        return format!("{short}...");
    }
    joined
}

/// How a run ended, as a suffix (nothing for a normal end).
fn ending(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Finished => "",
        Outcome::Uncaught(_) => "  [uncaught exception, exit 1]",
        Outcome::Deadlock(_) => "  [deadlock, exit 3]",
        Outcome::LimitReached(_) => "  [limit, exit 4]",
    }
}

/// `word` quoted for a POSIX shell if it needs to be.
pub fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./=:,+@%".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("tests/s8_race.py"), "tests/s8_race.py");
        assert_eq!(shell_word("my script.py"), "'my script.py'");
        assert_eq!(shell_word("it's.py"), r"'it'\''s.py'");
    }

    #[test]
    fn stdout_is_shown_on_one_line() {
        assert_eq!(render_stdout(b"a: 1\nb: 2\n"), "a: 1 | b: 2");
        assert_eq!(render_stdout(b""), "(no output)");
    }
}
