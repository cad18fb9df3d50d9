//! The CLI contract (DESIGN.md, "The CLI contract"): the parts that hold
//! today. Exit status 2 means a usage error or unsupported syntax, reported
//! as `file:line:col`.

use interleave_tests::{Run, interleave_bin, last_nonempty_line, repo_root, run_interleave};

/// Subcommands that read and compile a script, so share its error
/// reporting.
const SCRIPT_SUBCOMMANDS: &[&str] = &["run", "dis"];

/// Writes `source` to `NAME` in a fresh temporary directory and runs
/// `interleave SUBCOMMAND NAME` there.
fn run_on_source_with(subcommand: &str, name: &str, source: &[u8]) -> Run {
    let dir = tempfile::tempdir().expect("create temp dir");
    std::fs::write(dir.path().join(name), source).expect("write script");
    run_interleave(interleave_bin!(), [subcommand, name], dir.path())
}

/// `interleave run NAME` on `source` in a fresh temporary directory.
fn run_source(name: &str, source: &[u8]) -> Run {
    run_on_source_with("run", name, source)
}

fn context(what: &str, run: &Run) -> String {
    format!(
        "{what}: {}\n--- stdout\n{}--- stderr\n{}",
        run.describe_status(),
        run.stdout_text(),
        run.stderr_text()
    )
}

#[test]
fn dis_of_a_listing_succeeds() {
    let run = run_interleave(
        interleave_bin!(),
        ["dis", "s5_stack_vs_heap.py"],
        &repo_root().join("tests/listings"),
    );
    let ctx = context("interleave dis s5_stack_vs_heap.py", &run);
    assert_eq!(run.code(), Some(0), "{ctx}");
    assert!(
        run.stdout_text().starts_with("  0           0 RESUME"),
        "{ctx}"
    );
    assert!(run.stderr.is_empty(), "{ctx}");
}

#[test]
fn run_prints_exactly_the_program_stdout() {
    let run = run_source("ok.py", b"print('hi', 6 * 7)\n");
    let ctx = context("interleave run ok.py", &run);
    assert_eq!(run.code(), Some(0), "{ctx}");
    assert_eq!(run.stdout, b"hi 42\n", "{ctx}");
    assert!(run.stderr.is_empty(), "{ctx}");
}

#[test]
fn uncaught_exception_exits_1_with_traceback() {
    let source = b"def f():\n    raise ValueError('boom')\nprint('before')\nf()\n";
    let run = run_source("exc.py", source);
    let ctx = context("interleave run exc.py", &run);
    assert_eq!(run.code(), Some(1), "{ctx}");
    assert_eq!(run.stdout, b"before\n", "{ctx}");
    let stderr = run.stderr_text();
    assert!(
        stderr.starts_with("Traceback (most recent call last):\n"),
        "{ctx}"
    );
    assert!(
        stderr.contains("  File \"exc.py\", line 2, in f\n"),
        "{ctx}"
    );
    assert_eq!(
        last_nonempty_line(&run.stderr),
        b"ValueError: boom",
        "{ctx}"
    );
}

#[test]
fn step_limit_exits_4_with_options_before_or_after_script() {
    let dir = tempfile::tempdir().expect("create temp dir");
    std::fs::write(dir.path().join("loop.py"), b"while True:\n    pass\n").expect("write script");
    for args in [
        ["run", "--max-steps", "1000", "loop.py"],
        ["run", "loop.py", "--max-steps", "1000"],
    ] {
        let run = run_interleave(interleave_bin!(), args, dir.path());
        let ctx = context(&format!("interleave {}", args.join(" ")), &run);
        assert_eq!(run.code(), Some(4), "{ctx}");
        assert!(!run.stderr.is_empty(), "{ctx}");
    }
}

#[test]
fn syntax_error_exits_2_with_location() {
    for sub in SCRIPT_SUBCOMMANDS {
        let run = run_on_source_with(sub, "bad.py", b"def f(:\n");
        let ctx = context(&format!("interleave {sub} bad.py"), &run);
        assert_eq!(run.code(), Some(2), "{ctx}");
        let stderr = run.stderr_text();
        assert!(stderr.contains("bad.py:1:"), "{ctx}");
        assert!(stderr.contains("SyntaxError"), "{ctx}");
        assert!(run.stdout.is_empty(), "{ctx}");
    }
}

#[test]
fn unsupported_syntax_exits_2_with_location() {
    for sub in SCRIPT_SUBCOMMANDS {
        let run = run_on_source_with(sub, "m.py", b"match x:\n case 1: pass\n");
        let ctx = context(&format!("interleave {sub} m.py"), &run);
        assert_eq!(run.code(), Some(2), "{ctx}");
        assert!(
            run.stderr_text()
                .contains("m.py:1:1: unsupported: match statements"),
            "{ctx}"
        );
        assert!(run.stdout.is_empty(), "{ctx}");
    }
}

#[test]
fn missing_file_exits_2_with_message() {
    for sub in SCRIPT_SUBCOMMANDS {
        let dir = tempfile::tempdir().expect("create temp dir");
        let run = run_interleave(interleave_bin!(), [*sub, "no_such_script.py"], dir.path());
        let ctx = context(&format!("interleave {sub} no_such_script.py"), &run);
        assert_eq!(run.code(), Some(2), "{ctx}");
        assert!(run.stderr_text().contains("no_such_script.py"), "{ctx}");
        assert!(run.stdout.is_empty(), "{ctx}");
    }
}

#[test]
fn invalid_utf8_exits_2_with_message() {
    for sub in SCRIPT_SUBCOMMANDS {
        let run = run_on_source_with(sub, "latin1.py", b"s = '\xe9t\xe9'\nprint(s)\n");
        let ctx = context(&format!("interleave {sub} latin1.py"), &run);
        assert_eq!(run.code(), Some(2), "{ctx}");
        let stderr = run.stderr_text();
        assert!(stderr.contains("latin1.py"), "{ctx}");
        assert!(stderr.to_ascii_lowercase().contains("utf-8"), "{ctx}");
        assert!(run.stdout.is_empty(), "{ctx}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let cwd = repo_root();
    let cwd = cwd.as_path();
    for args in [
        &["no-such-subcommand"][..],
        &["run"],
        &["dis"],
        &["run", "a.py", "--no-such-option"],
        &["dis", "a.py", "--no-such-option"],
        &["run", "--max-steps", "many", "a.py"],
    ] {
        let run = run_interleave(interleave_bin!(), args, cwd);
        let ctx = context(&format!("interleave {}", args.join(" ")), &run);
        assert_eq!(run.code(), Some(2), "{ctx}");
        assert!(!run.stderr.is_empty(), "{ctx}");
    }
}
