//! `list` and `tuple` methods.

use super::{Kwargs, args};
use crate::Vm;
use crate::model::error::PyResult;
use crate::model::heap::ObjId;
use crate::model::native::NativeImpl;
use crate::model::object::{BuiltinType, Object};
use crate::model::value::Value;

/// The `list` methods, by name.
pub(super) const METHODS: &[(&str, NativeImpl)] = &[
    ("append", append),
    ("extend", extend),
    ("insert", insert),
    ("pop", pop),
    ("remove", remove),
    ("index", index),
    ("count", count),
    ("reverse", reverse),
    ("copy", copy),
    ("clear", clear),
    ("sort", sort),
];

/// The `tuple` methods, by name.
pub(super) const TUPLE_METHODS: &[(&str, NativeImpl)] =
    &[("index", tuple_index), ("count", tuple_count)];

fn this(vm: &mut Vm, args: &[Value], ty: BuiltinType, qualname: &str) -> PyResult<ObjId> {
    let v = args::receiver(vm, args, ty, qualname)?;
    v.as_obj()
        .map_or_else(|| vm.raise("TypeError", "expected a sequence"), Ok)
}

fn with_list<T>(vm: &mut Vm, id: ObjId, f: impl FnOnce(&mut Vec<Value>) -> T) -> Option<T> {
    match vm.heap.get_mut(id) {
        Object::List(l) => Some(f(l)),
        _ => None,
    }
}

/// Item `i` of a list or tuple, re-read each time because comparisons may
/// run Python code that mutates the list.
fn item_at(vm: &Vm, id: ObjId, i: usize) -> Option<Value> {
    match vm.heap.get(id) {
        Object::List(l) => l.get(i).copied(),
        Object::Tuple(t) => t.get(i).copied(),
        _ => None,
    }
}

/// `PyObject_RichCompareBool(a, b, Py_EQ)`: identity implies equality.
fn same(vm: &mut Vm, a: Value, b: Value) -> PyResult<bool> {
    Ok(a.is(b) || vm.eq(a, b)?)
}

fn append(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let id = this(vm, args, BuiltinType::List, "list.append")?;
    let v = args::one_arg(vm, args, kwargs, "list.append")?;
    with_list(vm, id, |l| l.push(v));
    Ok(Value::None)
}

fn extend(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let id = this(vm, args, BuiltinType::List, "list.extend")?;
    let iterable = args::one_arg(vm, args, kwargs, "list.extend")?;
    let items = vm.collect_iterable(iterable)?;
    with_list(vm, id, |l| l.extend(items));
    Ok(Value::None)
}

fn insert(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let id = this(vm, args, BuiltinType::List, "list.insert")?;
    let rest = args::positional(vm, args, kwargs, "insert", 2, 2)?;
    let i = args::index_i64(vm, rest[0])?;
    let v = rest[1];
    with_list(vm, id, |l| {
        let n = i64::try_from(l.len()).unwrap_or(i64::MAX);
        let at = if i < 0 {
            (i.saturating_add(n)).max(0)
        } else {
            i.min(n)
        };
        l.insert(usize::try_from(at).unwrap_or(0), v);
    });
    Ok(Value::None)
}

fn pop(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let id = this(vm, args, BuiltinType::List, "list.pop")?;
    let rest = args::positional(vm, args, kwargs, "pop", 0, 1)?;
    let i = match rest.first() {
        Some(&v) => args::index_i64(vm, v)?,
        None => -1,
    };
    let popped = with_list(vm, id, |l| {
        if l.is_empty() {
            return Err("pop from empty list");
        }
        let n = i64::try_from(l.len()).unwrap_or(i64::MAX);
        let at = if i < 0 { i.saturating_add(n) } else { i };
        match usize::try_from(at).ok().filter(|&at| at < l.len()) {
            Some(at) => Ok(l.remove(at)),
            None => Err("pop index out of range"),
        }
    });
    match popped {
        Some(Ok(v)) => Ok(v),
        Some(Err(msg)) => vm.raise("IndexError", msg),
        None => Ok(Value::None),
    }
}

/// Position of the first item equal to `x` in `start..stop`.
fn position(
    vm: &mut Vm,
    id: ObjId,
    x: Value,
    start: usize,
    stop: usize,
) -> PyResult<Option<usize>> {
    let mut i = start;
    while i < stop {
        let Some(item) = item_at(vm, id, i) else {
            break;
        };
        if same(vm, item, x)? {
            return Ok(Some(i));
        }
        i += 1;
    }
    Ok(None)
}

fn remove(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let id = this(vm, args, BuiltinType::List, "list.remove")?;
    let x = args::one_arg(vm, args, kwargs, "list.remove")?;
    match position(vm, id, x, 0, usize::MAX)? {
        Some(i) => {
            with_list(vm, id, |l| (i < l.len()).then(|| l.remove(i)));
            Ok(Value::None)
        }
        None => vm.raise("ValueError", "list.remove(x): x not in list"),
    }
}

fn seq_len(vm: &Vm, id: ObjId) -> usize {
    match vm.heap.get(id) {
        Object::List(l) => l.len(),
        Object::Tuple(t) => t.len(),
        _ => 0,
    }
}

/// `index(value, start=0, stop=sys.maxsize)` for lists and tuples.
fn index_impl(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>, ty: BuiltinType) -> PyResult<Value> {
    let qualname = if ty == BuiltinType::List {
        "list.index"
    } else {
        "tuple.index"
    };
    let id = this(vm, args, ty, qualname)?;
    let rest = args::positional(vm, args, kwargs, "index", 1, 3)?;
    let start = args::slice_bound(vm, rest.get(1).copied(), 0)?;
    let stop = args::slice_bound(vm, rest.get(2).copied(), i64::MAX)?;
    let (start, stop) = args::adjust_indices(start, stop, seq_len(vm, id));
    if let Some(i) = position(vm, id, rest[0], start, stop)? {
        return Ok(Value::Int(i64::try_from(i).unwrap_or(i64::MAX)));
    }
    if ty == BuiltinType::Tuple {
        return vm.raise("ValueError", "tuple.index(x): x not in tuple");
    }
    let r = vm.repr(rest[0])?;
    let msg = format!("{} is not in list", vm.str_of(r));
    vm.raise("ValueError", msg)
}

fn count_impl(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>, ty: BuiltinType) -> PyResult<Value> {
    let qualname = if ty == BuiltinType::List {
        "list.count"
    } else {
        "tuple.count"
    };
    let id = this(vm, args, ty, qualname)?;
    let x = args::one_arg(vm, args, kwargs, qualname)?;
    let mut n = 0;
    let mut i = 0;
    while let Some(item) = item_at(vm, id, i) {
        if same(vm, item, x)? {
            n += 1;
        }
        i += 1;
    }
    Ok(Value::Int(n))
}

fn index(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    index_impl(vm, args, kwargs, BuiltinType::List)
}

fn count(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    count_impl(vm, args, kwargs, BuiltinType::List)
}

fn tuple_index(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    index_impl(vm, args, kwargs, BuiltinType::Tuple)
}

fn tuple_count(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    count_impl(vm, args, kwargs, BuiltinType::Tuple)
}

fn reverse(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let id = this(vm, args, BuiltinType::List, "list.reverse")?;
    args::no_args(vm, args, kwargs, "list.reverse")?;
    with_list(vm, id, |l| l.reverse());
    Ok(Value::None)
}

fn copy(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let id = this(vm, args, BuiltinType::List, "list.copy")?;
    args::no_args(vm, args, kwargs, "list.copy")?;
    let items = with_list(vm, id, |l| l.clone()).unwrap_or_default();
    Ok(vm.new_list(items))
}

fn clear(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let id = this(vm, args, BuiltinType::List, "list.clear")?;
    args::no_args(vm, args, kwargs, "list.clear")?;
    with_list(vm, id, Vec::clear);
    Ok(Value::None)
}

fn sort(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    this(vm, args, BuiltinType::List, "list.sort")?;
    if args.len() > 1 {
        return vm.raise("TypeError", "sort() takes no positional arguments");
    }
    sort_list(vm, args[0], kwargs)?;
    Ok(Value::None)
}

/// `list.sort(*, key=None, reverse=False)`: a stable merge sort using `<`.
pub(crate) fn sort_list(vm: &mut Vm, list: Value, kwargs: Kwargs<'_>) -> PyResult<()> {
    let slots = args::keywords(vm, &[list], kwargs, "sort", &["key", "reverse"], 0, 0)?;
    let key = slots[0].filter(|v| *v != Value::None);
    let reverse = match slots[1] {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let items = vm.sequence_items(list)?;
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
    if let Value::Obj(id) = list {
        with_list(vm, id, |l| *l = values);
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
        let lt = vm.compare(
            right[j].0,
            left[i].0,
            interleave_lang::instruction::ComparisonOperator::Less,
        )?;
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
