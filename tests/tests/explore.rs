//! `interleave explore`: failures found under many schedules, reproducing
//! commands that reproduce, saved and shrunk traces that replay, the
//! histogram and the exit statuses.

use std::path::{Path, PathBuf};

use interleave_tests::{Run, repo_root, run_interleave};

fn listing(name: &str) -> PathBuf {
    repo_root().join("tests/listings").join(name)
}

fn scenario(name: &str) -> PathBuf {
    repo_root().join("scenarios").join(name)
}

fn explore(script: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["explore".to_owned(), script.display().to_string()];
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    run_interleave(args, &repo_root())
}

/// The arguments of every `reproduce: interleave run ...` line, by seed.
fn reproduce_commands(stdout: &str) -> Vec<Vec<String>> {
    stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("reproduce: interleave "))
        .map(|cmd| cmd.split_whitespace().map(str::to_owned).collect())
        .collect()
}

/// The number in `N updates lost` on each `lost-update:` line.
fn lost_counts(stdout: &str) -> Vec<u64> {
    stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("lost-update: "))
        .map(|rest| rest.split_whitespace().next().unwrap().parse().unwrap())
        .collect()
}

#[test]
fn s8_under_3_9_fails_with_lost_updates_that_each_command_reproduces() {
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().display().to_string();
    let s8 = listing("s8_race_vs_lock.py");
    let run = explore(
        &s8,
        &[
            "--gil",
            "cpython-3.9",
            "--count",
            "4",
            "--jobs",
            "2",
            "--save-failures",
            &save,
        ],
    );
    let out = run.stdout_text();
    assert_eq!(run.code(), Some(1), "{out}\n{}", run.stderr_text());
    assert!(
        out.contains("failures: 4 of 4 schedules (lost-update 4)"),
        "{out}"
    );
    let commands = reproduce_commands(&out);
    let lost = lost_counts(&out);
    assert_eq!((commands.len(), lost.len()), (4, 4), "{out}");
    for (seed, (args, lost)) in commands.iter().zip(&lost).enumerate().take(2) {
        assert!(args.contains(&"--seed".to_owned()), "{args:?}");
        let mut with_summary = args.clone();
        with_summary.push("--summary".to_owned());
        let again = run_interleave(&with_summary, &repo_root());
        assert_eq!(again.code(), Some(0), "{}", again.stderr_text());
        assert!(
            again
                .stderr_text()
                .contains(&format!("lost updates: {lost}\n")),
            "seed {seed}: explore said {lost} lost\n{}",
            again.stderr_text()
        );
        let saved = dir.path().join(format!("seed-{seed}.ron"));
        assert!(out.contains(&format!("open: interleave open {}", saved.display())));
        let replayed = run_interleave(["replay".as_ref(), saved.as_os_str()], &repo_root());
        assert_eq!(replayed.code(), Some(0), "{}", replayed.stderr_text());
        assert_eq!(replayed.stdout, again.stdout);
    }
}

#[test]
fn output_is_the_same_for_any_number_of_jobs() {
    let script = scenario("race_sleep_zero.py");
    let one = explore(&script, &["--count", "6", "--jobs", "1", "--histogram"]);
    let two = explore(&script, &["--count", "6", "--jobs", "2", "--histogram"]);
    assert_eq!(one.code(), Some(1));
    assert_eq!(one.stdout_text(), two.stdout_text());
}

#[test]
fn under_3_11_only_a_call_or_a_sleep_between_read_and_write_loses_updates() {
    let clean = explore(
        &listing("s8_race_vs_lock.py"),
        &["--count", "2", "--fail-on", "lost-update"],
    );
    assert_eq!(clean.code(), Some(0), "{}", clean.stdout_text());
    assert!(clean.stdout_text().contains("failures: none\n"));
    for name in ["race_call_between.py", "race_sleep_zero.py"] {
        let run = explore(
            &scenario(name),
            &["--count", "3", "--fail-on", "lost-update"],
        );
        assert_eq!(run.code(), Some(1), "{name}: {}", run.stdout_text());
        assert!(
            run.stdout_text().contains("(lost-update 3)"),
            "{name}: {}",
            run.stdout_text()
        );
    }
}

#[test]
fn abba_deadlock_is_found_by_every_strategy() {
    for strategy in ["random", "pct", "realistic"] {
        let run = explore(
            &scenario("deadlock_abba.py"),
            &["--count", "5", "--strategy", strategy],
        );
        let out = run.stdout_text();
        assert_eq!(run.code(), Some(1), "{strategy}: {out}");
        assert!(out.contains("(deadlock 5)"), "{strategy}: {out}");
        assert!(out.contains("deadlock: wait-for cycle: "), "{out}");
        let args = &reproduce_commands(&out)[0];
        assert_eq!(
            run_interleave(args, &repo_root()).code(),
            Some(3),
            "{args:?}"
        );
    }
}

#[test]
fn an_exception_in_a_thread_is_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("check.py");
    std::fs::write(
        &script,
        "import threading\n\
         n = 0\n\
         def work():\n    global n\n    for _ in range(200):\n        n = n + 1\n\
         def check():\n    assert n % 2 == 0, n\n\
         ts = [threading.Thread(target=work), threading.Thread(target=check)]\n\
         [t.start() for t in ts]; [t.join() for t in ts]\n",
    )
    .unwrap();
    let run = explore(&script, &["--count", "20", "--fail-on", "exception"]);
    let out = run.stdout_text();
    assert_eq!(run.code(), Some(1), "{out}");
    assert!(
        out.contains("exception: in thread Thread-2 (check): AssertionError: "),
        "{out}"
    );
}

#[test]
fn races_count_only_when_asked() {
    let script = scenario("race_call_between.py");
    let run = explore(&script, &["--count", "1", "--fail-on", "race"]);
    assert_eq!(run.code(), Some(1), "{}", run.stdout_text());
    assert!(
        run.stdout_text().contains("(race 1)"),
        "{}",
        run.stdout_text()
    );
    assert!(!run.stdout_text().contains("lost-update"));
}

#[test]
fn histogram_counts_each_printed_value() {
    let run = explore(
        &scenario("race_sleep_zero.py"),
        &["--seeds", "10..14", "--histogram", "counter"],
    );
    let out = run.stdout_text();
    let section = out
        .split("histogram of the value on the line \"counter...\":\n")
        .nth(1)
        .unwrap_or_else(|| panic!("{out}"));
    let bars: Vec<&str> = section.lines().take_while(|l| l.contains(" | ")).collect();
    let total: u64 = bars
        .iter()
        .map(|l| l.rsplit(' ').next().unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(total, 4, "{out}");
    assert!(out.contains("explored 4 schedules"), "{out}");
}

#[test]
fn usage_errors_exit_2() {
    let s8 = listing("s8_race_vs_lock.py");
    for bad in [
        &["--seeds", "5..1"][..],
        &["--seeds", "x"],
        &["--fail-on", "typo"],
        &["--count", "3", "--seeds", "0..3"],
    ] {
        assert_eq!(explore(&s8, bad).code(), Some(2), "{bad:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.py");
    std::fs::write(&broken, "def f(:\n").unwrap();
    let run = explore(&broken, &["--count", "2"]);
    assert_eq!(run.code(), Some(2));
    assert!(
        run.stderr_text().contains("SyntaxError"),
        "{}",
        run.stderr_text()
    );
}

#[test]
fn shrinking_a_lost_update_under_3_9_ends_at_one_or_two_preemptions() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("counter.py");
    std::fs::write(
        &script,
        "import threading\n\
         count = 0\n\
         def race():\n    global count\n    for _ in range(200):\n        count += 1\n\
         ts = [threading.Thread(target=race) for _ in range(2)]\n\
         [t.start() for t in ts]; [t.join() for t in ts]\n\
         print('count:', count)\n",
    )
    .unwrap();
    let save = dir.path().join("failures");
    let run = explore(
        &script,
        &[
            "--gil",
            "cpython-3.9",
            "--count",
            "5",
            "--fail-on",
            "lost-update",
            "--shrink",
            "--save-failures",
            &save.display().to_string(),
        ],
    );
    let out = run.stdout_text();
    assert_eq!(run.code(), Some(1), "{out}");
    let line = out
        .lines()
        .find(|l| l.starts_with("shrunk lost-update of seed "))
        .unwrap_or_else(|| panic!("{out}"));
    let counts = line
        .split_once(": ")
        .and_then(|(_, counts)| counts.split_once(" preemptions"))
        .and_then(|(counts, _)| counts.split_once(" -> "))
        .unwrap_or_else(|| panic!("{line}"));
    let (before, after): (usize, usize) = (counts.0.parse().unwrap(), counts.1.parse().unwrap());
    assert!((1..=2).contains(&after) && after <= before, "{line}");
    let shrunk = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("replay: interleave replay "))
        .unwrap_or_else(|| panic!("{out}"));
    let replayed = run_interleave(["replay", shrunk], &repo_root());
    assert_eq!(replayed.code(), Some(0), "{}", replayed.stderr_text());
    assert!(replayed.stdout_text().starts_with("count: "));
    assert_ne!(replayed.stdout_text(), "count: 400\n");
}
