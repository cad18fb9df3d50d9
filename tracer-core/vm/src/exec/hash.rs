//! Hashing: numbers as CPython 3.11 hashes them (by value modulo
//! 2**61 - 1, so `hash(1) == hash(1.0)`), strings with a fixed
//! deterministic function (CPython randomises them per process), other
//! objects by identity or their `__hash__`.

#![expect(
    clippy::cast_precision_loss,
    reason = "CPython's numeric hash: mantissa bits as a float"
)]

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use crate::Vm;
use crate::model::error::PyResult;
use crate::model::heap::ObjId;
use crate::model::object::Object;
use crate::model::value::Value;

/// CPython's modulus for numeric hashes (2**61 - 1).
const HASH_MODULUS: u64 = (1 << 61) - 1;

impl Vm {
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
}

/// The hash of a `str`.
pub(super) fn str_hash(s: &str) -> u64 {
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

/// The hash of an object hashed by identity (`object.__hash__`).
pub(crate) const fn identity_hash(id: ObjId) -> u64 {
    (id.0 as u64).wrapping_mul(16)
}
