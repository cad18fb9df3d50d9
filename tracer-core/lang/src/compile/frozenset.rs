//! `frozenset` constants (the AST optimiser makes them of constant set
//! displays in `in` tests and loops, the code generator of large constant
//! set displays), with their items in CPython's iteration order.
//!
//! CPython builds the set from a tuple of the items and, when it merges the
//! constant, rebuilds it from the first set's iteration order; both steps
//! are simulated here on CPython's hash table (`Objects/setobject.c`) so
//! that `dis` shows the items in the same order. Items whose hash CPython
//! randomises or derives from an address (str, bytes, None, ...) keep
//! their source order.

#![expect(
    clippy::cast_possible_truncation,
    reason = "CPython's set hashing on size_t: the hash reinterpreted, masked to the table size"
)]

use std::sync::Arc;

use num_bigint::BigInt;
use num_traits::{FromPrimitive, ToPrimitive, Zero};

use crate::code::Constant;

/// `_PyHASH_BITS` and `_PyHASH_MODULUS` (2**61 - 1) on 64-bit builds.
const HASH_BITS: u32 = 61;
const HASH_MODULUS: u64 = (1 << HASH_BITS) - 1;
/// `hash(float('inf'))`.
const HASH_INF: i64 = 314_159;
/// `setobject.c`'s probing parameters and smallest table.
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;
const MIN_SIZE: usize = 8;

/// The `frozenset` of `items` (duplicates by Python equality dropped, the
/// first kept), items in CPython's iteration order.
pub(super) fn frozenset(items: Vec<Constant>) -> Constant {
    let mut unique: Vec<Constant> = Vec::with_capacity(items.len());
    for item in items {
        if !unique.iter().any(|u| python_eq(u, &item)) {
            unique.push(item);
        }
    }
    let hashes: Option<Vec<i64>> = unique.iter().map(python_hash).collect();
    let ordered = match hashes {
        Some(hashes) => {
            let first = table_order(&hashes);
            let rehashed: Vec<i64> = first.iter().map(|&i| hashes[i]).collect();
            table_order(&rehashed)
                .into_iter()
                .map(|i| unique[first[i]].clone())
                .collect()
        }
        None => unique,
    };
    Constant::FrozenSet(Arc::from(ordered))
}

/// The iteration order (indices into `hashes`) of a set built by adding
/// keys with these hashes, in order, to an empty set.
fn table_order(hashes: &[i64]) -> Vec<usize> {
    let mut table: Vec<Option<usize>> = vec![None; MIN_SIZE];
    let mut fill = 0;
    for (key, &hash) in hashes.iter().enumerate() {
        insert(&mut table, key, hash);
        fill += 1;
        let mask = table.len() - 1;
        if fill * 5 >= mask * 3 {
            let min_used = if fill > 50_000 { fill * 2 } else { fill * 4 };
            let mut size = MIN_SIZE;
            while size <= min_used {
                size <<= 1;
            }
            let old = std::mem::replace(&mut table, vec![None; size]);
            for key in old.into_iter().flatten() {
                insert(&mut table, key, hashes[key]);
            }
        }
    }
    table.into_iter().flatten().collect()
}

/// Puts `key` in the first free slot of its probe sequence (no key in the
/// table equals it).
fn insert(table: &mut [Option<usize>], key: usize, hash: i64) {
    let mask = table.len() - 1;
    #[allow(clippy::cast_sign_loss)] // CPython reinterprets the hash as size_t
    let mut perturb = hash as u64;
    let mut i = (perturb as usize) & mask;
    loop {
        let probes = if i + LINEAR_PROBES <= mask {
            LINEAR_PROBES
        } else {
            0
        };
        if let Some(slot) = table[i..=i + probes].iter_mut().find(|s| s.is_none()) {
            *slot = Some(key);
            return;
        }
        perturb >>= PERTURB_SHIFT;
        #[allow(clippy::cast_possible_truncation)] // masked to the table size
        let step = perturb as usize;
        i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(step)) & mask;
    }
}

/// Python's `==` between constants (`1 == 1.0 == True`).
fn python_eq(a: &Constant, b: &Constant) -> bool {
    match (numeric(a), numeric(b)) {
        (Some(x), Some(y)) => return x == y,
        (Some(_), None) | (None, Some(_)) => return false,
        (None, None) => {}
    }
    match (a, b) {
        (Constant::Tuple(x), Constant::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| python_eq(p, q))
        }
        _ => a == b,
    }
}

/// A real number, exactly: an int, or a float as (integral value, or the
/// float itself when it has a fraction or is not finite).
#[derive(PartialEq)]
enum Real {
    Integer(BigInt),
    Float(u64),
}

fn numeric(c: &Constant) -> Option<Real> {
    Some(match c {
        Constant::Bool(b) => Real::Integer(BigInt::from(u8::from(*b))),
        Constant::Int(i) => Real::Integer(BigInt::from(*i)),
        Constant::BigInt(i) => Real::Integer((**i).clone()),
        Constant::Float(f) if f.is_finite() && f.fract() == 0.0 => {
            Real::Integer(BigInt::from_f64(*f)?)
        }
        // `-0.0 == 0.0` is covered above; NaN equals nothing.
        Constant::Float(f) if f.is_nan() => return None,
        Constant::Float(f) => Real::Float(f.to_bits()),
        _ => return None,
    })
}

/// `hash(c)` where CPython's is deterministic.
fn python_hash(c: &Constant) -> Option<i64> {
    match c {
        Constant::Bool(b) => Some(i64::from(*b)),
        Constant::Int(i) => Some(int_hash(&BigInt::from(*i))),
        Constant::BigInt(i) => Some(int_hash(i)),
        Constant::Float(f) => float_hash(*f),
        Constant::Tuple(items) => tuple_hash(items),
        _ => None,
    }
}

/// `long_hash`: the value modulo 2**61 - 1, sign kept, -1 mapped to -2.
fn int_hash(i: &BigInt) -> i64 {
    let modulus = BigInt::from(HASH_MODULUS);
    let magnitude = (i.magnitude().clone() % modulus.magnitude())
        .to_i64()
        .expect("reduced below 2**61");
    let hash = if i.sign() == num_bigint::Sign::Minus {
        -magnitude
    } else {
        magnitude
    };
    if hash == -1 { -2 } else { hash }
}

/// `_Py_HashDouble`; `None` for NaN (hashed by address).
fn float_hash(v: f64) -> Option<i64> {
    if v.is_nan() {
        return None;
    }
    if v.is_infinite() {
        return Some(if v > 0.0 { HASH_INF } else { -HASH_INF });
    }
    if v.fract() == 0.0 && v.abs() < 9.0e18 {
        return Some(int_hash(&BigInt::from_f64(v)?));
    }
    let (mut m, mut e) = frexp(v.abs());
    let mut x: u64 = 0;
    while !m.is_zero() {
        x = ((x << 28) & HASH_MODULUS) | x >> (HASH_BITS - 28);
        m *= 268_435_456.0;
        e -= 28;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0 <= m < 2**28
        let y = m as u64;
        #[allow(clippy::cast_precision_loss)] // y < 2**28 is exact
        {
            m -= y as f64;
        }
        x += y;
        if x >= HASH_MODULUS {
            x -= HASH_MODULUS;
        }
    }
    let bits = i32::try_from(HASH_BITS).expect("61 fits");
    let e = if e >= 0 {
        e % bits
    } else {
        bits - 1 - ((-1 - e) % bits)
    };
    let e = e.unsigned_abs();
    x = ((x << e) & HASH_MODULUS) | x >> (HASH_BITS - e);
    #[allow(clippy::cast_possible_wrap)] // below 2**61
    let mut hash = x as i64;
    if v < 0.0 {
        hash = -hash;
    }
    Some(if hash == -1 { -2 } else { hash })
}

/// C's `frexp` for finite positive `v`: `v == m * 2**e`, `0.5 <= m < 1`.
fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 {
        return (0.0, 0);
    }
    let bits = v.to_bits();
    let exponent = i32::try_from((bits >> 52) & 0x7ff).expect("11 bits");
    if exponent == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(v * 2f64.powi(64));
        return (m, e - 64);
    }
    let mantissa = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (mantissa, exponent - 1022)
}

/// `tuplehash` (xxHash-based, 64-bit).
fn tuple_hash(items: &[Constant]) -> Option<i64> {
    const PRIME_1: u64 = 11_400_714_785_074_694_791;
    const PRIME_2: u64 = 14_029_467_366_897_019_727;
    const PRIME_5: u64 = 2_870_177_450_012_600_261;
    let mut acc = PRIME_5;
    for item in items {
        #[allow(clippy::cast_sign_loss)] // CPython reinterprets the hash
        let lane = python_hash(item)? as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(PRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(PRIME_1);
    }
    let len = u64::try_from(items.len()).expect("fits");
    acc = acc.wrapping_add(len ^ (PRIME_5 ^ 0x0035_D373));
    #[allow(clippy::cast_possible_wrap)] // CPython reinterprets as Py_hash_t
    let hash = acc as i64;
    Some(if hash == -1 { 1_546_275_796 } else { hash })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(values: &[i64]) -> Constant {
        frozenset(values.iter().map(|&v| Constant::Int(v)).collect())
    }

    fn order(c: &Constant) -> Vec<i64> {
        let Constant::FrozenSet(items) = c else {
            panic!("not a frozenset")
        };
        items
            .iter()
            .map(|i| match i {
                Constant::Int(v) => *v,
                _ => panic!("not an int"),
            })
            .collect()
    }

    #[test]
    fn orders_small_ints_by_hash() {
        // repr(frozenset((9, 1, 17))) == 'frozenset({9, 1, 17})'
        assert_eq!(order(&ints(&[9, 1, 17])), vec![9, 1, 17]);
        // repr(frozenset((100, 3, -1, 8, 2))) == 'frozenset({2, 3, 100, 8, -1})'
        assert_eq!(order(&ints(&[100, 3, -1, 8, 2])), vec![2, 3, 100, 8, -1]);
    }

    #[test]
    fn drops_equal_items() {
        let set = frozenset(vec![
            Constant::Int(1),
            Constant::Float(1.0),
            Constant::Bool(true),
        ]);
        assert_eq!(order(&set), vec![1]);
    }

    #[test]
    fn hashes_like_cpython() {
        assert_eq!(float_hash(1.5), Some(1_152_921_504_606_846_977));
        assert_eq!(float_hash(-0.1), Some(-230_584_300_921_369_408));
        assert_eq!(int_hash(&BigInt::from(-1)), -2);
        let pair = [Constant::Int(1), Constant::Int(2)];
        assert_eq!(tuple_hash(&pair), Some(-3_550_055_125_485_641_917));
    }
}
