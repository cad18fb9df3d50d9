//! `dict` methods.

use super::Kwargs;
use crate::vm::Vm;
use crate::vm::error::PyResult;
use crate::vm::native::NativeImpl;
use crate::vm::object::{DictIterKind, Iter, Object};
use crate::vm::value::Value;

/// The methods, by name.
pub(super) const METHODS: &[(&str, NativeImpl)] = &[("get", get), ("keys", keys), ("values", values), ("items", items)];

pub(super) fn get(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let Value::Obj(id) = args[0] else { return Ok(Value::None) };
    let default = args.get(2).copied().unwrap_or(Value::None);
    Ok(vm.dict_get(id, args.get(1).copied().unwrap_or(Value::None))?.unwrap_or(default))
}

fn view(vm: &mut Vm, args: &[Value], kind: DictIterKind) -> PyResult<Value> {
    let Value::Obj(dict) = args[0] else { return Ok(Value::None) };
    let Object::Dict(d) = vm.heap.get(dict) else { return Ok(Value::None) };
    let len = d.len();
    Ok(vm.alloc(Object::Iter(Iter::Dict { dict, slot: 0, kind, len })))
}

pub(super) fn keys(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    view(vm, args, DictIterKind::Keys)
}

pub(super) fn values(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    view(vm, args, DictIterKind::Values)
}

pub(super) fn items(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    view(vm, args, DictIterKind::Items)
}
