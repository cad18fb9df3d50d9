//! `int.__format__`, `float.__format__` and `str.__format__`: ports of
//! `_PyLong_FormatAdvancedWriter`, `_PyFloat_FormatAdvancedWriter`,
//! `_PyUnicode_FormatAdvancedWriter` and the `format_*_internal` helpers
//! of CPython 3.11's `Python/formatter_unicode.c`.
//!
//! The `n` presentation type formats as in the C locale (no grouping, `.`
//! as the decimal point), which is what CPython does unless the program
//! calls `locale.setlocale(LC_NUMERIC, ...)`.

use num_bigint::{BigInt, Sign as BigSign};
use num_traits::{Signed, ToPrimitive};

use super::error::{FormatError, render_code};
use super::float_repr::{Code, Flags, double_to_string, float_repr};
use super::layout::{Layout, NumberParts, pad_str, render_number};
use super::spec::{Align, FormatSpec, Sign, parse_for};
use super::{INT_MAX_STR_DIGITS, MAX_RESULT_CHARS};

/// `INT_MAX` of C, the largest float precision CPython accepts.
pub(crate) const C_INT_MAX: usize = 2_147_483_647;

fn unknown_code(code: char, type_name: &str) -> FormatError {
    FormatError::UnknownFormatCode {
        code: render_code(code),
        type_name: type_name.to_owned(),
    }
}

/// Combines a parsed spec with a type's default alignment (`>` for
/// numbers, `<` for strings).
fn effective_layout(spec: &FormatSpec, default_align: Align) -> Layout {
    let fill = if spec.zero_pad { '0' } else { spec.fill };
    let align = match spec.align {
        Some(a) => a,
        None if spec.zero_pad && default_align == Align::Right => Align::AfterSign,
        None => default_align,
    };
    let group_size = if matches!(spec.kind, Some('b' | 'o' | 'x' | 'X')) {
        4
    } else {
        3
    };
    Layout {
        fill,
        align,
        sign: spec.sign,
        width: spec.width,
        grouping: spec.grouping.map(|sep| (sep, group_size)),
    }
}

/// Decimal digits of `|value|`, enforcing CPython's default limit on
/// int-to-decimal-string conversion.
pub(crate) fn decimal_magnitude(value: &BigInt) -> Result<String, FormatError> {
    // A value with more than `limit * log2(10) + 1` bits has more than
    // `limit` digits; reject those without converting.
    let limit = INT_MAX_STR_DIGITS;
    let too_many = FormatError::IntTooManyDigits { limit };
    let max_bits = (limit as u64).saturating_mul(3322) / 1000 + 2;
    if value.bits() > max_bits {
        return Err(too_many);
    }
    let digits = value.magnitude().to_str_radix(10);
    if digits.len() > limit {
        return Err(too_many);
    }
    Ok(digits)
}

/// `str(value)` for an int, with the digit limit.
pub(crate) fn int_str(value: &BigInt) -> Result<String, FormatError> {
    let digits = decimal_magnitude(value)?;
    Ok(if value.is_negative() {
        format!("-{digits}")
    } else {
        digits
    })
}

/// Digits of `|value|` in a power-of-two base (no limit in CPython), with
/// the result-size guard.
pub(crate) fn radix_magnitude(value: &BigInt, radix: u32) -> Result<String, FormatError> {
    let bits_per_digit = u64::from(radix.trailing_zeros().max(1));
    if value.bits() / bits_per_digit > MAX_RESULT_CHARS as u64 {
        return Err(FormatError::ResultTooLarge);
    }
    Ok(value.magnitude().to_str_radix(radix))
}

/// `float(value)`: correctly rounded (half to even), `OverflowError` when
/// the rounded value is not finite.
pub(crate) fn int_to_f64(value: &BigInt) -> Result<f64, FormatError> {
    let bits = value.bits();
    let magnitude = value.magnitude();
    let abs = if bits <= 64 {
        // Exact in u64; `as` rounds half to even.
        #[allow(clippy::cast_precision_loss)] // intended: IEEE rounding
        let f = magnitude.to_u64().unwrap_or(0) as f64;
        f
    } else if bits > 1025 {
        return Err(FormatError::IntTooLargeForFloat);
    } else {
        // Keep the top 64 bits and fold the rest into a sticky bit, so the
        // u64 -> f64 rounding sees the correct round/sticky information.
        let shift = bits - 64;
        let top = (magnitude >> shift).to_u64().unwrap_or(u64::MAX);
        let sticky = magnitude.trailing_zeros().is_some_and(|tz| tz < shift);
        #[allow(clippy::cast_precision_loss)] // intended: IEEE rounding
        let mantissa = (top | u64::from(sticky)) as f64;
        // 2**shift, exactly (shift <= 961 keeps this a normal number).
        let scale = f64::from_bits((shift + 1023) << 52);
        mantissa * scale
    };
    if abs.is_infinite() {
        return Err(FormatError::IntTooLargeForFloat);
    }
    Ok(if value.sign() == BigSign::Minus {
        -abs
    } else {
        abs
    })
}

/// CPython's `format(value, spec)` for an `int`.
///
/// Presentation types: none/`d`, `n` (C locale), `b`, `o`, `x`, `X`, `c`,
/// and `e E f F g G %` (after conversion to float, like CPython). Supports
/// fill/align, sign, `#`, `0`, width and `,`/`_` grouping (`_` groups by
/// four for `b o x X`). An empty spec is `str(value)`.
///
/// The type name in messages is always `int` (a `bool` formatted with an
/// empty spec is `"True"`/`"False"` in CPython; that case is the caller's).
///
/// # Errors
/// CPython's `ValueError`/`OverflowError` for bad specs or values, e.g.
/// `"Unknown format code 's' for object of type 'int'"`, and
/// `MemoryError` beyond [`MAX_RESULT_CHARS`].
pub fn format_int(value: &BigInt, spec: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return int_str(value);
    }
    let parsed = parse_for(spec, "int", Some('d'))?;
    match parsed.kind.unwrap_or('d') {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => format_long_internal(value, &parsed),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            format_float_internal(int_to_f64(value)?, &parsed)
        }
        other => Err(unknown_code(other, "int")),
    }
}

fn format_long_internal(value: &BigInt, spec: &FormatSpec) -> Result<String, FormatError> {
    if spec.precision.is_some() {
        return Err(FormatError::IntPrecisionNotAllowed);
    }
    if spec.no_neg_zero {
        return Err(FormatError::IntNegZeroNotAllowed);
    }
    let kind = spec.kind.unwrap_or('d');
    let layout = effective_layout(spec, Align::Right);
    if kind == 'c' {
        if spec.sign_explicit {
            return Err(FormatError::IntCharSignNotAllowed);
        }
        if spec.alternate {
            return Err(FormatError::IntCharAlternateNotAllowed);
        }
        let code = value.to_i64().ok_or(FormatError::IntTooLargeForLong)?;
        let ch = code_point_to_char(code)?;
        let text = ch.to_string();
        let parts = NumberParts {
            negative: false,
            prefix: "",
            digits: "",
            decimal_point: false,
            remainder: &text,
        };
        return render_number(&parts, &layout);
    }
    let (radix, prefix) = match kind {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let digits = if radix == 10 {
        decimal_magnitude(value)?
    } else {
        let d = radix_magnitude(value, radix)?;
        if kind == 'X' {
            d.to_ascii_uppercase()
        } else {
            d
        }
    };
    let parts = NumberParts {
        negative: value.is_negative(),
        prefix: if spec.alternate { prefix } else { "" },
        digits: &digits,
        decimal_point: false,
        remainder: "",
    };
    render_number(&parts, &layout)
}

/// Converts an integer to a `char` for `c` formatting: CPython's range
/// check, plus our refusal of lone surrogates.
pub(crate) fn code_point_to_char(code: i64) -> Result<char, FormatError> {
    let code = u32::try_from(code).map_err(|_| FormatError::CharOutOfRange)?;
    if code > 0x10_FFFF {
        return Err(FormatError::CharOutOfRange);
    }
    char::from_u32(code).ok_or(FormatError::SurrogateNotSupported { code })
}

/// CPython's `format(value, spec)` for a `float`.
///
/// Presentation types: none (like `repr`, or like `g` with at least one
/// digit after the point when a precision is given), `e E f F g G n %`.
/// Rounding is correct on the exact binary value, half to even
/// (`format(2.675, ".2f") == "2.67"`, `format(0.125, ".2f") == "0.12"`).
/// An empty spec is `repr(value)`.
///
/// # Errors
/// CPython's `ValueError`s, e.g.
/// `"Unknown format code 'd' for object of type 'float'"`, and
/// `MemoryError` beyond [`MAX_RESULT_CHARS`].
pub fn format_float(value: f64, spec: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(float_repr(value));
    }
    let parsed = parse_for(spec, "float", None)?;
    match parsed.kind {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => {
            format_float_internal(value, &parsed)
        }
        Some(other) => Err(unknown_code(other, "float")),
    }
}

fn format_float_internal(value: f64, spec: &FormatSpec) -> Result<String, FormatError> {
    if spec.precision.is_some_and(|p| p > C_INT_MAX) {
        return Err(FormatError::PrecisionTooBig);
    }
    let layout = effective_layout(spec, Align::Right);
    let mut flags = Flags {
        alt: spec.alternate,
        no_neg_0: spec.no_neg_zero,
        ..Flags::default()
    };
    let mut value = value;
    let mut add_pct = false;
    let mut default_precision = 6;
    let kind = spec.kind.unwrap_or('\0');
    let mut code = match kind {
        'e' | 'E' => Code::Exp,
        'f' | 'F' => Code::Fixed,
        '%' => {
            value *= 100.0;
            add_pct = true;
            Code::Fixed
        }
        '\0' => {
            flags.add_dot_0 = true;
            default_precision = 0;
            Code::Repr
        }
        _ => Code::General, // g, G, n
    };
    flags.upper = matches!(kind, 'E' | 'F' | 'G');
    let precision = match spec.precision {
        None => default_precision,
        Some(p) => {
            if code == Code::Repr {
                code = Code::General;
            }
            p
        }
    };
    let mut text = double_to_string(value, code, precision, flags)?;
    if add_pct {
        text.push('%');
    }
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let n_int = body.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, rest) = body.split_at(n_int);
    let (decimal_point, remainder) = match rest.strip_prefix('.') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let parts = NumberParts {
        negative,
        prefix: "",
        digits,
        decimal_point,
        remainder,
    };
    render_number(&parts, &layout)
}

/// CPython's `format(value, spec)` for a `str`.
///
/// Only the `s` presentation type (or none). Default alignment is left;
/// `.precision` truncates to that many characters; the `0` flag only sets
/// the fill to `0`. Widths count characters (code points), not bytes. An
/// empty spec returns the string unchanged.
///
/// # Errors
/// CPython's `ValueError`s, e.g. `"Sign not allowed in string format
/// specifier"`, `"Cannot specify ',' with 's'."`, and `MemoryError` beyond
/// [`MAX_RESULT_CHARS`].
pub fn format_str(value: &str, spec: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(value.to_owned());
    }
    let parsed = parse_for(spec, "str", Some('s'))?;
    match parsed.kind.unwrap_or('s') {
        's' => {}
        other => return Err(unknown_code(other, "str")),
    }
    if parsed.sign_explicit {
        return Err(if parsed.sign == Sign::Space {
            FormatError::StrSpaceNotAllowed
        } else {
            FormatError::StrSignNotAllowed
        });
    }
    if parsed.no_neg_zero {
        return Err(FormatError::StrNegZeroNotAllowed);
    }
    if parsed.alternate {
        return Err(FormatError::StrAlternateNotAllowed);
    }
    let layout = effective_layout(&parsed, Align::Left);
    if layout.align == Align::AfterSign {
        return Err(FormatError::StrEqualsAlignNotAllowed);
    }
    let text = match parsed.precision {
        Some(p) => match value.char_indices().nth(p) {
            Some((cut, _)) => &value[..cut],
            None => value,
        },
        None => value,
    };
    pad_str(text, layout.fill, layout.align, layout.width)
}
