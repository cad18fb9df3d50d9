//! `interleave export --chrome`: the lecture's race at full size becomes
//! valid Chrome trace-event JSON with the tracks Perfetto shows — one per
//! thread under the script's process, the GIL, run slices, lock waits and
//! the lost updates as instant events.

use std::collections::BTreeSet;

use interleave_tests::{interleave_bin, repo_root, run_interleave};
use serde_json::Value;

fn exported_s8() -> Value {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = repo_root().join("tests/listings/s8_race_vs_lock.py");
    std::fs::copy(&script, dir.path().join("s8.py")).expect("copy listing");
    let run = run_interleave(
        interleave_bin!(),
        ["run", "s8.py", "--gil", "cpython-3.9", "--trace", "s8.ron"],
        dir.path(),
    );
    assert_eq!(run.code(), Some(0), "{}", run.describe_status());
    let export = run_interleave(
        interleave_bin!(),
        ["export", "s8.ron", "--chrome", "s8.json"],
        dir.path(),
    );
    assert_eq!(export.code(), Some(0), "{}", export.stderr_text());
    let text = std::fs::read_to_string(dir.path().join("s8.json")).expect("the export exists");
    serde_json::from_str(&text).expect("the export is valid JSON")
}

fn events(trace: &Value) -> &[Value] {
    trace["traceEvents"]
        .as_array()
        .expect("a traceEvents array")
}

#[test]
fn s8_exports_a_track_per_thread_and_the_gil() {
    let trace = exported_s8();
    let names: BTreeSet<String> = events(&trace)
        .iter()
        .filter(|e| e["ph"] == "M" && e["name"] == "thread_name")
        .filter_map(|e| e["args"]["name"].as_str().map(str::to_owned))
        .collect();
    for t in 1..=8 {
        assert!(
            names.contains(&format!("T{t}")),
            "no track for T{t}: {names:?}"
        );
    }
    assert!(
        names.contains("T0 MainThread") && names.contains("GIL"),
        "{names:?}"
    );
    assert!(
        events(&trace)
            .iter()
            .any(|e| e["ph"] == "M" && e["name"] == "process_name"),
        "the threads are grouped under a process"
    );
}

#[test]
fn s8_exports_run_slices_lock_waits_and_lost_updates() {
    let trace = exported_s8();
    let count = |cat: &str, ph: &str| {
        events(&trace)
            .iter()
            .filter(|e| e["cat"] == cat && e["ph"] == ph)
            .count()
    };
    let runs = count("run", "X");
    assert!(runs >= 9, "every thread runs at least once: {runs}");
    assert_eq!(
        count("gil", "X"),
        runs,
        "the GIL track mirrors the run slices"
    );
    assert!(
        count("lock-wait", "X") > 0,
        "threads wait for the lock or a join"
    );
    assert!(count("lost-update", "i") > 0, "cpython-3.9 loses updates");
    for e in events(&trace).iter().filter(|e| e["ph"] == "X") {
        assert!(e["dur"].as_f64().is_some_and(|d| d >= 0.0), "{e}");
        assert!(e["ts"].as_f64().is_some_and(|t| t >= 0.0), "{e}");
    }
}
