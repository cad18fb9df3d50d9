//! Operators and container protocols: truth, arithmetic, comparison,
//! hashing, indexing, iteration, and dict/set storage helpers.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::Vm;
use crate::event::{KeyId, Location};
use crate::exec::name_cache::Cached;
use crate::model::dict::Dict;
use crate::model::error::{PyResult, VmError};
use crate::model::heap::ObjId;
use crate::model::object::{DictIterKind, Iter, Object};
use crate::model::set::Set;
use crate::model::value::Value;
use interleave_lang::instruction::{BinaryOperator as B, ComparisonOperator as C};

/// CPython's modulus for numeric hashes (2**61 - 1).
const HASH_MODULUS: u64 = (1 << 61) - 1;

/// A number, for arithmetic.
enum Num {
    Int(BigInt),
    Float(f64),
}

fn str_hash(s: &str) -> u64 {
    // A word at a time, then a final mix so that every bit depends on
    // every byte. Deterministic: CPython randomises str hashes per process,
    // so no program can depend on their values.
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let bytes = s.as_bytes();
    let mut h = bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let word: [u8; 8] = word.try_into().expect("chunks of 8");
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    h = (h ^ (h >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    if h == u64::MAX { h - 1 } else { h }
}

#[allow(clippy::cast_sign_loss, clippy::cast_possible_wrap)]
fn int_hash(i: i64) -> u64 {
    let m = HASH_MODULUS as i64;
    let mut h = i % m;
    if h == -1 {
        h = -2;
    }
    h as u64
}

#[allow(
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap,
    clippy::cast_possible_truncation
)]
fn float_hash(f: f64) -> u64 {
    if f.is_nan() {
        return 0;
    }
    if f.is_infinite() {
        return if f > 0.0 {
            314_159
        } else {
            (-314_159i64) as u64
        };
    }
    if f.fract() == 0.0 && f.abs() < 9.2e18 {
        return int_hash(f as i64);
    }
    // CPython's algorithm for non-integral floats.
    let (mut m, mut e) = frexp(f.abs());
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & HASH_MODULUS) | (x >> (61 - 28));
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= HASH_MODULUS {
            x -= HASH_MODULUS;
        }
    }
    let e = if e >= 0 {
        e % 61
    } else {
        61 - 1 - ((-1 - e) % 61)
    };
    x = ((x << e) & HASH_MODULUS) | (x >> (61 - e));
    let mut h = x as i64;
    if f < 0.0 {
        h = -h;
    }
    if h == -1 {
        h = -2;
    }
    h as u64
}

fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 {
        return (0.0, 0);
    }
    let bits = x.to_bits();
    #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        let (m, e) = frexp(x * 2f64.powi(54));
        return (m, e - 54);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

impl Vm {
    /// The `str` contents of a str object (empty for anything else).
    pub(crate) fn str_of(&self, v: Value) -> &str {
        match v {
            Value::Obj(id) => match self.heap.get(id) {
                Object::Str(s) => s,
                _ => "",
            },
            _ => "",
        }
    }

    /// `true` if `v` is a str object.
    pub(crate) fn is_str(&self, v: Value) -> bool {
        matches!(v, Value::Obj(id) if matches!(self.heap.get(id), Object::Str(_)))
    }

    fn num(&self, v: Value) -> Option<Num> {
        match v {
            Value::Bool(b) => Some(Num::Int(BigInt::from(i64::from(b)))),
            Value::Int(i) => Some(Num::Int(BigInt::from(i))),
            Value::Float(f) => Some(Num::Float(f)),
            Value::Obj(id) => match self.heap.get(id) {
                Object::BigInt(b) => Some(Num::Int(b.clone())),
                _ => None,
            },
            _ => None,
        }
    }

    /// An int value, small when it fits.
    pub(crate) fn int_value(&mut self, i: BigInt) -> Value {
        match i.to_i64() {
            Some(v) => Value::Int(v),
            None => self.alloc(Object::BigInt(i)),
        }
    }

    /// The value as a big int, if it is an int or bool.
    pub(crate) fn as_bigint(&self, v: Value) -> Option<BigInt> {
        match self.num(v)? {
            Num::Int(i) => Some(i),
            Num::Float(_) => None,
        }
    }

    /// The value as `i64`, if it is an int that fits.
    #[allow(clippy::unused_self)] // a method like its sibling `as_bigint`, which reads the heap
    pub(crate) fn as_i64(&self, v: Value) -> Option<i64> {
        match v {
            Value::Int(i) => Some(i),
            Value::Bool(b) => Some(i64::from(b)),
            _ => None,
        }
    }

    /// Python truthiness.
    pub(crate) fn truthy(&mut self, v: Value) -> PyResult<bool> {
        Ok(match v {
            Value::Null | Value::None => false,
            Value::Bool(b) => b,
            Value::Int(i) => i != 0,
            Value::Float(f) => f != 0.0,
            Value::NotImplemented | Value::Ellipsis => true,
            Value::Obj(id) => match self.heap.get(id) {
                Object::Str(s) => !s.is_empty(),
                Object::Complex { re, im } => *re != 0.0 || *im != 0.0,
                Object::Bytes(b) => !b.is_empty(),
                Object::BigInt(b) => !b.is_zero(),
                Object::List(l) => !l.is_empty(),
                Object::Tuple(t) => !t.is_empty(),
                Object::Dict(d) => !d.is_empty(),
                Object::Set { set, .. } => !set.is_empty(),
                Object::Range { .. } => self.len(v)? != 0,
                Object::Instance(_) => {
                    if let Some(r) = self.call_user_special(v, "__bool__", Vec::new())? {
                        return self.truthy(r);
                    }
                    if let Some(r) = self.call_user_special(v, "__len__", Vec::new())? {
                        return Ok(self.as_i64(r).unwrap_or(0) != 0);
                    }
                    match self.builtin_base(v) {
                        Some(base) => return self.truthy(base),
                        None => true,
                    }
                }
                _ => true,
            },
        })
    }

    pub(crate) fn unary_negative(&mut self, v: Value) -> PyResult<Value> {
        if let Value::Obj(id) = v
            && let Object::Complex { re, im } = *self.heap.get(id)
        {
            return Ok(self.new_complex(-re, -im));
        }
        match v {
            Value::Int(i) => Ok(i
                .checked_neg()
                .map_or_else(|| self.int_value(-BigInt::from(i)), Value::Int)),
            Value::Bool(b) => Ok(Value::Int(-i64::from(b))),
            Value::Float(f) => Ok(Value::Float(-f)),
            _ => {
                if let Some(i) = self.as_bigint(v) {
                    return Ok(self.int_value(-i));
                }
                if let Some(r) = self.call_user_special(v, "__neg__", Vec::new())? {
                    return Ok(r);
                }
                let msg = format!("bad operand type for unary -: '{}'", self.type_name(v));
                self.raise("TypeError", msg)
            }
        }
    }

    pub(crate) fn unary_positive(&mut self, v: Value) -> PyResult<Value> {
        match v {
            Value::Int(_) | Value::Float(_) => Ok(v),
            Value::Bool(b) => Ok(Value::Int(i64::from(b))),
            _ if self.as_bigint(v).is_some() => Ok(v),
            _ => {
                if let Some(r) = self.call_user_special(v, "__pos__", Vec::new())? {
                    return Ok(r);
                }
                let msg = format!("bad operand type for unary +: '{}'", self.type_name(v));
                self.raise("TypeError", msg)
            }
        }
    }

    pub(crate) fn unary_invert(&mut self, v: Value) -> PyResult<Value> {
        if let Some(i) = self.as_bigint(v) {
            return Ok(self.int_value(!i));
        }
        if let Some(r) = self.call_user_special(v, "__invert__", Vec::new())? {
            return Ok(r);
        }
        let msg = format!("bad operand type for unary ~: '{}'", self.type_name(v));
        self.raise("TypeError", msg)
    }

    /// `a op b` (and `a op= b`).
    pub(crate) fn binary_op(
        &mut self,
        a: Value,
        b: Value,
        op: B,
        inplace: bool,
    ) -> PyResult<Value> {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            let fast = match op {
                B::Add => x.checked_add(y),
                B::Subtract => x.checked_sub(y),
                B::Multiply => x.checked_mul(y),
                B::And => Some(x & y),
                B::Or => Some(x | y),
                B::Xor => Some(x ^ y),
                B::FloorDivide if y != 0 && !(x == i64::MIN && y == -1) => {
                    Some(Integer::div_floor(&x, &y))
                }
                B::Remainder if y != 0 && y != -1 => Some(Integer::mod_floor(&x, &y)),
                _ => None,
            };
            if let Some(r) = fast {
                return Ok(Value::Int(r));
            }
        }
        if let (Some(x), Some(y)) = (self.num(a), self.num(b)) {
            return self.numeric_op(x, y, op);
        }
        if (self.is_complex(a) || self.is_complex(b))
            && let Some(r) = self.complex_op(a, b, op)?
        {
            return Ok(r);
        }
        if let Some(r) = self.sequence_op(a, b, op, inplace)? {
            return Ok(r);
        }
        if let Some(r) = self.user_binary_op(a, b, op, inplace)? {
            return Ok(r);
        }
        if self.builtin_base(a).is_some() || self.builtin_base(b).is_some() {
            let (a, b) = (self.unwrap_builtin(a), self.unwrap_builtin(b));
            return self.binary_op(a, b, op, inplace);
        }
        let msg = format!(
            "unsupported operand type(s) for {}{}: '{}' and '{}'",
            op.symbol(),
            if inplace { "=" } else { "" },
            self.type_name(a),
            self.type_name(b)
        );
        self.raise("TypeError", msg)
    }

    fn user_binary_op(
        &mut self,
        a: Value,
        b: Value,
        op: B,
        inplace: bool,
    ) -> PyResult<Option<Value>> {
        if inplace
            && let Some(r) = self.call_user_special(a, op.inplace_dunder(), vec![b])?
            && r != Value::NotImplemented
        {
            return Ok(Some(r));
        }
        if let Some(r) = self.call_user_special(a, op.dunder(), vec![b])?
            && r != Value::NotImplemented
        {
            return Ok(Some(r));
        }
        if let Some(r) = self.call_user_special(b, op.reflected_dunder(), vec![a])?
            && r != Value::NotImplemented
        {
            return Ok(Some(r));
        }
        Ok(None)
    }

    fn numeric_op(&mut self, x: Num, y: Num, op: B) -> PyResult<Value> {
        match (x, y) {
            (Num::Int(x), Num::Int(y)) => self.int_op(&x, &y, op),
            (x, y) => {
                let to_f = |n: &Num| match n {
                    Num::Int(i) => i.to_f64().unwrap_or(f64::INFINITY),
                    Num::Float(f) => *f,
                };
                let (a, b) = (to_f(&x), to_f(&y));
                self.float_op(a, b, op)
            }
        }
    }

    fn int_op(&mut self, x: &BigInt, y: &BigInt, op: B) -> PyResult<Value> {
        let r = match op {
            B::Add => x + y,
            B::Subtract => x - y,
            B::Multiply => x * y,
            B::And => x & y,
            B::Or => x | y,
            B::Xor => x ^ y,
            B::FloorDivide => {
                if y.is_zero() {
                    return self.raise("ZeroDivisionError", "integer division or modulo by zero");
                }
                x.div_floor(y)
            }
            B::Remainder => {
                if y.is_zero() {
                    return self.raise("ZeroDivisionError", "integer modulo by zero");
                }
                x.mod_floor(y)
            }
            B::TrueDivide => {
                if y.is_zero() {
                    return self.raise("ZeroDivisionError", "division by zero");
                }
                return Ok(Value::Float(int_true_divide(x, y)));
            }
            B::Power => {
                if y.is_negative() {
                    let (a, b) = (
                        x.to_f64().unwrap_or(f64::INFINITY),
                        y.to_f64().unwrap_or(f64::NEG_INFINITY),
                    );
                    if a == 0.0 {
                        return self.raise(
                            "ZeroDivisionError",
                            "0.0 cannot be raised to a negative power",
                        );
                    }
                    return Ok(Value::Float(a.powf(b)));
                }
                let Some(e) = y.to_u32() else {
                    return self.raise("OverflowError", "exponent too large");
                };
                if x.bits().saturating_mul(u64::from(e)) > 1 << 24 {
                    return self.raise("MemoryError", "");
                }
                num_traits::pow(x.clone(), e as usize)
            }
            B::LeftShift => {
                if y.is_negative() {
                    return self.raise("ValueError", "negative shift count");
                }
                let Some(s) = y.to_u32().filter(|s| *s < 1 << 24) else {
                    return self.raise("OverflowError", "too many digits in integer");
                };
                x << s
            }
            B::RightShift => {
                if y.is_negative() {
                    return self.raise("ValueError", "negative shift count");
                }
                x >> y.to_u32().unwrap_or(u32::MAX).min(1 << 24)
            }
            B::MatrixMultiply => {
                return self.raise(
                    "TypeError",
                    "unsupported operand type(s) for @: 'int' and 'int'",
                );
            }
        };
        Ok(self.int_value(r))
    }

    fn float_op(&mut self, a: f64, b: f64, op: B) -> PyResult<Value> {
        let r = match op {
            B::Add => a + b,
            B::Subtract => a - b,
            B::Multiply => a * b,
            B::TrueDivide => {
                if b == 0.0 {
                    return self.raise("ZeroDivisionError", "float division by zero");
                }
                a / b
            }
            B::FloorDivide | B::Remainder => {
                if b == 0.0 {
                    let msg = if op == B::FloorDivide {
                        "float floor division by zero"
                    } else {
                        "float modulo"
                    };
                    return self.raise("ZeroDivisionError", msg);
                }
                let (d, m) = interleave_lang::numeric::float_divmod(a, b);
                if op == B::FloorDivide { d } else { m }
            }
            B::Power => {
                if a == 0.0 && b < 0.0 {
                    return self.raise(
                        "ZeroDivisionError",
                        "0.0 cannot be raised to a negative power",
                    );
                }
                a.powf(b)
            }
            _ => {
                let msg = format!(
                    "unsupported operand type(s) for {}: 'float' and 'float'",
                    op.symbol()
                );
                return self.raise("TypeError", msg);
            }
        };
        Ok(Value::Float(r))
    }

    fn sequence_op(&mut self, a: Value, b: Value, op: B, inplace: bool) -> PyResult<Option<Value>> {
        let (Value::Obj(ai), b_obj) = (a, b) else {
            if let (Some(n), Value::Obj(_)) = (self.as_i64(a), b)
                && op == B::Multiply
            {
                return self.sequence_op(b, Value::Int(n), op, inplace);
            }
            return Ok(None);
        };
        match (op, self.heap.get(ai)) {
            (B::Add, Object::Str(x)) if self.is_str(b) => {
                let s = format!("{x}{}", self.str_of(b));
                Ok(Some(self.new_str(s)))
            }
            (B::Add, Object::List(x)) => match b_obj {
                Value::Obj(bi) if matches!(self.heap.get(bi), Object::List(_)) => {
                    let x = x.clone();
                    let other = self.sequence_items(b)?;
                    if inplace {
                        if let Object::List(l) = self.heap.get_mut(ai) {
                            l.extend(other);
                        }
                        Ok(Some(a))
                    } else {
                        let mut items = x;
                        items.extend(other);
                        Ok(Some(self.new_list(items)))
                    }
                }
                _ if inplace => {
                    let other = self.collect_iterable(b)?;
                    if let Object::List(l) = self.heap.get_mut(ai) {
                        l.extend(other);
                    }
                    Ok(Some(a))
                }
                _ => Ok(None),
            },
            (B::Add, Object::Tuple(x)) => match b_obj {
                Value::Obj(bi) if matches!(self.heap.get(bi), Object::Tuple(_)) => {
                    let mut items = x.to_vec();
                    items.extend(self.sequence_items(b)?);
                    Ok(Some(self.new_tuple(items)))
                }
                _ => Ok(None),
            },
            (B::Multiply, Object::Str(_) | Object::List(_) | Object::Tuple(_)) => {
                let Some(n) = self.as_i64(b) else {
                    return Ok(None);
                };
                let n = usize::try_from(n.max(0)).unwrap_or(0);
                let size = self.len(a)?;
                if usize::try_from(size).unwrap_or(0).saturating_mul(n) > 100_000_000 {
                    return self.raise("MemoryError", "");
                }
                match self.heap.get(ai) {
                    Object::Str(s) => {
                        let r = s.repeat(n);
                        Ok(Some(self.new_str(r)))
                    }
                    Object::List(l) => {
                        let items: Vec<Value> =
                            l.iter().copied().cycle().take(l.len() * n).collect();
                        if inplace {
                            if let Object::List(l) = self.heap.get_mut(ai) {
                                *l = items;
                            }
                            Ok(Some(a))
                        } else {
                            Ok(Some(self.new_list(items)))
                        }
                    }
                    Object::Tuple(t) => {
                        let items: Vec<Value> =
                            t.iter().copied().cycle().take(t.len() * n).collect();
                        Ok(Some(self.new_tuple(items)))
                    }
                    _ => Ok(None),
                }
            }
            (B::Remainder, Object::Str(template)) => {
                let template = template.to_string();
                self.percent_format(&template, b).map(Some)
            }
            (B::Or | B::And | B::Subtract | B::Xor, Object::Set { .. }) => {
                self.set_operator(a, b, op, inplace).map(Some)
            }
            (B::Or, Object::Dict(_)) => {
                let d = self.new_dict();
                self.dict_update(d, a)?;
                self.dict_update(d, b)?;
                Ok(Some(d))
            }
            _ => Ok(None),
        }
    }

    /// `a op b` for rich comparisons.
    pub(crate) fn compare(&mut self, a: Value, b: Value, op: C) -> PyResult<Value> {
        match op {
            C::Equal => return self.eq(a, b).map(Value::Bool),
            C::NotEqual => return self.eq(a, b).map(|r| Value::Bool(!r)),
            _ => {}
        }
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            return Ok(Value::Bool(cmp_result(x.cmp(&y), op)));
        }
        if let Some(ord) = self.partial_order(a, b, op)? {
            return Ok(Value::Bool(cmp_result(ord, op)));
        }
        if matches!(a, Value::Float(f) if f.is_nan()) || matches!(b, Value::Float(f) if f.is_nan())
        {
            return Ok(Value::Bool(false));
        }
        if let Some(r) = self.call_user_special(a, op.dunder(), vec![b])?
            && r != Value::NotImplemented
        {
            return Ok(r);
        }
        if let Some(r) = self.call_user_special(b, op.swapped().dunder(), vec![a])?
            && r != Value::NotImplemented
        {
            return Ok(r);
        }
        if self.builtin_base(a).is_some() || self.builtin_base(b).is_some() {
            let (a, b) = (self.unwrap_builtin(a), self.unwrap_builtin(b));
            return self.compare(a, b, op);
        }
        let msg = format!(
            "'{}' not supported between instances of '{}' and '{}'",
            op.symbol(),
            self.type_name(a),
            self.type_name(b)
        );
        self.raise("TypeError", msg)
    }

    /// Ordering of two builtin values, if they are comparable natively.
    fn partial_order(&mut self, a: Value, b: Value, op: C) -> PyResult<Option<std::cmp::Ordering>> {
        self.nested("in comparison", |vm| vm.partial_order_inner(a, b, op))
    }

    fn partial_order_inner(
        &mut self,
        a: Value,
        b: Value,
        op: C,
    ) -> PyResult<Option<std::cmp::Ordering>> {
        if let (Some(x), Some(y)) = (self.num(a), self.num(b)) {
            return Ok(num_cmp(&x, &y));
        }
        if self.is_str(a) && self.is_str(b) {
            return Ok(Some(self.str_of(a).cmp(self.str_of(b))));
        }
        let (Value::Obj(ai), Value::Obj(bi)) = (a, b) else {
            return Ok(None);
        };
        let both_lists = matches!(
            (self.heap.get(ai), self.heap.get(bi)),
            (Object::List(_), Object::List(_))
        );
        let both_tuples = matches!(
            (self.heap.get(ai), self.heap.get(bi)),
            (Object::Tuple(_), Object::Tuple(_))
        );
        if both_lists || both_tuples {
            let xs = self.sequence_items(a)?;
            let ys = self.sequence_items(b)?;
            for (x, y) in xs.iter().zip(&ys) {
                if !self.eq(*x, *y)? {
                    let lt = self.compare(*x, *y, C::Less)?;
                    if self.truthy(lt)? {
                        return Ok(Some(std::cmp::Ordering::Less));
                    }
                    return Ok(Some(std::cmp::Ordering::Greater));
                }
            }
            return Ok(Some(xs.len().cmp(&ys.len())));
        }
        if let (Object::Set { set: x, .. }, Object::Set { set: y, .. }) =
            (self.heap.get(ai), self.heap.get(bi))
        {
            let (xs, ys): (Vec<_>, Vec<_>) = (x.entries().collect(), y.entries().collect());
            let x_in_y = self.all_in(&xs, bi)?;
            let y_in_x = self.all_in(&ys, ai)?;
            let _ = op;
            return Ok(Some(match (x_in_y, y_in_x) {
                (true, true) => std::cmp::Ordering::Equal,
                (true, false) => std::cmp::Ordering::Less,
                (false, true) => std::cmp::Ordering::Greater,
                (false, false) => return Ok(None),
            }));
        }
        Ok(None)
    }

    fn all_in(&mut self, items: &[(u64, Value)], set: ObjId) -> PyResult<bool> {
        for &(h, v) in items {
            if !self.set_contains_hashed(set, h, v)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Runs `f` one level deeper in a recursive native operation (comparing
    /// or hashing nested containers), raising `RecursionError` as CPython
    /// does instead of exhausting the Rust stack.
    fn nested<T>(&mut self, what: &str, f: impl FnOnce(&mut Self) -> PyResult<T>) -> PyResult<T> {
        if self.native_nesting >= crate::RECURSION_LIMIT {
            return self.raise(
                "RecursionError",
                format!("maximum recursion depth exceeded {what}"),
            );
        }
        self.native_nesting += 1;
        let result = stacker::maybe_grow(64 * 1024, 1 << 20, || f(self));
        self.native_nesting -= 1;
        result
    }

    /// `a == b`.
    pub(crate) fn eq(&mut self, a: Value, b: Value) -> PyResult<bool> {
        if let (Value::Obj(_), Value::Obj(_)) = (a, b) {
            return self.nested("in comparison", |vm| vm.eq_objects(a, b));
        }
        self.eq_objects(a, b)
    }

    fn eq_objects(&mut self, a: Value, b: Value) -> PyResult<bool> {
        if (self.is_complex(a) || self.is_complex(b))
            && let (Some(x), Some(y)) = (self.as_complex(a), self.as_complex(b))
        {
            return Ok(x == y);
        }
        if a.is(b) && !matches!(a, Value::Float(f) if f.is_nan()) {
            return Ok(true);
        }
        if let (Some(x), Some(y)) = (self.num(a), self.num(b)) {
            return Ok(num_cmp(&x, &y) == Some(std::cmp::Ordering::Equal));
        }
        let (Value::Obj(ai), Value::Obj(bi)) = (a, b) else {
            return self.user_eq(a, b);
        };
        match (self.heap.get(ai), self.heap.get(bi)) {
            (Object::Str(x), Object::Str(y)) => Ok(x == y),
            (Object::Bytes(x), Object::Bytes(y)) => Ok(x == y),
            (Object::List(_), Object::List(_)) | (Object::Tuple(_), Object::Tuple(_)) => {
                let xs = self.sequence_items(a)?;
                let ys = self.sequence_items(b)?;
                if xs.len() != ys.len() {
                    return Ok(false);
                }
                for (x, y) in xs.into_iter().zip(ys) {
                    if !self.eq(x, y)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            (Object::Dict(x), Object::Dict(y)) => {
                if x.len() != y.len() {
                    return Ok(false);
                }
                let entries: Vec<_> = x.iter().collect();
                for e in entries {
                    match self.dict_get(bi, e.key)? {
                        Some(v) if self.eq(v, e.value)? => {}
                        _ => return Ok(false),
                    }
                }
                Ok(true)
            }
            (Object::Set { set: x, .. }, Object::Set { set: y, .. }) => {
                if x.len() != y.len() {
                    return Ok(false);
                }
                let xs: Vec<_> = x.entries().collect();
                self.all_in(&xs, bi)
            }
            (
                Object::Range {
                    start: s1,
                    stop: e1,
                    step: t1,
                },
                Object::Range {
                    start: s2,
                    stop: e2,
                    step: t2,
                },
            ) => Ok((s1, e1, t1) == (s2, e2, t2)),
            _ => self.user_eq(a, b),
        }
    }

    fn user_eq(&mut self, a: Value, b: Value) -> PyResult<bool> {
        if let Some(r) = self.call_user_special(a, "__eq__", vec![b])?
            && r != Value::NotImplemented
        {
            return self.truthy(r);
        }
        if let Some(r) = self.call_user_special(b, "__eq__", vec![a])?
            && r != Value::NotImplemented
        {
            return self.truthy(r);
        }
        if self.builtin_base(a).is_some() || self.builtin_base(b).is_some() {
            let (a, b) = (self.unwrap_builtin(a), self.unwrap_builtin(b));
            return self.eq(a, b);
        }
        Ok(a.is(b))
    }

    /// The builtin value an instance of a user subclass of a builtin type
    /// (`class MyList(list)`) extends.
    pub(crate) fn builtin_base(&self, v: Value) -> Option<Value> {
        match v {
            Value::Obj(id) => match self.heap.get(id) {
                Object::Instance(i) => i.base,
                _ => None,
            },
            _ => None,
        }
    }

    /// `v`, or the builtin value it extends.
    pub(crate) fn unwrap_builtin(&self, v: Value) -> Value {
        self.builtin_base(v).unwrap_or(v)
    }

    /// `sub[key]` for a builtin subclass: the builtin's lookup, then
    /// `__missing__` for dict subclasses, as `dict.__getitem__` does.
    fn base_get_item(&mut self, container: Value, base: Value, key: Value) -> PyResult<Value> {
        match self.get_item(base, key) {
            Err(VmError::Exception(e)) if self.is_instance_of_name(e, "KeyError") => {
                match self.call_user_special(container, "__missing__", vec![key])? {
                    Some(v) => Ok(v),
                    None => Err(VmError::Exception(e)),
                }
            }
            other => other,
        }
    }

    /// `hash(v)`.
    pub(crate) fn hash(&mut self, v: Value) -> PyResult<u64> {
        Ok(match v {
            Value::Null | Value::None => 0xFCA8_6420,
            Value::Bool(b) => u64::from(b),
            Value::Int(i) => int_hash(i),
            Value::Float(f) => float_hash(f),
            Value::NotImplemented => 0xFCA8_6421,
            Value::Ellipsis => 0xFCA8_6422,
            Value::Obj(id) => match self.heap.get(id) {
                Object::Str(s) => str_hash(s),
                Object::Complex { re, im } => {
                    let h = float_hash(*re).wrapping_add(float_hash(*im).wrapping_mul(1_000_003));
                    if h == u64::MAX { h - 1 } else { h }
                }
                Object::Bytes(b) => str_hash(&String::from_utf8_lossy(b)),
                Object::BigInt(b) => {
                    let m = BigInt::from(HASH_MODULUS);
                    let r = (b.abs() % &m).to_u64().unwrap_or(0);
                    #[allow(clippy::cast_sign_loss, clippy::cast_possible_wrap)]
                    if b.is_negative() {
                        (-(r as i64)) as u64
                    } else {
                        r
                    }
                }
                Object::Tuple(items) => {
                    let items = items.to_vec();
                    let mut acc: u64 = 0x27D4_EB2F_1656_67C5;
                    for item in items {
                        let h = self.nested("while hashing", |vm| vm.hash(item))?;
                        acc = acc.wrapping_add(h.wrapping_mul(0xC2B2_AE3D_27D4_EB4F));
                        acc = acc.rotate_left(31).wrapping_mul(0x9E37_79B1_85EB_CA87);
                    }
                    acc
                }
                Object::List(_) | Object::Dict(_) | Object::Set { frozen: false, .. } => {
                    let msg = format!("unhashable type: '{}'", self.type_name(v));
                    return self.raise("TypeError", msg);
                }
                Object::Instance(_) => {
                    if self.user_special(v, "__hash__") == Some(Value::None) {
                        let msg = format!("unhashable type: '{}'", self.type_name(v));
                        return self.raise("TypeError", msg);
                    }
                    if let Some(r) = self.call_user_special(v, "__hash__", Vec::new())? {
                        let Some(i) = self.as_bigint(r) else {
                            return self
                                .raise("TypeError", "__hash__ method should return an integer");
                        };
                        return Ok(int_hash(i.to_i64().unwrap_or(0)));
                    }
                    if let Some(base) = self.builtin_base(v) {
                        return self.hash(base);
                    }
                    identity_hash(id)
                }
                _ => identity_hash(id),
            },
        })
    }

    // ---- containers -----------------------------------------------------

    /// `len(v)`.
    pub(crate) fn len(&mut self, v: Value) -> PyResult<i64> {
        let n = match v {
            Value::Obj(id) => match self.heap.get(id) {
                Object::Str(s) => s.chars().count(),
                Object::Bytes(b) => b.len(),
                Object::List(l) => l.len(),
                Object::Tuple(t) => t.len(),
                Object::Dict(d) => d.len(),
                Object::Set { set, .. } => set.len(),
                Object::Range { start, stop, step } => return Ok(range_len(*start, *stop, *step)),
                Object::Instance(_) => {
                    if let Some(r) = self.call_user_special(v, "__len__", Vec::new())? {
                        return Ok(self.as_i64(r).unwrap_or(0));
                    }
                    if let Some(base) = self.builtin_base(v) {
                        return self.len(base);
                    }
                    usize::MAX
                }
                _ => usize::MAX,
            },
            _ => usize::MAX,
        };
        if n == usize::MAX {
            let msg = format!("object of type '{}' has no len()", self.type_name(v));
            return self.raise("TypeError", msg);
        }
        Ok(i64::try_from(n).unwrap_or(i64::MAX))
    }

    /// Items of a list or tuple (copied).
    pub(crate) fn sequence_items(&mut self, v: Value) -> PyResult<Vec<Value>> {
        let v = self.unwrap_builtin(v);
        if let Value::Obj(id) = v {
            match self.heap.get(id) {
                Object::List(l) => return Ok(l.clone()),
                Object::Tuple(t) => return Ok(t.to_vec()),
                _ => {}
            }
        }
        self.collect_iterable(v)
    }

    /// Every item of an iterable.
    pub(crate) fn collect_iterable(&mut self, v: Value) -> PyResult<Vec<Value>> {
        let v = self.unwrap_builtin(v);
        if let Value::Obj(id) = v {
            match self.heap.get(id) {
                Object::List(l) => return Ok(l.clone()),
                Object::Tuple(t) => return Ok(t.to_vec()),
                Object::Dict(d) => return Ok(d.iter().map(|e| e.key).collect()),
                Object::Set { set, .. } => return Ok(set.entries().map(|(_, k)| k).collect()),
                _ => {}
            }
        }
        let it = self.get_iter(v)?;
        let mut out = Vec::new();
        while let Some(x) = self.iter_next(it)? {
            out.push(x);
        }
        Ok(out)
    }

    /// Item `index` of a list, tuple or str (by char) for iterators.
    pub(crate) fn seq_item_at(&mut self, seq: ObjId, index: usize) -> Option<Value> {
        match self.heap.get(seq) {
            Object::List(l) => l.get(index).copied(),
            Object::Tuple(t) => t.get(index).copied(),
            Object::Str(s) => {
                let c = s.chars().nth(index)?;
                Some(self.new_str(c.to_string()))
            }
            Object::Bytes(b) => b.get(index).map(|&x| Value::Int(i64::from(x))),
            _ => None,
        }
    }

    /// `iter(v)`.
    pub(crate) fn get_iter(&mut self, v: Value) -> PyResult<Value> {
        let state = if let Value::Obj(id) = v {
            match self.heap.get(id) {
                Object::List(_) | Object::Tuple(_) | Object::Str(_) | Object::Bytes(_) => {
                    Iter::Seq { seq: id, index: 0 }
                }
                Object::Range { start, stop, step } => Iter::Range {
                    next: *start,
                    stop: *stop,
                    step: *step,
                },
                Object::Dict(d) => Iter::Dict {
                    dict: id,
                    slot: 0,
                    kind: DictIterKind::Keys,
                    len: d.len(),
                },
                Object::Set { set, .. } => Iter::Set {
                    set: id,
                    slot: 0,
                    len: set.len(),
                },
                Object::Iter(_) | Object::Generator(_) => return Ok(v),
                Object::Instance(_) => {
                    if let Some(r) = self.call_user_special(v, "__iter__", Vec::new())? {
                        return Ok(r);
                    }
                    if let Some(base) = self.builtin_base(v) {
                        return self.get_iter(base);
                    }
                    if self.user_special(v, "__getitem__").is_some() {
                        return Ok(self.alloc(Object::Iter(Iter::GetItem { obj: v, index: 0 })));
                    }
                    let msg = format!("'{}' object is not iterable", self.type_name(v));
                    return self.raise("TypeError", msg);
                }
                _ => {
                    let msg = format!("'{}' object is not iterable", self.type_name(v));
                    return self.raise("TypeError", msg);
                }
            }
        } else {
            let msg = format!("'{}' object is not iterable", self.type_name(v));
            return self.raise("TypeError", msg);
        };
        Ok(self.alloc(Object::Iter(state)))
    }

    pub(crate) fn dict_iter_next(
        &mut self,
        it: ObjId,
        dict: ObjId,
        mut slot: usize,
        kind: DictIterKind,
        len: usize,
    ) -> PyResult<Option<Value>> {
        let Object::Dict(d) = self.heap.get(dict) else {
            return Ok(None);
        };
        if d.len() != len {
            return self.raise("RuntimeError", "dictionary changed size during iteration");
        }
        while slot < d.slot_count() {
            if let Some(e) = d.slot(slot) {
                if let Object::Iter(Iter::Dict { slot: s, .. }) = self.heap.get_mut(it) {
                    *s = slot + 1;
                }
                return Ok(Some(match kind {
                    DictIterKind::Keys => e.key,
                    DictIterKind::Values => e.value,
                    DictIterKind::Items => self.new_tuple(vec![e.key, e.value]),
                }));
            }
            slot += 1;
        }
        self.set_iter_exhausted(it);
        Ok(None)
    }

    pub(crate) fn set_iter_next(
        &mut self,
        it: ObjId,
        set: ObjId,
        mut slot: usize,
        len: usize,
    ) -> PyResult<Option<Value>> {
        let Object::Set { set: s, .. } = self.heap.get(set) else {
            return Ok(None);
        };
        if s.len() != len {
            return self.raise("RuntimeError", "Set changed size during iteration");
        }
        while slot < s.slot_count() {
            if let Some(v) = s.slot(slot) {
                if let Object::Iter(Iter::Set { slot: cur, .. }) = self.heap.get_mut(it) {
                    *cur = slot + 1;
                }
                return Ok(Some(v));
            }
            slot += 1;
        }
        self.set_iter_exhausted(it);
        Ok(None)
    }

    fn set_iter_exhausted(&mut self, it: ObjId) {
        if let Object::Iter(state) = self.heap.get_mut(it) {
            *state = Iter::Exhausted;
        }
    }

    /// `item in container`.
    pub(crate) fn contains(&mut self, container: Value, item: Value) -> PyResult<bool> {
        if let Value::Obj(id) = container {
            match self.heap.get(id) {
                Object::Str(s) => {
                    if !self.is_str(item) {
                        let msg = format!(
                            "'in <string>' requires string as left operand, not {}",
                            self.type_name(item)
                        );
                        return self.raise("TypeError", msg);
                    }
                    return Ok(s.contains(self.str_of(item)));
                }
                Object::Dict(_) => return Ok(self.dict_get(id, item)?.is_some()),
                Object::Set { .. } => {
                    let h = self.hash(item)?;
                    return self.set_contains_hashed(id, h, item);
                }
                Object::Range { start, stop, step } => {
                    let (start, stop, step) = (*start, *stop, *step);
                    let Some(i) = self.as_i64(item) else {
                        return Ok(false);
                    };
                    let inside = if step > 0 {
                        i >= start && i < stop
                    } else {
                        i <= start && i > stop
                    };
                    return Ok(inside && (i - start) % step == 0);
                }
                Object::Instance(_) => {
                    if let Some(r) =
                        self.call_user_special(container, "__contains__", vec![item])?
                    {
                        return self.truthy(r);
                    }
                    if let Some(base) = self.builtin_base(container) {
                        return self.contains(base, item);
                    }
                }
                _ => {}
            }
        }
        let items = self.collect_iterable(container)?;
        for x in items {
            if self.eq(x, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Normalises an index into `0..len`.
    fn index(&mut self, key: Value, len: usize, what: &str) -> PyResult<usize> {
        let Some(i) = self.as_i64(key) else {
            let msg = format!(
                "{what} indices must be integers or slices, not {}",
                self.type_name(key)
            );
            return self.raise("TypeError", msg);
        };
        let n = i64::try_from(len).unwrap_or(i64::MAX);
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            let msg = format!("{what} index out of range");
            return self.raise("IndexError", msg);
        }
        Ok(usize::try_from(j).unwrap_or(0))
    }

    /// `(start, stop, step)` of a slice applied to a length, as `slice.indices`.
    pub(crate) fn slice_indices(&mut self, slice: ObjId, len: usize) -> PyResult<(i64, i64, i64)> {
        let Object::Slice { start, stop, step } = *self.heap.get(slice) else {
            unreachable!("checked")
        };
        let len = i64::try_from(len).unwrap_or(i64::MAX);
        let step = if step == Value::None {
            1
        } else {
            self.as_i64(step).unwrap_or(1)
        };
        if step == 0 {
            return self.raise("ValueError", "slice step cannot be zero");
        }
        let clamp = |v: Value, default: i64, this: &Self| -> i64 {
            if v == Value::None {
                return default;
            }
            let i = this.as_i64(v).unwrap_or(0);
            if i < 0 {
                let j = i + len;
                if j < 0 {
                    if step < 0 { -1 } else { 0 }
                } else {
                    j
                }
            } else if i >= len {
                if step < 0 { len - 1 } else { len }
            } else {
                i
            }
        };
        let (ds, de) = if step < 0 { (len - 1, -1) } else { (0, len) };
        Ok((clamp(start, ds, self), clamp(stop, de, self), step))
    }

    fn slice_positions(&mut self, slice: ObjId, len: usize) -> PyResult<Vec<usize>> {
        let (start, stop, step) = self.slice_indices(slice, len)?;
        let mut out = Vec::new();
        let mut i = start;
        while (step > 0 && i < stop) || (step < 0 && i > stop) {
            out.push(usize::try_from(i).unwrap_or(0));
            i += step;
        }
        Ok(out)
    }

    fn is_slice(&self, v: Value) -> Option<ObjId> {
        match v {
            Value::Obj(id) if matches!(self.heap.get(id), Object::Slice { .. }) => Some(id),
            _ => None,
        }
    }

    /// `container[key]`.
    pub(crate) fn get_item(&mut self, container: Value, key: Value) -> PyResult<Value> {
        let Value::Obj(id) = container else {
            let msg = format!(
                "'{}' object is not subscriptable",
                self.type_name(container)
            );
            return self.raise("TypeError", msg);
        };
        if let Some(slice) = self.is_slice(key) {
            return self.get_slice(id, slice);
        }
        match self.heap.get(id) {
            Object::List(l) => {
                let len = l.len();
                let i = self.index(key, len, "list")?;
                let Object::List(l) = self.heap.get(id) else {
                    unreachable!()
                };
                let v = l[i];
                self.record_read(
                    Location::Item {
                        container: id,
                        key: KeyId::Int(i64::try_from(i).unwrap_or(0)),
                    },
                    v,
                );
                Ok(v)
            }
            Object::Tuple(t) => {
                let len = t.len();
                let i = self.index(key, len, "tuple")?;
                let Object::Tuple(t) = self.heap.get(id) else {
                    unreachable!()
                };
                Ok(t[i])
            }
            Object::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                let i = self.index(key, chars.len(), "string")?;
                Ok(self.new_str(chars[i].to_string()))
            }
            Object::Bytes(b) => {
                let bytes = b.clone();
                let i = self.index(key, bytes.len(), "index")?;
                Ok(Value::Int(i64::from(bytes[i])))
            }
            Object::Range { start, step, .. } => {
                let (start, step) = (*start, *step);
                let len = usize::try_from(self.len(container)?).unwrap_or(0);
                let i = self.index(key, len, "range object")?;
                Ok(Value::Int(start + step * i64::try_from(i).unwrap_or(0)))
            }
            Object::Dict(_) => {
                if let Some(v) = self.dict_get(id, key)? {
                    self.record_read(
                        Location::Item {
                            container: id,
                            key: KeyId::of(key),
                        },
                        v,
                    );
                    Ok(v)
                } else {
                    let class = self.types.exception("KeyError");
                    Err(VmError::Exception(self.new_exception(class, vec![key])))
                }
            }
            Object::Class(_) => Ok(container),
            Object::Instance(_) => {
                if let Some(v) = self.call_user_special(container, "__getitem__", vec![key])? {
                    Ok(v)
                } else if let Some(base) = self.builtin_base(container) {
                    self.base_get_item(container, base, key)
                } else {
                    let msg = format!(
                        "'{}' object is not subscriptable",
                        self.type_name(container)
                    );
                    self.raise("TypeError", msg)
                }
            }
            _ => {
                let msg = format!(
                    "'{}' object is not subscriptable",
                    self.type_name(container)
                );
                self.raise("TypeError", msg)
            }
        }
    }

    fn get_slice(&mut self, id: ObjId, slice: ObjId) -> PyResult<Value> {
        match self.heap.get(id) {
            Object::List(l) => {
                let items = l.clone();
                let pos = self.slice_positions(slice, items.len())?;
                Ok(self.new_list(pos.into_iter().map(|i| items[i]).collect()))
            }
            Object::Tuple(t) => {
                let items = t.to_vec();
                let pos = self.slice_positions(slice, items.len())?;
                Ok(self.new_tuple(pos.into_iter().map(|i| items[i]).collect()))
            }
            Object::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                let pos = self.slice_positions(slice, chars.len())?;
                Ok(self.new_str(pos.into_iter().map(|i| chars[i]).collect::<String>()))
            }
            Object::Bytes(b) => {
                let bytes = b.clone();
                let pos = self.slice_positions(slice, bytes.len())?;
                let sliced: Vec<u8> = pos.into_iter().map(|i| bytes[i]).collect();
                Ok(self.alloc(Object::Bytes(sliced.into_boxed_slice())))
            }
            Object::Range { start, step, .. } => {
                let (start, rstep) = (*start, *step);
                let len = usize::try_from(self.len(Value::Obj(id))?).unwrap_or(0);
                let (s, e, st) = self.slice_indices(slice, len)?;
                Ok(self.alloc(Object::Range {
                    start: start + s * rstep,
                    stop: start + e * rstep,
                    step: st * rstep,
                }))
            }
            _ => {
                let v = Value::Obj(id);
                let s = Value::Obj(slice);
                if let Some(r) = self.call_user_special(v, "__getitem__", vec![s])? {
                    Ok(r)
                } else {
                    let msg = format!("'{}' object is not subscriptable", self.type_name(v));
                    self.raise("TypeError", msg)
                }
            }
        }
    }

    /// `container[key] = value`.
    pub(crate) fn set_item(&mut self, container: Value, key: Value, value: Value) -> PyResult<()> {
        let Value::Obj(id) = container else {
            return self.unsupported_item(container, "assignment");
        };
        match self.heap.get(id) {
            Object::List(l) => {
                let len = l.len();
                if let Some(slice) = self.is_slice(key) {
                    let items = self.collect_iterable(value)?;
                    let (start, stop, step) = self.slice_indices(slice, len)?;
                    if step == 1 {
                        let start = usize::try_from(start).unwrap_or(0);
                        let stop = usize::try_from(stop.max(start as i64)).unwrap_or(0);
                        if let Object::List(l) = self.heap.get_mut(id) {
                            l.splice(start..stop, items);
                        }
                        return Ok(());
                    }
                    let pos = self.slice_positions(slice, len)?;
                    if pos.len() != items.len() {
                        let msg = format!(
                            "attempt to assign sequence of size {} to extended slice of size {}",
                            items.len(),
                            pos.len()
                        );
                        return self.raise("ValueError", msg);
                    }
                    if let Object::List(l) = self.heap.get_mut(id) {
                        for (p, v) in pos.into_iter().zip(items) {
                            l[p] = v;
                        }
                    }
                    return Ok(());
                }
                let i = self.index(key, len, "list assignment")?;
                let mut old = Value::Null;
                if let Object::List(l) = self.heap.get_mut(id) {
                    old = std::mem::replace(&mut l[i], value);
                }
                let key = KeyId::Int(i64::try_from(i).unwrap_or(0));
                self.record_write(Location::Item { container: id, key }, old, value);
                Ok(())
            }
            Object::Dict(_) => {
                let old = self.dict_replace(id_value(id), key, value)?;
                self.record_write(
                    Location::Item {
                        container: id,
                        key: KeyId::of(key),
                    },
                    old.unwrap_or(Value::Null),
                    value,
                );
                Ok(())
            }
            Object::Instance(_) => {
                match self.call_user_special(container, "__setitem__", vec![key, value])? {
                    Some(_) => Ok(()),
                    None => match self.builtin_base(container) {
                        Some(base) => self.set_item(base, key, value),
                        None => self.unsupported_item(container, "assignment"),
                    },
                }
            }
            _ => self.unsupported_item(container, "assignment"),
        }
    }

    /// `TypeError: 'T' object does not support item {what}`.
    fn unsupported_item<T>(&mut self, container: Value, what: &str) -> PyResult<T> {
        let msg = format!(
            "'{}' object does not support item {what}",
            self.type_name(container)
        );
        self.raise("TypeError", msg)
    }

    /// `del container[key]`.
    pub(crate) fn del_item(&mut self, container: Value, key: Value) -> PyResult<()> {
        let Value::Obj(id) = container else {
            return self.unsupported_item(container, "deletion");
        };
        match self.heap.get(id) {
            Object::List(l) => {
                let len = l.len();
                if let Some(slice) = self.is_slice(key) {
                    let pos = self.slice_positions(slice, len)?;
                    if let Object::List(l) = self.heap.get_mut(id) {
                        for p in pos.into_iter().rev() {
                            l.remove(p);
                        }
                    }
                    return Ok(());
                }
                let i = self.index(key, len, "list assignment")?;
                if let Object::List(l) = self.heap.get_mut(id) {
                    l.remove(i);
                }
                Ok(())
            }
            Object::Dict(_) => {
                if self.dict_remove(id, key)?.is_none() {
                    let class = self.types.exception("KeyError");
                    return Err(VmError::Exception(self.new_exception(class, vec![key])));
                }
                Ok(())
            }
            Object::Instance(_) => {
                match self.call_user_special(container, "__delitem__", vec![key])? {
                    Some(_) => Ok(()),
                    None => match self.builtin_base(container) {
                        Some(base) => self.del_item(base, key),
                        None => self.unsupported_item(container, "deletion"),
                    },
                }
            }
            _ => self.unsupported_item(container, "deletion"),
        }
    }

    // ---- dict storage ---------------------------------------------------

    /// A new empty dict.
    pub(crate) fn new_dict(&mut self) -> Value {
        self.alloc(Object::Dict(Dict::new()))
    }

    /// A dict from `k1, v1, k2, v2, ...`.
    pub(crate) fn new_dict_from_pairs(&mut self, pairs: &[Value]) -> PyResult<Value> {
        let d = self.new_dict();
        for kv in pairs.chunks(2) {
            self.dict_set(d, kv[0], kv[1])?;
        }
        Ok(d)
    }

    fn find_key(&mut self, dict: ObjId, hash: u64, key: Value) -> PyResult<Option<usize>> {
        let Object::Dict(d) = self.heap.get(dict) else {
            return Ok(None);
        };
        let candidates: Vec<usize> = d.candidates(hash).collect();
        for i in candidates {
            let Object::Dict(d) = self.heap.get(dict) else {
                return Ok(None);
            };
            let k = d.entry(i).key;
            if k.is(key) || self.eq(k, key)? {
                return Ok(Some(i));
            }
        }
        Ok(None)
    }

    /// `d.get(key)`.
    pub(crate) fn dict_get(&mut self, dict: ObjId, key: Value) -> PyResult<Option<Value>> {
        let hash = self.hash(key)?;
        Ok(self
            .find_key(dict, hash, key)?
            .and_then(|i| match self.heap.get(dict) {
                Object::Dict(d) => Some(d.entry(i).value),
                _ => None,
            }))
    }

    /// `d[key] = value`.
    pub(crate) fn dict_set(&mut self, dict: Value, key: Value, value: Value) -> PyResult<()> {
        self.dict_replace(dict, key, value).map(|_| ())
    }

    /// `d[key] = value`, returning the previous value.
    pub(crate) fn dict_replace(
        &mut self,
        dict: Value,
        key: Value,
        value: Value,
    ) -> PyResult<Option<Value>> {
        let Value::Obj(id) = dict else {
            return Ok(None);
        };
        let hash = self.hash(key)?;
        let found = self.find_key(id, hash, key)?;
        let Object::Dict(d) = self.heap.get_mut(id) else {
            return Ok(None);
        };
        Ok(if let Some(i) = found {
            let old = d.entry(i).value;
            d.set_value(i, value);
            Some(old)
        } else {
            d.insert_new(hash, key, value);
            None
        })
    }

    /// `d.pop(key, None)`.
    pub(crate) fn dict_remove(&mut self, dict: ObjId, key: Value) -> PyResult<Option<Value>> {
        let hash = self.hash(key)?;
        let found = self.find_key(dict, hash, key)?;
        Ok(match (found, self.heap.get_mut(dict)) {
            (Some(i), Object::Dict(d)) => d.remove_at(i).map(|e| e.value),
            _ => None,
        })
    }

    /// Lookup by a str key (names): no Python code can run.
    pub(crate) fn dict_get_str(&self, dict: ObjId, key: Value) -> Option<Value> {
        let Object::Dict(d) = self.heap.get(dict) else {
            return None;
        };
        let name = self.str_of(key);
        let hash = str_hash(name);
        d.find(hash, |k| {
            k.is(key) || self.str_of(k) == name && self.is_str(k)
        })
        .map(|i| d.entry(i).value)
    }

    /// [`Vm::dict_get_str`] for an interned name, through the name cache
    /// (which remembers misses too).
    pub(crate) fn dict_get_name(&mut self, dict: ObjId, name: Value) -> Option<Value> {
        let Value::Obj(name_id) = name else {
            return self.dict_get_str(dict, name);
        };
        let Object::Dict(d) = self.heap.get(dict) else {
            return None;
        };
        match self.names.lookup(dict, d, name_id) {
            Cached::Found(i) => return Some(d.entry(i).value),
            Cached::Absent => return None,
            Cached::Unknown => {}
        }
        let text = self.str_of(name);
        let found = d.find(str_hash(text), |k| {
            k.is(name) || (self.is_str(k) && self.str_of(k) == text)
        });
        if let Some(i) = found {
            let value = d.entry(i).value;
            self.names.remember(dict, name_id, i);
            Some(value)
        } else {
            self.names.remember_absent(dict, d, name_id);
            None
        }
    }

    /// [`Vm::dict_set_str`] for an interned name, through the name cache.
    pub(crate) fn dict_set_name(
        &mut self,
        dict: ObjId,
        name: Value,
        value: Value,
    ) -> Option<Value> {
        if let Value::Obj(name_id) = name
            && let Object::Dict(d) = self.heap.get(dict)
            && let Some(i) = self.names.find(dict, d, name_id)
            && let Object::Dict(d) = self.heap.get_mut(dict)
        {
            let old = d.entry(i).value;
            d.set_value(i, value);
            return Some(old);
        }
        self.dict_set_str(dict, name, value)
    }

    /// Store by a str key (names); returns the previous value.
    pub(crate) fn dict_set_str(&mut self, dict: ObjId, key: Value, value: Value) -> Option<Value> {
        let name = self.str_of(key);
        let hash = str_hash(name);
        let Object::Dict(d) = self.heap.get(dict) else {
            return None;
        };
        let found = d.find(hash, |k| {
            k.is(key) || (self.is_str(k) && self.str_of(k) == name)
        });
        let Object::Dict(d) = self.heap.get_mut(dict) else {
            return None;
        };
        if let Some(i) = found {
            let old = d.entry(i).value;
            d.set_value(i, value);
            Some(old)
        } else {
            d.insert_new(hash, key, value);
            None
        }
    }

    /// Delete by a str key; `false` if absent.
    pub(crate) fn dict_del_str(&mut self, dict: ObjId, key: Value) -> bool {
        let name = self.str_of(key);
        let hash = str_hash(name);
        let Object::Dict(d) = self.heap.get(dict) else {
            return false;
        };
        let found = d.find(hash, |k| {
            k.is(key) || (self.is_str(k) && self.str_of(k) == name)
        });
        match (found, self.heap.get_mut(dict)) {
            (Some(i), Object::Dict(d)) => d.remove_at(i).is_some(),
            _ => false,
        }
    }

    /// `d.update(other)` for a dict or an iterable of pairs.
    pub(crate) fn dict_update(&mut self, d: Value, other: Value) -> PyResult<()> {
        if let Value::Obj(o) = other
            && let Object::Dict(src) = self.heap.get(o)
        {
            let entries: Vec<_> = src.iter().collect();
            for e in entries {
                self.dict_set(d, e.key, e.value)?;
            }
            return Ok(());
        }
        for pair in self.collect_iterable(other)? {
            let kv = self.sequence_items(pair)?;
            if kv.len() != 2 {
                let msg = format!(
                    "dictionary update sequence element has length {}; 2 is required",
                    kv.len()
                );
                return self.raise("ValueError", msg);
            }
            self.dict_set(d, kv[0], kv[1])?;
        }
        Ok(())
    }

    /// `f(**m)`: merges keyword arguments, rejecting duplicates like CPython.
    pub(crate) fn dict_merge(&mut self, func: Value, d: Value, other: Value) -> PyResult<()> {
        let Value::Obj(target) = d else { return Ok(()) };
        let entries: Vec<(Value, Value)> = match other {
            Value::Obj(o) if matches!(self.heap.get(o), Object::Dict(_)) => {
                let Object::Dict(src) = self.heap.get(o) else {
                    unreachable!()
                };
                src.iter().map(|e| (e.key, e.value)).collect()
            }
            _ => {
                let msg = format!(
                    "{} argument after ** must be a mapping, not {}",
                    self.function_str(func),
                    self.type_name(other)
                );
                return self.raise("TypeError", msg);
            }
        };
        for (k, v) in entries {
            if !self.is_str(k) {
                return self.raise("TypeError", "keywords must be strings");
            }
            if self.dict_get(target, k)?.is_some() {
                let msg = format!(
                    "{} got multiple values for keyword argument '{}'",
                    self.function_str(func),
                    self.str_of(k)
                );
                return self.raise("TypeError", msg);
            }
            self.dict_set(d, k, v)?;
        }
        Ok(())
    }

    /// CPython's `_PyObject_FunctionStr`: `module.qualname()` for functions.
    fn function_str(&mut self, func: Value) -> String {
        match func {
            Value::Obj(id) => match self.heap.get(id) {
                Object::Function(f) => {
                    let (globals, qualname) = (f.globals, f.qualname.clone());
                    format!("{}.{qualname}()", self.function_module(globals))
                }
                Object::Native { func, .. } => format!("{}()", func.name),
                Object::Class(_) => format!("{}()", self.qualified_class_name(id)),
                _ => format!("{} object", self.type_name(func)),
            },
            _ => format!("{} object", self.type_name(func)),
        }
    }

    // ---- set storage ----------------------------------------------------

    /// A new set (or frozenset) of `items`.
    pub(crate) fn new_set(&mut self, items: Vec<Value>, frozen: bool) -> PyResult<Value> {
        let s = self.alloc(Object::Set {
            set: Set::new(),
            frozen,
        });
        for v in items {
            self.set_add(s, v)?;
        }
        Ok(s)
    }

    /// `s.add(v)`.
    pub(crate) fn set_add(&mut self, set: Value, v: Value) -> PyResult<()> {
        let Value::Obj(id) = set else { return Ok(()) };
        let hash = self.hash(v)?;
        self.with_set(id, |vm, s| {
            s.insert(hash, v, &mut |a, b| vm.eq(a, b).unwrap_or(false));
        });
        Ok(())
    }

    /// `v in s` with a precomputed hash.
    pub(crate) fn set_contains_hashed(
        &mut self,
        set: ObjId,
        hash: u64,
        v: Value,
    ) -> PyResult<bool> {
        let mut found = false;
        self.with_set(set, |vm, s| {
            found = s.contains(hash, v, &mut |a, b| vm.eq(a, b).unwrap_or(false));
        });
        Ok(found)
    }

    /// `s.discard(v)`; returns whether it was present.
    pub(crate) fn set_discard(&mut self, set: ObjId, v: Value) -> PyResult<bool> {
        let hash = self.hash(v)?;
        let mut removed = false;
        self.with_set(set, |vm, s| {
            removed = s.remove(hash, v, &mut |a, b| vm.eq(a, b).unwrap_or(false));
        });
        Ok(removed)
    }

    /// Runs `f` with the set's storage taken out of the heap (so equality
    /// checks may read other objects).
    fn with_set(&mut self, id: ObjId, f: impl FnOnce(&mut Self, &mut Set)) {
        let mut set = match self.heap.get_mut(id) {
            Object::Set { set, .. } => std::mem::take(set),
            _ => return,
        };
        f(self, &mut set);
        if let Object::Set { set: slot, .. } = self.heap.get_mut(id) {
            *slot = set;
        }
    }

    fn set_operator(&mut self, a: Value, b: Value, op: B, inplace: bool) -> PyResult<Value> {
        let (Value::Obj(ai), Value::Obj(bi)) = (a, b) else {
            return self.raise("TypeError", "unsupported operand for set operation");
        };
        let Object::Set { set: sa, frozen } = self.heap.get(ai) else {
            unreachable!("checked")
        };
        let frozen = *frozen;
        let Object::Set { set: sb, .. } = self.heap.get(bi) else {
            let msg = format!(
                "unsupported operand type(s) for {}: 'set' and '{}'",
                op.symbol(),
                self.type_name(b)
            );
            return self.raise("TypeError", msg);
        };
        let xs: Vec<(u64, Value)> = sa.entries().collect();
        let ys: Vec<(u64, Value)> = sb.entries().collect();
        let copy = sa.copied();
        let result = if inplace {
            a
        } else {
            self.alloc(Object::Set {
                set: Set::new(),
                frozen,
            })
        };
        let Value::Obj(rid) = result else {
            unreachable!()
        };
        match op {
            B::Or => {
                if !inplace && let Object::Set { set, .. } = self.heap.get_mut(rid) {
                    *set = copy;
                }
                for (_, v) in ys {
                    self.set_add(result, v)?;
                }
            }
            B::And => {
                let keep = self.members_in(&xs, bi, true)?;
                self.refill_set(rid, result, keep)?;
            }
            B::Subtract => {
                let keep = self.members_in(&xs, bi, false)?;
                self.refill_set(rid, result, keep)?;
            }
            _ => {
                let mut keep = self.members_in(&xs, bi, false)?;
                keep.extend(self.members_in(&ys, ai, false)?);
                self.refill_set(rid, result, keep)?;
            }
        }
        Ok(result)
    }

    /// The members of `items` that are (`present`) or are not in set `other`.
    fn members_in(
        &mut self,
        items: &[(u64, Value)],
        other: ObjId,
        present: bool,
    ) -> PyResult<Vec<Value>> {
        let mut out = Vec::new();
        for &(h, v) in items {
            if self.set_contains_hashed(other, h, v)? == present {
                out.push(v);
            }
        }
        Ok(out)
    }

    /// Empties set `id` (the object `set`) and adds `members` in order.
    fn refill_set(&mut self, id: ObjId, set: Value, members: Vec<Value>) -> PyResult<()> {
        if let Object::Set { set, .. } = self.heap.get_mut(id) {
            set.clear();
        }
        for v in members {
            self.set_add(set, v)?;
        }
        Ok(())
    }

    /// `list.append(v)`.
    pub(crate) fn list_append(&mut self, list: Value, v: Value) {
        if let Value::Obj(id) = list
            && let Object::List(l) = self.heap.get_mut(id)
        {
            let index = i64::try_from(l.len()).unwrap_or(i64::MAX);
            l.push(v);
            self.record_write(
                Location::Item {
                    container: id,
                    key: KeyId::Int(index),
                },
                Value::Null,
                v,
            );
        }
    }
}

fn id_value(id: ObjId) -> Value {
    Value::Obj(id)
}

/// Number of values in `range(start, stop, step)`.
pub(crate) fn range_len(start: i64, stop: i64, step: i64) -> i64 {
    if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    }
}

fn cmp_result(ord: std::cmp::Ordering, op: C) -> bool {
    use std::cmp::Ordering::{Equal, Greater, Less};
    match op {
        C::Less => ord == Less,
        C::LessEqual => ord != Greater,
        C::Equal => ord == Equal,
        C::NotEqual => ord != Equal,
        C::Greater => ord == Greater,
        C::GreaterEqual => ord != Less,
    }
}

fn num_cmp(x: &Num, y: &Num) -> Option<std::cmp::Ordering> {
    match (x, y) {
        (Num::Int(a), Num::Int(b)) => Some(a.cmp(b)),
        (Num::Float(a), Num::Float(b)) => a.partial_cmp(b),
        (Num::Int(a), Num::Float(b)) => int_float_cmp(a, *b),
        (Num::Float(a), Num::Int(b)) => int_float_cmp(b, *a).map(std::cmp::Ordering::reverse),
    }
}

fn int_float_cmp(i: &BigInt, f: f64) -> Option<std::cmp::Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            std::cmp::Ordering::Less
        } else {
            std::cmp::Ordering::Greater
        });
    }
    let fl = f.floor();
    let fi = BigInt::from(fl as i128);
    match i.cmp(&fi) {
        std::cmp::Ordering::Equal if f > fl => Some(std::cmp::Ordering::Less),
        other => Some(other),
    }
}

/// Correctly rounded `x / y` for ints (exact for values below 2**53).
fn int_true_divide(x: &BigInt, y: &BigInt) -> f64 {
    let exact = BigInt::from(1u64 << 53);
    if x.abs() <= exact && y.abs() <= exact {
        return x.to_f64().unwrap_or(0.0) / y.to_f64().unwrap_or(1.0);
    }
    x.to_f64().unwrap_or(f64::INFINITY) / y.to_f64().unwrap_or(f64::INFINITY)
}

/// The hash of an object hashed by identity (`object.__hash__`).
pub(crate) const fn identity_hash(id: ObjId) -> u64 {
    (id.0 as u64).wrapping_mul(16)
}
