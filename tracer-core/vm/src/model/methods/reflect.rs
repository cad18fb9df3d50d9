//! Introspection builtins: `dir(obj)`, `vars(obj)` and the three-argument
//! `type(name, bases, dict)`.

use super::{Kwargs, args};
use crate::Vm;
use crate::model::dict::Dict;
use crate::model::error::PyResult;
use crate::model::heap::ObjId;
use crate::model::object::{BuiltinType, Class, Object};
use crate::model::value::Value;

/// What `dir()` lists for every object (CPython 3.11's `dir(object())`).
const OBJECT_ATTRS: &[&str] = &[
    "__class__",
    "__delattr__",
    "__dir__",
    "__doc__",
    "__eq__",
    "__format__",
    "__ge__",
    "__getattribute__",
    "__getstate__",
    "__gt__",
    "__hash__",
    "__init__",
    "__init_subclass__",
    "__le__",
    "__lt__",
    "__ne__",
    "__new__",
    "__reduce__",
    "__reduce_ex__",
    "__repr__",
    "__setattr__",
    "__sizeof__",
    "__str__",
    "__subclasshook__",
];

/// What classes defined in Python add.
const USER_CLASS_ATTRS: &[&str] = &["__dict__", "__module__", "__weakref__"];

/// What `BaseException` adds.
const EXCEPTION_ATTRS: &[&str] = &[
    "__cause__",
    "__context__",
    "__dict__",
    "__setstate__",
    "__suppress_context__",
    "__traceback__",
    "add_note",
    "args",
    "with_traceback",
];

/// Class-namespace entries CPython does not keep in `__dict__`.
const HIDDEN: &[&str] = &["__qualname__", "__classcell__"];

fn str_keys(vm: &Vm, dict: ObjId, out: &mut Vec<String>) {
    if let Object::Dict(d) = vm.heap.get(dict) {
        for e in d.iter() {
            if let Value::Obj(k) = e.key
                && let Object::Str(s) = vm.heap.get(k)
                && !HIDDEN.contains(&&**s)
            {
                out.push(s.to_string());
            }
        }
    }
}

/// Names visible on instances of `class`: its MRO's namespaces plus the
/// attributes CPython's builtin bases provide.
fn class_names(vm: &Vm, class: ObjId, out: &mut Vec<String>) {
    let builtin = vm.is_builtin_class(class);
    for &c in vm.mro(class) {
        if let Object::Class(cls) = vm.heap.get(c) {
            str_keys(vm, cls.dict, out);
            if cls.is_exception {
                out.extend(EXCEPTION_ATTRS.iter().map(|s| (*s).to_owned()));
            }
        }
    }
    if !builtin {
        out.extend(USER_CLASS_ATTRS.iter().map(|s| (*s).to_owned()));
    }
    out.extend(OBJECT_ATTRS.iter().map(|s| (*s).to_owned()));
}

/// `dir(obj)`: the sorted attribute names of `obj`.
pub(crate) fn dir(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    if !kwargs.is_empty() {
        return vm.raise("TypeError", "dir() takes no keyword arguments");
    }
    let obj = match args {
        [obj] => *obj,
        [] => return vm.raise("RuntimeError", "dir() without arguments needs the caller's frame, which Interleave does not expose yet"),
        _ => return vm.raise("TypeError", format!("dir expected at most 1 argument, got {}", args.len())),
    };
    if let Some(r) = vm.call_user_special(obj, "__dir__", Vec::new())? {
        let items = vm.collect_iterable(r)?;
        let list = vm.new_list(items);
        super::sort_list(vm, list, &[])?;
        return Ok(list);
    }
    let mut names = Vec::new();
    match obj {
        Value::Obj(id) => match vm.heap.get(id) {
            Object::Module { dict, .. } => str_keys(vm, *dict, &mut names),
            Object::Class(_) => class_names(vm, id, &mut names),
            Object::Instance(inst) => {
                let (class, dict) = (inst.class, inst.dict);
                str_keys(vm, dict, &mut names);
                class_names(vm, class, &mut names);
            }
            _ => class_names(vm, vm.type_of(obj), &mut names),
        },
        _ => class_names(vm, vm.type_of(obj), &mut names),
    }
    names.sort_unstable();
    names.dedup();
    let items = names.into_iter().map(|n| vm.new_str(n)).collect();
    Ok(vm.new_list(items))
}

/// `vars(obj)`: `obj.__dict__`.
pub(crate) fn vars(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    if !kwargs.is_empty() {
        return vm.raise("TypeError", "vars() takes no keyword arguments");
    }
    let obj = match args {
        [obj] => *obj,
        [] => return vm.raise("RuntimeError", "vars() without arguments needs the caller's frame, which Interleave does not expose yet"),
        _ => return vm.raise("TypeError", format!("vars expected at most 1 argument, got {}", args.len())),
    };
    let dict = match obj {
        Value::Obj(id) => match vm.heap.get(id) {
            Object::Instance(inst) => Some(inst.dict),
            Object::Class(c) => Some(c.dict),
            Object::Module { dict, .. } => Some(*dict),
            Object::Function(f) => {
                if let Some(d) = f.dict {
                    Some(d)
                } else {
                    let d = vm.heap.alloc(Object::Dict(Dict::new()));
                    if let Object::Function(f) = vm.heap.get_mut(id) {
                        f.dict = Some(d);
                    }
                    Some(d)
                }
            }
            _ => None,
        },
        _ => None,
    };
    match dict {
        Some(d) => Ok(Value::Obj(d)),
        None => vm.raise("TypeError", "vars() argument must have __dict__ attribute"),
    }
}

/// `type(name, bases, dict)`: a new class.
pub(crate) fn new_type(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    let [name, bases, namespace] = *args else {
        return vm.raise("TypeError", "type() takes 1 or 3 arguments");
    };
    if !args::is_str(vm, name) {
        let msg = format!(
            "type.__new__() argument 1 must be str, not {}",
            vm.type_name(name)
        );
        return vm.raise("TypeError", msg);
    }
    let base_values = match bases {
        Value::Obj(id) if matches!(vm.heap.get(id), Object::Tuple(_)) => {
            vm.sequence_items(bases)?
        }
        _ => {
            let msg = format!(
                "type.__new__() argument 2 must be tuple, not {}",
                vm.type_name(bases)
            );
            return vm.raise("TypeError", msg);
        }
    };
    let Some(source) = namespace
        .as_obj()
        .filter(|id| matches!(vm.heap.get(*id), Object::Dict(_)))
    else {
        let msg = format!(
            "type.__new__() argument 3 must be dict, not {}",
            vm.type_name(namespace)
        );
        return vm.raise("TypeError", msg);
    };
    let mut base_ids = Vec::with_capacity(base_values.len());
    for b in base_values {
        if let Some(id) = b
            .as_obj()
            .filter(|id| matches!(vm.heap.get(*id), Object::Class(_)))
        {
            base_ids.push(id);
        } else {
            let msg = format!("bases must be types, not {}", vm.type_name(b));
            return vm.raise("TypeError", msg);
        }
    }
    if base_ids.is_empty() {
        base_ids.push(vm.types.object);
    }
    let Some(tail) = c3_merge(vm, &base_ids) else {
        return vm.raise(
            "TypeError",
            "Cannot create a consistent method resolution order (MRO)",
        );
    };
    let Object::Dict(d) = vm.heap.get(source) else {
        return Ok(Value::None);
    };
    let dict = vm.heap.alloc(Object::Dict(d.clone()));
    let module_key = vm.intern("__module__");
    if vm.dict_get_str(dict, module_key).is_none() {
        let main = vm.intern("__main__");
        vm.dict_set_str(dict, module_key, main);
    }
    let is_exception = base_ids
        .iter()
        .any(|&b| matches!(vm.heap.get(b), Object::Class(c) if c.is_exception));
    let builtin = base_ids
        .iter()
        .find_map(|&b| match vm.heap.get(b) {
            Object::Class(c) if c.builtin != BuiltinType::Object => Some(c.builtin),
            _ => None,
        })
        .unwrap_or(BuiltinType::Object);
    let name: Box<str> = vm.str_of(name).into();
    let class = vm.heap.alloc(Object::Class(Box::new(Class {
        qualname: name.clone(),
        name,
        bases: base_ids,
        mro: Vec::new(),
        dict,
        builtin,
        is_exception,
    })));
    if let Object::Class(c) = vm.heap.get_mut(class) {
        c.mro = std::iter::once(class).chain(tail).collect();
    }
    Ok(Value::Obj(class))
}

/// C3 linearisation of `bases` (without the new class); `None` if inconsistent.
fn c3_merge(vm: &Vm, bases: &[ObjId]) -> Option<Vec<ObjId>> {
    let mut seqs: Vec<Vec<ObjId>> = bases.iter().map(|&b| vm.mro(b).to_vec()).collect();
    seqs.push(bases.to_vec());
    let mut out = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Some(out);
        }
        let head = seqs
            .iter()
            .map(|s| s[0])
            .find(|&c| seqs.iter().all(|s| !s[1..].contains(&c)))?;
        out.push(head);
        for s in &mut seqs {
            if s[0] == head {
                s.remove(0);
            }
        }
    }
}
