//! Container special methods of builtin types (`[].__len__()`,
//! `d.__getitem__(k)`, ...) for code that calls them explicitly. They
//! delegate to the core protocols and accept only genuine builtin objects,
//! so they can never recurse into themselves.

use super::{Kwargs, args};
use crate::Vm;
use crate::model::error::PyResult;
use crate::model::native::NativeImpl;
use crate::model::object::Object;
use crate::model::value::Value;

/// `__len__`, `__contains__`, `__getitem__` and `__iter__`.
pub(super) const CONTAINER_METHODS: &[(&str, NativeImpl)] = &[
    ("__len__", len),
    ("__contains__", contains),
    ("__getitem__", getitem),
    ("__iter__", iter),
];

/// The receiver, if it is a builtin container (not an instance of a class
/// defined in Python).
fn this(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<Value> {
    match args.first() {
        Some(&v @ Value::Obj(id))
            if matches!(
                vm.heap.get(id),
                Object::Str(_)
                    | Object::Bytes(_)
                    | Object::List(_)
                    | Object::Tuple(_)
                    | Object::Dict(_)
                    | Object::Set { .. }
                    | Object::Range { .. }
            ) =>
        {
            Ok(v)
        }
        Some(&v) => {
            let msg = format!(
                "descriptor '{name}' requires a builtin container but received a '{}'",
                vm.type_name(v)
            );
            vm.raise("TypeError", msg)
        }
        None => vm.raise(
            "TypeError",
            format!("unbound method {name}() needs an argument"),
        ),
    }
}

fn len(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let v = this(vm, args, "__len__")?;
    args::no_args(vm, args, kwargs, "__len__")?;
    vm.len(v).map(Value::Int)
}

fn contains(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let v = this(vm, args, "__contains__")?;
    let item = args::one_arg(vm, args, kwargs, "__contains__")?;
    vm.contains(v, item).map(Value::Bool)
}

fn getitem(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let v = this(vm, args, "__getitem__")?;
    let key = args::one_arg(vm, args, kwargs, "__getitem__")?;
    vm.get_item(v, key)
}

fn iter(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let v = this(vm, args, "__iter__")?;
    args::no_args(vm, args, kwargs, "__iter__")?;
    vm.get_iter(v)
}
