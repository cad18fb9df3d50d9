//! `complex`: arithmetic, comparison, hashing and repr as CPython's
//! `Objects/complexobject.c`.

#![expect(
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss,
    reason = "as CPython's complex arithmetic: ints become floats, small integral exponents become ints"
)]

use crate::Vm;
use crate::model::error::PyResult;
use crate::model::object::Object;
use crate::model::value::Value;
use interleave_lang::instruction::BinaryOperator as B;

/// `repr()` of a float component: like `float.__repr__` without a trailing `.0`.
fn component(x: f64) -> String {
    let r = interleave_lang::format::float_repr(x);
    r.strip_suffix(".0").map_or(r.clone(), str::to_owned)
}

/// `repr(complex(re, im))`.
pub(crate) fn repr(re: f64, im: f64) -> String {
    let imag = if im.is_nan() {
        "nan".to_owned()
    } else {
        component(im.abs())
    };
    let sign = if im.is_sign_negative() && !im.is_nan() {
        '-'
    } else {
        '+'
    };
    if re == 0.0 && re.is_sign_positive() {
        let imag = if im.is_sign_negative() && !im.is_nan() {
            format!("-{imag}")
        } else {
            imag
        };
        return format!("{imag}j");
    }
    format!("({}{sign}{imag}j)", component(re))
}

impl Vm {
    /// A new complex number.
    pub(crate) fn new_complex(&mut self, re: f64, im: f64) -> Value {
        self.alloc(Object::Complex { re, im })
    }

    /// `(re, im)` of a complex or real number.
    pub(crate) fn as_complex(&self, v: Value) -> Option<(f64, f64)> {
        match v {
            Value::Obj(id) => match self.heap.get(id) {
                Object::Complex { re, im } => Some((*re, *im)),
                Object::BigInt(b) => Some((
                    num_traits::ToPrimitive::to_f64(b).unwrap_or(f64::INFINITY),
                    0.0,
                )),
                _ => None,
            },
            Value::Int(i) => Some((i as f64, 0.0)),
            Value::Bool(b) => Some((f64::from(u8::from(b)), 0.0)),
            Value::Float(f) => Some((f, 0.0)),
            _ => None,
        }
    }

    /// `true` for complex numbers.
    pub(crate) fn is_complex(&self, v: Value) -> bool {
        matches!(v, Value::Obj(id) if matches!(self.heap.get(id), Object::Complex { .. }))
    }

    /// `a op b` when either operand is complex; `None` if the other is not a number.
    pub(crate) fn complex_op(&mut self, a: Value, b: Value, op: B) -> PyResult<Option<Value>> {
        let (Some((ar, ai)), Some((br, bi))) = (self.as_complex(a), self.as_complex(b)) else {
            return Ok(None);
        };
        let (re, im) = match op {
            B::Add => (ar + br, ai + bi),
            B::Subtract => (ar - br, ai - bi),
            B::Multiply => (ar * br - ai * bi, ar * bi + ai * br),
            B::TrueDivide => {
                if br == 0.0 && bi == 0.0 {
                    return self.raise("ZeroDivisionError", "complex division by zero");
                }
                let d = br * br + bi * bi;
                ((ar * br + ai * bi) / d, (ai * br - ar * bi) / d)
            }
            B::Power if bi == 0.0 && br.fract() == 0.0 && br.abs() <= 100.0 => {
                // CPython's c_powi: exact repeated squaring for small integer exponents.
                let (mut rr, mut ri) = (1.0, 0.0);
                let (mut xr, mut xi) = (ar, ai);
                let mut n = br.abs() as u32;
                while n > 0 {
                    if n & 1 == 1 {
                        (rr, ri) = (rr * xr - ri * xi, rr * xi + ri * xr);
                    }
                    (xr, xi) = (xr * xr - xi * xi, 2.0 * xr * xi);
                    n >>= 1;
                }
                if br < 0.0 {
                    let d = rr * rr + ri * ri;
                    if d == 0.0 {
                        return self
                            .raise("ZeroDivisionError", "0.0 to a negative or complex power");
                    }
                    (rr / d, -ri / d)
                } else {
                    (rr, ri)
                }
            }
            B::Power => {
                if br == 0.0 && bi == 0.0 {
                    (1.0, 0.0)
                } else if ar == 0.0 && ai == 0.0 {
                    if bi != 0.0 || br < 0.0 {
                        return self
                            .raise("ZeroDivisionError", "0.0 to a negative or complex power");
                    }
                    (0.0, 0.0)
                } else {
                    let (r, theta) = (ar.hypot(ai), ai.atan2(ar));
                    let len = r.powf(br) * (-bi * theta).exp();
                    let phase = theta * br + bi * r.ln();
                    (len * phase.cos(), len * phase.sin())
                }
            }
            _ => return Ok(None),
        };
        Ok(Some(self.new_complex(re, im)))
    }
}
