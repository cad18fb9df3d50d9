//! Float to decimal string conversion: a port of CPython 3.11's
//! `PyOS_double_to_string` / `format_float_short` (`Python/pystrtod.c`).
//!
//! CPython gets its digits from David Gay's `_Py_dg_dtoa`; here they come
//! from Rust's float formatting, which is exact in the same sense:
//!
//! * `{:e}` gives the shortest digit string that round-trips, choosing the
//!   one nearest the exact value (dtoa mode 0, used by `repr`);
//! * `{:.*e}` and `{:.*}` round the *exact* binary value half-to-even
//!   (dtoa modes 2 and 3).
//!
//! The digits are normalised to dtoa's contract (no trailing zeros, a
//! decimal-point position `decpt`), after which the layout code is a
//! line-by-line port of `format_float_short`.
//!
//! Rust's formatter caps precision at `u16::MAX` (and panics beyond), so
//! precisions are clamped where doing so cannot change the digits: a finite
//! `f64` has at most 767 significant decimal digits and at most 1074 digits
//! after the point, so asking for more only appends zeros, which dtoa strips
//! anyway.

use super::MAX_RESULT_CHARS;
use super::error::FormatError;

/// More significant digits than any `f64` has (767).
const MAX_SIGNIFICANT: usize = 800;
/// More fractional digits than any `f64` has (1074).
const MAX_FRACTIONAL: usize = 1100;

/// CPython's `repr()` (and `str()`) of a float.
///
/// Shortest digits that round-trip; scientific notation when the decimal
/// exponent is below -4 or at least 16; a `.0` is appended to integral
/// values in positional notation.
///
/// Examples (checked by the `documented_examples` unit test; not a doctest
/// because the module's crate path differs between crates):
///
/// ```text
/// float_repr(0.1 + 0.2) == "0.30000000000000004"
/// float_repr(1e16)      == "1e+16"
/// float_repr(1e-5)      == "1e-05"
/// float_repr(100.0)     == "100.0"
/// float_repr(-0.0)      == "-0.0"
/// float_repr(f64::NAN)  == "nan"
/// ```
#[must_use]
pub fn float_repr(x: f64) -> String {
    layout(
        x,
        Code::Repr,
        0,
        Flags {
            add_dot_0: true,
            ..Flags::default()
        },
    )
    .render()
}

/// Which of `format_float_short`'s formats to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Code {
    /// `e`: always scientific.
    Exp,
    /// `f`: always positional.
    Fixed,
    /// `g`: general.
    General,
    /// `r`: repr.
    Repr,
}

/// `Py_DTSF_*` flags.
#[derive(Debug, Clone, Copy, Default)]
#[allow(clippy::struct_excessive_bools)] // independent flags, as in CPython's bit set
pub(crate) struct Flags {
    /// `Py_DTSF_SIGN`: always write a sign.
    pub always_sign: bool,
    /// `Py_DTSF_ADD_DOT_0`: append `.0` to integers (and shift the `g`
    /// threshold by one).
    pub add_dot_0: bool,
    /// `Py_DTSF_ALT`: keep trailing zeros / the decimal point.
    pub alt: bool,
    /// `Py_DTSF_NO_NEG_0`: drop the sign of values that print as zero.
    pub no_neg_0: bool,
    /// Upper-case `E`, `INF`, `NAN`.
    pub upper: bool,
}

/// `PyOS_double_to_string(x, code, precision, flags)`: `precision` is the
/// value CPython passes in (for `e` the digit count after the point, `g`'s
/// 0 meaning 1, ignored for `r`).
///
/// # Errors
/// [`FormatError::ResultTooLarge`] when the output would exceed
/// [`MAX_RESULT_CHARS`].
pub(crate) fn double_to_string(
    x: f64,
    code: Code,
    precision: usize,
    flags: Flags,
) -> Result<String, FormatError> {
    let layout = layout(x, code, precision, flags);
    if layout.estimated_len() > MAX_RESULT_CHARS as u64 {
        return Err(FormatError::ResultTooLarge);
    }
    Ok(layout.render())
}

/// The digits of `|x|` as dtoa returns them: ASCII digits without trailing
/// zeros, and the decimal point position (`value = 0.DIGITS * 10**decpt`).
/// Zero is `("0", 1)` whatever the mode.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Digits {
    digits: Vec<u8>,
    decpt: i64,
}

/// Splits Rust's `{:e}` output `d[.ddd]e[-]N` into digits and `decpt`.
fn parse_exp_form(s: &str) -> Digits {
    let (mantissa, exp) = s.split_once('e').unwrap_or((s, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    if digits.iter().all(|&d| d == b'0') {
        return Digits {
            digits: b"0".to_vec(),
            decpt: 1,
        };
    }
    Digits {
        digits,
        decpt: exp + 1,
    }
}

/// dtoa mode 0: shortest round-tripping digits. `x` must be finite.
///
/// Rust and dtoa agree on the shortest length and, nearly always, on the
/// digits. They differ only when `x` lies *exactly* halfway between two
/// equally short candidates that both round-trip: dtoa then takes the one
/// with an even last digit, Rust may not. That case is detected with exact
/// integer arithmetic and corrected.
fn shortest_digits(x: f64) -> Digits {
    let mut digits = parse_exp_form(&format!("{:e}", x.abs()));
    if let Some(even) = even_tie_alternative(x.abs(), &digits) {
        digits = even;
    }
    digits
}

/// The exact value of finite `x > 0` as `(s, k)` with `x == s * 10**k` and
/// `s` free of trailing decimal zeros, when `s` fits comfortably in a
/// `u128`; `None` when `x` has more than ~19 significant digits (then it
/// cannot be a halfway case between two <= 17-digit candidates).
fn exact_short_decimal(x: f64) -> Option<(u128, i64)> {
    let bits = x.to_bits();
    let biased = i64::try_from(bits >> 52).ok()?;
    let fraction = bits & ((1 << 52) - 1);
    let (mut m, mut e) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, biased - 1075)
    };
    if m == 0 {
        return None;
    }
    let tz = m.trailing_zeros();
    m >>= tz;
    e += i64::from(tz);
    if e < 0 {
        // x = m / 2**k = m * 5**k / 10**k, and m * 5**k is odd.
        let k = u32::try_from(-e).ok().filter(|&k| k <= 27)?;
        Some((u128::from(m) * 5u128.pow(k), e))
    } else {
        // x = m * 2**e; move factors 10 = 2 * 5 into the exponent.
        let mut t = 0;
        while t < e && m % 5 == 0 {
            m /= 5;
            t += 1;
        }
        let shift = u32::try_from(e - t).ok().filter(|&s| s <= 70)?;
        Some((u128::from(m) << shift, t))
    }
}

/// If `value` is exactly halfway between the candidate `shortest` and an
/// equally short neighbour, and the neighbour has the even last digit and
/// round-trips too, returns the neighbour (dtoa's choice).
fn even_tie_alternative(value: f64, shortest: &Digits) -> Option<Digits> {
    let (significand, exp10) = exact_short_decimal(value)?;
    let exact = significand.to_string().into_bytes();
    let n = shortest.digits.len();
    if exact.len() != n + 1 || exact.last() != Some(&b'5') {
        return None;
    }
    let decpt = i64::try_from(exact.len()).ok()? + exp10;
    // The two n-digit neighbours of x: `lower` and `lower + 1` (in the
    // last place), each as raw digits plus a decimal-point position.
    let lower = exact[..n].to_vec();
    let mut upper = lower.clone();
    let mut upper_decpt = decpt;
    let mut i = n;
    loop {
        if i == 0 {
            upper.insert(0, b'1');
            upper.truncate(n);
            upper_decpt += 1;
            break;
        }
        i -= 1;
        if upper[i] == b'9' {
            upper[i] = b'0';
        } else {
            upper[i] += 1;
            break;
        }
    }
    let normalise = |mut digits: Vec<u8>, decpt: i64| {
        while digits.len() > 1 && digits.last() == Some(&b'0') {
            digits.pop();
        }
        Digits { digits, decpt }
    };
    let lower_even = lower.last().is_some_and(|b| b % 2 == 0);
    let (even, odd) = if lower_even {
        (normalise(lower, decpt), normalise(upper, upper_decpt))
    } else {
        (normalise(upper, upper_decpt), normalise(lower, decpt))
    };
    if *shortest != odd {
        return None;
    }
    let text: String = even.digits.iter().map(|&b| char::from(b)).collect();
    let round_trips = format!("0.{text}e{}", even.decpt)
        .parse::<f64>()
        .is_ok_and(|parsed| parsed.to_bits() == value.to_bits());
    round_trips.then_some(even)
}

/// dtoa mode 2: `ndigits >= 1` significant digits, correctly rounded.
fn significant_digits(x: f64, ndigits: usize) -> Digits {
    let n = ndigits.clamp(1, MAX_SIGNIFICANT);
    parse_exp_form(&format!("{:.*e}", n - 1, x.abs()))
}

/// dtoa mode 3: `ndigits` digits after the decimal point, correctly
/// rounded. A non-zero value that rounds to zero gives no digits and
/// `decpt == -ndigits`, like dtoa.
fn fixed_digits(x: f64, ndigits: usize) -> Digits {
    if x == 0.0 {
        return Digits {
            digits: b"0".to_vec(),
            decpt: 1,
        };
    }
    let s = format!("{:.*}", ndigits.min(MAX_FRACTIONAL), x.abs());
    let int_len = s.find('.').unwrap_or(s.len());
    let all: Vec<u8> = s.bytes().filter(u8::is_ascii_digit).collect();
    let leading = all.iter().take_while(|&&d| d == b'0').count();
    let mut digits = all[leading..].to_vec();
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    if digits.is_empty() {
        let decpt = i64::try_from(ndigits).map_or(i64::MIN, |n| -n);
        return Digits { digits, decpt };
    }
    let decpt = i64::try_from(int_len).unwrap_or(0) - i64::try_from(leading).unwrap_or(0);
    Digits { digits, decpt }
}

/// Everything `format_float_short` decides before writing characters.
#[derive(Debug, Clone)]
enum Layout {
    /// `inf` or `nan`, with its sign already applied.
    Special(&'static str),
    Finite {
        sign: Option<char>,
        digits: Vec<u8>,
        decpt: i64,
        vdigits_start: i64,
        vdigits_end: i64,
        exponent: Option<(char, i64)>,
        alt: bool,
    },
}

fn layout(x: f64, code: Code, precision: usize, flags: Flags) -> Layout {
    if x.is_nan() {
        // The sign of a NaN is ignored; `+` is still honoured.
        return Layout::Special(match (flags.always_sign, flags.upper) {
            (false, false) => "nan",
            (false, true) => "NAN",
            (true, false) => "+nan",
            (true, true) => "+NAN",
        });
    }
    let negative = x.is_sign_negative();
    if x.is_infinite() {
        return Layout::Special(match (negative, flags.always_sign, flags.upper) {
            (true, _, false) => "-inf",
            (true, _, true) => "-INF",
            (false, false, false) => "inf",
            (false, false, true) => "INF",
            (false, true, false) => "+inf",
            (false, true, true) => "+INF",
        });
    }

    // PyOS_double_to_string's mode selection.
    let (digits, precision) = match code {
        Code::Exp => {
            let precision = precision.saturating_add(1);
            (significant_digits(x, precision), precision)
        }
        Code::Fixed => (fixed_digits(x, precision), precision),
        Code::General => {
            let precision = precision.max(1);
            (significant_digits(x, precision), precision)
        }
        Code::Repr => (shortest_digits(x), 0),
    };
    // Precision is at most INT_MAX when it matters; saturate regardless.
    let precision = i64::try_from(precision).unwrap_or(i64::MAX / 4);
    let Digits { digits, mut decpt } = digits;
    let digits_len = i64::try_from(digits.len()).unwrap_or(0);

    let mut negative = negative;
    if flags.no_neg_0 && negative && (digits.is_empty() || digits == b"0") {
        negative = false;
    }
    let sign = if negative {
        Some('-')
    } else if flags.always_sign {
        Some('+')
    } else {
        None
    };

    let mut vdigits_end = digits_len;
    let mut use_exp = false;
    match code {
        Code::Exp => {
            use_exp = true;
            vdigits_end = precision;
        }
        Code::Fixed => vdigits_end = decpt.saturating_add(precision),
        Code::General => {
            let limit = if flags.add_dot_0 {
                precision - 1
            } else {
                precision
            };
            if decpt <= -4 || decpt > limit {
                use_exp = true;
            }
            if flags.alt {
                vdigits_end = precision;
            }
        }
        Code::Repr => {
            if decpt <= -4 || decpt > 16 {
                use_exp = true;
            }
        }
    }

    let mut exponent = None;
    if use_exp {
        exponent = Some((if flags.upper { 'E' } else { 'e' }, decpt - 1));
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    vdigits_end = if !use_exp && flags.add_dot_0 {
        vdigits_end.max(decpt + 1)
    } else {
        vdigits_end.max(decpt)
    };
    Layout::Finite {
        sign,
        digits,
        decpt,
        vdigits_start,
        vdigits_end,
        exponent,
        alt: flags.alt,
    }
}

impl Layout {
    /// An upper bound on the rendered length.
    fn estimated_len(&self) -> u64 {
        match self {
            Self::Special(s) => s.len() as u64,
            Self::Finite {
                vdigits_start,
                vdigits_end,
                ..
            } => u64::try_from(vdigits_end.saturating_sub(*vdigits_start))
                .unwrap_or(u64::MAX)
                .saturating_add(10),
        }
    }

    /// Writes the string (the second half of `format_float_short`).
    fn render(&self) -> String {
        let (sign, digits, decpt, vdigits_start, vdigits_end, exponent, alt) = match self {
            Self::Special(s) => return (*s).to_owned(),
            Self::Finite {
                sign,
                digits,
                decpt,
                vdigits_start,
                vdigits_end,
                exponent,
                alt,
            } => (
                sign,
                digits,
                decpt,
                vdigits_start,
                vdigits_end,
                exponent,
                alt,
            ),
        };
        let (decpt, vstart, vend) = (*decpt, *vdigits_start, *vdigits_end);
        let digits_len = i64::try_from(digits.len()).unwrap_or(0);
        let zeros = |out: &mut String, n: i64| {
            out.extend(std::iter::repeat_n('0', usize::try_from(n).unwrap_or(0)));
        };
        let mut out = String::with_capacity(usize::try_from(vend - vstart).unwrap_or(0) + 8);
        if let Some(s) = sign {
            out.push(*s);
        }
        // Zero padding on the left of the digit string.
        if decpt <= 0 {
            zeros(&mut out, decpt - vstart);
            out.push('.');
            zeros(&mut out, -decpt);
        } else {
            zeros(&mut out, -vstart);
        }
        // The digits, with the decimal point if it falls inside them.
        let text = |d: &[u8]| d.iter().map(|&b| char::from(b)).collect::<String>();
        if 0 < decpt && decpt <= digits_len {
            let split = usize::try_from(decpt).unwrap_or(0).min(digits.len());
            out.push_str(&text(&digits[..split]));
            out.push('.');
            out.push_str(&text(&digits[split..]));
        } else {
            out.push_str(&text(digits));
        }
        // Zeros on the right.
        if digits_len < decpt {
            zeros(&mut out, decpt - digits_len);
            out.push('.');
            zeros(&mut out, vend - decpt);
        } else {
            zeros(&mut out, vend - digits_len);
        }
        if out.ends_with('.') && !alt {
            out.pop();
        }
        if let Some((e, exp)) = exponent {
            // C's "%+.02d".
            out.push(*e);
            out.push(if *exp < 0 { '-' } else { '+' });
            let magnitude = exp.unsigned_abs();
            if magnitude < 10 {
                out.push('0');
            }
            out.push_str(&magnitude.to_string());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtoa_modes() {
        assert_eq!(
            shortest_digits(0.0),
            Digits {
                digits: b"0".to_vec(),
                decpt: 1
            }
        );
        assert_eq!(
            shortest_digits(1e16),
            Digits {
                digits: b"1".to_vec(),
                decpt: 17
            }
        );
        assert_eq!(
            shortest_digits(0.001_25),
            Digits {
                digits: b"125".to_vec(),
                decpt: -2
            }
        );
        assert_eq!(
            significant_digits(2.5, 1),
            Digits {
                digits: b"2".to_vec(),
                decpt: 1
            }
        );
        assert_eq!(
            significant_digits(1000.0, 3),
            Digits {
                digits: b"1".to_vec(),
                decpt: 4
            }
        );
        assert_eq!(
            significant_digits(9.99, 2),
            Digits {
                digits: b"1".to_vec(),
                decpt: 2
            }
        );
        assert_eq!(
            fixed_digits(0.5, 0),
            Digits {
                digits: vec![],
                decpt: 0
            }
        );
        assert_eq!(
            fixed_digits(0.001, 2),
            Digits {
                digits: vec![],
                decpt: -2
            }
        );
        assert_eq!(
            fixed_digits(0.7, 0),
            Digits {
                digits: b"1".to_vec(),
                decpt: 1
            }
        );
        assert_eq!(
            fixed_digits(123.456, 1),
            Digits {
                digits: b"1235".to_vec(),
                decpt: 3
            }
        );
        assert_eq!(
            fixed_digits(0.001_234, 5),
            Digits {
                digits: b"123".to_vec(),
                decpt: -2
            }
        );
        assert_eq!(
            fixed_digits(1e22, 2),
            Digits {
                digits: b"1".to_vec(),
                decpt: 23
            }
        );
    }

    #[test]
    fn shortest_ties_pick_even_digit() {
        // Exactly halfway between two 16/17-digit candidates: dtoa (and so
        // CPython) picks the even last digit; Rust alone would not.
        let cases = [
            (0x42d4_77f5_d963_6f48, "90021833313725.12"),
            (0xc318_a1dd_d52a_6f7d, "-1733343394307039.2"),
            (0x4314_76e1_e613_eda5, "1440053033499497.2"),
        ];
        for (bits, want) in cases {
            assert_eq!(float_repr(f64::from_bits(bits)), want);
        }
        assert_eq!(exact_short_decimal(0.5), Some((5, -1)));
        assert_eq!(exact_short_decimal(1e22), Some((1, 22)));
        assert_eq!(exact_short_decimal(0.1), None);
        assert_eq!(exact_short_decimal(f64::MAX), None);
    }

    #[test]
    fn huge_precisions_do_not_panic() {
        let s = double_to_string(0.1, Code::Fixed, 70_000, Flags::default()).unwrap();
        assert_eq!(s.len(), 70_002);
        assert!(s.starts_with("0.1000000000000000055511151231257827"));
        let s = double_to_string(0.1, Code::Exp, 70_000, Flags::default()).unwrap();
        assert!(s.ends_with("0000e-01"));
        assert_eq!(s.len(), 70_006);
        let s = double_to_string(5e-324, Code::General, 2000, Flags::default()).unwrap();
        assert!(s.starts_with("4.940656458412465441765687928682213723650598026143247644255856825"));
        assert!(s.ends_with("625e-324"));
        assert_eq!(
            double_to_string(1.0, Code::Fixed, 2_147_483_647, Flags::default()),
            Err(FormatError::ResultTooLarge)
        );
    }
}
