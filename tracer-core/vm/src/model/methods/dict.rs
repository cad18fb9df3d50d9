//! `dict` methods.

use super::{Kwargs, args, dict_view};
use crate::Vm;
use crate::model::error::{PyResult, VmError};
use crate::model::heap::ObjId;
use crate::model::native::NativeImpl;
use crate::model::object::{BuiltinType, DictIterKind, Object};
use crate::model::value::Value;

/// The methods, by name.
pub(super) const METHODS: &[(&str, NativeImpl)] = &[
    ("get", get),
    ("setdefault", setdefault),
    ("pop", pop),
    ("popitem", popitem),
    ("update", update),
    ("keys", keys),
    ("values", values),
    ("items", items),
    ("copy", copy),
    ("clear", clear),
];

/// Class methods, by name.
pub(super) const CLASS_METHODS: &[(&str, NativeImpl)] = &[("fromkeys", fromkeys)];

fn this(vm: &mut Vm, args: &[Value], qualname: &str) -> PyResult<ObjId> {
    let d = args::receiver(vm, args, BuiltinType::Dict, qualname)?;
    d.as_obj()
        .map_or_else(|| vm.raise("TypeError", "expected a dict"), Ok)
}

fn key_error(vm: &mut Vm, key: Value) -> VmError {
    let class = vm.types.exception("KeyError");
    VmError::Exception(vm.new_exception(class, vec![key]))
}

fn get(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let d = this(vm, args, "dict.get")?;
    let rest = args::positional(vm, args, kwargs, "get", 1, 2)?;
    let default = rest.get(1).copied().unwrap_or(Value::None);
    Ok(vm.dict_get(d, rest[0])?.unwrap_or(default))
}

fn setdefault(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let d = this(vm, args, "dict.setdefault")?;
    let rest = args::positional(vm, args, kwargs, "setdefault", 1, 2)?;
    let default = rest.get(1).copied().unwrap_or(Value::None);
    if let Some(v) = vm.dict_get(d, rest[0])? {
        return Ok(v);
    }
    vm.dict_set(Value::Obj(d), rest[0], default)?;
    Ok(default)
}

fn pop(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let d = this(vm, args, "dict.pop")?;
    let rest = args::positional(vm, args, kwargs, "pop", 1, 2)?;
    match (vm.dict_remove(d, rest[0])?, rest.get(1)) {
        (Some(v), _) => Ok(v),
        (None, Some(default)) => Ok(*default),
        (None, None) => Err(key_error(vm, rest[0])),
    }
}

fn popitem(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let d = this(vm, args, "dict.popitem")?;
    args::no_args(vm, args, kwargs, "dict.popitem")?;
    let entry = match vm.heap.get_mut(d) {
        Object::Dict(dict) => dict.last_index().and_then(|i| dict.remove_at(i)),
        _ => None,
    };
    if let Some(e) = entry {
        Ok(vm.new_tuple(vec![e.key, e.value]))
    } else {
        let msg = vm.new_str("popitem(): dictionary is empty");
        Err(key_error(vm, msg))
    }
}

/// `dict.update`'s merge of one positional argument into dict `d`: a dict,
/// an object with `keys()`, or an iterable of pairs.
pub(crate) fn dict_update(vm: &mut Vm, d: Value, other: Value) -> PyResult<()> {
    if let Value::Obj(o) = other
        && let Object::Dict(src) = vm.heap.get(o)
    {
        let entries: Vec<_> = src.iter().collect();
        for e in entries {
            vm.dict_set(d, e.key, e.value)?;
        }
        return Ok(());
    }
    let keys_name = vm.intern("keys");
    if let Some(keys) = vm.get_attr_opt(other, keys_name)? {
        let keys = vm.call_sync(keys, Vec::new())?;
        for k in vm.collect_iterable(keys)? {
            let v = vm.get_item(other, k)?;
            vm.dict_set(d, k, v)?;
        }
        return Ok(());
    }
    let it = vm.get_iter(other)?;
    let mut index = 0;
    while let Some(pair) = vm.iter_next(it)? {
        let Some(kv) = pair_items(vm, pair)? else {
            let msg =
                format!("cannot convert dictionary update sequence element #{index} to a sequence");
            return vm.raise("TypeError", msg);
        };
        if kv.len() != 2 {
            let msg = format!(
                "dictionary update sequence element #{index} has length {}; 2 is required",
                kv.len()
            );
            return vm.raise("ValueError", msg);
        }
        vm.dict_set(d, kv[0], kv[1])?;
        index += 1;
    }
    Ok(())
}

/// The items of an update-sequence element; `None` if it is not iterable.
fn pair_items(vm: &mut Vm, pair: Value) -> PyResult<Option<Vec<Value>>> {
    let Ok(it) = vm.get_iter(pair) else {
        return Ok(None);
    };
    let mut out = Vec::with_capacity(2);
    while let Some(x) = vm.iter_next(it)? {
        out.push(x);
    }
    Ok(Some(out))
}

fn update(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let d = this(vm, args, "dict.update")?;
    let rest = args::positional(vm, args, &[], "update", 0, 1)?;
    if let Some(&other) = rest.first() {
        dict_update(vm, Value::Obj(d), other)?;
    }
    for (k, v) in kwargs {
        let key = vm.new_str(k.clone());
        vm.dict_set(Value::Obj(d), key, *v)?;
    }
    Ok(Value::None)
}

fn keys(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    dict_view::new_view(vm, args, kwargs, DictIterKind::Keys)
}

fn values(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    dict_view::new_view(vm, args, kwargs, DictIterKind::Values)
}

fn items(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    dict_view::new_view(vm, args, kwargs, DictIterKind::Items)
}

fn copy(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let d = this(vm, args, "dict.copy")?;
    args::no_args(vm, args, kwargs, "dict.copy")?;
    let Object::Dict(dict) = vm.heap.get(d) else {
        return Ok(Value::None);
    };
    let copied = dict.clone();
    Ok(vm.alloc(Object::Dict(copied)))
}

fn clear(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let d = this(vm, args, "dict.clear")?;
    args::no_args(vm, args, kwargs, "dict.clear")?;
    if let Object::Dict(dict) = vm.heap.get_mut(d) {
        dict.clear();
    }
    Ok(Value::None)
}

fn fromkeys(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let rest = args::positional(vm, args, kwargs, "fromkeys", 1, 2)?;
    let value = rest.get(1).copied().unwrap_or(Value::None);
    let keys = vm.collect_iterable(rest[0])?;
    let d = vm.new_dict();
    for k in keys {
        vm.dict_set(d, k, value)?;
    }
    Ok(d)
}
