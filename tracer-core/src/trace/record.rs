//! Recording a run: execute a script on a fresh VM, keep its schedule,
//! sparse events, output, analyses and digest as a [`Trace`], and
//! checkpoints of the VM along the way for the cursor.

#![expect(
    clippy::cast_precision_loss,
    reason = "virtual nanoseconds as seconds in the summary"
)]

use std::fmt::Write as _;
use std::sync::Arc;

use super::checkpoint::{CheckpointPolicy, Checkpoints};
use super::describe;
use super::{
    DataRace, Event, LockContention, LostUpdate, RecordedVm, Recorder, Summary, contention,
};
use interleave_lang::{CodeObject, CompileCache, CompileError};
use interleave_vm::sched::{Decision, SchedConfig, Scheduler, Strategy, ThreadId};
use interleave_vm::{Limits, Outcome, Vm};

/// A Python script: the name it was run as and its source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    /// File name shown in tracebacks (`s8_race_vs_lock.py`).
    pub name: String,
    /// The source.
    pub source: String,
}

/// Everything besides the script that determines a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunConfig {
    /// Seed, strategy, GIL model, cores.
    pub sched: SchedConfig,
    /// Step and memory limits.
    pub limits: Limits,
}

/// How the threads were scheduled: fresh from the seed, or following a
/// recorded schedule.
#[derive(Clone, Copy, Debug)]
pub enum Scheduling<'a> {
    /// Decide with the configured strategy and seed.
    Seeded,
    /// Follow these decisions exactly.
    Replay(&'a [Decision]),
    /// Decide with (a copy of) this strategy.
    Strategy(&'a dyn Strategy),
}

/// Something an analysis found (a lost update, a data race), located and
/// explained in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The step where it shows: the stale write, the second racing access.
    pub step: u64,
    /// The thread acting there.
    pub thread: usize,
    /// What happened, e.g. `T2 read count=41 (step 1203), ...`.
    pub text: String,
}

/// Why a run deadlocked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadlockNote {
    /// Each blocked thread: `(thread, name of the lock, holder)`.
    pub waits: Vec<(usize, String, Option<usize>)>,
    /// The wait-for cycle, each thread waiting for the next.
    pub cycle: Vec<usize>,
}

/// A finished recording, in memory: enough to reproduce the run, draw its
/// overview and check a replay against it.
#[derive(Clone, Debug)]
pub struct Trace {
    /// The script.
    pub script: Script,
    /// The options it ran with.
    pub config: RunConfig,
    /// Every scheduling decision.
    pub schedule: Vec<Decision>,
    /// The sparse events, in order.
    pub events: Vec<Event>,
    /// Code objects referred to by `FramePush` events.
    pub codes: Vec<Arc<CodeObject>>,
    /// What the program printed.
    pub stdout: Vec<u8>,
    /// What went to stderr (thread tracebacks, the final traceback).
    pub stderr: String,
    /// How the run ended.
    pub outcome: Outcome,
    /// Instructions executed.
    pub steps: u64,
    /// Virtual time at the end, in nanoseconds.
    pub end_time_ns: u64,
    /// Counts and the digest of every event, dense ones included.
    pub summary: Summary,
    /// Lost updates found (the first ones, explained).
    pub lost_updates: Vec<Finding>,
    /// Total number of updates lost.
    pub lost_update_count: u64,
    /// Happens-before data races on the script's own state (the first per
    /// location, explained).
    pub races: Vec<Finding>,
    /// Lock acquisitions and waits per lock.
    pub contention: Vec<LockContention>,
    /// Who waited for whom, if the run deadlocked.
    pub deadlock: Option<DeadlockNote>,
    /// The digest so far at every [`MARK_INTERVAL`] steps, to locate where
    /// a replay diverged.
    pub marks: Vec<DigestMark>,
    /// The pid of each thread's process, by thread (the program's own
    /// process first).
    pub thread_pids: Vec<i64>,
}

/// The digest of a recording up to a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DigestMark {
    /// Instructions executed.
    pub step: u64,
    /// Digest of every event before it.
    pub digest: u64,
}

/// Steps between digest marks.
pub const MARK_INTERVAL: u64 = 1 << 20;
/// Steps between progress reports (a divisor of [`MARK_INTERVAL`]).
const PROGRESS_INTERVAL: u64 = 1 << 18;

impl Trace {
    /// The processes of the run in order of creation: each pid with its
    /// threads.
    #[must_use]
    pub fn processes(&self) -> Vec<(i64, Vec<ThreadId>)> {
        let mut processes: Vec<(i64, Vec<ThreadId>)> = Vec::new();
        for (thread, &pid) in self.thread_pids.iter().enumerate() {
            match processes.iter_mut().find(|(p, _)| *p == pid) {
                Some((_, threads)) => threads.push(thread),
                None => processes.push((pid, vec![thread])),
            }
        }
        processes
    }

    /// Threads the run created, the main thread included.
    #[must_use]
    pub fn thread_count(&self) -> usize {
        1 + self
            .events
            .iter()
            .filter(|e| matches!(e.kind, super::EventKind::ThreadStart { .. }))
            .count()
    }

    /// The `--summary` report: steps, virtual time, events per kind and
    /// per thread, switches, lost updates (the first few in words) and the
    /// digest.
    #[must_use]
    pub fn summary_report(&self) -> String {
        let summary = &self.summary;
        let mut out = String::new();
        let seconds = self.end_time_ns as f64 / 1e9;
        let _ = writeln!(out, "steps: {}", self.steps);
        let _ = writeln!(out, "virtual time: {seconds:.6} s");
        let _ = writeln!(out, "threads: {}", self.thread_count());
        let _ = writeln!(out, "context switches: {}", summary.switches);
        let kinds: Vec<String> = summary
            .per_kind
            .iter()
            .map(|(k, n)| format!("{k}={n}"))
            .collect();
        let _ = writeln!(out, "events: {}", kinds.join(" "));
        let threads: Vec<String> = summary
            .per_thread
            .iter()
            .map(|(t, n)| format!("T{t}={n}"))
            .collect();
        let _ = writeln!(out, "events per thread: {}", threads.join(" "));
        let _ = writeln!(out, "lost updates: {}", self.lost_update_count);
        for note in self.lost_updates.iter().take(3) {
            let _ = writeln!(out, "  {}", note.text);
        }
        let _ = writeln!(out, "data races: {}", self.races.len());
        for note in self.races.iter().take(3) {
            let _ = writeln!(out, "  {}", note.text);
        }
        for lock in self.contention.iter().take(3) {
            let _ = writeln!(
                out,
                "contention: {} taken {} times, {} waited ({:.6} s)",
                lock.name,
                lock.acquisitions,
                lock.contended,
                lock.wait_ns as f64 / 1e9
            );
        }
        let _ = writeln!(out, "digest: {:016x}", summary.digest);
        let sched = &self.config.sched;
        let _ = writeln!(
            out,
            "options: seed {}, {}, {}",
            sched.seed,
            sched.gil.name(),
            sched.strategy.label()
        );
        out
    }
}

/// The first multiple of `interval` after `step`.
const fn next_multiple(step: u64, interval: u64) -> u64 {
    (step / interval + 1) * interval
}

/// A trace and the checkpoints taken while recording it.
#[derive(Debug)]
pub struct Recording {
    /// The trace.
    pub trace: Trace,
    /// VM copies for the cursor.
    pub checkpoints: Checkpoints,
}

/// Explained findings kept per trace and kind (lost-update counts are exact).
const EXPLAINED_FINDINGS: usize = 100;
/// Locks listed in the contention report: those waited for longest.
const CONTENDED_LOCKS: usize = 20;

/// Compiles `script` and records a run of it.
///
/// # Errors
/// When the script does not compile.
pub fn record(
    script: &Script,
    config: RunConfig,
    scheduling: Scheduling<'_>,
    policy: CheckpointPolicy,
) -> Result<Recording, CompileError> {
    let recording = record_observed(script, config, scheduling, policy, &mut |_| true)?;
    Ok(recording.expect("a recording that is never cancelled finishes"))
}

/// [`record`], telling `keep_going` the number of steps run at every
/// pause (every 2^18 steps or so); when it returns `false` the recording
/// stops and `Ok(None)` is returned.
///
/// # Errors
/// When the script does not compile.
pub fn record_observed(
    script: &Script,
    config: RunConfig,
    scheduling: Scheduling<'_>,
    policy: CheckpointPolicy,
    keep_going: &mut dyn FnMut(u64) -> bool,
) -> Result<Option<Recording>, CompileError> {
    let mut vm = prepare(script, config, scheduling, &Arc::default())?;
    let mut checkpoints = Checkpoints::new(policy);
    checkpoints.push(&mut vm);
    let trace = drive(
        script,
        config,
        vm,
        policy.frame_events,
        Some(&mut checkpoints),
        keep_going,
    );
    Ok(trace.map(|trace| Recording { trace, checkpoints }))
}

/// Compiles `script` and builds the VM that runs it under `config`, before
/// its first step.
///
/// # Errors
/// When the script does not compile.
pub fn prepare(
    script: &Script,
    config: RunConfig,
    scheduling: Scheduling<'_>,
    compilations: &Arc<CompileCache>,
) -> Result<Vm, CompileError> {
    let code = compilations.compile(&script.source, &script.name)?;
    let scheduler = match scheduling {
        Scheduling::Seeded => Scheduler::new(config.sched),
        Scheduling::Replay(schedule) => Scheduler::replay(schedule, config.sched),
        Scheduling::Strategy(strategy) => {
            Scheduler::with_strategy(strategy.boxed_clone(), config.sched)
        }
    };
    Ok(Vm::new(
        code,
        &script.source,
        config.limits,
        scheduler,
        Box::new(Recorder::default()),
    )
    .with_compilations(compilations.clone()))
}

/// Runs `vm`, built by [`prepare`] for `script` under `config` and perhaps
/// paused part-way, to the end: the trace without checkpoints or frame
/// events, for runs nobody will browse.
#[must_use]
pub fn record_from(script: &Script, config: RunConfig, vm: Vm) -> Trace {
    drive(script, config, vm, false, None, &mut |_| true)
        .expect("a run that is never cancelled finishes")
}

/// Runs `vm` to the end (or until `keep_going` says stop), keeping the
/// events (frame events if `frame_events`), digest marks and, if given,
/// checkpoints; then gathers the analyses into the trace.
#[expect(
    clippy::too_many_lines,
    reason = "the run loop, then the analyses gathered in order"
)]
fn drive(
    script: &Script,
    config: RunConfig,
    mut vm: Vm,
    frame_events: bool,
    mut checkpoints: Option<&mut Checkpoints>,
    keep_going: &mut dyn FnMut(u64) -> bool,
) -> Option<Trace> {
    let kept = |e: &Event| frame_events || !e.kind.is_frame();
    let mut events: Vec<Event> = vm.take_events().into_iter().filter(kept).collect();
    let mut marks = Vec::new();
    let outcome = loop {
        let checkpoint_due = checkpoints
            .as_deref()
            .map_or(u64::MAX, |c| c.next_due(vm.steps()));
        let mark_due = next_multiple(vm.steps(), MARK_INTERVAL);
        let progress_due = next_multiple(vm.steps(), PROGRESS_INTERVAL);
        let ended = vm.run_until(checkpoint_due.min(progress_due));
        events.extend(vm.take_events().into_iter().filter(kept));
        if let Some(outcome) = ended {
            break outcome;
        }
        if !keep_going(vm.steps()) {
            return None;
        }
        if vm.recorder().is_complete() && vm.steps() >= mark_due {
            marks.push(DigestMark {
                step: vm.steps(),
                digest: vm.recorder().digest().value(),
            });
        }
        if let Some(checkpoints) = checkpoints.as_deref_mut()
            && vm.steps() >= checkpoint_due
        {
            checkpoints.push(&mut vm);
        }
    };
    // Walking the script's state is only needed to sort findings out (a
    // location that lost no update has no report either).
    let found_any = !vm.recorder().lost_updates().is_empty() || !vm.recorder().races().is_empty();
    let script_state = found_any.then(|| vm.script_state());
    let is_scripts = |location| script_state.as_ref().is_some_and(|s| s.contains(location));
    let lost: Vec<LostUpdate> = vm
        .recorder()
        .lost_updates()
        .iter()
        .copied()
        .filter(|r| is_scripts(r.location))
        .take(EXPLAINED_FINDINGS)
        .collect();
    let lost_updates = lost
        .into_iter()
        .map(|report| Finding {
            step: report.write_step,
            thread: report.writer,
            text: describe::lost_update(&mut vm, &report),
        })
        .collect();
    let script_races: Vec<DataRace> = vm
        .recorder()
        .races()
        .iter()
        .filter(|race| is_scripts(race.location))
        .copied()
        .collect();
    let races = script_races
        .iter()
        .take(EXPLAINED_FINDINGS)
        .map(|race| Finding {
            step: race.second.step,
            thread: race.second.thread,
            text: describe::race(&mut vm, race),
        })
        .collect();
    let deadlock = matches!(outcome, Outcome::Deadlock(_)).then(|| {
        let found = vm.deadlock();
        DeadlockNote {
            waits: found
                .waits
                .iter()
                .map(|w| (w.thread, vm.lock_name(w.lock), w.holder))
                .collect(),
            cycle: found.cycle,
        }
    });
    let mut contention = contention(&events);
    contention.retain(|c| c.contended > 0);
    contention.sort_by_key(|c| (std::cmp::Reverse(c.wait_ns), c.lock));
    contention.truncate(CONTENDED_LOCKS);
    for stats in &mut contention {
        stats.name = vm.lock_name(stats.lock);
    }
    let mut stderr = vm.take_errput();
    match &outcome {
        Outcome::Uncaught(traceback) | Outcome::Deadlock(traceback) => stderr.push_str(traceback),
        Outcome::LimitReached(limit) => {
            let _ = writeln!(stderr, "interleave: {limit}");
        }
        Outcome::Finished => {}
    }
    let recorder = vm.recorder();
    let trace = Trace {
        script: script.clone(),
        config,
        schedule: vm.schedule().clone(),
        events,
        codes: recorder.codes().to_vec(),
        summary: recorder.summary(),
        lost_update_count: recorder.lost_update_count(is_scripts),
        lost_updates,
        races,
        contention,
        deadlock,
        stdout: vm.take_output(),
        stderr,
        outcome,
        steps: vm.steps(),
        end_time_ns: vm.clock_ns(),
        marks,
        thread_pids: vm.thread_pids(),
    };
    Some(trace)
}
