//! Compile-time constants: literals and the expressions CPython 3.11's AST
//! optimiser (`Python/ast_opt.c`) folds, with its size limits.

use std::sync::Arc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};
use ruff_python_ast::{self as ast, Expr, Number, Operator, UnaryOp};

use crate::lang::code::Constant;

/// Largest int (in bits) the optimiser produces.
const MAX_INT_SIZE: u64 = 128;
/// Longest str the optimiser produces.
const MAX_STR_SIZE: usize = 4096;
/// Longest tuple the optimiser produces by repetition.
const MAX_COLLECTION_SIZE: usize = 256;

/// The value of `expr` if it is a constant after folding.
#[must_use]
pub fn constant(expr: &Expr) -> Option<Constant> {
    match expr {
        Expr::NumberLiteral(n) => number(&n.value),
        Expr::StringLiteral(s) => Some(Constant::Str(Arc::from(s.value.to_str()))),
        Expr::BytesLiteral(b) => {
            let bytes: Vec<u8> = b
                .value
                .iter()
                .flat_map(|part| part.value.iter().copied())
                .collect();
            Some(Constant::Bytes(Arc::from(bytes)))
        }
        Expr::BooleanLiteral(b) => Some(Constant::Bool(b.value)),
        Expr::NoneLiteral(_) => Some(Constant::None),
        Expr::EllipsisLiteral(_) => Some(Constant::Ellipsis),
        Expr::UnaryOp(u) => unary(u.op, &constant(&u.operand)?),
        Expr::BinOp(b) => binary(&constant(&b.left)?, b.op, &constant(&b.right)?),
        Expr::Tuple(t) if t.ctx == ast::ExprContext::Load => {
            let items = t
                .elts
                .iter()
                .map(|e| {
                    if e.is_starred_expr() {
                        None
                    } else {
                        constant(e)
                    }
                })
                .collect::<Option<Vec<_>>>()?;
            Some(Constant::Tuple(Arc::from(items)))
        }
        Expr::Subscript(s) => subscript(&constant(&s.value)?, &constant(&s.slice)?),
        _ => None,
    }
}

fn number(n: &Number) -> Option<Constant> {
    match n {
        Number::Int(i) => Some(match i.as_i64() {
            Some(v) => Constant::Int(v),
            None => Constant::BigInt(Arc::new(i.to_string().parse::<BigInt>().ok()?)),
        }),
        Number::Float(f) => Some(Constant::Float(*f)),
        Number::Complex { real, imag } => Some(Constant::Complex(*real, *imag)),
    }
}

/// Python truthiness of a constant (`None` for code objects).
#[must_use]
pub fn constant_truth(c: &Constant) -> Option<bool> {
    Some(match c {
        Constant::None => false,
        Constant::Bool(b) => *b,
        Constant::Int(i) => *i != 0,
        Constant::BigInt(i) => !i.is_zero(),
        Constant::Float(f) => *f != 0.0,
        Constant::Complex(r, i) => *r != 0.0 || *i != 0.0,
        Constant::Str(s) => !s.is_empty(),
        Constant::Bytes(b) => !b.is_empty(),
        Constant::Ellipsis => true,
        Constant::Tuple(t) => !t.is_empty(),
        Constant::Code(_) => return None,
    })
}

fn to_big(c: &Constant) -> Option<BigInt> {
    match c {
        Constant::Int(i) => Some(BigInt::from(*i)),
        Constant::BigInt(i) => Some((**i).clone()),
        Constant::Bool(b) => Some(BigInt::from(i64::from(*b))),
        _ => None,
    }
}

fn to_float(c: &Constant) -> Option<f64> {
    match c {
        Constant::Float(f) => Some(*f),
        _ => to_big(c).and_then(|i| i.to_f64()),
    }
}

fn int_constant(v: BigInt) -> Option<Constant> {
    if v.bits() > MAX_INT_SIZE + 1 {
        return None;
    }
    Some(match v.to_i64() {
        Some(i) => Constant::Int(i),
        None => Constant::BigInt(Arc::new(v)),
    })
}

fn unary(op: UnaryOp, c: &Constant) -> Option<Constant> {
    match op {
        UnaryOp::Not => Some(Constant::Bool(!constant_truth(c)?)),
        UnaryOp::USub => match c {
            Constant::Float(f) => Some(Constant::Float(-f)),
            Constant::Complex(r, i) => Some(Constant::Complex(-r, -i)),
            _ => int_constant(-to_big(c)?),
        },
        UnaryOp::UAdd => match c {
            Constant::Float(_) | Constant::Complex(..) => Some(c.clone()),
            _ => int_constant(to_big(c)?),
        },
        UnaryOp::Invert => match c {
            Constant::Int(_) | Constant::BigInt(_) | Constant::Bool(_) => int_constant(!to_big(c)?),
            _ => None,
        },
    }
}

fn is_int(c: &Constant) -> bool {
    matches!(
        c,
        Constant::Int(_) | Constant::BigInt(_) | Constant::Bool(_)
    )
}

/// Python's float `%` and `//` (sign follows the divisor).
fn float_divmod(a: f64, b: f64) -> Option<(f64, f64)> {
    if b == 0.0 {
        return None;
    }
    let mut m = a % b;
    let mut d = (a - m) / b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            d -= 1.0;
        }
    } else {
        m = 0.0_f64.copysign(b);
    }
    let floor = if d == 0.0 {
        0.0_f64.copysign(a / b)
    } else {
        let f = d.floor();
        if d - f > 0.5 { f + 1.0 } else { f }
    };
    Some((floor, m))
}

fn binary(a: &Constant, op: Operator, b: &Constant) -> Option<Constant> {
    if is_int(a) && is_int(b) {
        return int_binary(&to_big(a)?, op, &to_big(b)?);
    }
    if let (Constant::Str(x), Constant::Str(y)) = (a, b) {
        return (op == Operator::Add && x.len() + y.len() <= MAX_STR_SIZE)
            .then(|| Constant::Str(Arc::from(format!("{x}{y}"))));
    }
    if let (Constant::Str(s), n) | (n, Constant::Str(s)) = (a, b)
        && op == Operator::Mult
        && is_int(n)
    {
        let n = to_big(n)?.to_i64()?.max(0);
        let n = usize::try_from(n).ok()?;
        return (s.len().checked_mul(n)? <= MAX_STR_SIZE)
            .then(|| Constant::Str(Arc::from(s.repeat(n))));
    }
    if let (Constant::Tuple(t), n) = (a, b)
        && op == Operator::Mult
        && is_int(n)
    {
        let n = usize::try_from(to_big(n)?.to_i64()?.max(0)).ok()?;
        if t.len().checked_mul(n)? > MAX_COLLECTION_SIZE {
            return None;
        }
        let items: Vec<Constant> = (0..n).flat_map(|_| t.iter().cloned()).collect();
        return Some(Constant::Tuple(Arc::from(items)));
    }
    if matches!(a, Constant::Complex(..)) || matches!(b, Constant::Complex(..)) {
        return None;
    }
    let (x, y) = (to_float(a)?, to_float(b)?);
    let v = match op {
        Operator::Add => x + y,
        Operator::Sub => x - y,
        Operator::Mult => x * y,
        Operator::Div => {
            if y == 0.0 {
                return None;
            }
            x / y
        }
        Operator::FloorDiv => float_divmod(x, y)?.0,
        Operator::Mod => float_divmod(x, y)?.1,
        Operator::Pow => {
            if x < 0.0 && y.fract() != 0.0 || x == 0.0 && y < 0.0 {
                return None;
            }
            x.powf(y)
        }
        _ => return None,
    };
    v.is_finite().then_some(Constant::Float(v))
}

fn int_binary(a: &BigInt, op: Operator, b: &BigInt) -> Option<Constant> {
    let v = match op {
        Operator::Add => a + b,
        Operator::Sub => a - b,
        Operator::Mult => {
            if !a.is_zero() && !b.is_zero() && a.bits() + b.bits() > MAX_INT_SIZE {
                return None;
            }
            a * b
        }
        Operator::Div => {
            let (x, y) = (a.to_f64()?, b.to_f64()?);
            let exact = 2f64.powi(53);
            if y == 0.0 || x.abs() > exact || y.abs() > exact {
                return None;
            }
            return Some(Constant::Float(x / y));
        }
        Operator::FloorDiv => {
            if b.is_zero() {
                return None;
            }
            a.div_floor(b)
        }
        Operator::Mod => {
            if b.is_zero() {
                return None;
            }
            a.mod_floor(b)
        }
        Operator::Pow => {
            if b.is_negative() {
                let (x, y) = (a.to_f64()?, b.to_f64()?);
                if x == 0.0 {
                    return None;
                }
                return Some(Constant::Float(x.powf(y)));
            }
            let exp = b.to_u64()?;
            if !a.is_zero() && exp > 0 && a.bits() > MAX_INT_SIZE / exp {
                return None;
            }
            num_traits::pow(a.clone(), usize::try_from(exp).ok()?)
        }
        Operator::LShift => {
            let shift = b.to_u64()?;
            if b.is_negative()
                || a.bits() > MAX_INT_SIZE
                || shift > MAX_INT_SIZE
                || a.bits() + shift > MAX_INT_SIZE
            {
                return None;
            }
            a << shift
        }
        Operator::RShift => {
            if b.is_negative() {
                return None;
            }
            let shift = b.to_u64().unwrap_or(u64::MAX).min(1 << 20);
            a >> shift
        }
        Operator::BitAnd => a & b,
        Operator::BitOr => a | b,
        Operator::BitXor => a ^ b,
        Operator::MatMult => return None,
    };
    int_constant(v)
}

fn subscript(value: &Constant, index: &Constant) -> Option<Constant> {
    let i = to_big(index)?.to_i64()?;
    match value {
        Constant::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            let len = i64::try_from(chars.len()).ok()?;
            let i = if i < 0 { i + len } else { i };
            let c = chars.get(usize::try_from(i).ok()?)?;
            Some(Constant::Str(Arc::from(c.to_string())))
        }
        Constant::Tuple(t) => {
            let len = i64::try_from(t.len()).ok()?;
            let i = if i < 0 { i + len } else { i };
            t.get(usize::try_from(i).ok()?).cloned()
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(src: &str) -> Option<Constant> {
        let parsed = ruff_python_parser::parse_expression(src).expect("valid expression");
        constant(&parsed.syntax().body)
    }

    #[test]
    fn folds_power_and_negation() {
        assert_eq!(fold("10**6"), Some(Constant::Int(1_000_000)));
        assert_eq!(fold("-1"), Some(Constant::Int(-1)));
        assert_eq!(fold("2*3"), Some(Constant::Int(6)));
    }

    #[test]
    fn respects_size_limits_and_errors() {
        assert_eq!(fold("2**1000"), None);
        assert_eq!(fold("1/0"), None);
        assert_eq!(fold("'a'*5000"), None);
    }

    #[test]
    fn folds_tuples_and_strings() {
        assert_eq!(
            fold("(1, 'a')"),
            Some(Constant::Tuple(Arc::from(vec![
                Constant::Int(1),
                Constant::Str(Arc::from("a"))
            ])))
        );
        assert_eq!(fold("'ab' + 'c'"), Some(Constant::Str(Arc::from("abc"))));
        assert_eq!(fold("7 // -2"), Some(Constant::Int(-4)));
    }
}
