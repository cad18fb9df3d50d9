//! Numbers and arithmetic: truth, unary and binary operators on ints,
//! floats and sequences, and user classes' `__add__` and friends.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::Vm;
use crate::model::error::PyResult;
use crate::model::object::Object;
use crate::model::value::Value;
use interleave_lang::instruction::BinaryOperator as B;

/// A number, for arithmetic.
pub(super) enum Num {
    Int(BigInt),
    Float(f64),
}

impl Vm {
    pub(super) fn num(&self, v: Value) -> Option<Num> {
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
}

/// Correctly rounded `x / y` for ints (exact for values below 2**53).
fn int_true_divide(x: &BigInt, y: &BigInt) -> f64 {
    let exact = BigInt::from(1u64 << 53);
    if x.abs() <= exact && y.abs() <= exact {
        return x.to_f64().unwrap_or(0.0) / y.to_f64().unwrap_or(1.0);
    }
    x.to_f64().unwrap_or(f64::INFINITY) / y.to_f64().unwrap_or(f64::INFINITY)
}
