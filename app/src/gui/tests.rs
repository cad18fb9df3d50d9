//! The real app driven headless through `egui_kittest`: it opens on the
//! lecture's race at the first lost update, the insights jump, stepping
//! back shows the previous state, trace files open, corrupt ones show an
//! error.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::{InterleaveApp, Start};
use crate::playback::Command;

fn harness(start: Start) -> Harness<'static, InterleaveApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(|cc| InterleaveApp::new(cc.egui_ctx.clone(), None, start));
    let deadline = Instant::now() + Duration::from_mins(2);
    while harness.state().is_recording() {
        assert!(Instant::now() < deadline, "recording did not finish");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    harness.step();
    harness
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/traces")
        .join(name)
}

#[test]
fn opens_on_the_race_at_its_first_lost_update_and_insights_jump() {
    let mut harness = harness(Start::Scenario(0));
    let session = harness
        .state()
        .session()
        .expect("the default scenario opens");
    let trace = session.trace();
    assert!(
        trace.lost_update_count > 0,
        "the default model loses updates"
    );
    let first = trace.lost_updates[0].clone();
    assert_eq!(
        session.playback.step, first.step,
        "positioned at the first lost update"
    );
    harness.get_by_label_contains("Lost updates:");
    assert!(
        !harness
            .query_all_by_label(&first.text)
            .collect::<Vec<_>>()
            .is_empty(),
        "the first lost update is explained"
    );
    // Click the second lost update.
    let second = trace
        .lost_updates
        .get(1)
        .cloned()
        .expect("a second lost update");
    harness.get_by_label(&second.text).click();
    harness.run_steps(2);
    let session = harness.state().session().expect("still open");
    assert_eq!(session.playback.step, second.step);
    assert_eq!(
        session.playback.thread, second.thread,
        "the stale writer is selected"
    );
    let count = session
        .state
        .globals
        .iter()
        .find(|b| b.name == "count")
        .expect("count is a global");
    let write = count.last_write.expect("count was written");
    assert_eq!(
        (write.thread, write.step),
        (second.thread, second.step),
        "the heap shows the stale write"
    );
    harness.get_by_label("Heap").click();
    harness.run_steps(2);
    harness.get_by_label_contains(&format!(
        "written by T{} at step {}",
        second.thread, second.step
    ));
    let session = harness.state().session().expect("still open");
    let stack = &session.state.threads[second.thread];
    assert!(
        stack.frames.iter().any(|f| f.function == "race"),
        "the writer is in race()"
    );
}

#[test]
fn stepping_back_shows_the_previous_state() {
    let mut harness = harness(Start::Scenario(0));
    let before = harness.state().session().expect("open").state.clone();
    harness.key_press(egui::Key::F7);
    harness.run_steps(2);
    let session = harness.state().session().expect("open");
    assert!(session.playback.step < before.step);
    let back = session.state.clone();
    harness.state_mut().command(Command::StepInto);
    let again = &harness.state().session().expect("open").state;
    assert_eq!(
        again.step, before.step,
        "stepping into undoes stepping back"
    );
    assert_eq!(again, &before);
    assert_ne!(back, before);
}

#[test]
fn a_trace_file_opens() {
    let harness = harness(Start::File(fixture("v1-counter.ron")));
    let session = harness.state().session().expect("the fixture opens");
    assert_eq!(
        String::from_utf8_lossy(&session.trace().stdout),
        "count: 34\n"
    );
    harness.get_by_label_contains("v1-counter.ron");
}

#[test]
fn a_corrupt_trace_shows_an_error_instead_of_crashing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.ron");
    std::fs::write(
        &path,
        "// Interleave trace\n(format: \"interleave-trace\", version: 1, interleave",
    )
    .expect("write");
    let harness = harness(Start::File(path));
    let error = harness.state().error().expect("an error is shown");
    assert!(error.contains("broken.ron"), "{error}");
    harness.get_by_label("Could not open this");
}

#[test]
fn run_to_line_moves_the_selected_thread_to_that_line() {
    let mut harness = harness(Start::Scenario(0));
    let before = harness.state().session().expect("open").playback.clone();
    // The first lost update happens in race(), inside `for _ in range(N)`
    // (line 20): the thread comes back to the loop header next.
    harness.state_mut().command(Command::RunToLine(20));
    let session = harness.state().session().expect("open");
    assert!(session.playback.step > before.step);
    let thread = &session.state.threads[before.thread];
    let frame = thread.frames.last().expect("a frame");
    assert_eq!((frame.function.as_str(), frame.line), ("race", 20));
}
