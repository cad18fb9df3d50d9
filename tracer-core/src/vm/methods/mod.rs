//! Methods of builtin types (`list.append`, `str.join`, `dict.get`, ...).

use super::native::NativeImpl;
use super::object::{BuiltinType, Object};
use super::value::Value;
use super::Vm;

mod dict;
mod list;
mod str;

pub(super) use list::sort_list;

/// Keyword arguments of a native call.
type Kwargs<'a> = &'a [(Box<str>, Value)];

/// Registers the methods in each builtin class's namespace.
pub(super) fn install(vm: &mut Vm) {
    let tables: &[(BuiltinType, &[(&'static str, NativeImpl)])] = &[
        (BuiltinType::List, list::METHODS),
        (BuiltinType::Str, str::METHODS),
        (BuiltinType::Dict, dict::METHODS),
    ];
    for (builtin, methods) in tables {
        let class = vm.types.get(*builtin);
        let Object::Class(c) = vm.heap.get(class) else { continue };
        let dict = c.dict;
        for &(name, f) in *methods {
            let key = vm.intern(name);
            let v = vm.native(name, f);
            vm.dict_set_str(dict, key, v);
        }
    }
}

