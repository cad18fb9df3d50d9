//! Methods of builtin types (`list.append`, `str.join`, `dict.get`, ...)
//! and the small builtin helper classes that have no `Object` variant of
//! their own (dict views, `callable_iterator`).

use crate::Vm;
use crate::model::dict::Dict;
use crate::model::heap::ObjId;
use crate::model::native::{Kwargs, NativeImpl};
use crate::model::object::{BuiltinType, Class, Object};
use crate::model::value::Value;

mod args;
mod bytes;
mod dict;
mod dict_view;
mod dunder;
mod helper_class;
mod list;
mod number;
mod number_parse;
mod range;
mod reflect;
mod set;
mod slice;
mod str;
mod str_case;
mod str_format;
mod str_search;
mod str_split;
mod unicode;

pub(crate) use args::index_bigint;
pub(crate) use dict::dict_update;
pub(crate) use helper_class::callable_iterator;
pub(crate) use list::sort_list;
pub(crate) use number_parse::{construct_float, construct_int};
pub(crate) use reflect::{dir, new_type, vars};
pub(crate) use str::ascii_escape;

/// A table of natives for one builtin type.
type Table = &'static [(&'static str, NativeImpl)];

/// How a table's natives are stored in the class namespace.
#[derive(Clone, Copy)]
enum Kind {
    /// Plain methods (the receiver is `args[0]`).
    Method,
    /// `classmethod`s (the class is `args[0]`).
    ClassMethod,
    /// `staticmethod`s (no receiver).
    StaticMethod,
    /// Read-only properties (the getter gets the instance as `args[0]`).
    Property,
}

/// Every builtin type's natives.
const TABLES: &[(BuiltinType, Kind, Table)] = &[
    (BuiltinType::Str, Kind::Method, str::METHODS),
    (BuiltinType::Str, Kind::StaticMethod, str::STATIC_METHODS),
    (BuiltinType::List, Kind::Method, list::METHODS),
    (BuiltinType::Tuple, Kind::Method, list::TUPLE_METHODS),
    (BuiltinType::Dict, Kind::Method, dict::METHODS),
    (BuiltinType::Dict, Kind::ClassMethod, dict::CLASS_METHODS),
    (BuiltinType::Set, Kind::Method, set::METHODS),
    (BuiltinType::Set, Kind::Method, set::FROZEN_METHODS),
    (BuiltinType::FrozenSet, Kind::Method, set::FROZEN_METHODS),
    (BuiltinType::Int, Kind::Method, number::INT_METHODS),
    (
        BuiltinType::Int,
        Kind::ClassMethod,
        number::INT_CLASS_METHODS,
    ),
    (BuiltinType::Int, Kind::Property, number::INT_PROPERTIES),
    (BuiltinType::Float, Kind::Method, number::FLOAT_METHODS),
    (BuiltinType::Float, Kind::Property, number::FLOAT_PROPERTIES),
    (BuiltinType::Range, Kind::Method, range::METHODS),
    (BuiltinType::Range, Kind::Property, range::PROPERTIES),
    (BuiltinType::Slice, Kind::Method, slice::METHODS),
    (BuiltinType::Slice, Kind::Property, slice::PROPERTIES),
    (BuiltinType::Bytes, Kind::Method, bytes::METHODS),
    (BuiltinType::Bytes, Kind::ClassMethod, bytes::CLASS_METHODS),
    (BuiltinType::Str, Kind::Method, dunder::CONTAINER_METHODS),
    (BuiltinType::Bytes, Kind::Method, dunder::CONTAINER_METHODS),
    (BuiltinType::List, Kind::Method, dunder::CONTAINER_METHODS),
    (BuiltinType::Tuple, Kind::Method, dunder::CONTAINER_METHODS),
    (BuiltinType::Dict, Kind::Method, dunder::CONTAINER_METHODS),
    (BuiltinType::Set, Kind::Method, dunder::CONTAINER_METHODS),
    (
        BuiltinType::FrozenSet,
        Kind::Method,
        dunder::CONTAINER_METHODS,
    ),
    (BuiltinType::Range, Kind::Method, dunder::CONTAINER_METHODS),
];

/// Registers the methods in each builtin class's namespace and creates the
/// helper classes.
pub(crate) fn install(vm: &mut Vm) {
    for &(builtin, kind, table) in TABLES {
        let class = vm.types.get(builtin);
        let Object::Class(c) = vm.heap.get(class) else {
            continue;
        };
        let dict = c.dict;
        install_table(vm, dict, kind, table);
    }
    helper_class::install(vm);
}

fn install_table(vm: &mut Vm, dict: ObjId, kind: Kind, table: Table) {
    for &(name, f) in table {
        let key = vm.intern(name);
        let native = vm.native(name, f);
        let v = match kind {
            Kind::Method => native,
            Kind::ClassMethod => vm.alloc(Object::ClassMethod(native)),
            Kind::StaticMethod => vm.alloc(Object::StaticMethod(native)),
            Kind::Property => vm.alloc(Object::Property {
                fget: native,
                fset: Value::None,
            }),
        };
        vm.dict_set_str(dict, key, v);
    }
}

/// Key under which helper class `name` is kept alive in the builtins
/// namespace: not an identifier, so no Python name lookup can see it.
fn helper_root_key(name: &str) -> String {
    format!("<{name}>")
}

/// Creates helper class `name` (a direct subclass of `object`, reported as
/// defined in `builtins`) with the given methods. It is not one of the
/// core's builtin types, because the core dispatches special methods
/// (`__len__`, `__iter__`, ...) only to classes that are not; it is kept
/// alive through the builtins namespace instead.
fn new_helper_class(vm: &mut Vm, name: &str, methods: Table) -> ObjId {
    let dict = vm.heap.alloc(Object::Dict(Dict::new()));
    let object = vm.types.object;
    let class = vm.heap.alloc(Object::Class(Box::new(Class {
        name: name.into(),
        qualname: name.into(),
        bases: vec![object],
        mro: Vec::new(),
        dict,
        builtin: BuiltinType::Object,
        is_exception: false,
    })));
    if let Object::Class(c) = vm.heap.get_mut(class) {
        c.mro = vec![class, object];
    }
    install_table(vm, dict, Kind::Method, methods);
    let module_key = vm.intern("__module__");
    let module = vm.intern("builtins");
    vm.dict_set_str(dict, module_key, module);
    let root = vm.intern(&helper_root_key(name));
    vm.dict_set_str(vm.builtins, root, Value::Obj(class));
    class
}

/// The helper class created as `name`.
fn helper_class_id(vm: &mut Vm, name: &str) -> Option<ObjId> {
    let root = vm.intern(&helper_root_key(name));
    vm.dict_get_str(vm.builtins, root)?.as_obj()
}
