//! The `builtins` module: functions and builtin type constructors.

#![expect(
    clippy::cast_possible_truncation,
    reason = "an integral float converted through i128, as CPython's float.__round__"
)]

use num_bigint::BigInt;

use crate::Vm;
use crate::model::error::PyResult;
use crate::model::heap::ObjId;
use crate::model::native::{Kwargs, NativeImpl};
use crate::model::object::{BuiltinType, Iter, Object};
use crate::model::value::Value;
use interleave_lang::instruction::ComparisonOperator;

/// Registers every builtin function and type name.
pub(crate) fn install(vm: &mut Vm) {
    let functions: &[(&'static str, NativeImpl)] = &[
        ("print", print),
        ("len", len),
        ("repr", repr),
        ("isinstance", isinstance),
        ("issubclass", issubclass),
        ("abs", abs),
        ("sum", sum),
        ("min", min),
        ("max", max),
        ("iter", iter),
        ("next", next),
        ("enumerate", enumerate),
        ("zip", zip),
        ("map", map),
        ("filter", filter),
        ("reversed", reversed),
        ("sorted", sorted),
        ("any", any),
        ("all", all),
        ("chr", chr),
        ("ord", ord),
        ("hasattr", hasattr),
        ("getattr", getattr),
        ("setattr", setattr),
        ("divmod", divmod),
        ("pow", pow),
        ("round", round),
        ("format", format),
        ("id", id),
        ("hash", hash),
        ("callable", callable),
        ("__build_class__", build_class),
        ("open", open),
        ("input", input),
        ("hex", hex),
        ("oct", oct),
        ("bin", bin),
        ("ascii", ascii),
        ("delattr", delattr),
        ("dir", crate::model::methods::dir),
        ("globals", frame_only),
        ("locals", frame_only),
        ("vars", crate::model::methods::vars),
    ];
    for &(name, f) in functions {
        let key = vm.intern(name);
        let v = vm.native(name, f);
        vm.dict_set_str(vm.builtins, key, v);
    }
    let types: Vec<(String, ObjId)> = vm
        .types
        .by_builtin
        .values()
        .chain(vm.types.exceptions.values())
        .map(|&id| (vm.class_name(id), id))
        .collect();
    for (name, id) in types {
        let key = vm.intern(&name);
        vm.dict_set_str(vm.builtins, key, Value::Obj(id));
    }
    for (name, value) in [
        ("None", Value::None),
        ("NotImplemented", Value::NotImplemented),
        ("Ellipsis", Value::Ellipsis),
    ] {
        let key = vm.intern(name);
        vm.dict_set_str(vm.builtins, key, value);
    }
}

fn kwarg(kwargs: Kwargs<'_>, name: &str) -> Option<Value> {
    kwargs.iter().find(|(k, _)| &**k == name).map(|(_, v)| *v)
}

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::None)
}

/// `globals()`/`locals()` are answered by the interpreter from the calling
/// frame; reaching the builtin itself means there is no Python caller.
fn frame_only(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    vm.raise(
        "RuntimeError",
        "globals() and locals() need a calling Python frame",
    )
}

fn print(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let sep = match kwarg(kwargs, "sep") {
        Some(Value::None) | None => " ".to_owned(),
        Some(v) => vm.str_of(v).to_owned(),
    };
    let end = match kwarg(kwargs, "end") {
        Some(Value::None) | None => "\n".to_owned(),
        Some(v) => vm.str_of(v).to_owned(),
    };
    let mut line = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            line.push_str(&sep);
        }
        line.push_str(&vm.str_string(*a)?);
    }
    line.push_str(&end);
    vm.write_output(&line);
    Ok(Value::None)
}

fn len(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    vm.len(arg(args, 0)).map(Value::Int)
}

fn repr(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    vm.repr(arg(args, 0))
}

fn class_list(vm: &mut Vm, v: Value) -> PyResult<Vec<ObjId>> {
    match v {
        Value::Obj(id) if matches!(vm.heap.get(id), Object::Class(_)) => Ok(vec![id]),
        Value::Obj(id) if matches!(vm.heap.get(id), Object::Tuple(_)) => {
            let mut out = Vec::new();
            for item in vm.sequence_items(v)? {
                out.extend(class_list(vm, item)?);
            }
            Ok(out)
        }
        _ => vm.raise(
            "TypeError",
            "isinstance() arg 2 must be a type, a tuple of types, or a union",
        ),
    }
}

fn isinstance(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let class = vm.type_of(arg(args, 0));
    let classes = class_list(vm, arg(args, 1))?;
    Ok(Value::Bool(
        classes.into_iter().any(|c| vm.is_subclass(class, c)),
    ))
}

fn issubclass(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let Value::Obj(class) = arg(args, 0) else {
        return vm.raise("TypeError", "issubclass() arg 1 must be a class");
    };
    let classes = class_list(vm, arg(args, 1))?;
    Ok(Value::Bool(
        classes.into_iter().any(|c| vm.is_subclass(class, c)),
    ))
}

fn abs(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    if let Value::Obj(id) = arg(args, 0)
        && let Object::Complex { re, im } = *vm.heap.get(id)
    {
        return Ok(Value::Float(re.hypot(im)));
    }
    let v = arg(args, 0);
    match v {
        Value::Float(f) => Ok(Value::Float(f.abs())),
        _ => match vm.as_bigint(v) {
            Some(i) => Ok(vm.int_value(num_traits::Signed::abs(&i))),
            None => {
                if let Some(r) = vm.call_user_special(v, "__abs__", Vec::new())? {
                    Ok(r)
                } else {
                    let msg = format!("bad operand type for abs(): '{}'", vm.type_name(v));
                    vm.raise("TypeError", msg)
                }
            }
        },
    }
}

fn sum(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let mut total =
        kwarg(kwargs, "start").unwrap_or_else(|| args.get(1).copied().unwrap_or(Value::Int(0)));
    let it = vm.get_iter(arg(args, 0))?;
    while let Some(x) = vm.iter_next(it)? {
        total = match (total, x) {
            (Value::Int(a), Value::Int(b)) if a.checked_add(b).is_some() => Value::Int(a + b),
            _ => vm.binary_op(
                total,
                x,
                interleave_lang::instruction::BinaryOperator::Add,
                false,
            )?,
        };
    }
    Ok(total)
}

fn min_max(
    vm: &mut Vm,
    args: &[Value],
    kwargs: Kwargs<'_>,
    name: &str,
    op: ComparisonOperator,
) -> PyResult<Value> {
    let items = if args.len() == 1 {
        vm.collect_iterable(args[0])?
    } else {
        args.to_vec()
    };
    let key = kwarg(kwargs, "key").filter(|k| *k != Value::None);
    let mut best: Option<(Value, Value)> = None;
    for item in items {
        let k = match key {
            Some(f) => vm.call_sync(f, vec![item])?,
            None => item,
        };
        best = match best {
            None => Some((item, k)),
            Some((bi, bk)) => {
                let better = vm.compare(k, bk, op)?;
                if vm.truthy(better)? {
                    Some((item, k))
                } else {
                    Some((bi, bk))
                }
            }
        };
    }
    match best {
        Some((v, _)) => Ok(v),
        None => match kwarg(kwargs, "default") {
            Some(d) => Ok(d),
            None => vm.raise("ValueError", format!("{name}() arg is an empty sequence")),
        },
    }
}

fn min(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    min_max(vm, args, kwargs, "min", ComparisonOperator::Less)
}

fn max(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    min_max(vm, args, kwargs, "max", ComparisonOperator::Greater)
}

fn iter(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    if !kwargs.is_empty() {
        return vm.raise("TypeError", "iter() takes no keyword arguments");
    }
    match *args {
        [v] => vm.get_iter(v),
        [callable_value, sentinel] => {
            if callable(vm, &[callable_value], &[])? != Value::Bool(true) {
                return vm.raise("TypeError", "iter(v, w): v must be callable");
            }
            Ok(crate::model::methods::callable_iterator(
                vm,
                callable_value,
                sentinel,
            ))
        }
        _ => {
            let msg = if args.is_empty() {
                "iter expected at least 1 argument, got 0".to_owned()
            } else {
                format!("iter expected at most 2 arguments, got {}", args.len())
            };
            vm.raise("TypeError", msg)
        }
    }
}

fn next(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    match vm.iter_next(arg(args, 0))? {
        Some(v) => Ok(v),
        None => match args.get(1) {
            Some(d) => Ok(*d),
            None => Err(vm.stop_iteration_with_return()),
        },
    }
}

fn enumerate(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let inner = vm.get_iter(arg(args, 0))?;
    let start = kwarg(kwargs, "start")
        .or_else(|| args.get(1).copied())
        .and_then(|v| vm.as_i64(v))
        .unwrap_or(0);
    Ok(vm.alloc(Object::Iter(Iter::Enumerate {
        inner,
        count: start,
    })))
}

fn zip(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let mut inners = Vec::with_capacity(args.len());
    for a in args {
        inners.push(vm.get_iter(*a)?);
    }
    Ok(vm.alloc(Object::Iter(Iter::Zip { inners })))
}

fn map(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let func = arg(args, 0);
    let mut inners = Vec::new();
    for a in &args[1.min(args.len())..] {
        inners.push(vm.get_iter(*a)?);
    }
    Ok(vm.alloc(Object::Iter(Iter::Map { func, inners })))
}

fn filter(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let inner = vm.get_iter(arg(args, 1))?;
    Ok(vm.alloc(Object::Iter(Iter::Filter {
        func: arg(args, 0),
        inner,
    })))
}

fn reversed(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let v = arg(args, 0);
    let seq = match v {
        Value::Obj(id)
            if matches!(
                vm.heap.get(id),
                Object::List(_) | Object::Tuple(_) | Object::Str(_)
            ) =>
        {
            id
        }
        _ => {
            let items = vm.collect_iterable(v)?;
            let Value::Obj(id) = vm.new_list(items) else {
                unreachable!()
            };
            id
        }
    };
    let remaining = usize::try_from(vm.len(Value::Obj(seq))?).unwrap_or(0);
    Ok(vm.alloc(Object::Iter(Iter::Reversed { seq, remaining })))
}

fn sorted(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let items = vm.collect_iterable(arg(args, 0))?;
    let list = vm.new_list(items);
    crate::model::methods::sort_list(vm, list, kwargs)?;
    Ok(list)
}

fn any(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let it = vm.get_iter(arg(args, 0))?;
    while let Some(x) = vm.iter_next(it)? {
        if vm.truthy(x)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn all(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let it = vm.get_iter(arg(args, 0))?;
    while let Some(x) = vm.iter_next(it)? {
        if !vm.truthy(x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn chr(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let c = vm
        .as_i64(arg(args, 0))
        .and_then(|i| u32::try_from(i).ok())
        .and_then(char::from_u32);
    match c {
        Some(c) => Ok(vm.new_str(c.to_string())),
        None => vm.raise("ValueError", "chr() arg not in range(0x110000)"),
    }
}

fn ord(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let s = vm.str_of(arg(args, 0)).to_owned();
    let mut chars = s.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        Ok(Value::Int(i64::from(u32::from(c))))
    } else {
        let msg = format!(
            "ord() expected a character, but string of length {} found",
            s.chars().count()
        );
        vm.raise("TypeError", msg)
    }
}

fn hasattr(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(Value::Bool(
        vm.get_attr_opt(arg(args, 0), arg(args, 1))?.is_some(),
    ))
}

fn getattr(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    match (vm.get_attr_opt(arg(args, 0), arg(args, 1))?, args.get(2)) {
        (Some(v), _) => Ok(v),
        (None, Some(d)) => Ok(*d),
        (None, None) => vm.get_attr(arg(args, 0), arg(args, 1)),
    }
}

fn setattr(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    vm.set_attr(arg(args, 0), arg(args, 1), arg(args, 2))?;
    Ok(Value::None)
}

fn divmod(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    use interleave_lang::instruction::BinaryOperator as B;
    let (a, b) = (arg(args, 0), arg(args, 1));
    let q = vm.binary_op(a, b, B::FloorDivide, false)?;
    let r = vm.binary_op(a, b, B::Remainder, false)?;
    Ok(vm.new_tuple(vec![q, r]))
}

fn pow(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    use interleave_lang::instruction::BinaryOperator as B;
    if let Some(m) = args.get(2).copied().filter(|m| *m != Value::None) {
        let (Some(b), Some(e), Some(m)) = (
            vm.as_bigint(args[0]),
            vm.as_bigint(args[1]),
            vm.as_bigint(m),
        ) else {
            return vm.raise(
                "TypeError",
                "pow() 3rd argument not allowed unless all arguments are integers",
            );
        };
        if m == BigInt::from(0) {
            return vm.raise("ValueError", "pow() 3rd argument cannot be 0");
        }
        let (b, e) = if e < BigInt::from(0) {
            match mod_inverse(&b, &m) {
                Some(inverse) => (inverse, -e),
                None => {
                    return vm.raise("ValueError", "base is not invertible for the given modulus");
                }
            }
        } else {
            (b, e)
        };
        let r = b.modpow(&e, &m);
        let r = if r != BigInt::from(0) && (r < BigInt::from(0)) != (m < BigInt::from(0)) {
            r + m
        } else {
            r
        };
        return Ok(vm.int_value(r));
    }
    vm.binary_op(arg(args, 0), arg(args, 1), B::Power, false)
}

/// The inverse of `b` modulo `m` (extended Euclid), if they are coprime.
fn mod_inverse(b: &BigInt, m: &BigInt) -> Option<BigInt> {
    use num_integer::Integer;
    let m_abs = num_traits::Signed::abs(m);
    let (mut old_r, mut r) = (b.mod_floor(&m_abs), m_abs.clone());
    let (mut old_s, mut s) = (BigInt::from(1), BigInt::from(0));
    while r != BigInt::from(0) {
        let q = old_r.div_floor(&r);
        (old_r, r) = (r.clone(), old_r - &q * &r);
        (old_s, s) = (s.clone(), old_s - &q * &s);
    }
    (old_r == BigInt::from(1)).then(|| old_s.mod_floor(&m_abs))
}

fn round(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let v = arg(args, 0);
    let ndigits = kwarg(kwargs, "ndigits")
        .or_else(|| args.get(1).copied())
        .filter(|n| *n != Value::None);
    match v {
        Value::Float(f) => match ndigits {
            None => {
                let r = f.round_ties_even();
                if r.is_nan() {
                    return vm.raise("ValueError", "cannot convert float NaN to integer");
                }
                if !r.is_finite() {
                    return vm.raise("OverflowError", "cannot convert float infinity to integer");
                }
                Ok(vm.int_value(BigInt::from(r as i128)))
            }
            Some(n) => {
                let n = vm.as_i64(n).unwrap_or(0);
                let text = format!("{:.*}", usize::try_from(n.max(0)).unwrap_or(0), f);
                if n >= 0 {
                    Ok(Value::Float(text.parse().unwrap_or(f)))
                } else {
                    let p = 10f64.powi(i32::try_from(-n).unwrap_or(0));
                    Ok(Value::Float((f / p).round_ties_even() * p))
                }
            }
        },
        _ => match (vm.as_bigint(v), ndigits) {
            (Some(_), None) => Ok(if let Value::Bool(b) = v {
                Value::Int(i64::from(b))
            } else {
                v
            }),
            (Some(i), Some(n)) => {
                let n = vm.as_i64(n).unwrap_or(0);
                if n >= 0 {
                    return Ok(vm.int_value(i));
                }
                let p = num_traits::pow(BigInt::from(10), usize::try_from(-n).unwrap_or(0));
                let (q, r) = num_integer::Integer::div_mod_floor(&i, &p);
                let twice = &r * 2;
                let q = if twice > p || (twice == p && num_integer::Integer::is_odd(&q)) {
                    q + 1
                } else {
                    q
                };
                Ok(vm.int_value(q * p))
            }
            _ => {
                if let Some(r) = vm.call_user_special(v, "__round__", args[1..].to_vec())? {
                    Ok(r)
                } else {
                    let msg = format!("type {} doesn't define __round__ method", vm.type_name(v));
                    vm.raise("TypeError", msg)
                }
            }
        },
    }
}

fn format(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    vm.format(arg(args, 0), args.get(1).copied())
}

fn id(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let _ = vm;
    Ok(match arg(args, 0) {
        Value::Obj(o) => Value::Int(0x7f00_0000_0000 + i64::from(o.0) * 0x30),
        Value::Int(i) => Value::Int(0x1000_0000 + i.wrapping_mul(32)),
        _ => Value::Int(0x1000),
    })
}

fn hash(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    #[allow(clippy::cast_possible_wrap)]
    vm.hash(arg(args, 0)).map(|h| Value::Int(h as i64))
}

fn callable(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let v = arg(args, 0);
    let yes = match v {
        Value::Obj(id) => match vm.heap.get(id) {
            Object::Function(_)
            | Object::Native { .. }
            | Object::BoundMethod { .. }
            | Object::Class(_) => true,
            Object::Instance(_) => vm.user_special(v, "__call__").is_some(),
            _ => false,
        },
        _ => false,
    };
    Ok(Value::Bool(yes))
}

fn build_class(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    vm.build_class(args)
}

fn open(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    vm.raise(
        "PermissionError",
        "Interleave runs scripts in a sandbox: open() cannot access host files",
    )
}

fn input(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    vm.raise(
        "EOFError",
        "Interleave runs scripts in a sandbox: there is no standard input",
    )
}

/// `hex`/`oct`/`bin`: `prefix` and the digits of `|x|` in `radix`.
fn int_text(vm: &mut Vm, args: &[Value], name: &str, prefix: &str, radix: u32) -> PyResult<Value> {
    let [v] = *args else {
        return vm.raise(
            "TypeError",
            format!("{name}() takes exactly one argument ({} given)", args.len()),
        );
    };
    let i = crate::model::methods::index_bigint(vm, v)?;
    let sign = if i < BigInt::from(0) { "-" } else { "" };
    let text = format!("{sign}{prefix}{}", i.magnitude().to_str_radix(radix));
    Ok(vm.new_str(text))
}

fn hex(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    int_text(vm, args, "hex", "0x", 16)
}

fn oct(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    int_text(vm, args, "oct", "0o", 8)
}

fn bin(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    int_text(vm, args, "bin", "0b", 2)
}

fn ascii(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let [v] = *args else {
        return vm.raise(
            "TypeError",
            format!("ascii() takes exactly one argument ({} given)", args.len()),
        );
    };
    let r = vm.repr(v)?;
    let text = crate::model::methods::ascii_escape(vm.str_of(r));
    Ok(vm.new_str(text))
}

fn delattr(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let [obj, name] = *args else {
        return vm.raise(
            "TypeError",
            format!("delattr expected 2 arguments, got {}", args.len()),
        );
    };
    if !matches!(name, Value::Obj(id) if matches!(vm.heap.get(id), Object::Str(_))) {
        let msg = format!(
            "attribute name must be string, not '{}'",
            vm.type_name(name)
        );
        return vm.raise("TypeError", msg);
    }
    vm.del_attr(obj, name)?;
    Ok(Value::None)
}

impl Vm {
    /// Calls a builtin type: `int(x)`, `str(x)`, `list(it)`, ...
    #[expect(clippy::too_many_lines, reason = "one arm per builtin type")]
    pub(crate) fn construct_builtin(
        &mut self,
        class: ObjId,
        builtin: BuiltinType,
        args: &[Value],
        kwargs: Kwargs<'_>,
    ) -> PyResult<Value> {
        // `float(self)` in a float subclass converts the value it extends.
        let unwrapped: Vec<Value>;
        let args = if builtin != BuiltinType::Type
            && args
                .first()
                .is_some_and(|v| self.builtin_base(*v).is_some())
        {
            unwrapped = std::iter::once(self.unwrap_builtin(args[0]))
                .chain(args[1..].iter().copied())
                .collect();
            &unwrapped[..]
        } else {
            args
        };
        let a = arg(args, 0);
        match builtin {
            BuiltinType::Int => crate::model::methods::construct_int(self, args, kwargs),
            BuiltinType::Float => crate::model::methods::construct_float(self, args, kwargs),
            BuiltinType::Complex => {
                let parts = (
                    self.as_complex(arg(args, 0)),
                    args.get(1).map(|v| self.as_complex(*v)),
                );
                match parts {
                    (_, Some(None)) | (None, _) if !args.is_empty() => {
                        let msg = format!(
                            "complex() first argument must be a string or a number, not '{}'",
                            self.type_name(a)
                        );
                        self.raise("TypeError", msg)
                    }
                    (first, second) => {
                        let (r1, i1) = first.unwrap_or((0.0, 0.0));
                        let (r2, i2) = second.flatten().unwrap_or((0.0, 0.0));
                        Ok(self.new_complex(r1 - i2, i1 + r2))
                    }
                }
            }
            BuiltinType::RLock => Ok(crate::modules::rlock::new(self)),
            BuiltinType::Str => {
                if args.is_empty() {
                    return Ok(self.new_str(""));
                }
                self.str_value(a)
            }
            BuiltinType::Bool => {
                if args.is_empty() {
                    return Ok(Value::Bool(false));
                }
                self.truthy(a).map(Value::Bool)
            }
            BuiltinType::List => {
                let items = if args.is_empty() {
                    Vec::new()
                } else {
                    self.collect_iterable(a)?
                };
                Ok(self.new_list(items))
            }
            BuiltinType::Tuple => {
                let items = if args.is_empty() {
                    Vec::new()
                } else {
                    self.collect_iterable(a)?
                };
                Ok(self.new_tuple(items))
            }
            BuiltinType::Set | BuiltinType::FrozenSet => {
                let items = if args.is_empty() {
                    Vec::new()
                } else {
                    self.collect_iterable(a)?
                };
                self.new_set(items, builtin == BuiltinType::FrozenSet)
            }
            BuiltinType::Dict => {
                if args.len() > 1 {
                    return self.raise(
                        "TypeError",
                        format!("dict expected at most 1 argument, got {}", args.len()),
                    );
                }
                let d = self.new_dict();
                if !args.is_empty() {
                    crate::model::methods::dict_update(self, d, a)?;
                }
                for (k, v) in kwargs {
                    let key = self.new_str(k.clone());
                    self.dict_set(d, key, *v)?;
                }
                Ok(d)
            }
            BuiltinType::Range => {
                let ints: Vec<Option<i64>> = args.iter().map(|v| self.as_i64(*v)).collect();
                if ints.iter().any(Option::is_none) || args.is_empty() {
                    let bad = args
                        .iter()
                        .find(|v| self.as_i64(**v).is_none())
                        .copied()
                        .unwrap_or(Value::None);
                    let msg = format!(
                        "'{}' object cannot be interpreted as an integer",
                        self.type_name(bad)
                    );
                    return self.raise("TypeError", msg);
                }
                let ints: Vec<i64> = ints.into_iter().flatten().collect();
                let (start, stop, step) = match ints.as_slice() {
                    [stop] => (0, *stop, 1),
                    [start, stop] => (*start, *stop, 1),
                    [start, stop, step, ..] => (*start, *stop, *step),
                    [] => unreachable!("checked above"),
                };
                if step == 0 {
                    return self.raise("ValueError", "range() arg 3 must not be zero");
                }
                Ok(self.alloc(Object::Range { start, stop, step }))
            }
            BuiltinType::Type => {
                if args.len() == 1 {
                    return Ok(Value::Obj(self.type_of(a)));
                }
                crate::model::methods::new_type(self, args)
            }
            BuiltinType::Slice => {
                if !kwargs.is_empty() {
                    return self.raise("TypeError", "slice() takes no keyword arguments");
                }
                let (start, stop, step) = match *args {
                    [stop] => (Value::None, stop, Value::None),
                    [start, stop] => (start, stop, Value::None),
                    [start, stop, step] => (start, stop, step),
                    _ => {
                        let msg = if args.is_empty() {
                            "slice expected at least 1 argument, got 0".to_owned()
                        } else {
                            format!("slice expected at most 3 arguments, got {}", args.len())
                        };
                        return self.raise("TypeError", msg);
                    }
                };
                Ok(self.alloc(Object::Slice { start, stop, step }))
            }
            BuiltinType::Bytes => self.construct_bytes(args, kwargs),
            BuiltinType::Object => {
                let dict = self
                    .heap
                    .alloc(Object::Dict(crate::model::dict::Dict::new()));
                Ok(
                    self.alloc(Object::Instance(Box::new(crate::model::object::Instance {
                        class,
                        dict,
                        exception: None,
                        base: None,
                    }))),
                )
            }
            BuiltinType::Property => Ok(self.alloc(Object::Property {
                fget: a,
                fset: arg(args, 1),
            })),
            BuiltinType::StaticMethod => Ok(self.alloc(Object::StaticMethod(a))),
            BuiltinType::ClassMethod => Ok(self.alloc(Object::ClassMethod(a))),
            BuiltinType::Super => {
                let (Value::Obj(class), obj) = (a, arg(args, 1)) else {
                    return self.raise(
                        "RuntimeError",
                        "super(): no arguments form needs the compiler's __class__ cell",
                    );
                };
                Ok(self.alloc(Object::Super { class, obj }))
            }
            _ => {
                let msg = format!("cannot create '{}' instances", self.class_name(class));
                self.raise("TypeError", msg)
            }
        }
    }

    /// `bytes()`, `bytes(n)`, `bytes(b)`, `bytes(s, encoding)` and
    /// `bytes(iterable_of_ints)`.
    fn construct_bytes(&mut self, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
        let Some(&source) = args.first() else {
            return Ok(self.alloc(Object::Bytes(Box::default())));
        };
        if args.len() > 1 || !kwargs.is_empty() {
            let encode = self.intern("encode");
            let method = self.get_attr(source, encode)?;
            let mut rest: Vec<Value> = args[1..].to_vec();
            rest.extend(
                ["encoding", "errors"]
                    .iter()
                    .filter_map(|n| kwarg(kwargs, n)),
            );
            return self.call_sync(method, rest);
        }
        if let Value::Obj(id) = source {
            match self.heap.get(id) {
                Object::Bytes(b) => return Ok(self.alloc(Object::Bytes(b.clone()))),
                Object::Str(_) => {
                    return self.raise("TypeError", "string argument without an encoding");
                }
                _ => {}
            }
        }
        if let Some(n) = self
            .as_i64(source)
            .filter(|_| !matches!(source, Value::Float(_)))
        {
            let Ok(n) = usize::try_from(n) else {
                return self.raise("ValueError", "negative count");
            };
            return Ok(self.alloc(Object::Bytes(vec![0; n].into_boxed_slice())));
        }
        let items = self.collect_iterable(source)?;
        let mut data = Vec::with_capacity(items.len());
        for item in items {
            match self.as_i64(item).and_then(|i| u8::try_from(i).ok()) {
                Some(byte) => data.push(byte),
                None if self.as_i64(item).is_some() => {
                    return self.raise("ValueError", "bytes must be in range(0, 256)");
                }
                None => {
                    let msg = format!(
                        "'{}' object cannot be interpreted as an integer",
                        self.type_name(item)
                    );
                    return self.raise("TypeError", msg);
                }
            }
        }
        Ok(self.alloc(Object::Bytes(data.into_boxed_slice())))
    }
}
