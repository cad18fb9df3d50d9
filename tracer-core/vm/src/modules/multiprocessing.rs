//! The `_multiprocessing` module: the primitives the `multiprocessing`
//! prelude is built on, beyond `os`.

use crate::Vm;
use crate::exec::thread::{ProcessReply, Status, Wait};
use crate::model::error::{PyResult, VmError};
use crate::model::native::{Kwargs, NativeImpl};
use crate::model::value::Value;

/// The module's functions.
pub(crate) const FUNCTIONS: &[(&str, NativeImpl)] = &[
    ("wait_process", wait_process),
    ("share", share),
    ("dumps", dumps),
    ("loads", loads),
];

/// `share(obj)`: `obj` (and what only it reaches) is shared by every
/// process from now on instead of copied at a fork — how the prelude
/// builds queues and locks that cross process boundaries, as CPython's
/// live in shared memory and pipes. Returns `obj`.
fn share(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let obj = args.first().copied().unwrap_or(Value::None);
    if let Value::Obj(id) = obj {
        vm.shared.insert(id);
    }
    Ok(obj)
}

/// `dumps(obj)`: `obj` pickled to `bytes` (see `vm/pickle.rs`).
fn dumps(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let data = vm.pickle_dumps(args.first().copied().unwrap_or(Value::None))?;
    Ok(vm.alloc(crate::model::object::Object::Bytes(data.into_boxed_slice())))
}

/// `loads(data)`: the object pickled in `data`, rebuilt in this process.
fn loads(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let data = match args.first() {
        Some(Value::Obj(id)) => match vm.heap.get(*id) {
            crate::model::object::Object::Bytes(b) => b.clone(),
            _ => return vm.raise("TypeError", "a bytes-like object is required"),
        },
        _ => return vm.raise("TypeError", "a bytes-like object is required"),
    };
    vm.pickle_loads(&data)
}

/// `wait_process(pid, timeout)`: waits until the child `pid` has exited
/// or `timeout` seconds (`None`: for ever) have passed; `True` if it
/// exited.
fn wait_process(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let pid = args.first().and_then(|&v| vm.as_i64(v)).unwrap_or(0);
    let Some(process) = vm.process_by_pid(pid) else {
        return vm.raise("ChildProcessError", "[Errno 10] No child processes");
    };
    if vm.processes[process].exit_code.is_some() {
        return Ok(Value::Bool(true));
    }
    let deadline = match args.get(1).copied().unwrap_or(Value::None) {
        Value::None => None,
        timeout => {
            let seconds = crate::modules::time::seconds_arg(vm, timeout)?.max(0.0);
            Some(vm.clock_ns.saturating_add(Vm::seconds_to_ns(seconds)))
        }
    };
    vm.threads[vm.current].status = Status::Blocked(Wait::Process {
        process,
        deadline,
        reply: ProcessReply::Exited,
    });
    Err(VmError::Blocked)
}

/// `_multiprocessing`.
pub(crate) fn module(vm: &mut Vm) -> Value {
    vm.native_module("_multiprocessing", FUNCTIONS)
}
