//! The timeline: for each process, one lane per thread (running, waiting
//! for the GIL, blocked on a lock, sleeping) and the process's GIL lane;
//! then a lane per contended lock,
//! markers for lost updates, races and output, and the cursor line.
//! Ticks mark context switches, a cross each thread stuck in a deadlock.
//! Ctrl+wheel zooms around the pointer, dragging pans, shift+drag zooms to
//! the selected stretch, double-click fits, a click seeks. Slices narrower
//! than a pixel are merged.

#![expect(
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss,
    reason = "pixel positions from steps and virtual times: screen-sized values, rounding intended"
)]

use egui::{Color32, Pos2, Rect, Sense, Stroke, Vec2};
use tracer_core::trace::{EventKind, LockInterval, LockState, Slice, Trace};

use super::Request;
use crate::gui::colors;
use crate::gui::session::Session;
use crate::playback::Command;

/// The visible stretch of virtual time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimelineView {
    /// Left edge, in nanoseconds.
    pub from_ns: f64,
    /// Right edge, in nanoseconds.
    pub to_ns: f64,
}

impl TimelineView {
    /// The whole run.
    #[must_use]
    pub fn fit(end_ns: u64) -> Self {
        Self {
            from_ns: 0.0,
            to_ns: (end_ns as f64).max(1.0),
        }
    }

    /// Zooms by `factor` (> 1 zooms in) keeping time `at` still.
    pub fn zoom(&mut self, factor: f64, at: f64) {
        let factor = factor.max(1e-3);
        self.from_ns = at - (at - self.from_ns) / factor;
        self.to_ns = at + (self.to_ns - at) / factor;
        if self.to_ns - self.from_ns < 10.0 {
            self.to_ns = self.from_ns + 10.0;
        }
    }

    /// Shifts by `ns`.
    pub fn pan(&mut self, ns: f64) {
        self.from_ns += ns;
        self.to_ns += ns;
    }
}

/// What the timeline draws, computed once per recording.
#[derive(Debug)]
pub struct TimelineData {
    /// The row layout.
    rows: Rows,
    /// A GIL lane is drawn (not for the free-threaded model).
    gil: bool,
    /// Locks with a lane: `(id, name)`.
    locks: Vec<(u32, String)>,
    /// Per thread: virtual time of its start and end.
    lifetimes: Vec<(u64, u64)>,
    /// Lock waits (any lock) and merged holds of the lane locks.
    lock_intervals: Vec<LockInterval>,
    /// `(thread, from ns, until ns)` of each sleep.
    sleeps: Vec<(usize, u64, u64)>,
    /// `(thread, ns)` of each write to stdout.
    outputs: Vec<(usize, u64)>,
    /// `(thread, ns, colour)` of each lost update and race.
    findings: Vec<(usize, f64, Color32)>,
    /// Virtual times of the context switches.
    switches: Vec<u64>,
    /// Threads still blocked when the run deadlocked.
    deadlocked: Vec<usize>,
}

impl TimelineData {
    /// Gathers what the timeline of `trace` shows.
    #[must_use]
    pub fn new(trace: &Trace, slices: &[Slice]) -> Self {
        let threads = trace.thread_count();
        let locks = lock_lanes(trace);
        let shown: Vec<u32> = locks.iter().map(|(l, _)| *l).collect();
        let mut lifetimes = vec![(0, trace.end_time_ns); threads];
        let mut sleeps = Vec::new();
        let mut outputs = Vec::new();
        let mut switches = Vec::new();
        for e in &trace.events {
            match e.kind {
                EventKind::Switch { .. } => switches.push(e.time_ns),
                EventKind::ThreadStart { .. } => lifetimes[e.thread].0 = e.time_ns,
                EventKind::ThreadExit => lifetimes[e.thread].1 = e.time_ns,
                EventKind::Sleep { until_ns } => sleeps.push((e.thread, e.time_ns, until_ns)),
                EventKind::Output { .. } => outputs.push((e.thread, e.time_ns)),
                _ => {}
            }
        }
        let findings = trace
            .lost_updates
            .iter()
            .map(|f| (f, colors::LOST_UPDATE))
            .chain(trace.races.iter().map(|f| (f, colors::RACE)))
            .map(|(f, color)| (f.thread, time_at(slices, f.step), color))
            .collect();
        let gil = !trace.config.sched.gil.parallel();
        let mut processes = trace.processes();
        if processes.is_empty() {
            processes.push((0, (0..threads).collect()));
        }
        Self {
            rows: Rows::new(&processes, threads, gil, locks.len()),
            gil,
            lock_intervals: trace
                .merged_lock_intervals(&shown)
                .into_iter()
                .map(|(i, _)| i)
                .collect(),
            locks,
            lifetimes,
            sleeps,
            outputs,
            findings,
            switches,
            deadlocked: trace
                .deadlock
                .as_ref()
                .map(|d| d.waits.iter().map(|(t, _, _)| *t).collect())
                .unwrap_or_default(),
        }
    }
}

/// Which row of the timeline shows what: each process's header, its
/// threads and its GIL, then the lock lanes.
#[derive(Debug, Default)]
struct Rows {
    /// `(row, label)` of each process header.
    headers: Vec<(usize, String)>,
    /// The row of each thread.
    thread: Vec<usize>,
    /// The GIL row of each thread's process.
    gil: Vec<usize>,
    /// The GIL rows, one per process, when there is a GIL.
    gil_lanes: Vec<usize>,
    /// The first lock row.
    locks: usize,
    /// Rows in all.
    count: usize,
}

impl Rows {
    /// Rows for `processes` (pid and threads each, the main process
    /// first), with a GIL row per process if `gil`, and `locks` lock rows.
    fn new(processes: &[(i64, Vec<usize>)], threads: usize, gil: bool, locks: usize) -> Self {
        let mut rows = Self {
            thread: vec![0; threads],
            gil: vec![0; threads],
            ..Self::default()
        };
        let mut row = 0;
        for (i, (pid, members)) in processes.iter().enumerate() {
            let label = if i == 0 {
                "MainProcess".to_owned()
            } else {
                format!("Process {pid}")
            };
            rows.headers.push((row, label));
            row += 1;
            for &t in members {
                rows.thread[t] = row;
                row += 1;
            }
            if gil {
                for &t in members {
                    rows.gil[t] = row;
                }
                rows.gil_lanes.push(row);
                row += 1;
            }
        }
        rows.locks = row;
        rows.count = row + locks;
        rows
    }
}

/// The timeline panel.
pub struct TimelinePanel<'a> {
    /// The open recording.
    pub session: &'a Session,
    /// What is visible.
    pub view: &'a mut TimelineView,
}

/// Height of a lane.
const LANE: f32 = 22.0;
/// Width of the lane labels.
const LABELS: f32 = 90.0;

/// Maps virtual time to x and back within a rect.
struct Scale {
    rect: Rect,
    from: f64,
    per_px: f64,
}

impl Scale {
    fn x(&self, ns: f64) -> f32 {
        self.rect.left() + ((ns - self.from) / self.per_px) as f32
    }

    fn ns(&self, x: f32) -> f64 {
        self.from + f64::from(x - self.rect.left()) * self.per_px
    }
}

impl TimelinePanel<'_> {
    /// Draws the panel.
    #[expect(
        clippy::too_many_lines,
        reason = "lanes, markers, the cursor and the pointer's gestures, drawn in order"
    )]
    pub fn ui(self, ui: &mut egui::Ui) -> Request {
        let trace = self.session.trace();
        let slices = &self.session.index.slices.0;
        let data = &self.session.timeline;
        let rows = &data.rows;
        let gil = data.gil;
        let locks = &data.locks;
        let height = LANE * rows.count as f32;
        let (response, painter) = ui.allocate_painter(
            Vec2::new(ui.available_width(), height.max(ui.available_height())),
            Sense::click_and_drag(),
        );
        let full = response.rect;
        let plot = Rect::from_min_max(Pos2::new(full.left() + LABELS, full.top()), full.max);
        let span = (self.view.to_ns - self.view.from_ns).max(1.0);
        let scale = Scale {
            rect: plot,
            from: self.view.from_ns,
            per_px: span / f64::from(plot.width().max(1.0)),
        };
        let mut request = None;
        // Interaction.
        if let Some(pointer) = response.hover_pos() {
            let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
            if zoom != 1.0 {
                self.view.zoom(f64::from(zoom), scale.ns(pointer.x));
            } else if scroll.x != 0.0 {
                self.view.pan(-f64::from(scroll.x) * scale.per_px);
            }
        }
        // Shift+drag selects a stretch to zoom to; a plain drag pans.
        let selecting = ui.input(|i| i.modifiers.shift);
        let selection_id = response.id.with("selection");
        if response.drag_started() && selecting {
            let start = response.interact_pointer_pos().map(|p| scale.ns(p.x));
            ui.data_mut(|d| d.insert_temp(selection_id, start));
        }
        let selection_start: Option<f64> = ui.data(|d| d.get_temp(selection_id)).flatten();
        if response.dragged() && selection_start.is_none() {
            self.view
                .pan(-f64::from(response.drag_delta().x) * scale.per_px);
        }
        if let Some(start) = selection_start {
            let pointer = ui.input(|i| i.pointer.latest_pos());
            if let Some(pos) = pointer {
                let (a, b) = (scale.x(start), pos.x);
                let band = Rect::from_x_y_ranges(a.min(b)..=a.max(b), full.y_range());
                painter.rect_filled(band, 0.0, Color32::from_white_alpha(24));
            }
            if !response.dragged() {
                if let Some(pos) = pointer {
                    let end = scale.ns(pos.x);
                    if (end - start).abs() > scale.per_px * 3.0 {
                        *self.view = TimelineView {
                            from_ns: start.min(end),
                            to_ns: start.max(end),
                        };
                    }
                }
                ui.data_mut(|d| d.remove::<Option<f64>>(selection_id));
            }
        }
        if response.double_clicked() {
            *self.view = TimelineView::fit(trace.end_time_ns);
        } else if response.clicked()
            && let Some(pos) = response.interact_pointer_pos()
            && pos.x > plot.left()
        {
            request = Some(Command::Seek(step_at(slices, scale.ns(pos.x))));
        }
        // Lanes, grouped under their process.
        let lane_rect = |row: usize| {
            let top = full.top() + LANE * row as f32;
            Rect::from_min_max(
                Pos2::new(plot.left(), top + 2.0),
                Pos2::new(plot.right(), top + LANE - 2.0),
            )
        };
        let text = ui.visuals().text_color();
        let font = egui::FontId::proportional(12.0);
        for (row, label) in &rows.headers {
            painter.text(
                Pos2::new(full.left() + 4.0, lane_rect(*row).center().y),
                egui::Align2::LEFT_CENTER,
                label,
                font.clone(),
                ui.visuals().weak_text_color(),
            );
        }
        for (t, &row) in rows.thread.iter().enumerate() {
            painter.text(
                Pos2::new(full.left() + 4.0, lane_rect(row).center().y),
                egui::Align2::LEFT_CENTER,
                format!("T{t}"),
                font.clone(),
                colors::thread(t),
            );
        }
        for &row in &rows.gil_lanes {
            painter.text(
                Pos2::new(full.left() + 4.0, lane_rect(row).center().y),
                egui::Align2::LEFT_CENTER,
                "GIL",
                font.clone(),
                text,
            );
        }
        for (i, (_, name)) in locks.iter().enumerate() {
            let r = lane_rect(rows.locks + i);
            painter.text(
                Pos2::new(full.left() + 4.0, r.center().y),
                egui::Align2::LEFT_CENTER,
                name,
                font.clone(),
                text,
            );
        }
        let painter = painter.with_clip_rect(plot);
        // Thread lifetimes as "runnable" backgrounds.
        for (t, &(born, died)) in data.lifetimes.iter().enumerate() {
            let r = lane_rect(rows.thread[t]);
            let bar =
                Rect::from_x_y_ranges(scale.x(born as f64)..=scale.x(died as f64), r.y_range());
            painter.rect_filled(bar, 0.0, colors::RUNNABLE);
        }
        // Run slices (and the GIL lane), merged below a pixel.
        let first = slices.partition_point(|s| (s.end_ns as f64) < self.view.from_ns);
        let mut last_x = vec![f32::NEG_INFINITY; rows.count];
        for s in slices[first..]
            .iter()
            .take_while(|s| (s.start_ns as f64) <= self.view.to_ns)
        {
            draw_slice(
                &painter,
                &scale,
                s,
                lane_rect(rows.thread[s.thread]),
                &mut last_x[rows.thread[s.thread]],
                colors::thread(s.thread),
            );
            if gil {
                let row = rows.gil[s.thread];
                draw_slice(
                    &painter,
                    &scale,
                    s,
                    lane_rect(row),
                    &mut last_x[row],
                    colors::thread(s.thread),
                );
            }
        }
        // Lock waits on thread lanes, holds on lock lanes.
        let visible = |from: u64, to: u64| {
            (to as f64) >= self.view.from_ns && (from as f64) <= self.view.to_ns
        };
        for interval in data
            .lock_intervals
            .iter()
            .filter(|i| visible(i.start_ns, i.end_ns))
        {
            let left = scale.x(interval.start_ns as f64);
            let x = left..=scale.x(interval.end_ns as f64).max(left + 1.0);
            match interval.state {
                LockState::Waiting => {
                    let r = lane_rect(rows.thread[interval.thread]);
                    painter.rect_filled(
                        Rect::from_x_y_ranges(x, r.center().y..=r.bottom()),
                        0.0,
                        colors::WAITING,
                    );
                }
                LockState::Held => {
                    if let Some(i) = locks.iter().position(|(l, _)| *l == interval.lock) {
                        let r = lane_rect(rows.locks + i);
                        painter.rect_filled(
                            Rect::from_x_y_ranges(x, r.y_range()),
                            0.0,
                            colors::thread(interval.thread),
                        );
                    }
                }
            }
        }
        // Sleeps and output.
        for &(thread, from, until) in data.sleeps.iter().filter(|s| visible(s.1, s.2)) {
            let r = lane_rect(rows.thread[thread]);
            let x = scale.x(from as f64)..=scale.x(until as f64);
            painter.rect_filled(
                Rect::from_x_y_ranges(x, r.center().y..=r.bottom()),
                0.0,
                colors::SLEEPING,
            );
        }
        for &(thread, ns) in data.outputs.iter().filter(|o| visible(o.1, o.1)) {
            let r = lane_rect(rows.thread[thread]);
            let x = scale.x(ns as f64);
            painter.line_segment(
                [Pos2::new(x, r.top()), Pos2::new(x, r.bottom())],
                Stroke::new(2.0, colors::OUTPUT),
            );
        }
        // Lost updates and races.
        for &(thread, ns, color) in &data.findings {
            let x = scale.x(ns);
            let r = lane_rect(rows.thread[thread]);
            let top = Pos2::new(x, r.top());
            painter.add(egui::Shape::convex_polygon(
                vec![
                    top,
                    Pos2::new(x - 5.0, r.top() - 7.0),
                    Pos2::new(x + 5.0, r.top() - 7.0),
                ],
                color,
                Stroke::NONE,
            ));
        }
        // Context switches as ticks above the GIL (or first) lane, and a
        // deadlock as a cross on each stuck thread at the end.
        let tick_lane = lane_rect(rows.gil_lanes.first().copied().unwrap_or(rows.thread[0]));
        let first = data
            .switches
            .partition_point(|&ns| (ns as f64) < self.view.from_ns);
        let mut last_tick = f32::NEG_INFINITY;
        for &ns in data.switches[first..]
            .iter()
            .take_while(|&&ns| (ns as f64) <= self.view.to_ns)
        {
            let x = scale.x(ns as f64);
            if x - last_tick >= 2.0 {
                painter.line_segment(
                    [
                        Pos2::new(x, tick_lane.top() - 4.0),
                        Pos2::new(x, tick_lane.top()),
                    ],
                    Stroke::new(1.0, Color32::WHITE),
                );
                last_tick = x;
            }
        }
        for &t in &data.deadlocked {
            let c = Pos2::new(
                scale.x(trace.end_time_ns as f64) - 6.0,
                lane_rect(rows.thread[t]).center().y,
            );
            let stroke = Stroke::new(2.5, colors::LOST_UPDATE);
            painter.line_segment([c + Vec2::new(-5.0, -5.0), c + Vec2::new(5.0, 5.0)], stroke);
            painter.line_segment([c + Vec2::new(-5.0, 5.0), c + Vec2::new(5.0, -5.0)], stroke);
        }
        // The cursor.
        let x = scale.x(self.session.state.time_ns as f64);
        painter.line_segment(
            [Pos2::new(x, full.top()), Pos2::new(x, full.bottom())],
            Stroke::new(1.5, Color32::WHITE),
        );
        if let Some(pos) = response.hover_pos()
            && pos.x > plot.left()
        {
            let ns = scale.ns(pos.x);
            response.on_hover_text(format!("{:.6} s — step {}", ns / 1e9, step_at(slices, ns)));
        }
        request
    }
}

/// The locks that get a lane: the script's global locks (named by a plain
/// identifier, where others are `owner.attribute` or `lock 0x…`), or else
/// the two it waited for longest.
fn lock_lanes(trace: &Trace) -> Vec<(u32, String)> {
    let named: Vec<(u32, String)> = trace
        .contention
        .iter()
        .filter(|c| c.name.chars().all(|ch| ch == '_' || ch.is_alphanumeric()))
        .map(|c| (c.lock, c.name.clone()))
        .collect();
    if !named.is_empty() {
        return named;
    }
    let mut by_wait: Vec<_> = trace.contention.iter().collect();
    by_wait.sort_by_key(|c| std::cmp::Reverse(c.wait_ns));
    by_wait
        .iter()
        .take(2)
        .map(|c| (c.lock, c.name.clone()))
        .collect()
}

/// Draws one slice, at least a pixel wide, skipping it if the previous one
/// on the lane already covered that pixel.
fn draw_slice(
    painter: &egui::Painter,
    scale: &Scale,
    s: &Slice,
    lane: Rect,
    last_x: &mut f32,
    color: Color32,
) {
    let left = scale.x(s.start_ns as f64);
    let right = scale.x(s.end_ns as f64).max(left + 1.0);
    if right <= *last_x {
        return;
    }
    let left = left.max(*last_x);
    painter.rect_filled(
        Rect::from_x_y_ranges(left..=right, lane.y_range()),
        0.0,
        color,
    );
    *last_x = right;
}

/// The step running at virtual time `ns` (interpolated within its slice).
fn step_at(slices: &[Slice], ns: f64) -> u64 {
    let i = slices.partition_point(|s| (s.end_ns as f64) < ns);
    slices.get(i).map_or_else(
        || slices.last().map_or(0, |s| s.end_step),
        |s| {
            let width = (s.end_ns - s.start_ns).max(1) as f64;
            let into = ((ns - s.start_ns as f64) / width).clamp(0.0, 1.0);
            s.start_step + ((s.end_step - s.start_step) as f64 * into) as u64
        },
    )
}

/// The virtual time of `step` (interpolated within its slice).
fn time_at(slices: &[Slice], step: u64) -> f64 {
    let i = slices.partition_point(|s| s.end_step <= step);
    slices.get(i).map_or(0.0, |s| {
        let width = (s.end_step - s.start_step).max(1) as f64;
        s.start_ns as f64 + (s.end_ns - s.start_ns) as f64 * (step - s.start_step) as f64 / width
    })
}

#[cfg(test)]
mod tests {
    use super::super::fixture;
    use super::{TimelinePanel, TimelineView};
    use crate::playback::Command;

    #[test]
    fn a_click_asks_to_go_to_the_step_under_the_pointer() {
        let mut view = None;
        let mut harness = fixture::harness(egui::vec2(640.0, 200.0), move |session, ui| {
            let view = view.get_or_insert_with(|| TimelineView::fit(session.trace().end_time_ns));
            TimelinePanel { session, view }.ui(ui)
        });
        harness.snapshot("panel_timeline");
        let at = egui::pos2(400.0, 30.0);
        for pressed in [true, false] {
            harness.event(egui::Event::PointerButton {
                pos: at,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: egui::Modifiers::NONE,
            });
        }
        harness.run_steps(2);
        let end = harness.state().0.trace().steps;
        assert!(
            matches!(harness.state().1, Some(Command::Seek(step)) if step > 0 && step < end),
            "{:?}",
            harness.state().1
        );
    }
}
