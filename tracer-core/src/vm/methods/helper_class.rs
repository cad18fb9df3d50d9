//! Builtin helper classes implemented as native-method classes whose
//! instances keep their state in their namespace: the dict views
//! (`dict_keys`, `dict_values`, `dict_items`) and `callable_iterator`.
//!
//! They are ordinary instances to the core, which already dispatches
//! `len`, `in`, iteration, `repr`, `==` and operators on instances to
//! special methods, so no `Object` variant is needed.

use super::{Kwargs, args, dict_view, new_builtin_class};
use crate::vm::Vm;
use crate::vm::error::{PyResult, VmError};
use crate::vm::native::NativeImpl;
use crate::vm::object::{Instance, Object};
use crate::vm::types::BuiltinTag;
use crate::vm::value::Value;

/// Tag of `dict_keys` (beyond every `BuiltinType`).
pub(super) const DICT_KEYS: BuiltinTag = 200;
/// Tag of `dict_values`.
pub(super) const DICT_VALUES: BuiltinTag = 201;
/// Tag of `dict_items`.
pub(super) const DICT_ITEMS: BuiltinTag = 202;
/// Tag of `callable_iterator`.
const CALLABLE_ITERATOR: BuiltinTag = 203;

const CALLABLE_ITERATOR_METHODS: &[(&str, NativeImpl)] = &[("__iter__", iter_self), ("__next__", callable_next)];

/// Creates the helper classes.
pub(super) fn install(vm: &mut Vm) {
    new_builtin_class(vm, "dict_keys", DICT_KEYS, dict_view::KEYS_METHODS);
    new_builtin_class(vm, "dict_values", DICT_VALUES, dict_view::VALUES_METHODS);
    new_builtin_class(vm, "dict_items", DICT_ITEMS, dict_view::ITEMS_METHODS);
    new_builtin_class(vm, "callable_iterator", CALLABLE_ITERATOR, CALLABLE_ITERATOR_METHODS);
}

/// A new instance of helper class `tag` holding `fields`.
pub(super) fn new_instance(vm: &mut Vm, tag: BuiltinTag, fields: &[(&str, Value)]) -> Value {
    let Some(&class) = vm.types.by_builtin.get(&tag) else { return Value::None };
    let dict = vm.heap.alloc(Object::Dict(crate::vm::dict::Dict::new()));
    for &(name, value) in fields {
        let key = vm.intern(name);
        vm.dict_set_str(dict, key, value);
    }
    vm.alloc(Object::Instance(Box::new(Instance { class, dict, exception: None })))
}

/// The helper class of `v`, if it is an instance of one of them.
pub(super) fn tag_of(vm: &Vm, v: Value) -> Option<BuiltinTag> {
    let Value::Obj(id) = v else { return None };
    let Object::Instance(inst) = vm.heap.get(id) else { return None };
    [DICT_KEYS, DICT_VALUES, DICT_ITEMS, CALLABLE_ITERATOR]
        .into_iter()
        .find(|tag| vm.types.by_builtin.get(tag) == Some(&inst.class))
}

/// Field `name` of helper instance `v`.
pub(super) fn field(vm: &mut Vm, v: Value, name: &str) -> Option<Value> {
    let Value::Obj(id) = v else { return None };
    let Object::Instance(inst) = vm.heap.get(id) else { return None };
    let dict = inst.dict;
    let key = vm.intern(name);
    vm.dict_get_str(dict, key)
}

fn set_field(vm: &mut Vm, v: Value, name: &str, value: Value) {
    let Value::Obj(id) = v else { return };
    let Object::Instance(inst) = vm.heap.get(id) else { return };
    let dict = inst.dict;
    let key = vm.intern(name);
    vm.dict_set_str(dict, key, value);
}

/// `iter(callable, sentinel)`.
pub(in crate::vm) fn callable_iterator(vm: &mut Vm, callable: Value, sentinel: Value) -> Value {
    new_instance(vm, CALLABLE_ITERATOR, &[("callable", callable), ("sentinel", sentinel)])
}

fn iter_self(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    args::no_args(vm, args, kwargs, "callable_iterator.__iter__")?;
    Ok(args.first().copied().unwrap_or(Value::None))
}

fn callable_next(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    args::no_args(vm, args, kwargs, "callable_iterator.__next__")?;
    let this = args.first().copied().unwrap_or(Value::None);
    let callable = field(vm, this, "callable").unwrap_or(Value::None);
    let sentinel = field(vm, this, "sentinel").unwrap_or(Value::None);
    if callable != Value::None {
        let v = vm.call_sync(callable, Vec::new())?;
        if !vm.eq(v, sentinel)? {
            return Ok(v);
        }
        set_field(vm, this, "callable", Value::None);
    }
    Err(VmError::Exception(vm.stop_iteration(Value::None)))
}
