//! `set` and `frozenset` methods, following the algorithms of CPython's
//! `Objects/setobject.c` (which set is iterated, what is copied) so results
//! iterate in the same order.

use super::{Kwargs, args};
use crate::Vm;
use crate::model::error::{PyResult, VmError};
use crate::model::heap::ObjId;
use crate::model::native::NativeImpl;
use crate::model::object::{BuiltinType, Object};
use crate::model::set::Set;
use crate::model::value::Value;

/// Methods of `set` only (mutating ones).
pub(super) const METHODS: &[(&str, NativeImpl)] = &[
    ("add", add),
    ("discard", discard),
    ("remove", remove),
    ("pop", pop),
    ("clear", clear),
    ("update", update),
    ("intersection_update", intersection_update),
    ("difference_update", difference_update),
    ("symmetric_difference_update", symmetric_difference_update),
];

/// Methods of both `set` and `frozenset`.
pub(super) const FROZEN_METHODS: &[(&str, NativeImpl)] = &[
    ("copy", copy),
    ("union", union),
    ("intersection", intersection),
    ("difference", difference),
    ("symmetric_difference", symmetric_difference),
    ("issubset", issubset),
    ("issuperset", issuperset),
    ("isdisjoint", isdisjoint),
];

/// The receiver of a `set` method (`frozen == false`) or a method shared
/// with `frozenset`; returns its id and whether it is frozen.
fn this(vm: &mut Vm, args: &[Value], name: &str, mutating: bool) -> PyResult<(ObjId, bool)> {
    let frozen = matches!(args.first(), Some(Value::Obj(id)) if matches!(vm.heap.get(*id), Object::Set { frozen: true, .. }));
    let (ty, type_name) = if frozen && !mutating {
        (BuiltinType::FrozenSet, "frozenset")
    } else {
        (BuiltinType::Set, "set")
    };
    let v = args::receiver(vm, args, ty, &format!("{type_name}.{name}"))?;
    match v.as_obj() {
        Some(id) => Ok((id, frozen)),
        None => vm.raise("TypeError", "expected a set"),
    }
}

/// The set object `v` is, if it is a set or frozenset.
fn as_set(vm: &Vm, v: Value) -> Option<ObjId> {
    v.as_obj()
        .filter(|id| matches!(vm.heap.get(*id), Object::Set { .. }))
}

fn entries(vm: &Vm, id: ObjId) -> Vec<(u64, Value)> {
    match vm.heap.get(id) {
        Object::Set { set, .. } => set.entries().collect(),
        _ => Vec::new(),
    }
}

fn set_len(vm: &Vm, id: ObjId) -> usize {
    match vm.heap.get(id) {
        Object::Set { set, .. } => set.len(),
        _ => 0,
    }
}

fn contains(vm: &mut Vm, id: ObjId, v: Value) -> PyResult<bool> {
    let h = vm.hash(v)?;
    vm.set_contains_hashed(id, h, v)
}

fn no_kwargs(vm: &mut Vm, kwargs: Kwargs<'_>, qualname: &str) -> PyResult<()> {
    if kwargs.is_empty() {
        Ok(())
    } else {
        vm.raise(
            "TypeError",
            format!("{qualname}() takes no keyword arguments"),
        )
    }
}

/// A copy of set `id` (a `frozenset` if `frozen`).
fn copy_of(vm: &mut Vm, id: ObjId, frozen: bool) -> Value {
    let set = match vm.heap.get(id) {
        Object::Set { set, .. } => set.copied(),
        _ => Set::new(),
    };
    vm.alloc(Object::Set { set, frozen })
}

/// Adds every item of `other` to set `target`.
pub(super) fn add_all(vm: &mut Vm, target: Value, other: Value) -> PyResult<()> {
    for item in vm.collect_iterable(other)? {
        vm.set_add(target, item)?;
    }
    Ok(())
}

fn add(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (id, _) = this(vm, args, "add", true)?;
    let v = args::one_arg(vm, args, kwargs, "set.add")?;
    vm.set_add(Value::Obj(id), v)?;
    Ok(Value::None)
}

fn discard(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (id, _) = this(vm, args, "discard", true)?;
    let v = args::one_arg(vm, args, kwargs, "set.discard")?;
    vm.set_discard(id, v)?;
    Ok(Value::None)
}

fn remove(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (id, _) = this(vm, args, "remove", true)?;
    let v = args::one_arg(vm, args, kwargs, "set.remove")?;
    if vm.set_discard(id, v)? {
        return Ok(Value::None);
    }
    let class = vm.types.exception("KeyError");
    Err(VmError::Exception(vm.new_exception(class, vec![v])))
}

fn pop(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (id, _) = this(vm, args, "pop", true)?;
    args::no_args(vm, args, kwargs, "set.pop")?;
    let popped = match vm.heap.get_mut(id) {
        Object::Set { set, .. } => set.pop(),
        _ => None,
    };
    if let Some(v) = popped {
        Ok(v)
    } else {
        let msg = vm.new_str("pop from an empty set");
        let class = vm.types.exception("KeyError");
        Err(VmError::Exception(vm.new_exception(class, vec![msg])))
    }
}

fn clear(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (id, _) = this(vm, args, "clear", true)?;
    args::no_args(vm, args, kwargs, "set.clear")?;
    if let Object::Set { set, .. } = vm.heap.get_mut(id) {
        set.clear();
    }
    Ok(Value::None)
}

fn copy(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (id, frozen) = this(vm, args, "copy", false)?;
    args::no_args(
        vm,
        args,
        kwargs,
        if frozen { "frozenset.copy" } else { "set.copy" },
    )?;
    if frozen {
        return Ok(Value::Obj(id));
    }
    Ok(copy_of(vm, id, false))
}

fn update(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (id, _) = this(vm, args, "update", true)?;
    no_kwargs(vm, kwargs, "set.update")?;
    for &other in &args[1..] {
        add_all(vm, Value::Obj(id), other)?;
    }
    Ok(Value::None)
}

fn union(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (id, frozen) = this(vm, args, "union", false)?;
    no_kwargs(vm, kwargs, "set.union")?;
    let result = copy_of(vm, id, frozen);
    for &other in &args[1..] {
        add_all(vm, result, other)?;
    }
    Ok(result)
}

/// CPython's `set_intersection`: iterates the smaller operand.
fn intersect(vm: &mut Vm, so: ObjId, other: Value, frozen: bool) -> PyResult<Value> {
    if let Some(mut other_id) = as_set(vm, other) {
        let result = vm.alloc(Object::Set {
            set: Set::new(),
            frozen,
        });
        let mut so = so;
        if set_len(vm, other_id) > set_len(vm, so) {
            std::mem::swap(&mut so, &mut other_id);
        }
        for (h, v) in entries(vm, other_id) {
            if vm.set_contains_hashed(so, h, v)? {
                vm.set_add(result, v)?;
            }
        }
        return Ok(result);
    }
    let items = vm.collect_iterable(other)?;
    intersection_with(vm, so, items, frozen)
}

/// `s.intersection(items)` for set `s` and a non-set iterable's items
/// (a `frozenset` if `frozen`).
pub(super) fn intersection_with(
    vm: &mut Vm,
    s: ObjId,
    items: Vec<Value>,
    frozen: bool,
) -> PyResult<Value> {
    let result = vm.alloc(Object::Set {
        set: Set::new(),
        frozen,
    });
    for item in items {
        if contains(vm, s, item)? {
            vm.set_add(result, item)?;
        }
    }
    Ok(result)
}

fn intersection_multi(vm: &mut Vm, id: ObjId, others: &[Value], frozen: bool) -> PyResult<Value> {
    let mut result = copy_of(vm, id, frozen);
    for &other in others {
        let Some(current) = result.as_obj() else {
            break;
        };
        result = intersect(vm, current, other, frozen)?;
    }
    Ok(result)
}

fn intersection(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (id, frozen) = this(vm, args, "intersection", false)?;
    no_kwargs(vm, kwargs, "set.intersection")?;
    intersection_multi(vm, id, &args[1..], frozen)
}

/// Replaces the members of set `target` with those of set object `source`.
fn replace_members(vm: &mut Vm, target: ObjId, source: Value) {
    let Some(source) = source.as_obj() else {
        return;
    };
    let members = match vm.heap.get_mut(source) {
        Object::Set { set, .. } => std::mem::take(set),
        _ => return,
    };
    if let Object::Set { set, .. } = vm.heap.get_mut(target) {
        *set = members;
    }
}

fn intersection_update(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (id, _) = this(vm, args, "intersection_update", true)?;
    no_kwargs(vm, kwargs, "set.intersection_update")?;
    let result = intersection_multi(vm, id, &args[1..], false)?;
    replace_members(vm, id, result);
    Ok(Value::None)
}

/// Removes every member of `other` from set `target`.
pub(super) fn discard_all(vm: &mut Vm, target: ObjId, other: Value) -> PyResult<()> {
    if Value::Obj(target) == other {
        if let Object::Set { set, .. } = vm.heap.get_mut(target) {
            set.clear();
        }
        return Ok(());
    }
    for item in vm.collect_iterable(other)? {
        vm.set_discard(target, item)?;
    }
    Ok(())
}

/// CPython's `set_difference`.
fn difference_one(vm: &mut Vm, so: ObjId, other: Value, frozen: bool) -> PyResult<Value> {
    let other_set = as_set(vm, other);
    let other_dict = other
        .as_obj()
        .filter(|id| matches!(vm.heap.get(*id), Object::Dict(_)));
    let copy_and_discard = match (other_set, other_dict) {
        (Some(o), _) => set_len(vm, so) >> 2 > set_len(vm, o),
        (None, Some(_)) => false,
        (None, None) => true,
    };
    if copy_and_discard {
        let result = copy_of(vm, so, frozen);
        if let Some(rid) = result.as_obj() {
            discard_all(vm, rid, other)?;
        }
        return Ok(result);
    }
    let result = vm.alloc(Object::Set {
        set: Set::new(),
        frozen,
    });
    for (h, v) in entries(vm, so) {
        let present = match (other_set, other_dict) {
            (Some(o), _) => vm.set_contains_hashed(o, h, v)?,
            (None, Some(d)) => vm.dict_get(d, v)?.is_some(),
            (None, None) => false,
        };
        if !present {
            vm.set_add(result, v)?;
        }
    }
    Ok(result)
}

fn difference(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (id, frozen) = this(vm, args, "difference", false)?;
    no_kwargs(vm, kwargs, "set.difference")?;
    let Some((&first, rest)) = args[1..].split_first() else {
        return Ok(copy_of(vm, id, frozen));
    };
    let result = difference_one(vm, id, first, frozen)?;
    if let Some(rid) = result.as_obj() {
        for &other in rest {
            discard_all(vm, rid, other)?;
        }
    }
    Ok(result)
}

fn difference_update(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (id, _) = this(vm, args, "difference_update", true)?;
    no_kwargs(vm, kwargs, "set.difference_update")?;
    for &other in &args[1..] {
        discard_all(vm, id, other)?;
    }
    Ok(Value::None)
}

/// CPython's `set_symmetric_difference_update(so, other)`.
pub(super) fn symmetric_update(vm: &mut Vm, so: ObjId, other: Value) -> PyResult<()> {
    if Value::Obj(so) == other {
        if let Object::Set { set, .. } = vm.heap.get_mut(so) {
            set.clear();
        }
        return Ok(());
    }
    let other_set = if let Some(o) = as_set(vm, other) {
        o
    } else {
        let items = vm.collect_iterable(other)?;
        match vm.new_set(items, false)?.as_obj() {
            Some(o) => o,
            None => return Ok(()),
        }
    };
    for (_, v) in entries(vm, other_set) {
        if !vm.set_discard(so, v)? {
            vm.set_add(Value::Obj(so), v)?;
        }
    }
    Ok(())
}

fn symmetric_difference(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (id, frozen) = this(vm, args, "symmetric_difference", false)?;
    let other = args::one_arg(vm, args, kwargs, "set.symmetric_difference")?;
    let items = vm.collect_iterable(other)?;
    let result = vm.new_set(items, frozen)?;
    if let Some(rid) = result.as_obj() {
        symmetric_update(vm, rid, Value::Obj(id))?;
    }
    Ok(result)
}

fn symmetric_difference_update(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (id, _) = this(vm, args, "symmetric_difference_update", true)?;
    let other = args::one_arg(vm, args, kwargs, "set.symmetric_difference_update")?;
    symmetric_update(vm, id, other)?;
    Ok(Value::None)
}

/// `other` as a set object (converting any iterable).
fn set_from(vm: &mut Vm, other: Value) -> PyResult<Option<ObjId>> {
    if let Some(o) = as_set(vm, other) {
        return Ok(Some(o));
    }
    let items = vm.collect_iterable(other)?;
    Ok(vm.new_set(items, false)?.as_obj())
}

/// `true` if every member of set `a` is in set `b`.
fn subset(vm: &mut Vm, a: ObjId, b: ObjId) -> PyResult<bool> {
    if set_len(vm, a) > set_len(vm, b) {
        return Ok(false);
    }
    for (h, v) in entries(vm, a) {
        if !vm.set_contains_hashed(b, h, v)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn issubset(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (id, _) = this(vm, args, "issubset", false)?;
    let other = args::one_arg(vm, args, kwargs, "set.issubset")?;
    let Some(other) = set_from(vm, other)? else {
        return Ok(Value::Bool(false));
    };
    subset(vm, id, other).map(Value::Bool)
}

fn issuperset(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (id, _) = this(vm, args, "issuperset", false)?;
    let other = args::one_arg(vm, args, kwargs, "set.issuperset")?;
    if let Some(o) = as_set(vm, other) {
        return subset(vm, o, id).map(Value::Bool);
    }
    for item in vm.collect_iterable(other)? {
        if !contains(vm, id, item)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn isdisjoint(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (id, _) = this(vm, args, "isdisjoint", false)?;
    let other = args::one_arg(vm, args, kwargs, "set.isdisjoint")?;
    if let Some(o) = as_set(vm, other) {
        let (small, big) = if set_len(vm, id) > set_len(vm, o) {
            (o, id)
        } else {
            (id, o)
        };
        for (h, v) in entries(vm, small) {
            if vm.set_contains_hashed(big, h, v)? {
                return Ok(Value::Bool(false));
            }
        }
        return Ok(Value::Bool(true));
    }
    for item in vm.collect_iterable(other)? {
        if contains(vm, id, item)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}
