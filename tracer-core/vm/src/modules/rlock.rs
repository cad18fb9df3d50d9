//! `_thread.RLock`, the reentrant lock that CPython implements in C and
//! `threading.RLock()` returns: one native call per `acquire` or
//! `release`, so, as in CPython, no thread switch can happen inside one.
//! It is a lock object with a recursion count; blocking, waking and
//! recording are the plain lock's (see `vm/sync.rs`).

use crate::Vm;
use crate::model::error::PyResult;
use crate::model::heap::ObjId;
use crate::model::native::{Kwargs, NativeImpl};
use crate::model::object::Object;
use crate::model::value::Value;
use crate::modules::sync::{acquire_args, at_fork_reinit, free_lock, take_lock};

/// The methods of `_thread.RLock` (CPython 3.11's set).
pub(crate) const METHODS: &[(&str, NativeImpl)] = &[
    ("acquire", acquire),
    ("__enter__", acquire),
    ("release", release),
    ("__exit__", exit),
    ("_is_owned", is_owned),
    ("_release_save", release_save),
    ("_acquire_restore", acquire_restore),
    ("_recursion_count", recursion_count),
    ("_at_fork_reinit", at_fork_reinit),
];

/// A new, unlocked `RLock` (`_thread.RLock()`; CPython ignores arguments).
pub(crate) fn new(vm: &mut Vm) -> Value {
    vm.alloc(Object::Lock {
        owner: None,
        released_ns: 0,
        recursion: Some(0),
    })
}

impl Vm {
    /// How many times the running thread holds `RLock` `lock` (0 when
    /// another thread holds it, or none).
    fn held_by_me(&self, lock: ObjId) -> u32 {
        match self.heap.get(lock) {
            Object::Lock {
                owner: Some(owner),
                recursion: Some(count),
                ..
            } if *owner == self.current => *count,
            _ => 0,
        }
    }
}

/// `acquire(blocking=True, timeout=-1)`: once more if the running thread
/// holds it already, else as a plain lock.
fn acquire(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let lock = vm.lock_of_kind(args, true)?;
    let (blocking, timeout) = acquire_args(vm, args, kwargs)?;
    let held = vm.held_by_me(lock);
    if held > 0 {
        let Some(more) = held.checked_add(1) else {
            return vm.raise("OverflowError", "Internal lock count overflowed");
        };
        vm.set_lock_recursion(lock, more);
        return Ok(Value::Bool(true));
    }
    take_lock(vm, lock, blocking, timeout, None)
}

/// `release()`: once less; the lock is free when the count reaches 0.
fn release(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let lock = vm.lock_of_kind(args, true)?;
    match vm.held_by_me(lock) {
        0 => vm.raise("RuntimeError", "cannot release un-acquired lock"),
        1 => {
            free_lock(vm, lock);
            Ok(Value::None)
        }
        held => {
            vm.set_lock_recursion(lock, held - 1);
            Ok(Value::None)
        }
    }
}

/// `__exit__(*exc_info)`: `release()`.
fn exit(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    release(vm, &args[..1.min(args.len())], &[])
}

/// `_is_owned()`: does the running thread hold it?
fn is_owned(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let lock = vm.lock_of_kind(args, true)?;
    Ok(Value::Bool(vm.held_by_me(lock) > 0))
}

/// `_recursion_count()`: how many times the running thread holds it.
fn recursion_count(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let lock = vm.lock_of_kind(args, true)?;
    Ok(Value::Int(i64::from(vm.held_by_me(lock))))
}

/// `_release_save()` (for `Condition.wait`): releases it entirely and
/// returns `(count, owner ident)`.
fn release_save(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let lock = vm.lock_of_kind(args, true)?;
    let (owner, count) = match vm.heap.get(lock) {
        Object::Lock {
            owner: Some(owner),
            recursion: Some(count),
            ..
        } if *count > 0 => (*owner, *count),
        _ => return vm.raise("RuntimeError", "cannot release un-acquired lock"),
    };
    let ident = vm.threads[owner].ident;
    free_lock(vm, lock);
    Ok(vm.new_tuple(vec![Value::Int(i64::from(count)), Value::Int(ident)]))
}

/// `_acquire_restore((count, owner))`: acquires it (blocking) and holds it
/// `count` times, as before `_release_save()`.
fn acquire_restore(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let lock = vm.lock_of_kind(args, true)?;
    let state = args.get(1).copied().unwrap_or(Value::None);
    let items = vm.sequence_items(state)?;
    let count = match items.as_slice() {
        [count, _owner] => vm
            .as_i64(*count)
            .and_then(|c| u32::try_from(c).ok())
            .filter(|&c| c > 0),
        _ => None,
    };
    let Some(count) = count else {
        return vm.raise(
            "TypeError",
            "_acquire_restore() argument must be (count, owner)",
        );
    };
    take_lock(vm, lock, true, -1.0, Some(count))
}
