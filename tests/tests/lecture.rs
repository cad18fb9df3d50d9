//! The lecture's listings of processes, pools, virtual time and tracing
//! hooks (s2, s3, s6, s7, s9), run unmodified at full size through the CLI.

use std::path::PathBuf;

use interleave_tests::{Run, repo_root, run_interleave};

fn run_listing(name: &str, extra: &[&str]) -> Run {
    let script: PathBuf = repo_root().join("tests/listings").join(name);
    let mut args = vec!["run".to_owned(), script.display().to_string()];
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    run_interleave(args, &repo_root())
}

#[test]
fn s2_settrace_sees_add_then_the_prelude_shutdown() {
    let run = run_listing("s2_settrace.py", &[]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr_text());
    let out = run.stdout_text();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "Tracing add at line 12: z = x + y",
            "Tracing add at line 13: return z",
            "Result of add: 30",
        ],
        "{out}"
    );
    // What follows is the hook seeing threading._shutdown() at exit, as in
    // CPython: line events with the prelude's own source lines.
    assert!(
        lines[3].starts_with("Tracing _shutdown at line ")
            && lines[3].ends_with(": if _main_thread._is_stopped:"),
        "{out}"
    );
    assert!(
        lines[3..].iter().all(|l| l.starts_with("Tracing ")),
        "{out}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Tracing _stop at line ")),
        "{out}"
    );
}

/// The virtual run time `--summary` reports, in seconds.
fn virtual_seconds(run: &Run) -> f64 {
    run.stderr_text()
        .lines()
        .find_map(|l| {
            l.strip_prefix("virtual time: ")?
                .strip_suffix(" s")?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no virtual time in:\n{}", run.stderr_text()))
}

#[test]
fn s3_children_have_their_own_pids_names_and_sleep_in_parallel() {
    let run = run_listing("s3_processes.py", &["--summary"]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr_text());
    let out = run.stdout_text();
    let field = |line: &str, key: &str| -> String {
        line.split([' ', ','])
            .find_map(|part| part.strip_prefix(key))
            .unwrap_or_else(|| panic!("no {key} in {line:?}"))
            .to_owned()
    };
    let parents: Vec<&str> = out.lines().filter(|l| l.starts_with("[parent]")).collect();
    assert_eq!(parents.len(), 1, "{out}");
    assert!(parents[0].ends_with("name=MainProcess"), "{out}");
    let parent_pid = field(parents[0], "pid=");
    let mut children: Vec<(String, String, String)> = out
        .lines()
        .filter(|l| l.starts_with("[child]"))
        .map(|l| (field(l, "arg="), field(l, "name="), field(l, "pid=")))
        .collect();
    children.sort();
    assert_eq!(children.len(), 3, "{out}");
    for (i, (arg, name, pid)) in children.iter().enumerate() {
        assert_eq!(arg, &i.to_string(), "{out}");
        assert_eq!(name, &format!("p{i}"), "{out}");
        assert_ne!(pid, &parent_pid, "{out}");
    }
    let mut pids: Vec<&String> = children.iter().map(|c| &c.2).collect();
    pids.dedup();
    assert_eq!(pids.len(), 3, "{out}");
    let seconds = virtual_seconds(&run);
    assert!((1.0..1.1).contains(&seconds), "{seconds} s");
}

#[test]
fn processes_are_deterministic_per_seed() {
    let digest = |seed: &str| {
        let run = run_listing("s3_processes.py", &["--summary", "--seed", seed]);
        assert_eq!(run.code(), Some(0), "{}", run.stderr_text());
        let digest = run
            .stderr_text()
            .lines()
            .find_map(|l| l.strip_prefix("digest: ").map(str::to_owned))
            .expect("a digest");
        (digest, run.stdout_text())
    };
    assert_eq!(digest("5"), digest("5"));
}
