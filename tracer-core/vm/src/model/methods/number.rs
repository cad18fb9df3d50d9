//! `int` and `float` methods and their numeric properties
//! (`real`, `imag`, `numerator`, `denominator`).

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, Zero};

use super::{Kwargs, args};
use crate::Vm;
use crate::model::error::PyResult;
use crate::model::native::NativeImpl;
use crate::model::object::{BuiltinType, Object};
use crate::model::value::Value;

/// `int` methods, by name.
pub(super) const INT_METHODS: &[(&str, NativeImpl)] = &[
    ("bit_length", bit_length),
    ("bit_count", bit_count),
    ("conjugate", int_conjugate),
    ("as_integer_ratio", int_as_integer_ratio),
    ("to_bytes", to_bytes),
];

/// `int` class methods, by name.
pub(super) const INT_CLASS_METHODS: &[(&str, NativeImpl)] = &[("from_bytes", from_bytes)];

/// `int` properties, by name.
pub(super) const INT_PROPERTIES: &[(&str, NativeImpl)] = &[
    ("real", int_self),
    ("numerator", int_self),
    ("imag", int_zero),
    ("denominator", int_one),
];

/// `float` methods, by name.
pub(super) const FLOAT_METHODS: &[(&str, NativeImpl)] = &[
    ("is_integer", is_integer),
    ("as_integer_ratio", float_as_integer_ratio),
    ("conjugate", float_conjugate),
    ("hex", float_hex),
];

/// `float` properties, by name.
pub(super) const FLOAT_PROPERTIES: &[(&str, NativeImpl)] =
    &[("real", float_real), ("imag", float_imag)];

/// The receiver of an `int` method as a big int.
fn this_int(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>, qualname: &str) -> PyResult<BigInt> {
    let v = args::receiver(vm, args, BuiltinType::Int, qualname)?;
    args::no_args(vm, args, kwargs, qualname)?;
    Ok(vm.as_bigint(v).unwrap_or_default())
}

/// The receiver of a `float` method.
fn this_float(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>, qualname: &str) -> PyResult<f64> {
    let v = args::receiver(vm, args, BuiltinType::Float, qualname)?;
    args::no_args(vm, args, kwargs, qualname)?;
    Ok(if let Value::Float(f) = v { f } else { 0.0 })
}

fn bit_length(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let i = this_int(vm, args, kwargs, "int.bit_length")?;
    Ok(Value::Int(i64::try_from(i.bits()).unwrap_or(i64::MAX)))
}

fn bit_count(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let i = this_int(vm, args, kwargs, "int.bit_count")?;
    let ones: u64 = i
        .magnitude()
        .iter_u64_digits()
        .map(|d| u64::from(d.count_ones()))
        .sum();
    Ok(Value::Int(i64::try_from(ones).unwrap_or(i64::MAX)))
}

fn int_conjugate(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let i = this_int(vm, args, kwargs, "int.conjugate")?;
    Ok(vm.int_value(i))
}

fn int_as_integer_ratio(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let i = this_int(vm, args, kwargs, "int.as_integer_ratio")?;
    let n = vm.int_value(i);
    Ok(vm.new_tuple(vec![n, Value::Int(1)]))
}

fn int_self(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let i = this_int(vm, args, kwargs, "int.real")?;
    Ok(vm.int_value(i))
}

fn int_zero(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    this_int(vm, args, kwargs, "int.imag")?;
    Ok(Value::Int(0))
}

fn int_one(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    this_int(vm, args, kwargs, "int.denominator")?;
    Ok(Value::Int(1))
}

/// `byteorder` and `signed` of `to_bytes`/`from_bytes`: `true` for little-endian.
fn byteorder(
    vm: &mut Vm,
    name: &str,
    order: Option<Value>,
    signed: Option<Value>,
) -> PyResult<(bool, bool)> {
    let little = match order {
        None => false,
        Some(v) if args::is_str(vm, v) => match vm.str_of(v) {
            "little" => true,
            "big" => false,
            _ => return vm.raise("ValueError", "byteorder must be either 'little' or 'big'"),
        },
        Some(v) => {
            let msg = format!(
                "{name}() argument 'byteorder' must be str, not {}",
                vm.type_name(v)
            );
            return vm.raise("TypeError", msg);
        }
    };
    let signed = match signed {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    Ok((little, signed))
}

/// Largest `to_bytes` length built (a bigger one would exhaust memory).
const MAX_BYTES: usize = 100_000_000;

fn to_bytes(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let v = args::receiver(vm, args, BuiltinType::Int, "int.to_bytes")?;
    let i = vm.as_bigint(v).unwrap_or_default();
    let slots = args::keywords(
        vm,
        args,
        kwargs,
        "to_bytes",
        &["length", "byteorder", "signed"],
        0,
        2,
    )?;
    let length = match slots[0] {
        Some(l) => args::index_i64(vm, l)?,
        None => 1,
    };
    let (little, signed) = byteorder(vm, "to_bytes", slots[1], slots[2])?;
    let Ok(length) = usize::try_from(length) else {
        return vm.raise("ValueError", "length argument must be non-negative");
    };
    if !signed && i.is_negative() {
        return vm.raise("OverflowError", "can't convert negative int to unsigned");
    }
    let mut bytes = if i.is_zero() {
        Vec::new()
    } else if signed {
        i.to_signed_bytes_be()
    } else {
        i.to_bytes_be().1
    };
    if bytes.len() > length {
        return vm.raise("OverflowError", "int too big to convert");
    }
    if length > MAX_BYTES {
        return vm.raise("MemoryError", "");
    }
    let fill = if i.is_negative() { 0xff } else { 0 };
    let mut out = vec![fill; length - bytes.len()];
    out.append(&mut bytes);
    if little {
        out.reverse();
    }
    Ok(vm.alloc(Object::Bytes(out.into_boxed_slice())))
}

fn from_bytes(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let slots = args::keywords(
        vm,
        args,
        kwargs,
        "from_bytes",
        &["bytes", "byteorder", "signed"],
        1,
        2,
    )?;
    let source = slots[0].unwrap_or(Value::None);
    let (little, signed) = byteorder(vm, "from_bytes", slots[1], slots[2])?;
    let mut bytes = match source {
        Value::Obj(id) if matches!(vm.heap.get(id), Object::Bytes(_)) => match vm.heap.get(id) {
            Object::Bytes(b) => b.to_vec(),
            _ => Vec::new(),
        },
        Value::Obj(id)
            if !matches!(vm.heap.get(id), Object::Str(_)) && vm.get_iter(source).is_ok() =>
        {
            let mut out = Vec::new();
            for item in vm.collect_iterable(source)? {
                let n = args::index_i64(vm, item)?;
                match u8::try_from(n) {
                    Ok(b) => out.push(b),
                    Err(_) => return vm.raise("ValueError", "bytes must be in range(0, 256)"),
                }
            }
            out
        }
        _ => {
            let msg = format!("cannot convert '{}' object to bytes", vm.type_name(source));
            return vm.raise("TypeError", msg);
        }
    };
    if little {
        bytes.reverse();
    }
    let i = if signed {
        BigInt::from_signed_bytes_be(&bytes)
    } else {
        BigInt::from_bytes_be(Sign::Plus, &bytes)
    };
    Ok(vm.int_value(i))
}

fn is_integer(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let f = this_float(vm, args, kwargs, "float.is_integer")?;
    Ok(Value::Bool(f.is_finite() && f.fract() == 0.0))
}

/// The exact `(numerator, denominator)` of a finite float.
fn float_ratio(f: f64) -> (BigInt, BigInt) {
    let bits = f.to_bits();
    let exponent = i64::try_from((bits >> 52) & 0x7ff).unwrap_or(0);
    let fraction = bits & ((1 << 52) - 1);
    let (mut mantissa, mut exp) = if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), exponent - 1075)
    };
    if mantissa == 0 {
        return (BigInt::zero(), BigInt::from(1));
    }
    let zeros = mantissa.trailing_zeros();
    mantissa >>= zeros;
    exp += i64::from(zeros);
    let mut numerator = BigInt::from(mantissa);
    let mut denominator = BigInt::from(1);
    let shift = usize::try_from(exp.unsigned_abs()).unwrap_or(0);
    if exp >= 0 {
        numerator <<= shift;
    } else {
        denominator <<= shift;
    }
    if f < 0.0 {
        numerator = -numerator;
    }
    (numerator, denominator)
}

fn float_as_integer_ratio(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let f = this_float(vm, args, kwargs, "float.as_integer_ratio")?;
    if f.is_nan() {
        return vm.raise("ValueError", "cannot convert NaN to integer ratio");
    }
    if f.is_infinite() {
        return vm.raise("OverflowError", "cannot convert Infinity to integer ratio");
    }
    let (n, d) = float_ratio(f);
    let n = vm.int_value(n);
    let d = vm.int_value(d);
    Ok(vm.new_tuple(vec![n, d]))
}

fn float_conjugate(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    this_float(vm, args, kwargs, "float.conjugate").map(Value::Float)
}

fn float_real(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    this_float(vm, args, kwargs, "float.real").map(Value::Float)
}

fn float_imag(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    this_float(vm, args, kwargs, "float.imag")?;
    Ok(Value::Float(0.0))
}

/// `float.hex()`: `0x1.8000000000000p+1`, like C's `%a` with 13 digits.
fn hex_text(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = f.to_bits();
    let exponent = i64::try_from((bits >> 52) & 0x7ff).unwrap_or(0);
    let fraction = bits & ((1 << 52) - 1);
    let (lead, exp) = if exponent == 0 {
        (0, -1022)
    } else {
        (1, exponent - 1023)
    };
    format!("{sign}0x{lead}.{fraction:013x}p{exp:+}")
}

fn float_hex(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let f = this_float(vm, args, kwargs, "float.hex")?;
    Ok(vm.new_str(hex_text(f)))
}

#[cfg(test)]
mod tests {
    use num_bigint::BigInt;

    use super::{float_ratio, hex_text};

    #[test]
    fn float_hex_matches_cpython() {
        assert_eq!(hex_text(3.0), "0x1.8000000000000p+1");
        assert_eq!(hex_text(-0.0), "-0x0.0p+0");
        assert_eq!(hex_text(5e-324), "0x0.0000000000001p-1022");
        assert_eq!(hex_text(0.1), "0x1.999999999999ap-4");
    }

    #[test]
    fn float_ratio_is_exact() {
        assert_eq!(float_ratio(0.75), (BigInt::from(3), BigInt::from(4)));
        assert_eq!(float_ratio(-2.0), (BigInt::from(-2), BigInt::from(1)));
        assert_eq!(
            float_ratio(0.1),
            (
                BigInt::from(3_602_879_701_896_397_u64),
                BigInt::from(1_u64 << 55)
            )
        );
    }
}
