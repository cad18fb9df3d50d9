//! `slice` attributes and `slice.indices`.

use super::{Kwargs, args};
use crate::Vm;
use crate::model::error::PyResult;
use crate::model::heap::ObjId;
use crate::model::native::NativeImpl;
use crate::model::object::{BuiltinType, Object};
use crate::model::value::Value;

/// The methods, by name.
pub(super) const METHODS: &[(&str, NativeImpl)] = &[("indices", indices)];

/// Read-only attributes, by name.
pub(super) const PROPERTIES: &[(&str, NativeImpl)] =
    &[("start", start), ("stop", stop), ("step", step)];

fn this(vm: &mut Vm, args: &[Value], qualname: &str) -> PyResult<(ObjId, [Value; 3])> {
    let v = args::receiver(vm, args, BuiltinType::Slice, qualname)?;
    match v {
        Value::Obj(id) => match vm.heap.get(id) {
            Object::Slice { start, stop, step } => Ok((id, [*start, *stop, *step])),
            _ => vm.raise("TypeError", "expected a slice"),
        },
        _ => vm.raise("TypeError", "expected a slice"),
    }
}

fn start(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    this(vm, args, "slice.start").map(|(_, parts)| parts[0])
}

fn stop(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    this(vm, args, "slice.stop").map(|(_, parts)| parts[1])
}

fn step(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    this(vm, args, "slice.step").map(|(_, parts)| parts[2])
}

/// `slice.indices(length)`: `(start, stop, step)` clamped to a sequence of `length`.
fn indices(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (id, parts) = this(vm, args, "slice.indices")?;
    let length = args::one_arg(vm, args, kwargs, "slice.indices")?;
    let length = args::index_i64(vm, length)?;
    let Ok(length) = usize::try_from(length) else {
        return vm.raise("ValueError", "length should not be negative");
    };
    for part in parts {
        if part != Value::None {
            args::index_bigint(vm, part).or_else(|_| {
                vm.raise(
                    "TypeError",
                    "slice indices must be integers or None or have an __index__ method",
                )
            })?;
        }
    }
    let (start, stop, step) = vm.slice_indices(id, length)?;
    Ok(vm.new_tuple(vec![Value::Int(start), Value::Int(stop), Value::Int(step)]))
}
