//! The `_multiprocessing` module: the primitives the `multiprocessing`
//! prelude is built on, beyond `os`.

use super::Vm;
use super::error::{PyResult, VmError};
use super::native::NativeImpl;
use super::thread::{ProcessReply, Status, Wait};
use super::value::Value;

type Kwargs<'a> = &'a [(Box<str>, Value)];

/// The module's functions.
pub(super) const FUNCTIONS: &[(&str, NativeImpl)] = &[("wait_process", wait_process)];

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
            let seconds = super::modules::seconds_arg(vm, timeout)?.max(0.0);
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
