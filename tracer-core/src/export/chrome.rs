//! The Chrome trace-event format (JSON), which Perfetto and
//! `chrome://tracing` open: one track per thread (grouped under the
//! script's process) with its run slices, lock waits and holds of
//! contended locks, a GIL track, and instant markers for lost updates,
//! data races and output. Timestamps are virtual microseconds.

#![expect(
    clippy::cast_precision_loss,
    reason = "virtual nanoseconds as microseconds for Perfetto"
)]

use serde::Serialize;

use crate::trace::{LockState, Trace};

/// Process id used for the script's process.
const PID: u32 = 1;
/// Thread id of the GIL track (far above any real thread number).
const GIL_TID: u64 = 1 << 20;

/// One trace event.
#[derive(Debug, Serialize)]
struct TraceEvent {
    name: String,
    cat: &'static str,
    ph: &'static str,
    ts: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    dur: Option<f64>,
    pid: u32,
    tid: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    args: Option<Args>,
}

/// Event arguments shown in the viewer's details pane.
#[derive(Debug, Serialize)]
struct Args {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    steps: Option<String>,
}

/// The whole file.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ChromeTrace {
    trace_events: Vec<TraceEvent>,
    display_time_unit: &'static str,
}

fn micros(ns: u64) -> f64 {
    ns as f64 / 1000.0
}

fn metadata(name: &'static str, tid: u64, value: String) -> TraceEvent {
    TraceEvent {
        name: name.to_owned(),
        cat: "__metadata",
        ph: "M",
        ts: 0.0,
        dur: None,
        pid: PID,
        tid,
        s: None,
        args: Some(Args {
            name: Some(value),
            detail: None,
            steps: None,
        }),
    }
}

fn slice(
    name: String,
    cat: &'static str,
    tid: u64,
    (start, end): (u64, u64),
    steps: String,
) -> TraceEvent {
    TraceEvent {
        name,
        cat,
        ph: "X",
        ts: micros(start),
        dur: Some(micros(end.saturating_sub(start))),
        pid: PID,
        tid,
        s: None,
        args: Some(Args {
            name: None,
            detail: None,
            steps: Some(steps),
        }),
    }
}

fn instant(name: &str, cat: &'static str, tid: u64, ns: u64, detail: String) -> TraceEvent {
    TraceEvent {
        name: name.to_owned(),
        cat,
        ph: "i",
        ts: micros(ns),
        dur: None,
        pid: PID,
        tid,
        s: Some("t"),
        args: Some(Args {
            name: None,
            detail: Some(detail),
            steps: None,
        }),
    }
}

/// The Chrome trace-event JSON of `trace`.
///
/// # Panics
/// Never in practice: serialising these plain structs cannot fail.
#[must_use]
pub fn to_json(trace: &Trace) -> String {
    let mut events = vec![metadata(
        "process_name",
        0,
        format!("{} (Interleave)", trace.script.name),
    )];
    for t in 0..trace.thread_count() {
        let name = if t == 0 {
            "T0 MainThread".to_owned()
        } else {
            format!("T{t}")
        };
        events.push(metadata("thread_name", t as u64, name));
    }
    let gil = !trace.config.sched.gil.parallel();
    if gil {
        events.push(metadata("thread_name", GIL_TID, "GIL".to_owned()));
    }
    let slices = trace.slices().0;
    // Dense events carry no time in the trace: interpolate within the slice.
    let time_of_step = |step: u64| {
        let i = slices.partition_point(|s| s.end_step <= step);
        slices.get(i).map_or(trace.end_time_ns, |s| {
            let into = step.saturating_sub(s.start_step);
            let width = (s.end_step - s.start_step).max(1);
            s.start_ns + (s.end_ns - s.start_ns) * into / width
        })
    };
    for s in &slices {
        let steps = format!("{}..{} ({:?})", s.start_step, s.end_step, s.ended_by);
        events.push(slice(
            "running".to_owned(),
            "run",
            s.thread as u64,
            (s.start_ns, s.end_ns),
            steps.clone(),
        ));
        if gil {
            events.push(slice(
                format!("held by T{}", s.thread),
                "gil",
                GIL_TID,
                (s.start_ns, s.end_ns),
                steps,
            ));
        }
    }
    let contended: Vec<u32> = trace.contention.iter().map(|c| c.lock).collect();
    let name_of = |lock: u32| {
        trace
            .contention
            .iter()
            .find(|c| c.lock == lock)
            .map_or_else(|| format!("lock {lock:#x}"), |c| c.name.clone())
    };
    for (i, times) in trace.merged_lock_intervals(&contended) {
        let (label, cat) = match i.state {
            LockState::Waiting => ("waits for", "lock-wait"),
            LockState::Held => ("holds", "lock-hold"),
        };
        let repeat = if times > 1 {
            format!(" ({times} times)")
        } else {
            String::new()
        };
        events.push(slice(
            format!("{label} {}{repeat}", name_of(i.lock)),
            cat,
            i.thread as u64,
            (i.start_ns, i.end_ns),
            format!("{}..{}", i.start_step, i.end_step),
        ));
    }
    let findings = [
        ("lost update", "lost-update", &trace.lost_updates),
        ("data race", "race", &trace.races),
    ];
    for (name, cat, found) in findings {
        for f in found {
            let ns = time_of_step(f.step);
            events.push(instant(name, cat, f.thread as u64, ns, f.text.clone()));
        }
    }
    for e in &trace.events {
        if let crate::trace::EventKind::Output { len } = e.kind {
            events.push(instant(
                "output",
                "output",
                e.thread as u64,
                e.time_ns,
                format!("{len} bytes"),
            ));
        }
    }
    let file = ChromeTrace {
        trace_events: events,
        display_time_unit: "ns",
    };
    serde_json::to_string(&file).expect("plain structs serialise")
}
