//! `str` methods.

use super::Kwargs;
use crate::vm::Vm;
use crate::vm::error::PyResult;
use crate::vm::object::Object;
use crate::vm::value::Value;
use crate::vm::native::NativeImpl;

/// The methods, by name.
pub(super) const METHODS: &[(&str, NativeImpl)] = &[("join", join), ("upper", upper), ("lower", lower)];

pub(super) fn join(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let sep = vm.str_of(args[0]).to_owned();
    let items = vm.collect_iterable(args.get(1).copied().unwrap_or(Value::None))?;
    let mut parts = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if !matches!(item, Value::Obj(id) if matches!(vm.heap.get(*id), Object::Str(_))) {
            let msg = format!("sequence item {i}: expected str instance, {} found", vm.type_name(*item));
            return vm.raise("TypeError", msg);
        }
        parts.push(vm.str_of(*item).to_owned());
    }
    Ok(vm.new_str(parts.join(&sep)))
}

pub(super) fn upper(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let s = vm.str_of(args[0]).to_uppercase();
    Ok(vm.new_str(s))
}

pub(super) fn lower(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let s = vm.str_of(args[0]).to_lowercase();
    Ok(vm.new_str(s))
}

