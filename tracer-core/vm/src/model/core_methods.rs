//! Methods every class inherits from `object` and `BaseException`, and the
//! `property` decorator methods, so `super().__init__(...)`,
//! `object.__repr__(self)` and `@x.setter` work as in CPython.

use crate::Vm;
use crate::model::error::PyResult;
use crate::model::native::{Kwargs, NativeImpl};
use crate::model::object::{BuiltinType, Object};
use crate::model::value::Value;

/// Registers the methods on `object`, `BaseException` and `property`.
pub(crate) fn install(vm: &mut Vm) {
    let object = vm.types.object;
    let base_exception = vm.types.exception("BaseException");
    let property = vm.types.get(BuiltinType::Property);
    let tables: [(crate::model::heap::ObjId, &[(&'static str, NativeImpl)]); 3] = [
        (
            object,
            &[
                ("__init__", object_init),
                ("__repr__", object_repr),
                ("__str__", object_str),
                ("__eq__", object_eq),
                ("__ne__", object_ne),
                ("__hash__", object_hash),
                ("__new__", object_new),
                ("__setattr__", object_setattr),
                ("__delattr__", object_delattr),
                ("__init_subclass__", object_init),
            ],
        ),
        (
            base_exception,
            &[
                ("__init__", exception_init),
                ("__str__", object_str),
                ("__repr__", object_repr),
            ],
        ),
        (
            property,
            &[
                ("setter", property_setter),
                ("getter", property_getter),
                ("deleter", property_deleter),
            ],
        ),
    ];
    for (class, methods) in tables {
        let Object::Class(c) = vm.heap.get(class) else {
            continue;
        };
        let dict = c.dict;
        for &(name, f) in methods {
            let key = vm.intern(name);
            let v = vm.native(name, f);
            vm.dict_set_str(dict, key, v);
        }
    }
}

fn receiver(args: &[Value]) -> Value {
    args.first().copied().unwrap_or(Value::None)
}

fn object_init(_: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(Value::None)
}

fn object_repr(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let s = vm.default_repr(receiver(args))?;
    Ok(vm.new_str(s))
}

fn object_str(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let s = vm.default_str(receiver(args))?;
    Ok(vm.new_str(s))
}

fn object_eq(_: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let other = args.get(1).copied().unwrap_or(Value::None);
    Ok(if receiver(args).is(other) {
        Value::Bool(true)
    } else {
        Value::NotImplemented
    })
}

fn object_ne(_: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let other = args.get(1).copied().unwrap_or(Value::None);
    Ok(if receiver(args).is(other) {
        Value::Bool(false)
    } else {
        Value::NotImplemented
    })
}

fn object_hash(_: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(match receiver(args) {
        Value::Obj(id) => Value::Int(i64::from(id.0) * 16),
        _ => Value::Int(0),
    })
}

/// `object.__new__(cls, ...)`, also reached as `tuple.__new__(cls, items)`
/// and friends: for a subclass of a builtin type the new instance extends
/// a builtin value built from the remaining arguments.
fn object_new(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (class, builtin) = match args.first() {
        Some(Value::Obj(c)) => match vm.heap.get(*c) {
            Object::Class(cls) => (*c, cls.builtin),
            _ => return vm.raise("TypeError", "object.__new__(X): X is not a type object"),
        },
        _ => return vm.raise("TypeError", "object.__new__(X): X is not a type object"),
    };
    let base = if builtin == BuiltinType::Object {
        None
    } else {
        let builtin_class = vm.types.get(builtin);
        Some(vm.construct_builtin(builtin_class, builtin, &args[1..], kwargs)?)
    };
    let dict = vm.heap.alloc(Object::Dict(crate::model::dict::Dict::new()));
    Ok(
        vm.alloc(Object::Instance(Box::new(crate::model::object::Instance {
            class,
            dict,
            exception: None,
            base,
        }))),
    )
}

fn object_setattr(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let [obj, name, value] = args[..] else {
        return vm.raise("TypeError", "expected 3 arguments");
    };
    vm.set_attr_plain(obj, name, value)?;
    Ok(Value::None)
}

fn object_delattr(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let [obj, name] = args[..] else {
        return vm.raise("TypeError", "expected 2 arguments");
    };
    vm.del_attr_plain(obj, name)?;
    Ok(Value::None)
}

fn exception_init(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let Value::Obj(id) = receiver(args) else {
        return Ok(Value::None);
    };
    let tuple = vm.new_tuple(args[1..].to_vec());
    if let Object::Instance(inst) = vm.heap.get_mut(id)
        && let Some(data) = &mut inst.exception
    {
        data.args = tuple;
    }
    Ok(Value::None)
}

fn property_with(vm: &mut Vm, args: &[Value], slot: usize) -> PyResult<Value> {
    let Value::Obj(id) = receiver(args) else {
        return vm.raise("TypeError", "descriptor requires a 'property' object");
    };
    let Object::Property { fget, fset } = *vm.heap.get(id) else {
        return vm.raise("TypeError", "descriptor requires a 'property' object");
    };
    let f = args.get(1).copied().unwrap_or(Value::None);
    let (fget, fset) = match slot {
        0 => (f, fset),
        1 => (fget, f),
        _ => (fget, fset),
    };
    Ok(vm.alloc(Object::Property { fget, fset }))
}

fn property_getter(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    property_with(vm, args, 0)
}

fn property_setter(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    property_with(vm, args, 1)
}

fn property_deleter(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    property_with(vm, args, 2)
}
