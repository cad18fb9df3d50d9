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
    assert!(lines[3..].iter().all(|l| l.starts_with("Tracing ")), "{out}");
    assert!(
        lines.iter().any(|l| l.starts_with("Tracing _stop at line ")),
        "{out}"
    );
}
