//! `list` methods.

use super::Kwargs;
use crate::vm::Vm;
use crate::vm::error::PyResult;
use crate::vm::object::Object;
use crate::vm::value::Value;
use crate::vm::native::NativeImpl;

/// The methods, by name.
pub(super) const METHODS: &[(&str, NativeImpl)] = &[("append", append), ("pop", pop), ("sort", sort)];

pub(super) fn append(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    vm.list_append(args[0], args.get(1).copied().unwrap_or(Value::None));
    Ok(Value::None)
}

pub(super) fn pop(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let Value::Obj(id) = args[0] else { return Ok(Value::None) };
    let Object::List(l) = vm.heap.get_mut(id) else { return Ok(Value::None) };
    match l.pop() {
        Some(v) => Ok(v),
        None => vm.raise("IndexError", "pop from empty list"),
    }
}

pub(super) fn sort(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    sort_list(vm, args[0], kwargs)?;
    Ok(Value::None)
}

/// `list.sort(key=..., reverse=...)`: a stable merge sort using Python `<`.
pub(in crate::vm) fn sort_list(vm: &mut Vm, list: Value, kwargs: Kwargs<'_>) -> PyResult<()> {
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

