//! Golden tests: `interleave run NAME.py` against CPython 3.11's recorded
//! behaviour (`tests/golden/expected/`), and the recorded goldens against a
//! live CPython 3.11 where one is installed.
//!
//! Only the programs listed in `tests/golden/passing.txt` are required to
//! pass. Environment knobs:
//! * `INTERLEAVE_GOLDEN_ALL=1`: run every program in `tests/golden/programs/`
//!   instead, and print the passing ones that are not listed yet;
//! * `INTERLEAVE_GOLDEN=a,b`: run only the named programs;
//! * `INTERLEAVE_TEST_TIMEOUT=SECS`: per-program timeout (default 30 s in
//!   release builds, 120 s in debug builds);
//! * `PYTHON=...`: the interpreter for `goldens_match_cpython`.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use interleave_tests::{
    diff, interleave_bin, last_nonempty_line, read_name_list, repo_root, run_command,
    run_interleave,
};

fn golden_dir() -> PathBuf {
    repo_root().join("tests/golden")
}

fn programs_dir() -> PathBuf {
    golden_dir().join("programs")
}

fn expected_dir() -> PathBuf {
    golden_dir().join("expected")
}

fn passing_list() -> Vec<String> {
    read_name_list(&golden_dir().join("passing.txt"))
}

/// Every program stem in `tests/golden/programs/`, sorted.
fn all_programs() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(programs_dir())
        .expect("read tests/golden/programs")
        .filter_map(|e| {
            let path = e.expect("directory entry").path();
            (path.extension()? == "py").then(|| path.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    names.sort();
    names
}

fn read_expected(name: &str, suffix: &str) -> Vec<u8> {
    let path = expected_dir().join(format!("{name}{suffix}"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Runs one program and compares it with its goldens; `Err` holds a
/// human-readable report of every mismatch.
fn check_program(name: &str) -> Result<(), String> {
    let script = format!("{name}.py");
    let run = run_interleave(interleave_bin!(), ["run", script.as_str()], &programs_dir());
    let mut problems = Vec::new();

    let expected_exit = String::from_utf8_lossy(&read_expected(name, ".exit"))
        .trim()
        .parse::<i32>()
        .unwrap_or_else(|e| panic!("expected/{name}.exit is not an integer: {e}"));
    if run.code() != Some(expected_exit) {
        problems.push(format!(
            "exit status: expected {expected_exit}, got {}",
            run.describe_status()
        ));
    }

    let stdout_diff = diff(
        &format!("expected/{name}.stdout"),
        &format!("actual stdout of `interleave run {script}`"),
        &read_expected(name, ".stdout"),
        &run.stdout,
    );
    if !stdout_diff.is_empty() {
        problems.push(format!("stdout differs:\n{stdout_diff}"));
    }

    let expected_last = read_expected(name, ".stderr_last");
    let expected_last = expected_last.strip_suffix(b"\n").unwrap_or(&expected_last);
    if !expected_last.is_empty() {
        let actual_last = last_nonempty_line(&run.stderr);
        if actual_last != expected_last {
            problems.push(format!(
                "last non-empty stderr line:\n  expected: {}\n  actual:   {}",
                String::from_utf8_lossy(expected_last),
                String::from_utf8_lossy(actual_last)
            ));
        }
    }

    if problems.is_empty() {
        return Ok(());
    }
    let mut report = format!("=== {name} ===\n");
    for p in problems {
        report.push_str(&p);
        if !p.ends_with('\n') {
            report.push('\n');
        }
    }
    let stderr = run.stderr_text();
    if !stderr.trim().is_empty() {
        let tail: Vec<&str> = stderr.lines().rev().take(15).collect();
        report.push_str("stderr (last lines):\n");
        for line in tail.into_iter().rev() {
            report.push_str("  | ");
            report.push_str(line);
            report.push('\n');
        }
    }
    Err(report)
}

/// Runs `check_program` for every name on all cores; results in input order.
fn check_all(names: &[String]) -> Vec<(String, Result<(), String>)> {
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(names.len()));
    let workers = std::thread::available_parallelism()
        .map_or(2, std::num::NonZero::get)
        .min(names.len());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(name) = names.get(i) else { break };
                    let result = check_program(name);
                    results.lock().unwrap().push((i, result));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(i, _)| *i);
    results
        .into_iter()
        .map(|(i, r)| (names[i].clone(), r))
        .collect()
}

#[test]
fn golden_programs() {
    let listed = passing_list();
    let run_all = std::env::var_os("INTERLEAVE_GOLDEN_ALL").is_some_and(|v| v != "0");
    let mut names = if run_all {
        all_programs()
    } else {
        listed.clone()
    };
    if let Ok(only) = std::env::var("INTERLEAVE_GOLDEN") {
        let only: BTreeSet<&str> = only.split(',').map(str::trim).collect();
        names.retain(|n| only.contains(n.as_str()));
    }
    if names.is_empty() {
        eprintln!("note: no golden programs selected (tests/golden/passing.txt lists none yet)");
        return;
    }

    let results = check_all(&names);
    let failures: Vec<&str> = results
        .iter()
        .filter_map(|(_, r)| r.as_ref().err())
        .map(String::as_str)
        .collect();
    if run_all {
        let listed: BTreeSet<&str> = listed.iter().map(String::as_str).collect();
        let unlisted: Vec<&str> = results
            .iter()
            .filter(|(n, r)| r.is_ok() && !listed.contains(n.as_str()))
            .map(|(n, _)| n.as_str())
            .collect();
        eprintln!(
            "passing but not in passing.txt ({}):\n{}",
            unlisted.len(),
            unlisted.join("\n")
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} golden programs failed:\n\n{}\nfailed: {}",
        failures.len(),
        names.len(),
        failures.join("\n"),
        results
            .iter()
            .filter(|(_, r)| r.is_err())
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    );
}

#[test]
fn passing_list_names_existing_programs() {
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    for name in passing_list() {
        if !seen.insert(name.clone()) {
            problems.push(format!("{name}: listed twice"));
        }
        if std::path::Path::new(&name).extension().is_some() || name.contains('/') {
            problems.push(format!(
                "{name}: list the bare stem (NAME for programs/NAME.py)"
            ));
            continue;
        }
        let program = programs_dir().join(format!("{name}.py"));
        if !program.is_file() {
            problems.push(format!("{name}: {} does not exist", program.display()));
        }
        for suffix in [".stdout", ".exit", ".stderr_last"] {
            let file = expected_dir().join(format!("{name}{suffix}"));
            if !file.is_file() {
                problems.push(format!("{name}: {} does not exist", file.display()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "tests/golden/passing.txt:\n{}",
        problems.join("\n")
    );
}

/// Re-checks every file generated from CPython (program output and `dis`
/// listings, the formatting tables, the Unicode tables) against a live
/// CPython 3.11 through each generator's `--check`.
///
/// Skipped, with a note on stderr, when `$PYTHON` (default `python3`) is
/// missing or is not CPython 3.11: other versions print different bytecode
/// and messages, so they cannot serve as the oracle.
#[test]
fn goldens_match_cpython() {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let version = match Command::new(&python).arg("--version").output() {
        Ok(out) if out.status.success() => {
            let mut v = String::from_utf8_lossy(&out.stdout).trim().to_owned();
            if v.is_empty() {
                v = String::from_utf8_lossy(&out.stderr).trim().to_owned();
            }
            v
        }
        Ok(out) => {
            eprintln!(
                "note: skipping the live CPython check: `{python} --version` failed ({})",
                out.status
            );
            return;
        }
        Err(e) => {
            eprintln!("note: skipping the live CPython check: cannot run `{python}`: {e}");
            return;
        }
    };
    if !version.starts_with("Python 3.11.") {
        eprintln!(
            "note: skipping the live CPython check: `{python}` is {version:?}, not CPython 3.11"
        );
        return;
    }

    let mut failures = Vec::new();
    for script in [
        "scripts/gen_goldens.py",
        "scripts/gen_dis_goldens.py",
        "tracer-core/lang/src/format/tests/gen_data.py",
        "tracer-core/vm/src/model/methods/gen_unicode.py",
    ] {
        let mut cmd = Command::new(&python);
        cmd.arg(script).arg("--check").current_dir(repo_root());
        let run = run_command(cmd, Duration::from_mins(10));
        if run.code() != Some(0) {
            failures.push(format!(
                "`{python} {script} --check`: {}\n{}{}",
                run.describe_status(),
                run.stdout_text(),
                run.stderr_text()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "recorded goldens disagree with {version} (regenerate with the scripts and review):\n{}",
        failures.join("\n")
    );
}
