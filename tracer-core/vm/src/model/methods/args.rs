//! Argument checking shared by builtin methods, with CPython 3.11's exact
//! messages for each of its calling conventions, and integer conversion
//! through `__index__`.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use super::Kwargs;
use crate::Vm;
use crate::model::error::PyResult;
use crate::model::object::BuiltinType;
use crate::model::value::Value;

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The receiver (`args[0]`) of a method of builtin type `ty`, checked like
/// CPython's method descriptors (`str.upper(5)` is a `TypeError`).
pub(super) fn receiver(
    vm: &mut Vm,
    args: &[Value],
    ty: BuiltinType,
    qualname: &str,
) -> PyResult<Value> {
    let Some(&this) = args.first() else {
        return vm.raise(
            "TypeError",
            format!("unbound method {qualname}() needs an argument"),
        );
    };
    let class = vm.types.get(ty);
    let actual = vm.type_of(this);
    if !vm.is_subclass(actual, class) {
        let (type_name, method) = qualname.split_once('.').unwrap_or((qualname, qualname));
        let msg = format!(
            "descriptor '{method}' for '{type_name}' objects doesn't apply to a '{}' object",
            vm.type_name(this)
        );
        return vm.raise("TypeError", msg);
    }
    Ok(this)
}

fn no_keywords(vm: &mut Vm, kwargs: Kwargs<'_>, name: &str) -> PyResult<()> {
    if kwargs.is_empty() {
        Ok(())
    } else {
        vm.raise("TypeError", format!("{name}() takes no keyword arguments"))
    }
}

/// `METH_NOARGS`: `str.upper() takes no arguments (1 given)`.
pub(super) fn no_args(
    vm: &mut Vm,
    args: &[Value],
    kwargs: Kwargs<'_>,
    qualname: &str,
) -> PyResult<()> {
    no_keywords(vm, kwargs, qualname)?;
    let given = args.len().saturating_sub(1);
    if given == 0 {
        Ok(())
    } else {
        vm.raise(
            "TypeError",
            format!("{qualname}() takes no arguments ({given} given)"),
        )
    }
}

/// `METH_O`: `list.append() takes exactly one argument (0 given)`.
pub(super) fn one_arg(
    vm: &mut Vm,
    args: &[Value],
    kwargs: Kwargs<'_>,
    qualname: &str,
) -> PyResult<Value> {
    no_keywords(vm, kwargs, qualname)?;
    match args.get(1..) {
        Some([v]) => Ok(*v),
        rest => {
            let given = rest.map_or(0, <[Value]>::len);
            vm.raise(
                "TypeError",
                format!("{qualname}() takes exactly one argument ({given} given)"),
            )
        }
    }
}

/// Positional-only arguments checked by Argument Clinic's
/// `_PyArg_CheckPositional`: `pop expected at most 1 argument, got 2`.
pub(super) fn positional<'a>(
    vm: &mut Vm,
    args: &'a [Value],
    kwargs: Kwargs<'_>,
    name: &str,
    min: usize,
    max: usize,
) -> PyResult<&'a [Value]> {
    no_keywords(vm, kwargs, name)?;
    let rest = args.get(1..).unwrap_or(&[]);
    let n = rest.len();
    if n < min || n > max {
        let msg = if min == max {
            format!("{name} expected {min} argument{}, got {n}", plural(min))
        } else if n < min {
            format!(
                "{name} expected at least {min} argument{}, got {n}",
                plural(min)
            )
        } else {
            format!(
                "{name} expected at most {max} argument{}, got {n}",
                plural(max)
            )
        };
        return vm.raise("TypeError", msg);
    }
    Ok(rest)
}

/// Positional-only arguments checked by `PyArg_ParseTuple`:
/// `find() takes at least 1 argument (0 given)`.
pub(super) fn legacy<'a>(
    vm: &mut Vm,
    args: &'a [Value],
    kwargs: Kwargs<'_>,
    name: &str,
    min: usize,
    max: usize,
) -> PyResult<&'a [Value]> {
    no_keywords(vm, kwargs, name)?;
    let rest = args.get(1..).unwrap_or(&[]);
    let n = rest.len();
    if n < min {
        let msg = format!(
            "{name}() takes at least {min} argument{} ({n} given)",
            plural(min)
        );
        return vm.raise("TypeError", msg);
    }
    if n > max {
        let msg = format!(
            "{name}() takes at most {max} argument{} ({n} given)",
            plural(max)
        );
        return vm.raise("TypeError", msg);
    }
    Ok(rest)
}

/// Arguments that may be passed by position or keyword (Argument Clinic's
/// `_PyArg_UnpackKeywords`). `names` lists every parameter; the first
/// `positional_max` may be positional and the first `min` are required.
/// Returns one slot per name.
pub(super) fn keywords(
    vm: &mut Vm,
    args: &[Value],
    kwargs: Kwargs<'_>,
    name: &str,
    names: &[&str],
    min: usize,
    positional_max: usize,
) -> PyResult<Vec<Option<Value>>> {
    let rest = args.get(1..).unwrap_or(&[]);
    let total = rest.len() + kwargs.len();
    if rest.len() > positional_max {
        let msg = if positional_max == names.len() {
            format!(
                "{name}() takes at most {} argument{} ({total} given)",
                names.len(),
                plural(names.len())
            )
        } else {
            format!(
                "{name}() takes at most {positional_max} positional argument{} ({} given)",
                plural(positional_max),
                rest.len()
            )
        };
        return vm.raise("TypeError", msg);
    }
    let mut slots: Vec<Option<Value>> = vec![None; names.len()];
    for (slot, v) in slots.iter_mut().zip(rest) {
        *slot = Some(*v);
    }
    for (key, v) in kwargs {
        match names.iter().position(|n| *n == &**key) {
            Some(i) if slots[i].is_some() => {
                let msg = format!(
                    "argument for {name}() given by name ('{key}') and position ({})",
                    i + 1
                );
                return vm.raise("TypeError", msg);
            }
            Some(i) => slots[i] = Some(*v),
            None => {
                return vm.raise(
                    "TypeError",
                    format!("'{key}' is an invalid keyword argument for {name}()"),
                );
            }
        }
    }
    if let Some(i) = slots.iter().take(min).position(Option::is_none) {
        let msg = format!(
            "{name}() missing required argument '{}' (pos {})",
            names[i],
            i + 1
        );
        return vm.raise("TypeError", msg);
    }
    Ok(slots)
}

/// `operator.index(v)`: an int, a bool, or an object with `__index__`.
pub(crate) fn index_bigint(vm: &mut Vm, v: Value) -> PyResult<BigInt> {
    if let Some(i) = vm.as_bigint(v) {
        return Ok(i);
    }
    if let Some(r) = vm.call_user_special(v, "__index__", Vec::new())? {
        if let Some(i) = vm.as_bigint(r) {
            return Ok(i);
        }
        let msg = format!("__index__ returned non-int (type {})", vm.type_name(r));
        return vm.raise("TypeError", msg);
    }
    let msg = format!(
        "'{}' object cannot be interpreted as an integer",
        vm.type_name(v)
    );
    vm.raise("TypeError", msg)
}

/// An index argument that must fit in a machine word
/// (`OverflowError: Python int too large to convert to C ssize_t`).
pub(super) fn index_i64(vm: &mut Vm, v: Value) -> PyResult<i64> {
    let i = index_bigint(vm, v)?;
    match i.to_i64() {
        Some(i) => Ok(i),
        None => vm.raise(
            "OverflowError",
            "Python int too large to convert to C ssize_t",
        ),
    }
}

/// A slice bound (`start`/`end` of `str.find`, `list.index`, ...): `None`
/// gives `default`, huge ints saturate like `_PyEval_SliceIndex`.
pub(super) fn slice_bound(vm: &mut Vm, v: Option<Value>, default: i64) -> PyResult<i64> {
    match v {
        None | Some(Value::None) => Ok(default),
        Some(v) => {
            let Ok(i) = index_bigint(vm, v) else {
                return vm.raise(
                    "TypeError",
                    "slice indices must be integers or None or have an __index__ method",
                );
            };
            Ok(i.to_i64()
                .unwrap_or(if i.is_negative() { i64::MIN } else { i64::MAX }))
        }
    }
}

/// CPython's `ADJUST_INDICES`: clamps `start..end` (which may be negative)
/// to `0..=len`.
pub(super) fn adjust_indices(start: i64, end: i64, len: usize) -> (usize, usize) {
    let n = i64::try_from(len).unwrap_or(i64::MAX);
    let fix = |i: i64| {
        let j = if i < 0 {
            i.saturating_add(n).max(0)
        } else {
            i.min(n)
        };
        usize::try_from(j).unwrap_or(0)
    };
    (fix(start), fix(end))
}

/// `true` if `v` is a `str`.
pub(super) fn is_str(vm: &Vm, v: Value) -> bool {
    v.as_obj()
        .is_some_and(|id| matches!(vm.heap.get(id), crate::model::object::Object::Str(_)))
}

#[cfg(test)]
mod tests {
    use super::adjust_indices;

    #[test]
    fn adjust_indices_clamps_like_cpython() {
        assert_eq!(adjust_indices(-2, i64::MAX, 5), (3, 5));
        assert_eq!(adjust_indices(-10, -1, 5), (0, 4));
        assert_eq!(adjust_indices(7, 2, 5), (5, 2));
        assert_eq!(adjust_indices(i64::MIN, i64::MIN, 5), (0, 0));
    }
}
