//! The run loop: picks a thread with the scheduler, runs it until it is
//! switched out, blocks or finishes, and ends the program like CPython
//! (the main thread's `threading._shutdown()`, daemon threads dropped,
//! deadlock detection).

use std::fmt::Write;

use crate::event::EventKind;
use crate::exec::interp::Exit;
use crate::exec::thread::{ProcessReply, Status, Wait};
use crate::model::error::VmError;
use crate::model::frame::ReturnAction;
use crate::model::object::Object;
use crate::model::value::Value;
use crate::runtime::pull::PendingChoice;
use crate::sched::{Budget, Choice, Reason, ThreadId};
use crate::{Outcome, Vm};

/// The main thread's index.
pub(crate) const MAIN_THREAD: ThreadId = 0;

/// What armed the preemption timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Alarm {
    /// The thread's budget ran out: switch.
    Preempt,
    /// Nothing is due; re-evaluate (a sleeper may have woken, a thread may
    /// have started) and give the running thread a fresh budget.
    Rearm,
    /// Preempt at the n-th switch point.
    SwitchPoints(u64),
    /// At the first switch point once `step` steps have run: switch, or
    /// with `rearm` continue with a fresh budget.
    AtStep {
        /// When.
        step: u64,
        /// Re-arm instead of switching.
        rearm: bool,
    },
}

/// Where the run loop stands between two calls of [`Vm::run_until`].
#[derive(Clone, Debug)]
pub(crate) enum Resume {
    /// Choose the next thread, for this reason.
    Choose(Reason),
    /// Give the running thread a fresh budget and continue it.
    Rearm,
    /// Continue the running thread as it was (the run paused).
    Continue,
    /// The run ended like this.
    Ended(Outcome),
}

impl Vm {
    /// Runs the program to the end.
    pub fn run(&mut self) -> Outcome {
        self.run_until(u64::MAX)
            .expect("a run without a pause step runs to the end")
    }

    /// Runs until `step` instructions have executed in total, or to the
    /// end. Returns `None` when paused there (call again to go on), or how
    /// the run ended (again on every later call).
    ///
    /// A pause happens between two instructions of the running thread
    /// when no native code is on its stack; while native code runs Python
    /// callbacks (a `sorted` key, a `__repr__` called by `print`), the
    /// pause waits until it returns, so the run may stop a few steps
    /// after `step`.
    pub fn run_until(&mut self, step: u64) -> Option<Outcome> {
        self.pause_at = step;
        loop {
            let tid = match std::mem::replace(&mut self.resume, Resume::Continue) {
                Resume::Ended(outcome) => {
                    self.resume = Resume::Ended(outcome.clone());
                    return Some(outcome);
                }
                Resume::Continue => self.current,
                Resume::Rearm => {
                    self.pull.rearmed = true;
                    self.scheduler.note_rearm(self.steps, self.current);
                    self.arm_budget(self.current);
                    self.current
                }
                Resume::Choose(reason) => match self.next_thread(reason) {
                    Ok(Some(t)) => {
                        self.current = t;
                        self.arm_budget(t);
                        t
                    }
                    Ok(None) if self.pending.is_some() => {
                        self.resume = Resume::Choose(reason);
                        return None;
                    }
                    Ok(None) => return Some(self.end(Outcome::Finished)),
                    Err(report) => return Some(self.end(Outcome::Deadlock(report))),
                },
            };
            let Some(frame) = self.threads[tid].frames.pop() else {
                self.threads[tid].status = Status::Finished;
                self.resume = Resume::Choose(Reason::Finished);
                continue;
            };
            match self.execute(tid, frame, 0, None) {
                Ok(Exit::Paused) => {
                    self.resume = Resume::Continue;
                    return None;
                }
                Ok(Exit::Switched) if self.threads[tid].status == Status::Blocked(Wait::Fork) => {
                    self.complete_fork(tid);
                    self.resume = Resume::Continue;
                }
                Ok(Exit::Switched) => {
                    self.resume = match self.threads[tid].status {
                        Status::Runnable
                            if matches!(
                                self.alarm,
                                Alarm::Rearm | Alarm::AtStep { rearm: true, .. }
                            ) =>
                        {
                            Resume::Rearm
                        }
                        Status::Runnable if self.yielded => Resume::Choose(Reason::Yielded),
                        Status::Runnable => Resume::Choose(Reason::Preempted),
                        _ => Resume::Choose(Reason::Blocked),
                    };
                    self.yielded = false;
                }
                Ok(Exit::Returned(_) | Exit::Yielded(..)) => {
                    self.resume = Resume::Choose(Reason::Finished);
                    if tid == MAIN_THREAD {
                        if self.start_shutdown() {
                            continue;
                        }
                        return Some(self.end(Outcome::Finished));
                    }
                    self.threads[tid].status = Status::Finished;
                    self.record(EventKind::ThreadExit);
                    self.exit_process_of_main_thread(tid, 0);
                }
                Err(VmError::Exception(exc)) => {
                    if tid == MAIN_THREAD {
                        let traceback = self.format_traceback(exc);
                        return Some(self.end(Outcome::Uncaught(traceback)));
                    }
                    self.exit_process_of_main_thread(tid, 1);
                    let target = self.threads[tid].target;
                    let name = self
                        .repr(target)
                        .map(|r| self.str_of(r).to_owned())
                        .unwrap_or_default();
                    let report = self.format_traceback(exc);
                    let _ = write!(
                        self.errput,
                        "Unhandled exception in thread started by {name}\n{report}"
                    );
                    self.threads[tid].status = Status::Finished;
                    self.record(EventKind::ThreadExit);
                    self.resume = Resume::Choose(Reason::Finished);
                }
                Err(VmError::Limit(limit)) => return Some(self.end(Outcome::LimitReached(limit))),
                Err(VmError::Blocked) => {
                    unreachable!("top-level execution turns blocking into a switch")
                }
            }
        }
    }

    /// Completes `os.fork()` in thread `tid`: forks its process; the call
    /// returns the child's pid in the parent and 0 in the child.
    fn complete_fork(&mut self, tid: ThreadId) {
        let child = self.fork_process(tid);
        self.charge_ns(crate::sched::FORK_COST_NS);
        let pid = self.processes[self.threads[child].process].pid;
        self.threads[tid].status = Status::Runnable;
        for (thread, result) in [(tid, pid), (child, 0)] {
            if let Some(frame) = self.threads[thread].frames.last_mut() {
                frame.stack.push(Value::Int(result));
            }
        }
    }

    /// A thread finished: if it was the main thread of a child process,
    /// that process exits with `code`.
    fn exit_process_of_main_thread(&mut self, tid: ThreadId, code: i64) {
        let process = self.threads[tid].process;
        if process != 0 && self.processes[process].main_thread == tid {
            self.exit_process(process, code);
        }
    }

    /// Remembers how the run ended.
    fn end(&mut self, outcome: Outcome) -> Outcome {
        self.resume = Resume::Ended(outcome.clone());
        outcome
    }

    /// `true` once the run has ended.
    #[must_use]
    pub const fn has_ended(&self) -> bool {
        matches!(self.resume, Resume::Ended(_))
    }

    /// After the main module finishes: runs `threading._shutdown()` on the
    /// main thread if `threading` was imported (or a trace hook is set, see
    /// [`Vm::import_untraced`]). Returns `false` when there is nothing more
    /// to run.
    fn start_shutdown(&mut self) -> bool {
        if self.processes[0].shutdown_started {
            return false;
        }
        self.processes[0].shutdown_started = true;
        let module = match self.processes[0].modules.get("threading") {
            Some(&module) => module,
            None if !self.threads[MAIN_THREAD].trace_hook.is_null() => {
                match self.import_untraced("threading") {
                    Some(module) => module,
                    None => return false,
                }
            }
            None => return false,
        };
        let Object::Module { dict, .. } = self.heap.get(module) else {
            return false;
        };
        let dict = *dict;
        let key = self.intern("_shutdown");
        let Some(shutdown) = self.dict_get_str(dict, key) else {
            return false;
        };
        match self.prepare_call(shutdown, Vec::new(), None) {
            Ok(crate::exec::call::Callee::Frame(mut frame)) => {
                frame.on_return = ReturnAction::Push;
                self.threads[MAIN_THREAD].frames.push(frame);
                self.threads[MAIN_THREAD].status = Status::Runnable;
                true
            }
            _ => false,
        }
    }

    /// Imports `name` without tracing its module body. CPython imports
    /// `threading` at startup (`site` does), so at exit its `_shutdown()`
    /// always runs; the VM imports it only when a trace hook could see
    /// that, as if it had been imported quietly at startup.
    fn import_untraced(&mut self, name: &str) -> Option<crate::model::heap::ObjId> {
        self.threads[MAIN_THREAD].in_trace_hook = true;
        let module = self.import_module(name);
        self.threads[MAIN_THREAD].in_trace_hook = false;
        module.ok().and_then(Value::as_obj)
    }

    /// Threads that could run now (lock waiters whose lock is free or whose
    /// deadline passed, sleepers whose time has come).
    pub(crate) fn eligible_threads(&self) -> Vec<ThreadId> {
        (0..self.threads.len())
            .filter(|&t| self.is_eligible(t))
            .collect()
    }

    fn is_eligible(&self, t: ThreadId) -> bool {
        match self.threads[t].status {
            Status::Runnable => true,
            Status::Finished => false,
            Status::Blocked(Wait::Sleep { until }) => until <= self.clock_ns,
            Status::Blocked(Wait::Lock { lock, deadline, .. }) => {
                deadline.is_some_and(|d| d <= self.clock_ns)
                    || self
                        .lock_wake_time(lock)
                        .is_some_and(|t| t <= self.clock_ns)
            }
            Status::Blocked(Wait::Process {
                process, deadline, ..
            }) => {
                deadline.is_some_and(|d| d <= self.clock_ns)
                    || self.processes[process].exit_code.is_some()
            }
            Status::Blocked(Wait::Fork) => false,
        }
    }

    /// The earliest virtual time at which a waiting thread wakes by itself.
    pub(crate) fn next_wake_time(&self) -> Option<u64> {
        self.threads
            .iter()
            .filter_map(|t| match t.status {
                Status::Blocked(Wait::Sleep { until }) => Some(until),
                Status::Blocked(Wait::Lock { lock, deadline, .. }) => {
                    match (deadline, self.lock_wake_time(lock)) {
                        (Some(d), Some(w)) => Some(d.min(w)),
                        (d, w) => d.or(w),
                    }
                }
                Status::Blocked(Wait::Process { deadline, .. }) => deadline,
                _ => None,
            })
            .min()
    }

    /// Picks the next thread; `Ok(None)` when every thread is done or a
    /// pulled run stops for its driver (then `self.pending` is set), `Err`
    /// with a report on deadlock.
    fn next_thread(&mut self, reason: Reason) -> Result<Option<ThreadId>, String> {
        loop {
            let eligible = self.eligible_threads();
            if !eligible.is_empty() && self.scheduler.awaits_choice() {
                self.pending = Some(PendingChoice {
                    reason,
                    current: self.current,
                    runnable: eligible,
                    step: self.steps,
                    visible: self.pull.visible,
                    after_rearm: self.pull.rearmed,
                });
                return Ok(None);
            }
            if !eligible.is_empty() {
                let choice = Choice {
                    reason,
                    current: self.current,
                    runnable: &eligible,
                    step: self.steps,
                    switch_points: self.switch_points,
                };
                let tid = self.scheduler.choose(&choice);
                if tid != self.current || reason == Reason::Start {
                    self.record_switch(tid, reason);
                }
                self.wake(tid);
                return Ok(Some(tid));
            }
            if let Some(t) = self.next_wake_time() {
                self.clock_ns = self.clock_ns.max(t);
                continue;
            }
            if self.threads.iter().all(|t| t.status == Status::Finished) {
                return Ok(None);
            }
            return Err(self.deadlock_report());
        }
    }

    /// Records the hand-over of the CPU (and the GIL) to `to`.
    fn record_switch(&mut self, to: ThreadId, reason: Reason) {
        let gil = !self.scheduler.gil().parallel();
        if reason != Reason::Start {
            self.record(EventKind::Switch { to, reason });
            if gil {
                self.record(EventKind::GilRelease);
            }
        }
        self.current = to;
        if gil {
            self.record(EventKind::GilAcquire);
        }
    }

    /// Completes the blocking call of a thread that is about to run again.
    fn wake(&mut self, tid: ThreadId) {
        let Status::Blocked(wait) = self.threads[tid].status else {
            return;
        };
        self.threads[tid].status = Status::Runnable;
        let result = match wait {
            Wait::Sleep { .. } | Wait::Fork => Value::None,
            Wait::Process { process, reply, .. } => {
                let code = self.processes[process].exit_code;
                match reply {
                    ProcessReply::Exited => Value::Bool(code.is_some()),
                    ProcessReply::WaitStatus => {
                        let pid = Value::Int(self.processes[process].pid);
                        let status = Value::Int(code.map_or(0, Vm::wait_status));
                        self.new_tuple(vec![pid, status])
                    }
                }
            }
            Wait::Lock { lock, restore, .. } => {
                if self.lock_owner(lock).is_none() {
                    self.set_lock_owner(lock, Some(tid));
                    if let Some(count) = restore {
                        self.set_lock_recursion(lock, count);
                    }
                    self.current = tid;
                    self.record(EventKind::LockAcquire { lock });
                    if restore.is_some() {
                        Value::None
                    } else {
                        Value::Bool(true)
                    }
                } else {
                    Value::Bool(false)
                }
            }
        };
        if let Some(frame) = self.threads[tid].frames.last_mut() {
            frame.stack.push(result);
        }
    }

    /// Advances virtual time by one instruction's cost, scaled for the GIL
    /// model and shared among the threads running in parallel on the
    /// virtual cores (one per process under a GIL).
    #[inline]
    pub(crate) fn charge(&mut self, cost_ns: u64) {
        let cost = cost_ns * self.cost_factor;
        if self.parallelism <= 1 {
            self.clock_ns += cost;
        } else {
            self.charge_ns(cost);
        }
    }

    /// Advances virtual time by `ns` of the running thread's work outside
    /// the instruction table (see `sched::cost`).
    pub(crate) fn charge_ns(&mut self, ns: u64) {
        let total = self.clock_remainder + ns;
        self.clock_ns += total / self.parallelism;
        self.clock_remainder = total % self.parallelism;
    }

    /// Sets the preemption alarm for a thread that starts running.
    fn arm_budget(&mut self, tid: ThreadId) {
        let eligible = self.eligible_threads();
        let contended = eligible.iter().any(|&t| t != tid);
        self.parallelism = self.running_in_parallel(&eligible);
        // CPython waits at least 1 µs, whatever the interval says.
        let interval_us = self.processes[self.threads[tid].process]
            .switch_interval_us
            .max(1);
        let slice = crate::sched::Slice {
            thread: tid,
            contended,
            switch_interval_ns: interval_us.saturating_mul(1000),
            switch_points: self.switch_points,
        };
        match self.scheduler.budget(slice) {
            Budget::Never => {
                self.alarm = Alarm::Rearm;
                self.preempt_at_ns = self.next_wake_time().unwrap_or(u64::MAX);
            }
            Budget::AtStep { step, rearm } => {
                self.alarm = Alarm::AtStep { step, rearm };
                self.preempt_at_ns = if step == u64::MAX { u64::MAX } else { 0 };
            }
            Budget::AfterNs(ns) => {
                self.alarm = Alarm::Preempt;
                self.preempt_at_ns = self.clock_ns.saturating_add(ns);
            }
            Budget::AfterSwitchPoints(n) => {
                self.alarm = Alarm::SwitchPoints(n);
                self.preempt_at_ns = 0;
            }
        }
    }

    /// How many of the `eligible` threads run at once on the virtual
    /// cores: all of them without a GIL, else one per process (each
    /// process has its own GIL).
    fn running_in_parallel(&self, eligible: &[ThreadId]) -> u64 {
        let running = if self.scheduler.gil().parallel() {
            eligible.len()
        } else {
            let mut processes: Vec<usize> =
                eligible.iter().map(|&t| self.threads[t].process).collect();
            processes.sort_unstable();
            processes.dedup();
            processes.len()
        };
        (running as u64).clamp(1, u64::from(self.cores))
    }

    /// Called after an instruction once the alarm time has passed: `true`
    /// if the running thread must leave the CPU here.
    pub(crate) fn at_switch_point(
        &mut self,
        instr: &interleave_lang::instruction::Instruction,
    ) -> bool {
        if !self.scheduler.gil().switch_point_after(instr) {
            return false;
        }
        match self.alarm {
            Alarm::Preempt | Alarm::Rearm => true,
            Alarm::AtStep { step, .. } => self.steps >= step,
            Alarm::SwitchPoints(n) => {
                self.switch_points += 1;
                if n <= 1 {
                    true
                } else {
                    self.alarm = Alarm::SwitchPoints(n - 1);
                    false
                }
            }
        }
    }

    /// A thread became runnable while another runs without a budget: make
    /// the running thread re-evaluate at its next switch point.
    pub(crate) fn note_new_contender(&mut self) {
        if self.alarm == Alarm::Rearm {
            self.preempt_at_ns = self.clock_ns;
        }
    }

    fn deadlock_report(&self) -> String {
        let mut out = String::from("Deadlock: no thread can run.\n");
        for (t, state) in self.threads.iter().enumerate() {
            if let Status::Blocked(Wait::Lock { lock, .. }) = state.status {
                let holder = self.lock_owner(lock);
                let holder_text =
                    holder.map_or_else(|| "nobody".to_owned(), |h| self.thread_label(h));
                let _ = writeln!(
                    out,
                    "  {} waits for lock 0x{:x}, held by {}",
                    self.thread_label(t),
                    lock.0,
                    holder_text
                );
            }
        }
        if let Some(cycle) = self.wait_cycle() {
            let names: Vec<String> = cycle.iter().map(|&t| self.thread_label(t)).collect();
            let _ = writeln!(
                out,
                "  wait-for cycle: {} -> {}",
                names.join(" -> "),
                names[0]
            );
        }
        out
    }

    /// A cycle in the wait-for graph (thread → holder of the lock it waits for).
    pub(crate) fn wait_cycle(&self) -> Option<Vec<ThreadId>> {
        let waits_for = |t: ThreadId| match self.threads[t].status {
            Status::Blocked(Wait::Lock { lock, .. }) => self.lock_owner(lock),
            _ => None,
        };
        for start in 0..self.threads.len() {
            let mut path = vec![start];
            let mut cur = start;
            while let Some(next) = waits_for(cur) {
                if let Some(pos) = path.iter().position(|&p| p == next) {
                    return Some(path[pos..].to_vec());
                }
                path.push(next);
                cur = next;
            }
        }
        None
    }

    /// `MainThread` or `thread 3 (ident 1002)` for reports.
    pub(crate) fn thread_label(&self, t: ThreadId) -> String {
        if t == MAIN_THREAD {
            "MainThread".to_owned()
        } else {
            format!("thread {t} (ident {})", self.threads[t].ident)
        }
    }
}
