//! `sys`: exception info, `settrace`, `exit`, the switch interval, and
//! `stdout`/`stderr` that write to the run's output buffers.

use crate::Vm;
use crate::model::error::{PyResult, VmError};
use crate::model::native::{Kwargs, NativeImpl};
use crate::model::value::Value;

/// `sys`: the functions below, `stdout`/`stderr` objects with `write` and
/// `flush`, and the constants scripts read.
pub(crate) fn module(vm: &mut Vm) -> Value {
    let module = vm.native_module("sys", FUNCTIONS);
    for (stream, write) in [
        ("stdout", stdout_write as NativeImpl),
        ("stderr", stderr_write as NativeImpl),
    ] {
        let (obj, dict) = vm.make_module(&format!("sys.{stream}"));
        for (fname, f) in [("write", write), ("flush", flush as NativeImpl)] {
            let key = vm.intern(fname);
            let v = vm.native(fname, f);
            vm.dict_set_str(dict, key, v);
        }
        vm.set_module_attr(module, stream, obj);
    }
    let version = vm.new_str("3.11.7 (interleave)");
    vm.set_module_attr(module, "version", version);
    let platform = vm.new_str("linux");
    vm.set_module_attr(module, "platform", platform);
    vm.set_module_attr(module, "maxsize", Value::Int(i64::MAX));
    let script_name = vm.script_name.clone();
    let script = vm.new_str(script_name.as_ref());
    let argv = vm.new_list(vec![script]);
    vm.set_module_attr(module, "argv", argv);
    module
}

const FUNCTIONS: &[(&str, NativeImpl)] = &[
    ("exc_info", exc_info),
    ("settrace", settrace),
    ("exit", exit),
    ("gettrace", gettrace),
    ("getrecursionlimit", getrecursionlimit),
    ("getswitchinterval", getswitchinterval),
    ("setswitchinterval", setswitchinterval),
    ("intern", intern),
];

fn stdout_write(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let text = vm.str_string(args.first().copied().unwrap_or(Value::None))?;
    vm.write_output(&text);
    Ok(Value::Int(i64::try_from(text.chars().count()).unwrap_or(0)))
}

fn stderr_write(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let text = vm.str_string(args.first().copied().unwrap_or(Value::None))?;
    vm.errput.push_str(&text);
    Ok(Value::Int(i64::try_from(text.chars().count()).unwrap_or(0)))
}

fn flush(_: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(Value::None)
}

fn exc_info(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    match vm.threads[vm.current].exc_info {
        Some(exc) => {
            let class = Value::Obj(vm.type_of(exc));
            Ok(vm.new_tuple(vec![class, exc, Value::None]))
        }
        None => Ok(vm.new_tuple(vec![Value::None, Value::None, Value::None])),
    }
}

fn settrace(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let hook = match args.first().copied().unwrap_or(Value::None) {
        Value::None => Value::Null,
        hook => {
            vm.tracing = true;
            vm.watches_instructions = true;
            hook
        }
    };
    vm.threads[vm.current].trace_hook = hook;
    Ok(Value::None)
}

/// `sys.exit(status=None)`: raises `SystemExit(status)`.
fn exit(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let class = vm.types.exception("SystemExit");
    let exc = vm.new_exception(class, args.iter().take(1).copied().collect());
    Err(VmError::Exception(exc))
}

fn gettrace(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let hook = vm.threads[vm.current].trace_hook;
    Ok(if hook.is_null() { Value::None } else { hook })
}

fn getrecursionlimit(_: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(Value::Int(
        i64::try_from(crate::RECURSION_LIMIT).unwrap_or(1000),
    ))
}

/// The calling thread's process.
fn current_process(vm: &mut Vm) -> &mut crate::exec::process::Process {
    let process = vm.threads[vm.current].process;
    &mut vm.processes[process]
}

fn getswitchinterval(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    #[allow(clippy::cast_precision_loss)] // microseconds stay far below 2**53
    let us = current_process(vm).switch_interval_us as f64;
    Ok(Value::Float(1e-6 * us))
}

/// `sys.setswitchinterval(seconds)`: how long the GIL holder runs while
/// others wait before it is asked to drop the GIL (the realistic
/// strategy's budget), kept in whole microseconds like CPython.
fn setswitchinterval(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let interval = match args {
        [Value::Float(f)] => *f,
        [v] => {
            let Some(i) = vm.as_i64(*v) else {
                let msg = format!("must be real number, not {}", vm.type_name(*v));
                return vm.raise("TypeError", msg);
            };
            #[allow(clippy::cast_precision_loss)] // as CPython's float(int)
            let f = i as f64;
            f
        }
        _ => {
            let msg = format!(
                "setswitchinterval() takes exactly one argument ({} given)",
                args.len()
            );
            return vm.raise("TypeError", msg);
        }
    };
    if interval <= 0.0 {
        return vm.raise("ValueError", "switch interval must be strictly positive");
    }
    // C's `(unsigned long)(1e6 * interval)`: truncated; what CPython's
    // x86-64 Linux builds give out of range (0) and for NaN (2**63).
    let us = 1e6 * interval;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let us = if us.is_nan() {
        1 << 63
    } else if us < 18_446_744_073_709_551_616.0 {
        us as u64
    } else {
        0
    };
    current_process(vm).switch_interval_us = us;
    Ok(Value::None)
}

fn intern(_: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(args.first().copied().unwrap_or(Value::None))
}
