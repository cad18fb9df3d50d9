//! The `_thread` module: starting threads and the lock primitive every
//! higher-level synchronisation object (in the `threading` prelude) is
//! built from. Blocking calls park the thread (see [`super::thread::Wait`]).

use super::Vm;
use super::error::{PyResult, VmError};
use super::heap::ObjId;
use super::native::NativeImpl;
use super::object::{BuiltinType, Object};
use super::thread::{Status, ThreadState, Wait};
use super::value::Value;
use crate::sched::ThreadId;
use crate::trace::EventKind;

type Kwargs<'a> = &'a [(Box<str>, Value)];

/// `_thread.TIMEOUT_MAX`, in seconds.
pub(super) const TIMEOUT_MAX: f64 = 9_223_372_036.0;

/// Ident of the main thread (deterministic, CPython-sized).
const MAIN_IDENT: i64 = 140_000_000_000_000;

/// Ident of thread number `index`.
pub(super) fn ident_of(index: usize) -> i64 {
    MAIN_IDENT + i64::try_from(index).unwrap_or(0) * 0x0100_0000
}

/// The module's functions.
pub(super) const FUNCTIONS: &[(&str, NativeImpl)] = &[
    ("start_new_thread", start_new_thread),
    ("allocate_lock", allocate_lock),
    ("get_ident", get_ident),
    ("get_native_id", get_ident),
    ("_count", count),
    ("_ignore_for_race_analysis", ignore_for_race_analysis),
];

/// The lock type's methods.
pub(super) const LOCK_METHODS: &[(&str, NativeImpl)] = &[
    ("acquire", acquire),
    ("acquire_lock", acquire),
    ("release", release),
    ("release_lock", release),
    ("locked", locked),
    ("locked_lock", locked),
    ("__enter__", acquire),
    ("__exit__", exit),
    ("_at_fork_reinit", at_fork_reinit),
];

/// Registers the lock type's methods.
pub(super) fn install(vm: &mut Vm) {
    let class = vm.types.get(BuiltinType::Lock);
    let Object::Class(c) = vm.heap.get(class) else {
        return;
    };
    let dict = c.dict;
    let (key, module) = (vm.intern("__module__"), vm.intern("_thread"));
    vm.dict_set_str(dict, key, module);
    for &(name, f) in LOCK_METHODS {
        let key = vm.intern(name);
        let v = vm.native(name, f);
        vm.dict_set_str(dict, key, v);
    }
}

impl Vm {
    /// The thread holding `lock`.
    pub(super) fn lock_owner(&self, lock: ObjId) -> Option<ThreadId> {
        match self.heap.get(lock) {
            Object::Lock { owner, .. } => *owner,
            _ => None,
        }
    }

    /// When a thread waiting for `lock` can take it: the scheduler's wake
    /// latency after its release, or never while it is held.
    pub(super) fn lock_wake_time(&self, lock: ObjId) -> Option<u64> {
        match self.heap.get(lock) {
            Object::Lock {
                owner: None,
                released_ns,
            } => Some(released_ns + self.scheduler.wake_latency_ns()),
            _ => None,
        }
    }

    /// Sets the holder of `lock`.
    pub(super) fn set_lock_owner(&mut self, lock: ObjId, thread: Option<ThreadId>) {
        let now = self.clock_ns;
        if let Object::Lock { owner, released_ns } = self.heap.get_mut(lock) {
            if owner.is_some() && thread.is_none() {
                *released_ns = now;
            }
            *owner = thread;
        }
    }

    pub(super) fn lock_arg(&mut self, args: &[Value]) -> PyResult<ObjId> {
        match args.first() {
            Some(Value::Obj(id)) if matches!(self.heap.get(*id), Object::Lock { .. }) => Ok(*id),
            _ => self.raise("TypeError", "descriptor requires a '_thread.lock' object"),
        }
    }

    /// Seconds as virtual nanoseconds (saturating).
    pub(super) fn seconds_to_ns(secs: f64) -> u64 {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let ns = (secs * 1e9).round() as u64;
        ns
    }
}

fn start_new_thread(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let func = args.first().copied().unwrap_or(Value::None);
    let call_args = match args.get(1) {
        Some(a) => vm.sequence_items(*a)?,
        None => {
            return vm.raise(
                "TypeError",
                "start_new_thread expected at least 2 arguments, got 1",
            );
        }
    };
    let (call_args, kw_names) =
        vm.append_kwargs(call_args, args.get(2).copied().unwrap_or(Value::None))?;
    let index = vm.threads.len();
    let ident = ident_of(index);
    let mut thread = ThreadState::new(ident, func, vm.threads[vm.current].process);
    let mut entry_code = None;
    match vm.prepare_call(func, call_args, kw_names)? {
        super::call::Callee::Frame(frame) => {
            entry_code = Some(frame.code.clone());
            thread.frames.push(frame);
        }
        super::call::Callee::Done(_) => thread.status = Status::Finished,
    }
    vm.threads.push(thread);
    vm.recorder.record(crate::trace::Event {
        step: vm.steps,
        time_ns: vm.clock_ns,
        thread: index,
        kind: EventKind::ThreadStart { parent: vm.current },
    });
    if let Some(code) = entry_code {
        let code = vm.recorder.code_id(&code);
        vm.recorder.record(crate::trace::Event {
            step: vm.steps,
            time_ns: vm.clock_ns,
            thread: index,
            kind: EventKind::FramePush { code },
        });
    }
    vm.scheduler.on_spawn(index);
    vm.note_new_contender();
    vm.charge_ns(crate::sched::THREAD_START_NS);
    Ok(Value::Int(ident))
}

/// `lock._at_fork_reinit()`: unlocked again, in a process just forked.
fn at_fork_reinit(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let lock = vm.lock_arg(args)?;
    vm.set_lock_owner(lock, None);
    Ok(Value::None)
}

fn allocate_lock(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(vm.alloc(Object::Lock {
        owner: None,
        released_ns: 0,
    }))
}

/// `_thread._ignore_for_race_analysis(lock)`: the lock orders nothing for
/// the data-race analysis (the prelude's bookkeeping locks).
fn ignore_for_race_analysis(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let lock = vm.lock_arg(args)?;
    vm.recorder.ignore_lock_for_races(lock);
    Ok(Value::None)
}

fn get_ident(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(Value::Int(vm.threads[vm.current].ident))
}

fn count(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let alive = vm
        .threads
        .iter()
        .skip(1)
        .filter(|t| t.status != Status::Finished)
        .count();
    Ok(Value::Int(i64::try_from(alive).unwrap_or(0)))
}

fn acquire(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let lock = vm.lock_arg(args)?;
    let kw = |name: &str| kwargs.iter().find(|(k, _)| &**k == name).map(|(_, v)| *v);
    let blocking = match kw("blocking").or_else(|| args.get(1).copied()) {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    let timeout = match kw("timeout").or_else(|| args.get(2).copied()) {
        Some(Value::Float(f)) => f,
        Some(v) => vm.as_i64(v).map_or(-1.0, |i| i as f64),
        None => -1.0,
    };
    if !blocking && timeout != -1.0 {
        return vm.raise(
            "ValueError",
            "can't specify a timeout for a non-blocking call",
        );
    }
    if timeout < 0.0 && timeout != -1.0 {
        return vm.raise("ValueError", "timeout value must be a non-negative number");
    }
    if timeout > TIMEOUT_MAX {
        return vm.raise("OverflowError", "timeout value is too large");
    }
    if vm.lock_owner(lock).is_none() {
        vm.set_lock_owner(lock, Some(vm.current));
        vm.record(EventKind::LockAcquire { lock });
        return Ok(Value::Bool(true));
    }
    if !blocking || timeout == 0.0 {
        return Ok(Value::Bool(false));
    }
    let deadline = (timeout > 0.0).then(|| vm.clock_ns.saturating_add(Vm::seconds_to_ns(timeout)));
    vm.threads[vm.current].status = Status::Blocked(Wait::Lock { lock, deadline });
    vm.record(EventKind::LockBlock { lock });
    vm.name_contended_lock(lock);
    Err(VmError::Blocked)
}

fn release(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let lock = vm.lock_arg(args)?;
    if vm.lock_owner(lock).is_none() {
        return vm.raise("RuntimeError", "release unlocked lock");
    }
    vm.set_lock_owner(lock, None);
    vm.record(EventKind::LockRelease { lock });
    let has_waiters = vm
        .threads
        .iter()
        .any(|t| matches!(t.status, Status::Blocked(Wait::Lock { lock: l, .. }) if l == lock));
    if has_waiters {
        vm.note_new_contender();
    }
    Ok(Value::None)
}

fn locked(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let lock = vm.lock_arg(args)?;
    Ok(Value::Bool(vm.lock_owner(lock).is_some()))
}

fn exit(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    release(vm, &args[..1.min(args.len())], &[])?;
    Ok(Value::None)
}
