//! `interleave explore`: failures found under many schedules, reproducing
//! commands that reproduce, saved and shrunk traces that replay, the
//! histogram and the exit statuses.

use std::path::{Path, PathBuf};

use interleave_tests::{Run, interleave_bin, repo_root, run_interleave};

fn listing(name: &str) -> PathBuf {
    repo_root().join("tests/listings").join(name)
}

fn scenario(name: &str) -> PathBuf {
    repo_root().join("scenarios").join(name)
}

fn explore(script: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["explore".to_owned(), script.display().to_string()];
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    run_interleave(interleave_bin!(), args, &repo_root())
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
        let again = run_interleave(interleave_bin!(), &with_summary, &repo_root());
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
        let replayed = run_interleave(
            interleave_bin!(),
            ["replay".as_ref(), saved.as_os_str()],
            &repo_root(),
        );
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
            run_interleave(interleave_bin!(), args, &repo_root()).code(),
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
    let replayed = run_interleave(interleave_bin!(), ["replay", shrunk], &repo_root());
    assert_eq!(replayed.code(), Some(0), "{}", replayed.stderr_text());
    assert!(replayed.stdout_text().starts_with("count: "));
    assert_ne!(replayed.stdout_text(), "count: 400\n");
}

/// Two workers add 1 to a global twice; `main` (a function, so its names
/// are locals) starts them with `_thread` and waits on one lock each.
const COUNTER_2X2: &str = include_str!("../../tests/fixtures/scripts/counter_2x2.py");

#[test]
fn exhaustive_covers_every_schedule_of_a_2x2_counter() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("counter.py");
    std::fs::write(&script, COUNTER_2X2).unwrap();
    let run = explore(
        &script,
        &["--strategy", "exhaustive", "--preemption-bound", "20"],
    );
    let out = run.stdout_text();
    assert_eq!(run.code(), Some(0), "{out}\n{}", run.stderr_text());
    // Under 3.11 a thread can only be switched out after RESUME,
    // JUMP_BACKWARD and calls, and a preemption is only tried after a
    // visible instruction. Without preemptions there are 3 schedules: when
    // main blocks on `a`, T1 or T2 runs; after T1 ends, main (which then
    // blocks on `b`) or T2; after T2 first, only T1 can run. Each further
    // preemption point of those runs (after a worker's `count += 1` block,
    // its release, main's starts) multiplies them: 3, 12, 29, 57, 57, 26
    // and 2 schedules with 0..6 preemptions, 186 in all, and no schedule
    // needs a 7th preemption, so the space is covered completely. No
    // schedule loses an update: the GIL never switches inside `+=`.
    assert!(
        out.starts_with("explored 186 distinct schedules of "),
        "{out}"
    );
    assert!(
        out.contains("schedules by preemptions: 0: 3, 1: 12, 2: 29, 3: 57, 4: 57, 5: 26, 6: 2\n"),
        "{out}"
    );
    assert!(out.contains("coverage: complete (every schedule"), "{out}");
    assert!(out.contains("186 x 4  (first: schedule 0)"), "{out}");
}

#[test]
fn exhaustive_finds_the_lost_update_of_3_threads_with_one_preemption() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("counter3.py");
    std::fs::write(
        &script,
        "import threading\n\
         count = 0\n\
         def work():\n    global count\n    for _ in range(2):\n        count += 1\n\
         ts = [threading.Thread(target=work) for _ in range(3)]\n\
         for t in ts:\n    t.start()\n\
         for t in ts:\n    t.join()\n\
         print(count)\n",
    )
    .unwrap();
    let save = dir.path().join("failures");
    let started = std::time::Instant::now();
    let run = explore(
        &script,
        &[
            "--strategy",
            "exhaustive",
            "--gil",
            "cpython-3.9",
            "--preemption-bound",
            "1",
            "--save-failures",
            &save.display().to_string(),
        ],
    );
    let out = run.stdout_text();
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    assert_eq!(run.code(), Some(1), "{out}\n{}", run.stderr_text());
    assert!(
        out.contains("coverage: complete up to 1 preemption "),
        "{out}"
    );
    let first = out
        .lines()
        .find(|l| l.starts_with("schedule "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(first.ends_with("(1 preemption):"), "{first}\n{out}");
    let replay = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("replay: interleave replay "))
        .unwrap_or_else(|| panic!("{out}"));
    let replayed = run_interleave(interleave_bin!(), ["replay", replay], &repo_root());
    assert_eq!(replayed.code(), Some(0), "{}", replayed.stderr_text());
    assert_ne!(replayed.stdout_text(), "6\n");
}

#[test]
fn abba_deadlock_is_found_by_exhaustive_without_preemptions() {
    let run = explore(
        &scenario("deadlock_abba.py"),
        &["--strategy", "exhaustive", "--preemption-bound", "1"],
    );
    let out = run.stdout_text();
    assert_eq!(run.code(), Some(1), "{out}");
    assert!(
        out.contains("schedule 0 (0 preemptions):\n  deadlock: wait-for cycle: "),
        "{out}"
    );
}

#[test]
fn exhaustive_options_are_usage_errors_elsewhere() {
    let s8 = listing("s8_race_vs_lock.py");
    for bad in [
        &["--preemption-bound", "1"][..],
        &["--strategy", "exhaustive", "--count", "3"],
        &["--strategy", "exhaustive", "--shrink"],
        &["--strategy", "exhaustive", "--max-schedules", "0"],
    ] {
        assert_eq!(explore(&s8, bad).code(), Some(2), "{bad:?}");
    }
}

#[test]
fn shrinking_an_s8_style_lost_update_under_3_9_ends_at_one_or_two_preemptions() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("s8_small.py");
    let s8 = std::fs::read_to_string(listing("s8_race_vs_lock.py")).unwrap();
    std::fs::write(&script, s8.replace("N = 100_000", "N = 2_000")).unwrap();
    let save = dir.path().join("failures");
    let run = explore(
        &script,
        &[
            "--gil",
            "cpython-3.9",
            "--count",
            "1",
            "--shrink",
            "--save-failures",
            &save.display().to_string(),
        ],
    );
    let out = run.stdout_text();
    assert_eq!(run.code(), Some(1), "{out}");
    let line = out
        .lines()
        .find(|l| l.starts_with("shrunk lost-update of seed 0: "))
        .unwrap_or_else(|| panic!("{out}"));
    let after: usize = line
        .split(" -> ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{line}"));
    assert!((1..=2).contains(&after), "{line}");
    let shrunk = save.join("seed-0-lost-update-shrunk.ron");
    let replayed = run_interleave(
        interleave_bin!(),
        ["replay".as_ref(), shrunk.as_os_str()],
        &repo_root(),
    );
    assert_eq!(replayed.code(), Some(0), "{}", replayed.stderr_text());
    assert!(replayed.stdout_text().starts_with("race result (unsafe): "));
}

#[test]
fn pct_parameters_reach_the_runs_and_their_reproducing_commands() {
    let script = repo_root().join("tests/fixtures/scripts/half_done_update.py");
    let pct = [
        "--strategy",
        "pct",
        "--pct-depth",
        "2",
        "--pct-horizon",
        "125",
        "--gil",
        "cpython-3.9",
    ];
    let mut args = pct.to_vec();
    args.extend(["--count", "400", "--jobs", "2"]);
    let run = explore(&script, &args);
    let out = run.stdout_text();
    assert_eq!(run.code(), Some(1), "{out}\n{}", run.stderr_text());
    assert!(
        out.contains("--strategy pct --pct-depth 2 --pct-horizon 125"),
        "{out}"
    );
    let commands = reproduce_commands(&out);
    assert!(!commands.is_empty(), "{out}");
    for command in commands {
        let again = run_interleave(interleave_bin!(), &command, &repo_root());
        assert_eq!(
            again.code(),
            Some(1),
            "{command:?}: {}",
            again.stderr_text()
        );
        assert!(
            again.stderr_text().contains("half-done update"),
            "{command:?}"
        );
    }
    // The same seeds under PCT's default depth-3 parameters are other runs.
    let defaults = explore(
        &script,
        &[
            "--strategy",
            "pct",
            "--gil",
            "cpython-3.9",
            "--count",
            "400",
        ],
    );
    assert_ne!(defaults.stdout_text(), out);
}

#[test]
fn pct_parameters_without_pct_are_a_usage_error() {
    let script = repo_root().join("tests/fixtures/scripts/half_done_update.py");
    for command in [
        vec!["run", "--pct-depth", "2"],
        vec!["explore", "--strategy", "random", "--pct-horizon", "9"],
        vec!["explore", "--strategy", "exhaustive", "--pct-depth", "2"],
    ] {
        let mut args: Vec<String> = command.iter().map(|s| (*s).to_owned()).collect();
        args.push(script.display().to_string());
        let run = run_interleave(interleave_bin!(), &args, &repo_root());
        assert_eq!(run.code(), Some(2), "{args:?}: {}", run.stderr_text());
        assert!(
            run.stderr_text().contains("--pct-"),
            "{args:?}: {}",
            run.stderr_text()
        );
    }
}
