//! Methods of builtin types (`list.append`, `str.join`, `dict.get`, ...).

use super::error::PyResult;
use super::native::NativeImpl;
use super::object::{BuiltinType, DictIterKind, Iter, Object};
use super::value::Value;
use super::Vm;

type Kwargs<'a> = &'a [(Box<str>, Value)];

/// Registers the methods in each builtin class's namespace.
pub(super) fn install(vm: &mut Vm) {
    let tables: &[(BuiltinType, &[(&'static str, NativeImpl)])] = &[
        (BuiltinType::List, &[("append", list_append), ("pop", list_pop), ("sort", list_sort)]),
        (BuiltinType::Str, &[("join", str_join), ("upper", str_upper), ("lower", str_lower)]),
        (BuiltinType::Dict, &[("get", dict_get), ("keys", dict_keys), ("values", dict_values), ("items", dict_items)]),
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

fn list_append(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    vm.list_append(args[0], args.get(1).copied().unwrap_or(Value::None));
    Ok(Value::None)
}

fn list_pop(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let Value::Obj(id) = args[0] else { return Ok(Value::None) };
    let Object::List(l) = vm.heap.get_mut(id) else { return Ok(Value::None) };
    match l.pop() {
        Some(v) => Ok(v),
        None => vm.raise("IndexError", "pop from empty list"),
    }
}

fn list_sort(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    sort_list(vm, args[0], kwargs)?;
    Ok(Value::None)
}

/// `list.sort(key=..., reverse=...)`: a stable merge sort using Python `<`.
pub(super) fn sort_list(vm: &mut Vm, list: Value, kwargs: Kwargs<'_>) -> PyResult<()> {
    let items = vm.sequence_items(list)?;
    let key = kwargs.iter().find(|(k, _)| &**k == "key").map(|(_, v)| *v).filter(|v| *v != Value::None);
    let reverse = match kwargs.iter().find(|(k, _)| &**k == "reverse") {
        Some((_, v)) => vm.truthy(*v)?,
        None => false,
    };
    let mut keyed = Vec::with_capacity(items.len());
    for item in items {
        let k = match key {
            Some(f) => vm.call_sync(f, vec![item])?,
            None => item,
        };
        keyed.push((k, item));
    }
    if reverse {
        keyed.reverse();
    }
    let sorted = merge_sort(vm, keyed)?;
    let mut values: Vec<Value> = sorted.into_iter().map(|(_, v)| v).collect();
    if reverse {
        values.reverse();
    }
    if let Value::Obj(id) = list
        && let Object::List(l) = vm.heap.get_mut(id)
    {
        *l = values;
    }
    Ok(())
}

fn merge_sort(vm: &mut Vm, items: Vec<(Value, Value)>) -> PyResult<Vec<(Value, Value)>> {
    if items.len() <= 1 {
        return Ok(items);
    }
    let mut left = items;
    let right = left.split_off(left.len() / 2);
    let left = merge_sort(vm, left)?;
    let right = merge_sort(vm, right)?;
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        let lt = vm.compare(right[j].0, left[i].0, crate::lang::instruction::ComparisonOperator::Less)?;
        if vm.truthy(lt)? {
            out.push(right[j]);
            j += 1;
        } else {
            out.push(left[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&left[i..]);
    out.extend_from_slice(&right[j..]);
    Ok(out)
}

fn str_join(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
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

fn str_upper(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let s = vm.str_of(args[0]).to_uppercase();
    Ok(vm.new_str(s))
}

fn str_lower(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let s = vm.str_of(args[0]).to_lowercase();
    Ok(vm.new_str(s))
}

fn dict_get(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let Value::Obj(id) = args[0] else { return Ok(Value::None) };
    let default = args.get(2).copied().unwrap_or(Value::None);
    Ok(vm.dict_get(id, args.get(1).copied().unwrap_or(Value::None))?.unwrap_or(default))
}

fn dict_view(vm: &mut Vm, args: &[Value], kind: DictIterKind) -> PyResult<Value> {
    let Value::Obj(dict) = args[0] else { return Ok(Value::None) };
    let Object::Dict(d) = vm.heap.get(dict) else { return Ok(Value::None) };
    let len = d.len();
    Ok(vm.alloc(Object::Iter(Iter::Dict { dict, slot: 0, kind, len })))
}

fn dict_keys(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    dict_view(vm, args, DictIterKind::Keys)
}

fn dict_values(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    dict_view(vm, args, DictIterKind::Values)
}

fn dict_items(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    dict_view(vm, args, DictIterKind::Items)
}
