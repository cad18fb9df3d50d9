//! The `_thread` module: starting threads and the lock primitive every
//! higher-level synchronisation object (in the `threading` prelude) is
//! built from. Blocking calls park the thread (see [`crate::exec::thread::Wait`]).

#![expect(
    clippy::cast_precision_loss,
    reason = "timeouts as CPython's float(int)"
)]

use crate::Vm;
use crate::event::EventKind;
use crate::exec::thread::{Status, ThreadState, Wait};
use crate::model::error::{PyResult, VmError};
use crate::model::heap::ObjId;
use crate::model::native::{Kwargs, NativeImpl};
use crate::model::object::{BuiltinType, Object};
use crate::model::value::Value;
use crate::sched::ThreadId;

/// `_thread.TIMEOUT_MAX`, in seconds.
pub(crate) const TIMEOUT_MAX: f64 = 9_223_372_036.0;

/// Ident of the main thread (deterministic, CPython-sized).
const MAIN_IDENT: i64 = 140_000_000_000_000;

/// Ident of thread number `index`.
pub(crate) fn ident_of(index: usize) -> i64 {
    MAIN_IDENT + i64::try_from(index).unwrap_or(0) * 0x0100_0000
}

/// The module's functions.
pub(crate) const FUNCTIONS: &[(&str, NativeImpl)] = &[
    ("start_new_thread", start_new_thread),
    ("allocate_lock", allocate_lock),
    ("get_ident", get_ident),
    ("get_native_id", get_ident),
    ("_count", count),
    ("_ignore_for_race_analysis", ignore_for_race_analysis),
];

/// The lock type's methods.
pub(crate) const LOCK_METHODS: &[(&str, NativeImpl)] = &[
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

/// Registers the methods of the lock types (`_thread.lock` and
/// `_thread.RLock`).
pub(crate) fn install(vm: &mut Vm) {
    for (builtin, methods) in [
        (BuiltinType::Lock, LOCK_METHODS),
        (BuiltinType::RLock, crate::modules::rlock::METHODS),
    ] {
        let class = vm.types.get(builtin);
        let Object::Class(c) = vm.heap.get(class) else {
            return;
        };
        let dict = c.dict;
        let (key, module) = (vm.intern("__module__"), vm.intern("_thread"));
        vm.dict_set_str(dict, key, module);
        for &(name, f) in methods {
            let key = vm.intern(name);
            let v = vm.native(name, f);
            vm.dict_set_str(dict, key, v);
        }
    }
}

impl Vm {
    /// The thread holding `lock`.
    pub(crate) fn lock_owner(&self, lock: ObjId) -> Option<ThreadId> {
        match self.heap.get(lock) {
            Object::Lock { owner, .. } => *owner,
            _ => None,
        }
    }

    /// When a thread waiting for `lock` can take it: the scheduler's wake
    /// latency after its release, or never while it is held.
    pub(crate) fn lock_wake_time(&self, lock: ObjId) -> Option<u64> {
        match self.heap.get(lock) {
            Object::Lock {
                owner: None,
                released_ns,
                ..
            } => Some(released_ns + self.scheduler.wake_latency_ns()),
            _ => None,
        }
    }

    /// Sets the holder of `lock` (an `RLock` is then held once, or not
    /// at all).
    pub(crate) fn set_lock_owner(&mut self, lock: ObjId, thread: Option<ThreadId>) {
        let now = self.clock_ns;
        if let Object::Lock {
            owner,
            released_ns,
            recursion,
        } = self.heap.get_mut(lock)
        {
            if owner.is_some() && thread.is_none() {
                *released_ns = now;
            }
            *owner = thread;
            if let Some(count) = recursion {
                *count = u32::from(thread.is_some());
            }
        }
    }

    /// Sets how many times the owner of `RLock` `lock` holds it.
    pub(crate) fn set_lock_recursion(&mut self, lock: ObjId, count: u32) {
        if let Object::Lock {
            recursion: Some(held),
            ..
        } = self.heap.get_mut(lock)
        {
            *held = count;
        }
    }

    /// The lock that `args[0]` must be: a plain lock, or an `RLock` when
    /// `reentrant`.
    pub(crate) fn lock_of_kind(&mut self, args: &[Value], reentrant: bool) -> PyResult<ObjId> {
        match args.first() {
            Some(Value::Obj(id)) if matches!(self.heap.get(*id), Object::Lock { recursion, .. } if recursion.is_some() == reentrant) => {
                Ok(*id)
            }
            _ => {
                let name = if reentrant { "RLock" } else { "lock" };
                self.raise(
                    "TypeError",
                    format!("descriptor requires a '_thread.{name}' object"),
                )
            }
        }
    }

    pub(crate) fn lock_arg(&mut self, args: &[Value]) -> PyResult<ObjId> {
        self.lock_of_kind(args, false)
    }

    /// Seconds as virtual nanoseconds (saturating).
    pub(crate) fn seconds_to_ns(secs: f64) -> u64 {
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
        crate::exec::call::Callee::Frame(frame) => {
            entry_code = Some(frame.code.clone());
            thread.frames.push(frame);
        }
        crate::exec::call::Callee::Done(_) => thread.status = Status::Finished,
    }
    vm.threads.push(thread);
    vm.record_for(index, EventKind::ThreadStart { parent: vm.current });
    if let Some(code) = entry_code {
        let code = vm.observer.code_id(&code);
        vm.record_for(index, EventKind::FramePush { code });
    }
    vm.scheduler.on_spawn(index);
    vm.note_new_contender();
    vm.charge_ns(crate::sched::THREAD_START_NS);
    Ok(Value::Int(ident))
}

/// `lock._at_fork_reinit()` (of a lock or an `RLock`): unlocked again,
/// in a process just forked.
pub(crate) fn at_fork_reinit(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let lock = match args.first() {
        Some(Value::Obj(id)) if matches!(vm.heap.get(*id), Object::Lock { .. }) => *id,
        _ => return vm.raise("TypeError", "descriptor requires a '_thread.lock' object"),
    };
    vm.set_lock_owner(lock, None);
    Ok(Value::None)
}

fn allocate_lock(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(vm.alloc(Object::Lock {
        owner: None,
        released_ns: 0,
        recursion: None,
    }))
}

/// `_thread._ignore_for_race_analysis(lock)`: the lock orders nothing for
/// the data-race analysis (the prelude's bookkeeping locks).
fn ignore_for_race_analysis(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let reentrant = matches!(
        args.first(),
        Some(Value::Obj(id)) if matches!(vm.heap.get(*id), Object::Lock { recursion: Some(_), .. })
    );
    let lock = vm.lock_of_kind(args, reentrant)?;
    vm.observer.internal_lock(lock);
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
    let (blocking, timeout) = acquire_args(vm, args, kwargs)?;
    take_lock(vm, lock, blocking, timeout, None)
}

/// The `blocking` and `timeout` arguments of `acquire(blocking=True,
/// timeout=-1)` (after the lock in `args[0]`), checked as CPython does.
pub(crate) fn acquire_args(
    vm: &mut Vm,
    args: &[Value],
    kwargs: Kwargs<'_>,
) -> PyResult<(bool, f64)> {
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
    Ok((blocking, timeout))
}

/// Takes the free `lock` for the running thread and returns `True`, or
/// returns `False` (not `blocking`, or a zero timeout), or blocks the
/// thread until the lock is free or `timeout` seconds (-1: for ever) have
/// passed. With `restore` (`RLock._acquire_restore`), the lock is then
/// held that many times and the call returns `None`.
pub(crate) fn take_lock(
    vm: &mut Vm,
    lock: ObjId,
    blocking: bool,
    timeout: f64,
    restore: Option<u32>,
) -> PyResult<Value> {
    if vm.lock_owner(lock).is_none() {
        vm.set_lock_owner(lock, Some(vm.current));
        vm.record(EventKind::LockAcquire { lock });
        return Ok(restore.map_or(Value::Bool(true), |count| {
            vm.set_lock_recursion(lock, count);
            Value::None
        }));
    }
    if !blocking || timeout == 0.0 {
        return Ok(Value::Bool(false));
    }
    let deadline = (timeout > 0.0).then(|| vm.clock_ns.saturating_add(Vm::seconds_to_ns(timeout)));
    vm.threads[vm.current].status = Status::Blocked(Wait::Lock {
        lock,
        deadline,
        restore,
    });
    vm.record(EventKind::LockBlock { lock });
    vm.name_contended_lock(lock);
    Err(VmError::Blocked)
}

fn release(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let lock = vm.lock_arg(args)?;
    if vm.lock_owner(lock).is_none() {
        return vm.raise("RuntimeError", "release unlocked lock");
    }
    free_lock(vm, lock);
    Ok(Value::None)
}

/// Releases the held `lock` (entirely, for an `RLock`) and lets a waiter
/// contend for it.
pub(crate) fn free_lock(vm: &mut Vm, lock: ObjId) {
    vm.set_lock_owner(lock, None);
    vm.record(EventKind::LockRelease { lock });
    let has_waiters = vm
        .threads
        .iter()
        .any(|t| matches!(t.status, Status::Blocked(Wait::Lock { lock: l, .. }) if l == lock));
    if has_waiters {
        vm.note_new_contender();
    }
}

fn locked(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let lock = vm.lock_arg(args)?;
    Ok(Value::Bool(vm.lock_owner(lock).is_some()))
}

fn exit(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    release(vm, &args[..1.min(args.len())], &[])?;
    Ok(Value::None)
}

/// `_thread`: the functions above, the lock types and constants.
pub(crate) fn module(vm: &mut Vm) -> Value {
    let module = vm.native_module("_thread", FUNCTIONS);
    let lock_type = Value::Obj(vm.types.get(crate::model::object::BuiltinType::Lock));
    vm.set_module_attr(module, "LockType", lock_type);
    let rlock_type = Value::Obj(vm.types.get(crate::model::object::BuiltinType::RLock));
    vm.set_module_attr(module, "RLock", rlock_type);
    vm.set_module_attr(module, "TIMEOUT_MAX", Value::Float(TIMEOUT_MAX));
    let error = Value::Obj(vm.types.exception("RuntimeError"));
    vm.set_module_attr(module, "error", error);
    module
}
