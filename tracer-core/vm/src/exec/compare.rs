//! Comparison: rich comparison with CPython's reflected-operand rules,
//! equality of builtin containers, and user `__eq__`/`__lt__`.

#![expect(
    clippy::cast_possible_truncation,
    reason = "an integral float compared through i128, as CPython's float_richcompare"
)]

use num_bigint::BigInt;

use super::arith::Num;
use crate::Vm;
use crate::model::error::PyResult;
use crate::model::heap::ObjId;
use crate::model::object::Object;
use crate::model::value::Value;
use interleave_lang::instruction::ComparisonOperator as C;

impl Vm {
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
    pub(super) fn nested<T>(
        &mut self,
        what: &str,
        f: impl FnOnce(&mut Self) -> PyResult<T>,
    ) -> PyResult<T> {
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
