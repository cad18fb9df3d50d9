//! Number semantics shared by constant folding and the VM.

/// Python's float `(a // b, a % b)` (`float_divmod` in CPython's
/// `floatobject.c`): the remainder takes the divisor's sign. `b` must not
/// be zero.
#[must_use]
pub fn float_divmod(a: f64, b: f64) -> (f64, f64) {
    let mut m = a % b;
    let mut d = (a - m) / b;
    if m == 0.0 {
        m = 0.0_f64.copysign(b);
    } else if (b < 0.0) != (m < 0.0) {
        m += b;
        d -= 1.0;
    }
    let floor = if d == 0.0 {
        0.0_f64.copysign(a / b)
    } else {
        let f = d.floor();
        if d - f > 0.5 { f + 1.0 } else { f }
    };
    (floor, m)
}

#[cfg(test)]
mod tests {
    use super::float_divmod;

    #[test]
    fn remainder_takes_the_divisors_sign() {
        assert_eq!(float_divmod(7.0, -2.0), (-4.0, -1.0));
        assert_eq!(float_divmod(-7.0, 2.0), (-4.0, 1.0));
        assert!(float_divmod(0.0, -5.0).1.is_sign_negative());
    }
}
