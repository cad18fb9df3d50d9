//! Dict views: `dict.keys()`, `dict.values()` and `dict.items()` return
//! live views (`len`, `in`, iteration, `reversed`, repr, and set operations
//! for keys and items), implemented as helper classes.

use super::helper_class::{self, DICT_ITEMS, DICT_KEYS, DICT_VALUES};
use super::{Kwargs, args, set};
use crate::Vm;
use crate::model::error::PyResult;
use crate::model::heap::ObjId;
use crate::model::native::NativeImpl;
use crate::model::object::{BuiltinType, DictIterKind, Iter, Object};
use crate::model::value::Value;
use interleave_lang::instruction::{BinaryOperator as B, ComparisonOperator as C};

/// Methods shared by every view.
macro_rules! view_methods {
    ($($extra:expr),* $(,)?) => {
        &[
            ("__len__", len),
            ("__iter__", iter),
            ("__reversed__", reversed),
            ("__contains__", contains),
            ("__repr__", repr),
            $($extra),*
        ]
    };
}

/// `dict_keys` methods.
pub(super) const KEYS_METHODS: &[(&str, NativeImpl)] = view_methods!(
    ("__eq__", eq),
    ("__ne__", ne),
    ("__lt__", lt),
    ("__le__", le),
    ("__gt__", gt),
    ("__ge__", ge),
    ("__and__", and),
    ("__or__", or),
    ("__sub__", sub),
    ("__xor__", xor),
    ("__rand__", rand),
    ("__ror__", ror),
    ("__rsub__", rsub),
    ("__rxor__", rxor),
    ("isdisjoint", isdisjoint),
);

/// `dict_items` methods (set-like, like keys).
pub(super) const ITEMS_METHODS: &[(&str, NativeImpl)] = KEYS_METHODS;

/// `dict_values` methods (not set-like).
pub(super) const VALUES_METHODS: &[(&str, NativeImpl)] = view_methods!();

fn kind_of(name: &str) -> DictIterKind {
    match name {
        DICT_KEYS => DictIterKind::Keys,
        DICT_VALUES => DictIterKind::Values,
        _ => DictIterKind::Items,
    }
}

fn class_for(kind: DictIterKind) -> &'static str {
    match kind {
        DictIterKind::Keys => DICT_KEYS,
        DictIterKind::Values => DICT_VALUES,
        DictIterKind::Items => DICT_ITEMS,
    }
}

/// `d.keys()`, `d.values()` or `d.items()` on dict `d`.
pub(super) fn new_view(
    vm: &mut Vm,
    args: &[Value],
    kwargs: Kwargs<'_>,
    kind: DictIterKind,
) -> PyResult<Value> {
    let qualname = match kind {
        DictIterKind::Keys => "dict.keys",
        DictIterKind::Values => "dict.values",
        DictIterKind::Items => "dict.items",
    };
    let d = args::receiver(vm, args, BuiltinType::Dict, qualname)?;
    args::no_args(vm, args, kwargs, qualname)?;
    Ok(helper_class::new_instance(
        vm,
        class_for(kind),
        &[("mapping", d)],
    ))
}

/// The view's kind and its dict.
fn view(vm: &mut Vm, v: Value) -> Option<(DictIterKind, ObjId)> {
    let name = helper_class::helper_of(vm, v)
        .filter(|n| matches!(*n, DICT_KEYS | DICT_VALUES | DICT_ITEMS))?;
    let dict = helper_class::field(vm, v, "mapping")?.as_obj()?;
    matches!(vm.heap.get(dict), Object::Dict(_)).then_some((kind_of(name), dict))
}

fn this(vm: &mut Vm, args: &[Value]) -> PyResult<(DictIterKind, ObjId)> {
    let v = args.first().copied().unwrap_or(Value::None);
    if let Some(found) = view(vm, v) {
        Ok(found)
    } else {
        let msg = format!(
            "descriptor requires a dict view object but received '{}'",
            vm.type_name(v)
        );
        vm.raise("TypeError", msg)
    }
}

fn dict_len(vm: &Vm, dict: ObjId) -> usize {
    match vm.heap.get(dict) {
        Object::Dict(d) => d.len(),
        _ => 0,
    }
}

fn len(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let (_, dict) = this(vm, args)?;
    Ok(Value::Int(
        i64::try_from(dict_len(vm, dict)).unwrap_or(i64::MAX),
    ))
}

fn iter(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let (kind, dict) = this(vm, args)?;
    let len = dict_len(vm, dict);
    Ok(vm.alloc(Object::Iter(Iter::Dict {
        dict,
        slot: 0,
        kind,
        len,
    })))
}

/// The view's items as a list (keys, values or `(key, value)` tuples).
fn items_of(vm: &mut Vm, kind: DictIterKind, dict: ObjId) -> Vec<Value> {
    let Object::Dict(d) = vm.heap.get(dict) else {
        return Vec::new();
    };
    let entries: Vec<_> = d.iter().collect();
    entries
        .into_iter()
        .map(|e| match kind {
            DictIterKind::Keys => e.key,
            DictIterKind::Values => e.value,
            DictIterKind::Items => vm.new_tuple(vec![e.key, e.value]),
        })
        .collect()
}

fn reversed(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let (kind, dict) = this(vm, args)?;
    let mut items = items_of(vm, kind, dict);
    items.reverse();
    let list = vm.new_list(items);
    vm.get_iter(list)
}

fn contains(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let (kind, dict) = this(vm, args)?;
    let item = args.get(1).copied().unwrap_or(Value::None);
    view_contains(vm, kind, dict, item).map(Value::Bool)
}

/// `item in view`.
fn view_contains(vm: &mut Vm, kind: DictIterKind, dict: ObjId, item: Value) -> PyResult<bool> {
    match kind {
        DictIterKind::Keys => Ok(vm.dict_get(dict, item)?.is_some()),
        DictIterKind::Items => {
            let pair = match item {
                Value::Obj(id) => match vm.heap.get(id) {
                    Object::Tuple(t) if t.len() == 2 => Some((t[0], t[1])),
                    _ => None,
                },
                _ => None,
            };
            let Some((k, v)) = pair else { return Ok(false) };
            match vm.dict_get(dict, k)? {
                Some(found) => Ok(found.is(v) || vm.eq(found, v)?),
                None => Ok(false),
            }
        }
        DictIterKind::Values => {
            for v in items_of(vm, kind, dict) {
                if v.is(item) || vm.eq(v, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

fn repr(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let (kind, dict) = this(vm, args)?;
    let name = match kind {
        DictIterKind::Keys => "dict_keys",
        DictIterKind::Values => "dict_values",
        DictIterKind::Items => "dict_items",
    };
    let items = items_of(vm, kind, dict);
    let list = vm.new_list(items);
    let inner = vm.repr(list)?;
    let text = format!("{name}({})", vm.str_of(inner));
    Ok(vm.new_str(text))
}

/// `set(view)` for a set-like view, or `set(other)` for an iterable.
fn to_set(vm: &mut Vm, v: Value) -> PyResult<Value> {
    let items = match view(vm, v) {
        Some((kind, dict)) => items_of(vm, kind, dict),
        None => vm.collect_iterable(v)?,
    };
    vm.new_set(items, false)
}

/// `true` for values a set-like view compares with: sets and keys/items views.
fn is_set_like(vm: &mut Vm, v: Value) -> bool {
    if let Some((kind, _)) = view(vm, v) {
        return kind != DictIterKind::Values;
    }
    matches!(v, Value::Obj(id) if matches!(vm.heap.get(id), Object::Set { .. }))
}

fn compare(vm: &mut Vm, args: &[Value], op: C) -> PyResult<Value> {
    let _ = this(vm, args)?;
    let other = args.get(1).copied().unwrap_or(Value::None);
    if !is_set_like(vm, other) {
        return Ok(Value::NotImplemented);
    }
    let a = to_set(vm, args[0])?;
    let b = to_set(vm, other)?;
    vm.compare(a, b, op)
}

fn eq(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    compare(vm, args, C::Equal)
}

fn ne(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    compare(vm, args, C::NotEqual)
}

fn lt(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    compare(vm, args, C::Less)
}

fn le(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    compare(vm, args, C::LessEqual)
}

fn gt(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    compare(vm, args, C::Greater)
}

fn ge(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    compare(vm, args, C::GreaterEqual)
}

/// `first op second` where one operand is a view: a new set, built like
/// CPython's `dictviews_or`/`_sub`/`_xor` (a set of the first operand,
/// updated with the second) and `_PyDictView_Intersect`.
fn set_op(vm: &mut Vm, args: &[Value], op: B, reflected: bool) -> PyResult<Value> {
    let (kind, dict) = this(vm, args)?;
    let other = args.get(1).copied().unwrap_or(Value::None);
    if vm.get_iter(other).is_err() {
        return Ok(Value::NotImplemented);
    }
    if op == B::And {
        return intersect(vm, args[0], kind, dict, other);
    }
    let (first, second) = if reflected {
        (other, args[0])
    } else {
        (args[0], other)
    };
    let items = vm.collect_iterable(first)?;
    let result = vm.new_set(items, false)?;
    let Some(rid) = result.as_obj() else {
        return Ok(result);
    };
    match op {
        B::Or => set::add_all(vm, result, second)?,
        B::Subtract => set::discard_all(vm, rid, second)?,
        _ => set::symmetric_update(vm, rid, second)?,
    }
    Ok(result)
}

/// CPython's `_PyDictView_Intersect(view, other)`.
fn intersect(
    vm: &mut Vm,
    this: Value,
    kind: DictIterKind,
    dict: ObjId,
    other: Value,
) -> PyResult<Value> {
    let len_self = dict_len(vm, dict);
    if let Value::Obj(o) = other
        && let Object::Set {
            set: s,
            frozen: false,
        } = vm.heap.get(o)
        && len_self <= s.len()
    {
        let items = vm.collect_iterable(this)?;
        return set::intersection_with(vm, o, items, false);
    }
    let (mut holder, mut probe) = ((kind, dict), other);
    if let Some((other_kind, other_dict)) = view(vm, other)
        && other_kind != DictIterKind::Values
        && dict_len(vm, other_dict) > len_self
    {
        holder = (other_kind, other_dict);
        probe = this;
    }
    let result = vm.new_set(Vec::new(), false)?;
    for item in vm.collect_iterable(probe)? {
        if view_contains(vm, holder.0, holder.1, item)? {
            vm.set_add(result, item)?;
        }
    }
    Ok(result)
}

fn and(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    set_op(vm, args, B::And, false)
}

fn or(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    set_op(vm, args, B::Or, false)
}

fn sub(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    set_op(vm, args, B::Subtract, false)
}

fn xor(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    set_op(vm, args, B::Xor, false)
}

fn rand(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    set_op(vm, args, B::And, true)
}

fn ror(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    set_op(vm, args, B::Or, true)
}

fn rsub(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    set_op(vm, args, B::Subtract, true)
}

fn rxor(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    set_op(vm, args, B::Xor, true)
}

fn isdisjoint(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (kind, dict) = this(vm, args)?;
    let other = args::one_arg(vm, args, kwargs, "isdisjoint")?;
    let mine = items_of(vm, kind, dict);
    let mine = vm.new_set(mine, false)?;
    for item in vm.collect_iterable(other)? {
        if vm.contains(mine, item)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}
