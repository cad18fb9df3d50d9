//! The `os` module, as far as processes need it: virtual pids, `fork`,
//! `_exit`, `waitpid`. Nothing here touches the host: pids are numbers
//! the VM hands out and processes live inside the VM.

use crate::Vm;
use crate::exec::process::ProcessId;
use crate::exec::thread::{ProcessReply, Status, Wait};
use crate::model::error::{PyResult, VmError};
use crate::model::native::{Kwargs, NativeImpl};
use crate::model::value::Value;

/// `os.WNOHANG`.
const WNOHANG: i64 = 1;

/// The module's functions.
pub(crate) const FUNCTIONS: &[(&str, NativeImpl)] = &[
    ("getpid", getpid),
    ("getppid", getppid),
    ("fork", fork),
    ("_exit", exit),
    ("waitpid", waitpid),
    ("waitstatus_to_exitcode", waitstatus_to_exitcode),
    ("cpu_count", cpu_count),
    ("kill", kill),
];

/// The module's constants.
pub(crate) const CONSTANTS: &[(&str, i64)] = &[("WNOHANG", WNOHANG)];

impl Vm {
    /// The process of the running thread.
    pub(crate) fn current_process(&self) -> ProcessId {
        self.threads[self.current].process
    }

    /// The process with virtual pid `pid`.
    pub(crate) fn process_by_pid(&self, pid: i64) -> Option<ProcessId> {
        self.processes.iter().position(|p| p.pid == pid)
    }

    /// The pid of each thread's process, by thread.
    #[must_use]
    pub fn thread_pids(&self) -> Vec<i64> {
        self.threads
            .iter()
            .map(|t| self.processes[t.process].pid)
            .collect()
    }

    /// The wait status `os.waitpid` reports for an exit code.
    pub(crate) fn wait_status(code: i64) -> i64 {
        if code >= 0 {
            (code & 0xff) << 8
        } else {
            -code & 0x7f
        }
    }
}

fn getpid(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(Value::Int(vm.processes[vm.current_process()].pid))
}

fn getppid(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let process = &vm.processes[vm.current_process()];
    // The first process's parent is the (virtual) shell that started it.
    let ppid = process
        .parent
        .map_or(process.pid - 1, |p| vm.processes[p].pid);
    Ok(Value::Int(ppid))
}

/// `os.fork()`: parks the thread; the run loop forks it (see
/// `Vm::fork_process`) and returns the child's pid in the parent and 0 in
/// the child.
fn fork(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    vm.threads[vm.current].status = Status::Blocked(Wait::Fork);
    Err(VmError::Blocked)
}

/// `os._exit(code)`: the process ends at once (no cleanup).
fn exit(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let code = args.first().and_then(|&v| vm.as_i64(v)).unwrap_or(0);
    let process = vm.current_process();
    vm.exit_process(process, code);
    Err(VmError::Blocked)
}

/// `os.waitpid(pid, options)`: `(pid, status)` once the child has exited;
/// with `WNOHANG`, `(0, 0)` while it runs.
fn waitpid(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let pid = args.first().and_then(|&v| vm.as_i64(v)).unwrap_or(0);
    let options = args.get(1).and_then(|&v| vm.as_i64(v)).unwrap_or(0);
    let me = vm.current_process();
    let Some(process) = vm
        .process_by_pid(pid)
        .filter(|&p| vm.processes[p].parent == Some(me))
    else {
        return vm.raise("ChildProcessError", "[Errno 10] No child processes");
    };
    if let Some(code) = vm.processes[process].exit_code {
        let status = Vm::wait_status(code);
        return Ok(vm.new_tuple(vec![Value::Int(pid), Value::Int(status)]));
    }
    if options & WNOHANG != 0 {
        return Ok(vm.new_tuple(vec![Value::Int(0), Value::Int(0)]));
    }
    vm.threads[vm.current].status = Status::Blocked(Wait::Process {
        process,
        deadline: None,
        reply: ProcessReply::WaitStatus,
    });
    Err(VmError::Blocked)
}

fn waitstatus_to_exitcode(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let status = args.first().and_then(|&v| vm.as_i64(v)).unwrap_or(0);
    // WIFEXITED: the low seven bits (the signal) are zero.
    if status.trailing_zeros() >= 7 {
        Ok(Value::Int((status >> 8) & 0xff))
    } else {
        Ok(Value::Int(-(status & 0x7f)))
    }
}

/// `os.kill(pid, sig)`: the process ends as if killed by signal `sig`.
fn kill(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let pid = args.first().and_then(|&v| vm.as_i64(v)).unwrap_or(0);
    let signal = args.get(1).and_then(|&v| vm.as_i64(v)).unwrap_or(0);
    let Some(process) = vm.process_by_pid(pid) else {
        return vm.raise("ProcessLookupError", "[Errno 3] No such process");
    };
    if signal != 0 && vm.processes[process].exit_code.is_none() {
        vm.exit_process(process, -signal);
        if vm.threads[vm.current].status != Status::Runnable {
            return Err(VmError::Blocked);
        }
    }
    Ok(Value::None)
}

/// `os.cpu_count()`: the virtual cores.
fn cpu_count(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(Value::Int(i64::from(vm.cores)))
}

/// `os`: the functions above and the constants scripts read.
pub(crate) fn module(vm: &mut Vm) -> Value {
    let module = vm.native_module("os", FUNCTIONS);
    for &(constant, value) in CONSTANTS {
        vm.set_module_attr(module, constant, Value::Int(value));
    }
    module
}
