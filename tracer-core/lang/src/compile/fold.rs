//! Compile-time constants: literals and the expressions CPython 3.11's AST
//! optimiser (`Python/ast_opt.c`) folds, with its size limits.

use std::sync::Arc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};
use ruff_python_ast::{self as ast, Expr, Number, Operator, UnaryOp};

use crate::code::Constant;

/// Largest int (in bits) the optimiser produces.
const MAX_INT_SIZE: u64 = 128;
/// Longest str the optimiser produces.
const MAX_STR_SIZE: usize = 4096;
/// Longest tuple the optimiser produces by repetition.
const MAX_COLLECTION_SIZE: usize = 256;
/// Most items (nested ones included) a repeated tuple may hold.
const MAX_TOTAL_ITEMS: usize = 1024;

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
        // Not running with `-O`.
        Expr::Name(n) if n.ctx == ast::ExprContext::Load && n.id.as_str() == "__debug__" => {
            Some(Constant::Bool(true))
        }
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
            None => int_constant(big_int_literal(&i.to_string())?),
        }),
        Number::Float(f) => Some(Constant::Float(*f)),
        Number::Complex { real, imag } => Some(Constant::Complex(*real, *imag)),
    }
}

/// The value of an int literal too large for 64 bits (ruff keeps its
/// source text: a radix prefix and `_` separators may remain).
pub(super) fn big_int_literal(text: &str) -> Option<BigInt> {
    let digits: String = text.chars().filter(|&c| c != '_').collect();
    let lower = digits.to_ascii_lowercase();
    let (radix, body) = match lower.get(..2) {
        Some("0x") => (16, &lower[2..]),
        Some("0o") => (8, &lower[2..]),
        Some("0b") => (2, &lower[2..]),
        _ => (10, &lower[..]),
    };
    BigInt::parse_bytes(body.as_bytes(), radix)
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
        Constant::Tuple(t) | Constant::FrozenSet(t) => !t.is_empty(),
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

/// `float(c)` for an int or float constant; `None` where Python raises
/// `OverflowError` (an int too large for a float).
fn to_float(c: &Constant) -> Option<f64> {
    match c {
        Constant::Float(f) => Some(*f),
        _ => to_big(c)?.to_f64().filter(|f| f.is_finite()),
    }
}

fn int_constant(v: BigInt) -> Constant {
    match v.to_i64() {
        Some(i) => Constant::Int(i),
        None => Constant::BigInt(Arc::new(v)),
    }
}

fn unary(op: UnaryOp, c: &Constant) -> Option<Constant> {
    match op {
        UnaryOp::Not => Some(Constant::Bool(!constant_truth(c)?)),
        UnaryOp::USub => match c {
            Constant::Float(f) => Some(Constant::Float(-f)),
            Constant::Complex(r, i) => Some(Constant::Complex(-r, -i)),
            _ => Some(int_constant(-to_big(c)?)),
        },
        UnaryOp::UAdd => match c {
            Constant::Float(_) | Constant::Complex(..) => Some(c.clone()),
            _ => Some(int_constant(to_big(c)?)),
        },
        UnaryOp::Invert => Some(int_constant(!to_big(c)?)),
    }
}

fn is_int(c: &Constant) -> bool {
    matches!(
        c,
        Constant::Int(_) | Constant::BigInt(_) | Constant::Bool(_)
    )
}

/// Python's float `%` and `//`; `None` for a zero divisor.
fn float_divmod(a: f64, b: f64) -> Option<(f64, f64)> {
    (b != 0.0).then(|| crate::numeric::float_divmod(a, b))
}

/// `a op b` for two constants, as `fold_binop` computes it (with the
/// `safe_*` size guards); `None` where Python raises or the optimiser
/// declines.
fn binary(a: &Constant, op: Operator, b: &Constant) -> Option<Constant> {
    if op == Operator::Mult
        && let Some(repeated) = repeat(a, b).or_else(|| repeat(b, a))
    {
        return repeated;
    }
    if is_int(a) && is_int(b) {
        return int_binary(a, op, b);
    }
    if op == Operator::Add {
        match (a, b) {
            (Constant::Str(x), Constant::Str(y)) => {
                return Some(Constant::Str(Arc::from(format!("{x}{y}"))));
            }
            (Constant::Bytes(x), Constant::Bytes(y)) => {
                return Some(Constant::Bytes([&x[..], &y[..]].concat().into()));
            }
            (Constant::Tuple(x), Constant::Tuple(y)) => {
                return Some(Constant::Tuple(x.iter().chain(y.iter()).cloned().collect()));
            }
            _ => {}
        }
    }
    if matches!(a, Constant::Complex(..)) || matches!(b, Constant::Complex(..)) {
        return None;
    }
    let (x, y) = (to_float(a)?, to_float(b)?);
    float_binary(x, op, y).map(Constant::Float)
}

/// `seq * n` (or `n * seq`) with `safe_multiply`'s limits: `Some(None)`
/// when the product is refused, `None` when `seq * n` is not a repetition.
fn repeat(seq: &Constant, n: &Constant) -> Option<Option<Constant>> {
    if !is_int(n) {
        return None;
    }
    let n = to_big(n)?;
    let len = match seq {
        Constant::Str(s) => s.chars().count(),
        Constant::Bytes(b) => b.len(),
        Constant::Tuple(t) => t.len(),
        _ => return None,
    };
    let limit = if matches!(seq, Constant::Tuple(_)) {
        MAX_COLLECTION_SIZE
    } else {
        MAX_STR_SIZE
    };
    let count = if len == 0 {
        // An empty sequence repeats to itself, for any index-sized count.
        n.to_i64().map(|_| 0)
    } else {
        n.to_usize().filter(|&n| n <= limit / len)
    };
    let Some(count) = count else {
        return Some(None);
    };
    if let Constant::Tuple(t) = seq
        && count > 0
        && complexity_left(t, MAX_TOTAL_ITEMS / count) < 0
    {
        return Some(None);
    }
    Some(Some(match seq {
        Constant::Str(s) => Constant::Str(Arc::from(s.repeat(count))),
        Constant::Bytes(b) => Constant::Bytes(b.repeat(count).into()),
        Constant::Tuple(t) => {
            Constant::Tuple(t.iter().cycle().take(t.len() * count).cloned().collect())
        }
        _ => unreachable!("matched above"),
    }))
}

/// CPython's `check_complexity`: `limit` less the items of `items`,
/// counting nested tuples' items too.
fn complexity_left(items: &[Constant], limit: usize) -> isize {
    let mut left = isize::try_from(limit).unwrap_or(isize::MAX)
        - isize::try_from(items.len()).unwrap_or(isize::MAX);
    for item in items {
        if left < 0 {
            break;
        }
        if let Constant::Tuple(t) = item {
            left = complexity_left(t, usize::try_from(left).unwrap_or(0));
        }
    }
    left
}

/// Float arithmetic as CPython's float type does it; `None` where it
/// raises (`ZeroDivisionError`, `OverflowError`, or a complex power).
fn float_binary(x: f64, op: Operator, y: f64) -> Option<f64> {
    match op {
        Operator::Add => Some(x + y),
        Operator::Sub => Some(x - y),
        Operator::Mult => Some(x * y),
        Operator::Div => (y != 0.0).then(|| x / y),
        Operator::FloorDiv => Some(float_divmod(x, y)?.0),
        Operator::Mod => Some(float_divmod(x, y)?.1),
        Operator::Pow => float_pow(x, y),
        _ => None,
    }
}

/// `x ** y` for floats: `None` for `0.0` to a negative power, a negative
/// base to a fractional power (complex) and overflow.
fn float_pow(x: f64, y: f64) -> Option<f64> {
    if y == 0.0 {
        return Some(1.0);
    }
    if x.is_nan() || y.is_nan() || y.is_infinite() || x.is_infinite() {
        return Some(x.powf(y));
    }
    if x == 0.0 && y < 0.0 || x < 0.0 && y.fract() != 0.0 {
        return None;
    }
    let v = x.powf(y);
    v.is_finite().then_some(v)
}

fn int_binary(a: &Constant, op: Operator, b: &Constant) -> Option<Constant> {
    if let (Constant::Bool(x), Constant::Bool(y)) = (a, b) {
        match op {
            Operator::BitAnd => return Some(Constant::Bool(x & y)),
            Operator::BitOr => return Some(Constant::Bool(x | y)),
            Operator::BitXor => return Some(Constant::Bool(x ^ y)),
            _ => {}
        }
    }
    let (a, b) = (&to_big(a)?, &to_big(b)?);
    let v = match op {
        Operator::Add => a + b,
        Operator::Sub => a - b,
        Operator::Mult => {
            if !a.is_zero() && !b.is_zero() && a.bits() + b.bits() > MAX_INT_SIZE {
                return None;
            }
            a * b
        }
        Operator::Div => return int_true_divide(a, b).map(Constant::Float),
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
                return float_pow(a.to_f64()?, b.to_f64()?).map(Constant::Float);
            }
            let exp = b.to_u64()?;
            if !a.is_zero() && exp > 0 && a.bits() > MAX_INT_SIZE / exp {
                return None;
            }
            num_traits::pow(a.clone(), usize::try_from(exp).ok()?)
        }
        Operator::LShift => {
            if b.is_negative() {
                return None;
            }
            if !a.is_zero() && !b.is_zero() {
                let shift = b.to_u64()?;
                if shift > MAX_INT_SIZE || a.bits() > MAX_INT_SIZE - shift {
                    return None;
                }
            }
            a << b.to_usize()?
        }
        Operator::RShift => {
            if b.is_negative() {
                return None;
            }
            match b.to_u64() {
                Some(shift) if shift < a.bits() => a >> shift,
                _ if a.is_negative() => BigInt::from(-1),
                _ => BigInt::zero(),
            }
        }
        Operator::BitAnd => a & b,
        Operator::BitOr => a | b,
        Operator::BitXor => a ^ b,
        Operator::MatMult => return None,
    };
    Some(int_constant(v))
}

/// `a / b` for ints, correctly rounded as CPython's `long_true_divide`;
/// `None` for division by zero and results too large for a float.
fn int_true_divide(a: &BigInt, b: &BigInt) -> Option<f64> {
    if b.is_zero() {
        return None;
    }
    if a.bits() <= 53 && b.bits() <= 53 {
        return Some(a.to_f64()? / b.to_f64()?);
    }
    let negative = a.is_negative() != b.is_negative();
    let (a, b) = (a.magnitude(), b.magnitude());
    // Scale so the quotient has 55 or 56 bits, then fold the remainder into
    // a sticky bit: converting that to a float rounds exactly once.
    let shift = i64::try_from(a.bits()).ok()? - i64::try_from(b.bits()).ok()? - 55;
    let (q, r) = if shift >= 0 {
        a.div_rem(&(b << shift.unsigned_abs()))
    } else {
        (a << shift.unsigned_abs()).div_rem(b)
    };
    let sticky = u64::from(!r.is_zero());
    let q = (q.to_u64()? | sticky).to_f64()?;
    let v = scale_by_power_of_two(q, shift);
    if v.is_infinite() {
        return None;
    }
    Some(if negative { -v } else { v })
}

/// `x * 2**exp` without intermediate overflow or underflow.
fn scale_by_power_of_two(mut x: f64, mut exp: i64) -> f64 {
    while exp > 1000 {
        x *= 2f64.powi(1000);
        exp -= 1000;
    }
    while exp < -1000 {
        x *= 2f64.powi(-1000);
        exp += 1000;
    }
    x * 2f64.powi(i32::try_from(exp).expect("reduced to within ±1000"))
}

fn subscript(value: &Constant, index: &Constant) -> Option<Constant> {
    let i = to_big(index)?.to_i64()?;
    let at = |len: usize| {
        let len = i64::try_from(len).ok()?;
        usize::try_from(if i < 0 { i + len } else { i }).ok()
    };
    match value {
        Constant::Str(s) => {
            let c = s.chars().nth(at(s.chars().count())?)?;
            Some(Constant::Str(Arc::from(c.to_string())))
        }
        Constant::Bytes(b) => b.get(at(b.len())?).map(|&v| Constant::Int(i64::from(v))),
        Constant::Tuple(t) => t.get(at(t.len())?).cloned(),
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

    #[test]
    fn reads_big_literals_in_any_radix() {
        let big = |s: &str| Some(Constant::BigInt(Arc::new(s.parse::<BigInt>().unwrap())));
        assert_eq!(fold("0x10000000000000000"), big("18446744073709551616"));
        assert_eq!(
            fold("0b1_0000000000000000000000000000000000000000000000000000000000000000"),
            big("18446744073709551616")
        );
        assert_eq!(
            fold("18_446_744_073_709_551_616"),
            big("18446744073709551616")
        );
    }

    #[test]
    fn follows_cpython_float_and_repeat_rules() {
        assert_eq!(fold("1e308 * 10"), Some(Constant::Float(f64::INFINITY)));
        assert_eq!(fold("10.0 ** 400"), None);
        assert_eq!(fold("'ab' * -1"), None);
        assert_eq!(fold("'' * -1"), Some(Constant::Str(Arc::from(""))));
        assert_eq!(fold("10**30 / 10**10"), Some(Constant::Float(1e20)));
        assert_eq!(fold("True | False"), Some(Constant::Bool(true)));
        assert_eq!(fold("b'ab'[1]"), Some(Constant::Int(98)));
    }
}
