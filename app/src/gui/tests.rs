//! The real app driven headless through `egui_kittest`: it opens on the
//! lecture's race at the first lost update, the insights jump, stepping
//! back shows the previous state, trace files open, corrupt ones show an
//! error.

#![expect(
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss,
    reason = "fractions of a step count in tests"
)]

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
        "count: 36\n"
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
    // The first lost update happens in race(), inside `for _ in range(N)`:
    // the thread comes back to the loop header next.
    let source = harness
        .state()
        .session()
        .expect("open")
        .trace()
        .script
        .source
        .clone();
    let header = source
        .lines()
        .position(|l| l.trim() == "for _ in range(N):")
        .expect("race() loops");
    let line = u32::try_from(header + 1).expect("small");
    harness.state_mut().command(Command::RunToLine(line));
    let session = harness.state().session().expect("open");
    assert!(session.playback.step > before.step);
    let thread = &session.state.threads[before.thread];
    let frame = thread.frames.last().expect("a frame");
    assert_eq!((frame.function.as_str(), frame.line), ("race", line));
}

/// Percentiles of frame times, for the frame-time benchmark.
fn report(what: &str, mut times: Vec<Duration>) {
    times.sort_unstable();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    println!(
        "{what}: p50 {:.2?}  p99 {:.2?}  max {:.2?}  (target p99 <= 8 ms)",
        at(0.5),
        at(0.99),
        times[times.len() - 1]
    );
}

#[test]
#[ignore = "benchmark: cargo test --release -p interleave frame_time -- --ignored --nocapture"]
fn frame_time_while_panning_zooming_and_playing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let trace_path = dir.path().join("s8.ron");
    {
        let recorded = harness(Start::Scenario(0));
        let trace = recorded.state().session().expect("open").trace();
        tracer_core::tracefile::save(&tracer_core::tracefile::to_file(trace), &trace_path, false)
            .expect("save the s8 trace");
    }
    let opening = Instant::now();
    let mut harness = harness(Start::File(trace_path));
    println!(
        "open the s8 .ron to first frame: {:.2?} (target <= 2 s)",
        opening.elapsed()
    );
    let over_timeline = egui::pos2(600.0, 250.0);
    harness.hover_at(over_timeline);
    let wheel = |delta: egui::Vec2| egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: egui::Modifiers::NONE,
    };
    let frame = |harness: &mut Harness<'static, InterleaveApp>, event: Option<egui::Event>| {
        if let Some(event) = event {
            harness.event(event);
        }
        let started = Instant::now();
        harness.step();
        started.elapsed()
    };
    let panning: Vec<Duration> = (0..200)
        .map(|i| {
            frame(
                &mut harness,
                Some(wheel(egui::vec2(
                    if i % 40 < 20 { -30.0 } else { 30.0 },
                    0.0,
                ))),
            )
        })
        .collect();
    report("panning", panning);
    let zooming: Vec<Duration> = (0..200)
        .map(|i| {
            let factor = if i % 40 < 20 { 1.1 } else { 1.0 / 1.1 };
            frame(&mut harness, Some(egui::Event::Zoom(factor)))
        })
        .collect();
    report("zooming", zooming);
    harness.state_mut().command(Command::SetSpeed(100_000.0));
    harness.state_mut().command(Command::TogglePlay);
    let playing: Vec<Duration> = (0..200).map(|_| frame(&mut harness, None)).collect();
    report("playing", playing);
}

#[test]
fn every_scenario_tour_reaches_its_steps() {
    use super::scenarios::SCENARIOS;
    use super::tour::{Target, parse_tour};
    for (i, scenario) in SCENARIOS.iter().enumerate() {
        let mut harness = harness(Start::Scenario(i));
        let tour = parse_tour(scenario.source);
        for (n, step) in tour.iter().enumerate() {
            harness.state_mut().show_tour_step(n);
            harness.run_steps(2);
            let session = harness.state().session().expect("open");
            let where_ = format!("{} step {}", scenario.file, n + 1);
            match step.target {
                Target::Line { thread, line } => {
                    let frame = session
                        .state
                        .threads
                        .get(thread)
                        .and_then(|t| t.frames.last())
                        .unwrap_or_else(|| {
                            panic!(
                                "{where_}: T{thread} has no frame at step {}",
                                session.playback.step
                            )
                        });
                    assert_eq!(frame.line, line, "{where_}");
                }
                Target::End => assert_eq!(session.playback.step, session.trace().steps, "{where_}"),
                Target::FirstLostUpdate => assert_eq!(
                    Some(session.playback.step),
                    session.trace().lost_updates.first().map(|f| f.step),
                    "{where_}"
                ),
                Target::Start | Target::FirstRace | Target::NextSwitch => {}
            }
            harness.get_by_label(&step.text);
        }
    }
}

#[test]
fn compare_shows_a_second_run_under_another_model() {
    let mut harness = harness(Start::Scenario(0));
    harness.get_by_label("Compare").click();
    let deadline = Instant::now() + Duration::from_mins(2);
    while harness
        .query_by_label_contains("compared: seed 0, cpython-3.11")
        .is_none()
    {
        assert!(Instant::now() < deadline, "the comparison did not appear");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    // The lecture's point, side by side: 3.9 loses updates, 3.11 does not.
    harness.get_by_label_contains("this run (cpython-3.9): race result (unsafe): ");
    harness.get_by_label_contains(
        "cpython-3.11, realistic: race result (unsafe): 400000  |  safe result (with lock): 400000",
    );
    let session = harness.state().session().expect("open");
    assert!(session.trace().lost_update_count > 0);
}

#[test]
fn opening_something_else_asks_before_dropping_an_unsaved_recording() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = dir.path().join("mine.py");
    std::fs::write(&script, "print('mine')\n").expect("write script");
    let mut harness = harness(Start::File(script));
    assert_eq!(
        harness.state().session().expect("open").trace().stdout,
        b"mine\n"
    );
    harness.state_mut().open_file(fixture("v1-counter.ron"));
    harness.run_steps(2);
    harness.get_by_label("Keep it").click();
    harness.run_steps(2);
    assert_eq!(
        harness
            .state()
            .session()
            .expect("still open")
            .trace()
            .stdout,
        b"mine\n"
    );
    harness.state_mut().open_file(fixture("v1-counter.ron"));
    harness.run_steps(2);
    harness.get_by_label("Discard").click();
    harness.run_steps(2);
    let deadline = Instant::now() + Duration::from_mins(1);
    while harness.state().is_recording() {
        assert!(Instant::now() < deadline, "loading did not finish");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    assert_eq!(
        harness
            .state()
            .session()
            .expect("the trace opened")
            .trace()
            .stdout,
        b"count: 36\n"
    );
}

#[test]
fn shift_drag_on_the_timeline_zooms_to_the_selection() {
    let mut harness = harness(Start::Scenario(0));
    let before = harness.state().timeline_view().expect("open");
    let shift = egui::Modifiers::SHIFT;
    let press = |pos: egui::Pos2, pressed: bool| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: shift,
    };
    let (from, to) = (egui::pos2(400.0, 250.0), egui::pos2(700.0, 250.0));
    harness.hover_at(from);
    harness.event_modifiers(press(from, true), shift);
    harness.step();
    for x in [450.0, 550.0, 650.0, 700.0] {
        harness.event_modifiers(egui::Event::PointerMoved(egui::pos2(x, 250.0)), shift);
        harness.step();
    }
    harness.event_modifiers(press(to, false), shift);
    harness.run_steps(2);
    let after = harness.state().timeline_view().expect("open");
    let (span_before, span_after) = (before.to_ns - before.from_ns, after.to_ns - after.from_ns);
    assert!(span_after < span_before / 2.0, "{before:?} -> {after:?}");
    assert!(after.from_ns > before.from_ns, "{before:?} -> {after:?}");
}

/// Snapshot images of the main views, rendered in software (wgpu's CPU
/// adapter) and compared with `app/tests/snapshots/*.png`; regenerate them
/// with `UPDATE_SNAPSHOTS=1 cargo test --release -p interleave snapshots`.
#[test]
fn snapshots_of_the_main_views() {
    let mut harness = harness(Start::Scenario(0));
    harness.hover_at(egui::pos2(1390.0, 890.0));
    harness.run_steps(2);
    harness.snapshot("race_at_first_lost_update");
    harness.get_by_label("Heap").click();
    harness.get_by_label("Bytecode").click();
    harness.run_steps(2);
    harness.snapshot("heap_and_bytecode");
}
