//! Trace files (`.ron`), end to end.
//!
//! - Round trips: `interleave run --trace` then `replay` (under the recorded
//!   schedule and with `--seed-only`) reprints the run's stdout and exit
//!   status for listings s4, s5 and s8 and the ABBA deadlock; equal seeds
//!   give byte-identical files, different seeds different schedules.
//! - Safe saving: a file that is not a trace is only replaced with
//!   `--force`, an old trace is replaced without it, and a failed save
//!   leaves no temporary file behind.
//! - Bad input: every kind of broken or hostile file makes `replay` exit 2
//!   with one line on stderr naming the problem, never a panic or a stack
//!   overflow; tampering with the script, schedule or digest is reported as
//!   a divergence at a step.
//!
//! The seeded fuzzer of trace files is in `tracefile_fuzz.rs`.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use interleave_tests::{Run, interleave_bin, repo_root, run_command, run_interleave};
use tracer_core::sched::SchedConfig;
use tracer_core::tracefile::{self, FIRST_LINE, MAX_FILE_BYTES, v1::TraceFile};

/// Exit status of a run that finished.
const EXIT_OK: i32 = 0;
/// Exit status for bad input, including a trace that cannot be replayed.
const EXIT_BAD_INPUT: i32 = 2;
/// Exit status of a deadlocked run.
const EXIT_DEADLOCK: i32 = 3;

/// Name the bad-input tests give the file they replay.
const BAD: &str = "bad.ron";

/// Options under which different seeds give different schedules.
const RANDOM_SCHEDULING: [&str; 4] = ["--gil", "cpython-3.9", "--strategy", "random"];

mod support;

use support::{read, record_file, tempdir, tiny_trace, trace_bytes};

// ---------------------------------------------------------------------------
// Helpers

fn context(what: &str, run: &Run) -> String {
    format!(
        "{what}: {}\n--- stdout\n{}--- stderr\n{}",
        run.describe_status(),
        run.stdout_text(),
        run.stderr_text()
    )
}

/// Copies `repo_path` (relative to the repository) into `dir`, returning
/// its file name, so runs embed a short relative script name.
fn copy_into(repo_path: &str, dir: &Path) -> String {
    let source = repo_root().join(repo_path);
    let name = source.file_name().expect("a file name").to_owned();
    std::fs::copy(&source, dir.join(&name))
        .unwrap_or_else(|e| panic!("copy {}: {e}", source.display()));
    name.to_string_lossy().into_owned()
}

/// Runs `interleave ARGS` in `dir` and checks its exit status.
fn interleave(dir: &Path, args: &[&str], expected_code: i32) -> Run {
    let run = run_interleave(interleave_bin!(), args, dir);
    let ctx = context(&format!("interleave {}", args.join(" ")), &run);
    assert_eq!(run.code(), Some(expected_code), "{ctx}");
    assert!(!run.stderr_text().contains("panicked"), "{ctx}");
    run
}

/// A trace of listing s8 written by the CLI, recorded once per test process.
struct Base {
    text: String,
    file: TraceFile,
}

fn s8() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = tempdir();
        let script = copy_into("tests/listings/s8_race_vs_lock.py", dir.path());
        interleave(dir.path(), &["run", &script, "--trace", "s8.ron"], EXIT_OK);
        let text = String::from_utf8(read(&dir.path().join("s8.ron"))).expect("UTF-8 trace");
        let file = tracefile::parse(&text).expect("the CLI's trace parses");
        Base { text, file }
    })
}

/// The s8 trace after `edit`, as saved by `tracefile::save`.
fn tampered(edit: impl FnOnce(&mut TraceFile)) -> Vec<u8> {
    let mut file = s8().file.clone();
    edit(&mut file);
    trace_bytes(&file)
}

/// Replays `bytes` as `bad.ron` with the default timeout.
fn replay_bytes(bytes: &[u8]) -> Run {
    let dir = tempdir();
    std::fs::write(dir.path().join(BAD), bytes).expect("write trace");
    run_interleave(interleave_bin!(), ["replay", BAD], dir.path())
}

/// Checks the contract for a rejected trace: exit 2, no stdout, exactly one
/// line on stderr that names the file and contains `needle`, no panic.
/// Returns that line.
fn assert_rejected(run: &Run, needle: &str) -> String {
    let ctx = context(&format!("interleave replay {BAD}"), run);
    assert_eq!(run.code(), Some(EXIT_BAD_INPUT), "{ctx}");
    assert!(run.stdout.is_empty(), "{ctx}");
    let stderr = run.stderr_text();
    assert!(!stderr.contains("panicked"), "{ctx}");
    assert_eq!(stderr.lines().count(), 1, "one line expected: {ctx}");
    assert!(stderr.starts_with(&format!("interleave: {BAD}: ")), "{ctx}");
    assert!(stderr.contains(needle), "expected {needle:?}: {ctx}");
    stderr.trim_end().to_owned()
}

fn assert_replay_rejects(bytes: &[u8], needle: &str) -> String {
    assert_rejected(&replay_bytes(bytes), needle)
}

/// The step of a "replay diverged from the recording at step N" message.
fn divergence_step(message: &str) -> Option<u64> {
    let rest = message
        .split_once("replay diverged from the recording at step ")?
        .1;
    rest.split(':').next()?.parse().ok()
}

fn assert_diverges(bytes: &[u8]) {
    let message = assert_replay_rejects(bytes, "diverged");
    let step = divergence_step(&message);
    assert!(step.is_some(), "no step number in {message:?}");
}

// ---------------------------------------------------------------------------
// Round trips

fn assert_round_trip(listing: &str) {
    let work = tempdir();
    let dir = work.path();
    let script = copy_into(&format!("tests/listings/{listing}"), dir);
    let first = interleave(dir, &["run", &script, "--trace", "a.ron"], EXIT_OK);
    interleave(dir, &["run", &script, "--trace", "b.ron"], EXIT_OK);
    assert!(
        read(&dir.join("a.ron")) == read(&dir.join("b.ron")),
        "{listing}: two runs with the same seed wrote different trace files"
    );

    // The file embeds the script: replay it where the script is not.
    let elsewhere = tempdir();
    std::fs::copy(dir.join("a.ron"), elsewhere.path().join("a.ron")).expect("copy trace");
    for args in [
        &["replay", "a.ron"][..],
        &["replay", "a.ron", "--seed-only"],
    ] {
        let replay = interleave(elsewhere.path(), args, EXIT_OK);
        assert_eq!(
            replay.stdout_text(),
            first.stdout_text(),
            "{listing}: {args:?}"
        );
        assert!(replay.stderr.is_empty(), "{}", context(listing, &replay));
    }

    let random = |seed: &str, out: &str| {
        let mut args = vec!["run", &script, "--seed", seed, "--trace", out];
        args.extend(RANDOM_SCHEDULING);
        interleave(dir, &args, EXIT_OK)
    };
    let seeded = random("1", "r1.ron");
    random("2", "r2.ron");
    let load = |name: &str| tracefile::load(&dir.join(name)).expect("load trace");
    let (one, two) = (load("r1.ron"), load("r2.ron"));
    assert_ne!(
        one.schedule, two.schedule,
        "{listing}: seeds 1 and 2 under random scheduling recorded the same schedule"
    );
    let replay = interleave(dir, &["replay", "r1.ron"], EXIT_OK);
    assert_eq!(replay.stdout_text(), seeded.stdout_text(), "{listing}");
}

#[test]
fn round_trip_s4_threads_shared_dict() {
    assert_round_trip("s4_threads_shared_dict.py");
}

#[test]
fn round_trip_s5_stack_vs_heap() {
    assert_round_trip("s5_stack_vs_heap.py");
}

#[test]
fn round_trip_s8_race_vs_lock() {
    assert_round_trip("s8_race_vs_lock.py");
}

#[test]
fn deadlock_replays_as_a_deadlock() {
    let work = tempdir();
    let dir = work.path();
    let script = copy_into("scenarios/deadlock_abba.py", dir);
    let run = interleave(dir, &["run", &script, "--trace", "d.ron"], EXIT_DEADLOCK);
    assert!(
        run.stderr_text().contains("Deadlock"),
        "{}",
        context("run", &run)
    );
    for args in [
        &["replay", "d.ron"][..],
        &["replay", "d.ron", "--seed-only"],
    ] {
        let replay = interleave(dir, args, EXIT_DEADLOCK);
        assert_eq!(replay.stdout, run.stdout, "{args:?}");
        assert_eq!(
            replay.stderr_text(),
            run.stderr_text(),
            "{args:?}: the deadlock report differs"
        );
    }
}

// ---------------------------------------------------------------------------
// Safe saving

#[test]
fn save_keeps_a_file_that_is_not_a_trace_unless_forced() {
    let work = tempdir();
    let dir = work.path();
    let script = copy_into("tests/listings/s5_stack_vs_heap.py", dir);
    let notes = dir.join("notes.txt");
    std::fs::write(&notes, "precious notes\n").expect("write notes");

    let refused = interleave(
        dir,
        &["run", &script, "--trace", "notes.txt"],
        EXIT_BAD_INPUT,
    );
    let stderr = refused.stderr_text();
    assert!(
        stderr.contains("notes.txt exists and is not an Interleave trace")
            && stderr.contains("--force"),
        "{}",
        context("run --trace notes.txt", &refused)
    );
    assert_eq!(read(&notes), b"precious notes\n", "the file was changed");

    let forced = interleave(
        dir,
        &["run", &script, "--trace", "notes.txt", "--force"],
        EXIT_OK,
    );
    let saved = String::from_utf8(read(&notes)).expect("UTF-8 trace");
    assert!(saved.starts_with(FIRST_LINE), "not replaced by a trace");
    let replay = interleave(dir, &["replay", "notes.txt"], EXIT_OK);
    assert_eq!(replay.stdout, forced.stdout);
}

#[test]
fn save_replaces_an_existing_trace_without_force() {
    let work = tempdir();
    let dir = work.path();
    let script = copy_into("tests/listings/s5_stack_vs_heap.py", dir);
    std::fs::write(dir.join("two.py"), "print('second')\n").expect("write script");
    interleave(dir, &["run", &script, "--trace", "t.ron"], EXIT_OK);
    interleave(dir, &["run", "two.py", "--trace", "t.ron"], EXIT_OK);
    let replay = interleave(dir, &["replay", "t.ron"], EXIT_OK);
    assert_eq!(replay.stdout_text(), "second\n");
}

/// Names of the entries of `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn save_into_a_missing_directory_fails_cleanly() {
    let work = tempdir();
    let dir = work.path();
    let script = copy_into("tests/listings/s5_stack_vs_heap.py", dir);
    let run = interleave(
        dir,
        &["run", &script, "--trace", "missing/out.ron"],
        EXIT_BAD_INPUT,
    );
    assert!(
        run.stderr_text()
            .starts_with("interleave: cannot write missing/out.ron: "),
        "{}",
        context("run --trace missing/out.ron", &run)
    );
    assert_eq!(entries(dir), [script]);
}

#[test]
fn failed_rename_leaves_no_temporary_file() {
    // The temporary file is created next to the destination, here the
    // current directory; renaming it over a directory fails.
    let work = tempdir();
    let dir = work.path();
    let script = copy_into("tests/listings/s5_stack_vs_heap.py", dir);
    std::fs::create_dir(dir.join("sub")).expect("create dir");
    let run = interleave(
        dir,
        &["run", &script, "--trace", "sub", "--force"],
        EXIT_BAD_INPUT,
    );
    assert!(
        run.stderr_text()
            .starts_with("interleave: cannot write sub: "),
        "{}",
        context("run --trace sub --force", &run)
    );
    assert_eq!(entries(dir), [script, "sub".to_owned()]);
    assert!(entries(&dir.join("sub")).is_empty());
}

#[cfg(unix)]
#[test]
fn saved_trace_has_the_permissions_of_any_new_file() {
    use std::os::unix::fs::PermissionsExt;
    let work = tempdir();
    let dir = work.path();
    let script = copy_into("tests/listings/s5_stack_vs_heap.py", dir);
    std::fs::write(dir.join("reference.txt"), "").expect("write file");
    interleave(dir, &["run", &script, "--trace", "t.ron"], EXIT_OK);
    let mode = |name: &str| {
        std::fs::metadata(dir.join(name))
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(
        format!("{:o}", mode("t.ron")),
        format!("{:o}", mode("reference.txt"))
    );
}

#[test]
fn io_errors_name_the_os_error_once() {
    let work = tempdir();
    let dir = work.path();
    let replay = interleave(dir, &["replay", "missing.ron"], EXIT_BAD_INPUT);
    let script = copy_into("tests/listings/s5_stack_vs_heap.py", dir);
    let save = interleave(
        dir,
        &["run", &script, "--trace", "missing/out.ron"],
        EXIT_BAD_INPUT,
    );
    for run in [replay, save] {
        let stderr = run.stderr_text();
        assert_eq!(stderr.matches("(os error 2)").count(), 1, "{stderr}");
        assert!(!stderr.contains(".tmp"), "{stderr}");
    }
}

// ---------------------------------------------------------------------------
// Bad input

#[test]
fn empty_file_is_rejected() {
    assert_replay_rejects(b"", "the file is empty");
    assert_replay_rejects(b"  \n\n", "the file is empty");
}

/// `text` cut after its first `lines` lines.
fn first_lines(text: &str, lines: usize) -> &str {
    let end = text
        .match_indices('\n')
        .nth(lines - 1)
        .map_or(text.len(), |(i, _)| i + 1);
    &text[..end]
}

#[test]
fn truncated_file_is_rejected() {
    let text = &s8().text;
    let lines = text.lines().count();
    // Cuts at line ends: after the opening parenthesis, at half the lines,
    // before the closing parenthesis.
    for keep in [2, lines / 2, lines - 1] {
        let cut = first_lines(text, keep);
        let message = assert_replay_rejects(cut.as_bytes(), "Unexpected end of RON");
        // The location is where the file ends.
        let last = cut.lines().last().expect("a line");
        assert!(
            message.contains(&format!("{BAD}: {keep}:{}: ", last.len() + 1)),
            "cut after {keep} lines: {message}"
        );
    }
    let header_only = first_lines(text, 1);
    assert_eq!(header_only.trim_end(), FIRST_LINE);
    assert_replay_rejects(header_only.as_bytes(), "the file is empty");
    // The last byte is the final newline, whose loss is harmless.
    assert!(tracefile::parse(&text[..text.len() - 1]).is_ok());
}

#[test]
fn file_cut_inside_a_token_says_the_file_ends_early() {
    let text = &s8().text;
    // Inside the number `steps: 9610022`, the variant `Finished` and the
    // field name `seed`.
    for (before, keep) in [("  steps: ", 2), ("outcome: ", 3), ("options: (\n    ", 3)] {
        let at = text.find(before).expect("a field") + before.len() + keep;
        assert_replay_rejects(&text.as_bytes()[..at], "end of RON");
    }
}

#[test]
fn garbage_bytes_are_rejected() {
    assert_replay_rejects(b"PK\x03\x04\x14\x00\x00\x00garbage", "1:1: Expected struct");
}

#[test]
fn invalid_utf8_is_rejected_with_its_offset() {
    assert_replay_rejects(
        b"\xff\xfe\x00garbage",
        "not a text file (invalid UTF-8 at byte 0)",
    );
    let text = &s8().text;
    let at = text.find("stdout: ").expect("a stdout field");
    let mut bytes = text.clone().into_bytes();
    bytes.insert(at, 0xC3);
    assert_replay_rejects(&bytes, &format!("invalid UTF-8 at byte {at})"));
}

#[test]
fn valid_ron_without_a_format_field_is_rejected() {
    assert_replay_rejects(b"(a: 1)\n", "not an Interleave trace");
}

#[test]
fn other_format_is_not_a_trace() {
    let bytes = tampered(|f| f.format = "something-else".to_owned());
    assert_replay_rejects(
        &bytes,
        "not an Interleave trace (format is \"something-else\"",
    );
}

#[test]
fn version_zero_is_unknown() {
    let bytes = tampered(|f| f.version = 0);
    assert_replay_rejects(&bytes, "unknown trace format version 0");
}

#[test]
fn future_version_asks_for_an_upgrade() {
    let bytes = tampered(|f| f.version = 99);
    let message = assert_replay_rejects(&bytes, "version 99 is newer");
    assert!(message.contains("upgrade Interleave"), "{message}");
}

#[test]
fn syntax_error_reports_line_and_column() {
    let text = &s8().text;
    let (index, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("  steps: "))
        .expect("a steps line");
    let broken = format!("{} oops,", line.trim_end_matches(','));
    let bytes = text.replacen(&format!("\n{line}\n"), &format!("\n{broken}\n"), 1);
    // `oops` starts one column after the end of the original line.
    let at = format!("{BAD}: {}:{}: ", index + 1, line.len() + 1);
    assert_replay_rejects(bytes.as_bytes(), &at);
}

#[test]
fn digest_that_is_not_hex_is_rejected() {
    for digest in ["zzzzzzzzzzzzzzzz", "abc"] {
        let bytes = tampered(|f| f.digest = digest.to_owned());
        assert_replay_rejects(
            &bytes,
            &format!("invalid trace: digest \"{digest}\" is not 16 hex digits"),
        );
    }
}

#[test]
fn tampered_loop_count_diverges() {
    let bytes = tampered(|f| {
        let source = f.script.source.replace("N = 100_000", "N = 1_000");
        assert_ne!(source, f.script.source, "s8 sets N = 100_000");
        f.script.source = source;
    });
    assert_diverges(&bytes);
}

#[test]
fn tampered_printed_string_diverges() {
    let bytes = tampered(|f| {
        let source = f.script.source.replace("race result", "RACE RESULT");
        assert_ne!(source, f.script.source, "s8 prints `race result`");
        f.script.source = source;
    });
    assert_diverges(&bytes);
}

#[test]
fn tampered_digest_diverges() {
    let bytes = tampered(|f| {
        let last = f.digest.pop().expect("a digest");
        f.digest.push(if last == '0' { '1' } else { '0' });
    });
    let message = assert_replay_rejects(&bytes, "diverged");
    assert!(message.contains("digest"), "{message}");
    let steps = s8().file.steps;
    assert!(
        divergence_step(&message).is_some_and(|s| s <= steps),
        "{message}"
    );
}

#[test]
fn schedule_beyond_the_last_step_is_invalid() {
    let steps = s8().file.steps;
    for delta in [steps + 1, u64::MAX] {
        let bytes = tampered(|f| f.schedule[1].0 = delta);
        assert_replay_rejects(
            &bytes,
            &format!("invalid trace: schedule decision 1 lies beyond the run's {steps} steps"),
        );
    }
}

#[test]
fn oversized_file_is_rejected_before_reading() {
    let dir = tempdir();
    let file = std::fs::File::create(dir.path().join(BAD)).expect("create file");
    file.set_len(MAX_FILE_BYTES + 1).expect("sparse file");
    let run = run_interleave(interleave_bin!(), ["replay", BAD], dir.path());
    let message = assert_rejected(&run, "too large for a trace file");
    assert!(
        message.contains(&(MAX_FILE_BYTES + 1).to_string()),
        "{message}"
    );
}

#[test]
fn deeply_nested_input_is_rejected_without_overflowing_the_stack() {
    let deep = |open: &str, n| open.repeat(n);
    let header = "(format: \"interleave-trace\", version: 1, extra: ";
    let in_trace = s8()
        .text
        .replacen("stderr: \"\"", &format!("stderr: {}", deep("[", 10_000)), 1);
    let cases = [
        (deep("[", 1_000_000), "Expected opening `(`"),
        (deep("(", 10_000), "Expected identifier"),
        (format!("{header}{}", deep("[", 10_000)), "recursion limit"),
        (
            format!("{header}{}", deep("Some(", 10_000)),
            "recursion limit",
        ),
        (in_trace, "recursion limit"),
    ];
    for (input, needle) in cases {
        assert_replay_rejects(input.as_bytes(), needle);
    }
}

#[test]
fn replay_of_a_script_that_never_ends_stops_and_diverges() {
    let mut file = record_file("print('hi')\n", SchedConfig::default());
    file.script.source = "while True:\n    pass\n".to_owned();
    let dir = tempdir();
    std::fs::write(dir.path().join(BAD), trace_bytes(&file)).expect("write trace");
    let mut cmd = Command::new(interleave_bin!());
    cmd.args(["replay", BAD]).current_dir(dir.path());
    let run = run_command(cmd, Duration::from_secs(10));
    assert_rejected(&run, "diverged");
}

#[test]
fn tampered_summary_fields_diverge() {
    let edits: [fn(&mut TraceFile); 3] = [
        |f| f.analyses.lost_update_count += 1,
        |f| f.end_time_ns += 1,
        |f| f.stderr.push_str("forged\n"),
    ];
    let base = tiny_trace();
    for edit in edits {
        let mut file = base.clone();
        edit(&mut file);
        assert_diverges(&trace_bytes(&file));
    }
}

#[test]
fn pct_parameters_are_kept_in_the_file_and_replay_by_seed() {
    let work = tempdir();
    let dir = work.path();
    let script = copy_into("tests/fixtures/scripts/counter_2x2.py", dir);
    let pct = [
        "--strategy",
        "pct",
        "--pct-depth",
        "2",
        "--pct-horizon",
        "40",
    ];
    let mut args = vec!["run", &script, "--gil", "cpython-3.9", "--trace", "p.ron"];
    args.extend(pct);
    let run = interleave(dir, &args, EXIT_OK);
    let file = tracefile::load(&dir.join("p.ron")).expect("load trace");
    assert_eq!(file.options.strategy, "pct(depth=2,horizon=40)");
    let replay = interleave(dir, &["replay", "p.ron", "--seed-only"], EXIT_OK);
    assert_eq!(replay.stdout_text(), run.stdout_text());
}
