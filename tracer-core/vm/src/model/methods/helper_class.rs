//! Builtin helper classes implemented as native-method classes whose
//! instances keep their state in their namespace: the dict views
//! (`dict_keys`, `dict_values`, `dict_items`) and `callable_iterator`.
//!
//! They are ordinary instances to the core, which dispatches `len`, `in`,
//! iteration, `repr`, `==` and operators on instances to special methods,
//! so no `Object` variant is needed.

use super::{Kwargs, args, dict_view, helper_class_id, new_helper_class};
use crate::Vm;
use crate::model::error::{PyResult, VmError};
use crate::model::native::NativeImpl;
use crate::model::object::{Instance, Object};
use crate::model::value::Value;

/// The name of `dict_keys`, which identifies the helper class.
pub(super) const DICT_KEYS: &str = "dict_keys";
/// The name of `dict_values`.
pub(super) const DICT_VALUES: &str = "dict_values";
/// The name of `dict_items`.
pub(super) const DICT_ITEMS: &str = "dict_items";
/// The name of `callable_iterator`.
const CALLABLE_ITERATOR: &str = "callable_iterator";

const CALLABLE_ITERATOR_METHODS: &[(&str, NativeImpl)] =
    &[("__iter__", iter_self), ("__next__", callable_next)];

/// Creates the helper classes.
pub(super) fn install(vm: &mut Vm) {
    for (name, methods) in [
        (DICT_KEYS, dict_view::KEYS_METHODS),
        (DICT_ITEMS, dict_view::ITEMS_METHODS),
    ] {
        // Set-like views define `__eq__`, so like CPython's they are unhashable.
        let class = new_helper_class(vm, name, methods);
        if let Object::Class(c) = vm.heap.get(class) {
            let dict = c.dict;
            let key = vm.intern("__hash__");
            vm.dict_set_str(dict, key, Value::None);
        }
    }
    new_helper_class(vm, DICT_VALUES, dict_view::VALUES_METHODS);
    new_helper_class(vm, CALLABLE_ITERATOR, CALLABLE_ITERATOR_METHODS);
}

/// A new instance of helper class `name` holding `fields`.
pub(super) fn new_instance(vm: &mut Vm, name: &str, fields: &[(&str, Value)]) -> Value {
    let Some(class) = helper_class_id(vm, name) else {
        return Value::None;
    };
    let dict = vm.heap.alloc(Object::Dict(crate::model::dict::Dict::new()));
    for &(name, value) in fields {
        let key = vm.intern(name);
        vm.dict_set_str(dict, key, value);
    }
    vm.alloc(Object::Instance(Box::new(Instance {
        class,
        dict,
        exception: None,
        base: None,
    })))
}

/// The name of `v`'s helper class, if it is an instance of one of them.
pub(super) fn helper_of(vm: &mut Vm, v: Value) -> Option<&'static str> {
    let Value::Obj(id) = v else { return None };
    let Object::Instance(inst) = vm.heap.get(id) else {
        return None;
    };
    let class = inst.class;
    [DICT_KEYS, DICT_VALUES, DICT_ITEMS, CALLABLE_ITERATOR]
        .into_iter()
        .find(|name| helper_class_id(vm, name) == Some(class))
}

/// Field `name` of helper instance `v`.
pub(super) fn field(vm: &mut Vm, v: Value, name: &str) -> Option<Value> {
    let Value::Obj(id) = v else { return None };
    let Object::Instance(inst) = vm.heap.get(id) else {
        return None;
    };
    let dict = inst.dict;
    let key = vm.intern(name);
    vm.dict_get_str(dict, key)
}

fn set_field(vm: &mut Vm, v: Value, name: &str, value: Value) {
    let Value::Obj(id) = v else { return };
    let Object::Instance(inst) = vm.heap.get(id) else {
        return;
    };
    let dict = inst.dict;
    let key = vm.intern(name);
    vm.dict_set_str(dict, key, value);
}

/// `iter(callable, sentinel)`.
pub(crate) fn callable_iterator(vm: &mut Vm, callable: Value, sentinel: Value) -> Value {
    new_instance(
        vm,
        CALLABLE_ITERATOR,
        &[("callable", callable), ("sentinel", sentinel)],
    )
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
