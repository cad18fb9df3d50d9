//! `range` attributes and `range.index` / `range.count`.

use super::{Kwargs, args};
use crate::Vm;
use crate::model::error::PyResult;
use crate::model::native::NativeImpl;
use crate::model::object::{BuiltinType, Object};
use crate::model::value::Value;

/// The methods, by name.
pub(super) const METHODS: &[(&str, NativeImpl)] = &[("index", index), ("count", count)];

/// Read-only attributes, by name.
pub(super) const PROPERTIES: &[(&str, NativeImpl)] =
    &[("start", start), ("stop", stop), ("step", step)];

fn this(vm: &mut Vm, args: &[Value], qualname: &str) -> PyResult<(i64, i64, i64)> {
    let v = args::receiver(vm, args, BuiltinType::Range, qualname)?;
    match v {
        Value::Obj(id) => match vm.heap.get(id) {
            Object::Range { start, stop, step } => Ok((*start, *stop, *step)),
            _ => vm.raise("TypeError", "expected a range"),
        },
        _ => vm.raise("TypeError", "expected a range"),
    }
}

fn start(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    this(vm, args, "range.start").map(|r| Value::Int(r.0))
}

fn stop(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    this(vm, args, "range.stop").map(|r| Value::Int(r.1))
}

fn step(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    this(vm, args, "range.step").map(|r| Value::Int(r.2))
}

/// Position of int `x` in the range, if it is a member.
fn position(range: (i64, i64, i64), x: i64) -> Option<i64> {
    let (start, stop, step) = range;
    let inside = if step > 0 {
        x >= start && x < stop
    } else {
        x <= start && x > stop
    };
    let offset = x.checked_sub(start)?;
    (inside && offset % step == 0).then(|| offset / step)
}

/// The member `v` as an `i64` when it is an int (bools included).
fn as_member(vm: &Vm, v: Value) -> Option<i64> {
    vm.as_i64(v)
}

fn index(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let range = this(vm, args, "range.index")?;
    let x = args::one_arg(vm, args, kwargs, "range.index")?;
    if let Some(i) = as_member(vm, x).and_then(|x| position(range, x)) {
        return Ok(Value::Int(i));
    }
    if as_member(vm, x).is_none() {
        // Non-int values are searched by equality, like a sequence.
        let mut i = 0;
        let mut value = range.0;
        while position(range, value).is_some() {
            if vm.eq(Value::Int(value), x)? {
                return Ok(Value::Int(i));
            }
            i += 1;
            value += range.2;
        }
    }
    let r = vm.repr(x)?;
    let msg = format!("{} is not in range", vm.str_of(r));
    vm.raise("ValueError", msg)
}

fn count(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let range = this(vm, args, "range.count")?;
    let x = args::one_arg(vm, args, kwargs, "range.count")?;
    if let Some(x) = as_member(vm, x) {
        return Ok(Value::Int(i64::from(position(range, x).is_some())));
    }
    let mut n = 0;
    let mut value = range.0;
    while position(range, value).is_some() {
        if vm.eq(Value::Int(value), x)? {
            n += 1;
        }
        value += range.2;
    }
    Ok(Value::Int(n))
}
