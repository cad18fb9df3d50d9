//! The `int(...)` and `float(...)` constructors: conversion of numbers,
//! objects with `__int__`/`__index__`/`__float__`, and strings (with
//! CPython's rules for whitespace, signs, base prefixes, underscores and
//! non-ASCII decimal digits).

use num_bigint::BigInt;
use num_traits::{FromPrimitive, ToPrimitive};

use super::args;
use super::str::is_space;
use super::unicode::{DECIMAL, in_table};
use crate::Vm;
use crate::model::error::PyResult;
use crate::model::object::Object;
use crate::model::value::Value;

/// The value of a Unicode decimal digit (`'٣'` is 3).
fn decimal_value(c: char) -> Option<u32> {
    if let Some(d) = c.to_digit(10) {
        return Some(d);
    }
    if !in_table(DECIMAL, c) {
        return None;
    }
    let cp = u32::from(c);
    // Every Nd run starts at a zero digit, so the value is the offset mod 10.
    let start = DECIMAL
        .iter()
        .find(|&&(lo, hi)| lo <= cp && cp <= hi)
        .map_or(cp, |r| r.0);
    Some((cp - start) % 10)
}

/// Parses an int literal as `int(text, base)` does (`base` is 0 or 2..=36).
fn parse_int(text: &str, base: u32) -> Option<BigInt> {
    let s = text.trim_matches(is_space);
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let prefix = s.get(..2).map(str::to_ascii_lowercase);
    let prefixed_radix = match prefix.as_deref() {
        Some("0x") => Some(16),
        Some("0o") => Some(8),
        Some("0b") => Some(2),
        _ => None,
    };
    let (radix, digits, after_prefix) = match prefixed_radix {
        Some(r) if base == 0 || base == r => (r, &s[2..], true),
        _ => (if base == 0 { 10 } else { base }, s, false),
    };
    let mut values = Vec::with_capacity(digits.len());
    let mut previous_digit = after_prefix;
    for c in digits.chars() {
        if c == '_' {
            if !previous_digit {
                return None;
            }
            previous_digit = false;
            continue;
        }
        let v = decimal_value(c)
            .or_else(|| c.is_ascii_alphanumeric().then(|| c.to_digit(36)).flatten())?;
        if v >= radix {
            return None;
        }
        values.push(u8::try_from(v).ok()?);
        previous_digit = true;
    }
    if values.is_empty() || !previous_digit {
        return None;
    }
    // Base 0 forbids leading zeros in non-zero decimal literals ("010").
    if base == 0 && radix == 10 && values[0] == 0 && values.iter().any(|&d| d != 0) {
        return None;
    }
    let magnitude = BigInt::from_radix_be(num_bigint::Sign::Plus, &values, radix)?;
    Some(if negative { -magnitude } else { magnitude })
}

/// `int(x)` / `int(x, base)`.
pub(crate) fn construct_int(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &[(Box<str>, Value)],
) -> PyResult<Value> {
    let x = args.first().copied();
    let mut base = args.get(1).copied();
    for (k, v) in kwargs {
        match &**k {
            "base" if base.is_none() => base = Some(*v),
            _ => {
                return vm.raise(
                    "TypeError",
                    format!("'{k}' is an invalid keyword argument for int()"),
                );
            }
        }
    }
    if args.len() > 2 {
        return vm.raise(
            "TypeError",
            format!("int() takes at most 2 arguments ({} given)", args.len()),
        );
    }
    let Some(x) = x else {
        return if base.is_some() {
            vm.raise("TypeError", "int() missing string argument")
        } else {
            Ok(Value::Int(0))
        };
    };
    let text = match x {
        Value::Obj(id) => match vm.heap.get(id) {
            Object::Str(s) => Some(s.to_string()),
            Object::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
            _ => None,
        },
        _ => None,
    };
    if let Some(base) = base {
        if text.is_none() {
            return vm.raise(
                "TypeError",
                "int() can't convert non-string with explicit base",
            );
        }
        let b = args::index_i64(vm, base)?;
        if b != 0 && !(2..=36).contains(&b) {
            return vm.raise("ValueError", "int() base must be >= 2 and <= 36, or 0");
        }
    }
    if let Some(text) = text {
        let base = match base {
            Some(b) => args::index_i64(vm, b)?,
            None => 10,
        };
        return if let Some(i) = parse_int(&text, u32::try_from(base).unwrap_or(10)) {
            Ok(vm.int_value(i))
        } else {
            let shown = if let Value::Obj(id) = x
                && let Object::Bytes(_) = vm.heap.get(id)
            {
                let r = vm.repr(x)?;
                vm.str_of(r).to_owned()
            } else {
                interleave_lang::repr::str_repr(&text)
            };
            vm.raise(
                "ValueError",
                format!("invalid literal for int() with base {base}: {shown}"),
            )
        };
    }
    match x {
        Value::Float(f) if f.is_nan() => {
            vm.raise("ValueError", "cannot convert float NaN to integer")
        }
        Value::Float(f) if f.is_infinite() => {
            vm.raise("OverflowError", "cannot convert float infinity to integer")
        }
        Value::Float(f) => {
            let i = BigInt::from_f64(f.trunc()).unwrap_or_default();
            Ok(vm.int_value(i))
        }
        _ => {
            if let Some(i) = vm.as_bigint(x) {
                return Ok(vm.int_value(i));
            }
            for special in ["__int__", "__index__", "__trunc__"] {
                if let Some(r) = vm.call_user_special(x, special, Vec::new())? {
                    if let Some(i) = vm.as_bigint(r) {
                        return Ok(vm.int_value(i));
                    }
                    let msg = format!("{special} returned non-int (type {})", vm.type_name(r));
                    return vm.raise("TypeError", msg);
                }
            }
            let msg = format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                vm.type_name(x)
            );
            vm.raise("TypeError", msg)
        }
    }
}

/// Parses a float literal as `float(text)` does.
fn parse_float(text: &str) -> Option<f64> {
    let s = text.trim_matches(is_space);
    let lower = s.to_ascii_lowercase();
    let unsigned = lower.strip_prefix(['+', '-']).unwrap_or(&lower);
    if matches!(unsigned, "inf" | "infinity" | "nan") {
        let negative = lower.starts_with('-');
        let v = if unsigned == "nan" {
            f64::NAN
        } else {
            f64::INFINITY
        };
        return Some(if negative { -v } else { v });
    }
    let mut ascii = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            let digit_before = i > 0 && decimal_value(chars[i - 1]).is_some();
            let digit_after = chars
                .get(i + 1)
                .is_some_and(|&n| decimal_value(n).is_some());
            if !(digit_before && digit_after) {
                return None;
            }
            continue;
        }
        match decimal_value(c) {
            Some(d) => ascii.push(char::from_digit(d, 10)?),
            None if matches!(c, '+' | '-' | '.' | 'e' | 'E') => ascii.push(c),
            None => return None,
        }
    }
    ascii.parse::<f64>().ok()
}

/// `float(x)`.
pub(crate) fn construct_float(
    vm: &mut Vm,
    args: &[Value],
    kwargs: &[(Box<str>, Value)],
) -> PyResult<Value> {
    if !kwargs.is_empty() {
        return vm.raise("TypeError", "float() takes no keyword arguments");
    }
    let x = match *args {
        [] => return Ok(Value::Float(0.0)),
        [x] => x,
        _ => {
            return vm.raise(
                "TypeError",
                format!("float expected at most 1 argument, got {}", args.len()),
            );
        }
    };
    if let Value::Float(_) = x {
        return Ok(x);
    }
    if let Value::Obj(id) = x
        && let Object::Str(s) = vm.heap.get(id)
    {
        let text = s.to_string();
        return if let Some(f) = parse_float(&text) {
            Ok(Value::Float(f))
        } else {
            let msg = format!(
                "could not convert string to float: {}",
                interleave_lang::repr::str_repr(&text)
            );
            vm.raise("ValueError", msg)
        };
    }
    if let Some(i) = vm.as_bigint(x) {
        return match i.to_f64().filter(|f| f.is_finite()) {
            Some(f) => Ok(Value::Float(f)),
            None => vm.raise("OverflowError", "int too large to convert to float"),
        };
    }
    if let Some(r) = vm.call_user_special(x, "__float__", Vec::new())? {
        if let Value::Float(_) = r {
            return Ok(r);
        }
        let msg = format!(
            "{}.__float__ returned non-float (type {})",
            vm.type_name(x),
            vm.type_name(r)
        );
        return vm.raise("TypeError", msg);
    }
    if let Some(r) = vm.call_user_special(x, "__index__", Vec::new())?
        && let Some(i) = vm.as_bigint(r)
    {
        return Ok(Value::Float(i.to_f64().unwrap_or(f64::INFINITY)));
    }
    let msg = format!(
        "float() argument must be a string or a real number, not '{}'",
        vm.type_name(x)
    );
    vm.raise("TypeError", msg)
}

#[cfg(test)]
mod tests {
    use num_bigint::BigInt;

    use super::{parse_float, parse_int};

    #[test]
    fn int_literals_follow_cpython_rules() {
        assert_eq!(parse_int(" 1_000 ", 10), Some(BigInt::from(1000)));
        assert_eq!(parse_int("0x_ff", 0), Some(BigInt::from(255)));
        assert_eq!(parse_int("ff", 16), Some(BigInt::from(255)));
        assert_eq!(parse_int("-١٢٣", 10), Some(BigInt::from(-123)));
        assert_eq!(parse_int("010", 0), None);
        assert_eq!(parse_int("00", 0), Some(BigInt::from(0)));
        assert_eq!(parse_int("1__0", 10), None);
        assert_eq!(parse_int("_1", 10), None);
        assert_eq!(parse_int("1_", 10), None);
        assert_eq!(parse_int("12", 2), None);
        assert_eq!(parse_int("", 10), None);
    }

    #[test]
    fn float_literals_follow_cpython_rules() {
        assert_eq!(parse_float(" 1_000.5 "), Some(1000.5));
        assert_eq!(parse_float("٣.٥"), Some(3.5));
        assert_eq!(parse_float("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(parse_float("nan").is_some_and(f64::is_nan));
        assert_eq!(parse_float("1__0"), None);
        assert_eq!(parse_float("abc"), None);
    }
}
