//! `time`, on the virtual clock: `sleep` parks the thread until the clock
//! reaches its wake-up time; `time()` counts from a fixed epoch.

#![expect(
    clippy::cast_precision_loss,
    reason = "sleep lengths as CPython's float(int)"
)]

use crate::Vm;
use crate::exec::thread::{Status, Wait};
use crate::model::error::{PyResult, VmError};
use crate::model::native::{Kwargs, NativeImpl};
use crate::model::value::Value;

/// Virtual `time.time()` at the start of every run (2026-01-01T00:00:00Z).
const EPOCH_SECONDS: f64 = 1_767_225_600.0;

/// `time`.
pub(crate) fn module(vm: &mut Vm) -> Value {
    vm.native_module("time", FUNCTIONS)
}

const FUNCTIONS: &[(&str, NativeImpl)] = &[
    ("sleep", sleep),
    ("time", time),
    ("monotonic", monotonic),
    ("perf_counter", monotonic),
    ("process_time", monotonic),
    ("time_ns", time_ns),
    ("monotonic_ns", monotonic_ns),
    ("perf_counter_ns", monotonic_ns),
];

pub(crate) fn seconds_arg(vm: &mut Vm, v: Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => Ok(f),
        other => {
            if let Some(i) = vm.as_i64(other) {
                Ok(i as f64)
            } else {
                let msg = format!(
                    "'{}' object cannot be interpreted as an integer",
                    vm.type_name(other)
                );
                vm.raise("TypeError", msg)
            }
        }
    }
}

fn sleep(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let secs = seconds_arg(vm, args.first().copied().unwrap_or(Value::None))?;
    if secs.is_nan() || secs < 0.0 {
        return vm.raise("ValueError", "sleep length must be non-negative");
    }
    let until = vm.clock_ns.saturating_add(Vm::seconds_to_ns(secs));
    vm.yielded = secs == 0.0;
    vm.threads[vm.current].status = Status::Blocked(Wait::Sleep { until });
    vm.record(crate::event::EventKind::Sleep { until_ns: until });
    Err(VmError::Blocked)
}

fn time(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(Value::Float(EPOCH_SECONDS + vm.virtual_seconds()))
}

fn time_ns(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    #[allow(clippy::cast_possible_truncation)]
    let epoch = (EPOCH_SECONDS as i64) * 1_000_000_000;
    Ok(Value::Int(
        epoch + i64::try_from(vm.clock_ns).unwrap_or(i64::MAX),
    ))
}

fn monotonic(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(Value::Float(vm.virtual_seconds()))
}

fn monotonic_ns(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(Value::Int(i64::try_from(vm.clock_ns).unwrap_or(i64::MAX)))
}

impl Vm {
    /// Virtual seconds since the start of the run.
    #[allow(clippy::cast_precision_loss)] // virtual time stays far below 2**53 ns
    fn virtual_seconds(&self) -> f64 {
        self.clock_ns as f64 / 1e9
    }
}
