//! Parsing of the format-spec mini-language
//! `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`,
//! ported from `parse_internal_render_format_spec` in CPython 3.11's
//! `Python/formatter_unicode.c`.

use super::error::{FormatError, render_code};

/// Alignment option of a format spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Align {
    /// `<`: pad on the right.
    Left,
    /// `>`: pad on the left.
    Right,
    /// `^`: pad both sides, the extra character going to the right.
    Center,
    /// `=`: pad between the sign (and `0x`-style prefix) and the digits.
    AfterSign,
}

impl Align {
    fn from_char(c: char) -> Option<Self> {
        match c {
            '<' => Some(Self::Left),
            '>' => Some(Self::Right),
            '^' => Some(Self::Center),
            '=' => Some(Self::AfterSign),
            _ => None,
        }
    }
}

/// Sign option of a format spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Sign {
    /// `-` (also the default): sign only negative numbers.
    #[default]
    Minus,
    /// `+`: sign every number.
    Plus,
    /// ` `: a space in front of non-negative numbers, `-` otherwise.
    Space,
}

/// A parsed format spec.
///
/// Fields hold what was *written*; how they combine with a type's defaults
/// (default alignment, `0` implying `=` alignment for numbers, ...) is
/// applied when formatting. The `0` flag is only recognised when no explicit
/// fill was given (so in `"x<05"` the `0` belongs to the width), exactly as
/// in CPython.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(clippy::struct_excessive_bools)] // one field per independent spec flag
pub struct FormatSpec {
    /// Fill character; `' '` when none was given.
    pub fill: char,
    /// Explicit alignment, if any.
    pub align: Option<Align>,
    /// Sign option; [`Sign::Minus`] when none was given (see
    /// [`FormatSpec::sign_explicit`]).
    pub sign: Sign,
    /// `#` was given.
    pub alternate: bool,
    /// The `0` flag was given (zero padding).
    pub zero_pad: bool,
    /// Minimum field width in characters.
    pub width: Option<usize>,
    /// Grouping option, `','` or `'_'`.
    pub grouping: Option<char>,
    /// Precision (digits for floats, maximum length for strings).
    pub precision: Option<usize>,
    /// Presentation type, if given.
    pub kind: Option<char>,
    /// `z` was given (coerce negative zero to positive zero; floats only).
    pub no_neg_zero: bool,
    /// A sign character (`+`, `-` or ` `) was written; strings reject even
    /// an explicit `-`, so this is kept apart from [`FormatSpec::sign`].
    pub sign_explicit: bool,
}

/// Parses `spec` without reference to the type being formatted.
///
/// Validation is the type-independent part CPython performs while parsing;
/// a missing type is treated as allowing grouping (as for `int`/`float`).
/// Errors that name a type (an invalid spec) name `object`; the
/// `format_*` functions name the real type.
///
/// # Errors
/// CPython's `ValueError` messages for malformed specs, e.g.
/// `"Format specifier missing precision"`.
pub fn parse_spec(spec: &str) -> Result<FormatSpec, FormatError> {
    parse_for(spec, "object", None)
}

/// Parses `spec` for an object of type `type_name` whose presentation type
/// defaults to `default_kind` (`Some('d')` for int, `None` for float,
/// `Some('s')` for str), which matters for the grouping check.
pub(crate) fn parse_for(
    spec: &str,
    type_name: &str,
    default_kind: Option<char>,
) -> Result<FormatSpec, FormatError> {
    let chars: Vec<char> = spec.chars().collect();
    let end = chars.len();
    let mut pos = 0usize;
    let mut out = FormatSpec {
        fill: ' ',
        align: None,
        sign: Sign::Minus,
        alternate: false,
        zero_pad: false,
        width: None,
        grouping: None,
        precision: None,
        kind: None,
        no_neg_zero: false,
        sign_explicit: false,
    };
    let mut fill_specified = false;

    if let Some(align) = chars.get(1).copied().and_then(Align::from_char) {
        out.align = Some(align);
        out.fill = chars[0];
        fill_specified = true;
        pos = 2;
    } else if let Some(align) = chars.first().copied().and_then(Align::from_char) {
        out.align = Some(align);
        pos = 1;
    }

    let at = |p: usize| chars.get(p).copied();

    match at(pos) {
        Some('+') => (out.sign, out.sign_explicit, pos) = (Sign::Plus, true, pos + 1),
        Some('-') => (out.sign, out.sign_explicit, pos) = (Sign::Minus, true, pos + 1),
        Some(' ') => (out.sign, out.sign_explicit, pos) = (Sign::Space, true, pos + 1),
        _ => {}
    }
    if at(pos) == Some('z') {
        out.no_neg_zero = true;
        pos += 1;
    }
    if at(pos) == Some('#') {
        out.alternate = true;
        pos += 1;
    }
    if !fill_specified && at(pos) == Some('0') {
        out.zero_pad = true;
        pos += 1;
    }

    let (width, consumed) = get_integer(&chars, &mut pos)?;
    if consumed > 0 {
        out.width = Some(width);
    }

    if at(pos) == Some(',') {
        out.grouping = Some(',');
        pos += 1;
    }
    if at(pos) == Some('_') {
        if out.grouping.is_some() {
            return Err(FormatError::CommaAndUnderscore);
        }
        out.grouping = Some('_');
        pos += 1;
    }
    if at(pos) == Some(',') && out.grouping == Some('_') {
        return Err(FormatError::CommaAndUnderscore);
    }

    if at(pos) == Some('.') {
        pos += 1;
        let (precision, consumed) = get_integer(&chars, &mut pos)?;
        if consumed == 0 {
            return Err(FormatError::MissingPrecision);
        }
        out.precision = Some(precision);
    }

    match end.saturating_sub(pos) {
        0 => {}
        1 => out.kind = at(pos),
        _ => {
            return Err(FormatError::InvalidFormatSpecifier {
                spec: spec.to_owned(),
                type_name: type_name.to_owned(),
            });
        }
    }

    if let Some(separator) = out.grouping {
        match out.kind.or(default_kind) {
            None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => {}
            Some('b' | 'o' | 'x' | 'X') if separator == '_' => {}
            Some(code) => {
                return Err(FormatError::GroupingNotAllowed {
                    separator,
                    code: render_code(code),
                });
            }
        }
    }
    Ok(out)
}

/// Reads a run of Unicode decimal digits (any script, like CPython's
/// `Py_UNICODE_TODECIMAL`) starting at `*pos`. Returns the value and how
/// many digits were read; fails like CPython when the value would exceed
/// `PY_SSIZE_T_MAX`.
fn get_integer(chars: &[char], pos: &mut usize) -> Result<(usize, usize), FormatError> {
    const MAX: usize = isize::MAX.unsigned_abs();
    let mut acc = 0usize;
    let mut count = 0usize;
    while let Some(digit) = chars.get(*pos).copied().and_then(decimal_value) {
        if acc > (MAX - digit) / 10 {
            return Err(FormatError::TooManyDecimalDigits);
        }
        acc = acc * 10 + digit;
        count += 1;
        *pos += 1;
    }
    Ok((acc, count))
}

/// The first code point of each run of ten Unicode decimal digits
/// (general category Nd, Unicode 14.0 as in CPython 3.11).
const DIGIT_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66,
    0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90,
    0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50,
    0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// Decimal value of `c` if it is a Unicode decimal digit.
fn decimal_value(c: char) -> Option<usize> {
    if let Some(d) = c.to_digit(10) {
        return usize::try_from(d).ok();
    }
    let c = u32::from(c);
    // Index of the last run starting at or before `c`.
    let idx = DIGIT_ZEROS.partition_point(|&z| z <= c).checked_sub(1)?;
    let offset = c - DIGIT_ZEROS[idx];
    if offset < 10 {
        usize::try_from(offset).ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_digits() {
        assert_eq!(decimal_value('7'), Some(7));
        assert_eq!(decimal_value('\u{663}'), Some(3));
        assert_eq!(decimal_value('\u{1fbf9}'), Some(9));
        assert_eq!(decimal_value('\u{1fbfa}'), None);
        assert_eq!(decimal_value('a'), None);
        assert_eq!(decimal_value('\u{2f}'), None);
        assert_eq!(decimal_value('\u{65f}'), None);
    }

    #[test]
    fn parse_fields() {
        let s = parse_spec("*^+z#012_.3e").unwrap();
        assert_eq!(s.fill, '*');
        assert_eq!(s.align, Some(Align::Center));
        assert_eq!(s.sign, Sign::Plus);
        assert!(s.sign_explicit && s.no_neg_zero && s.alternate);
        assert!(!s.zero_pad, "0 after an explicit fill is part of the width");
        assert_eq!(s.width, Some(12));
        assert_eq!(s.grouping, Some('_'));
        assert_eq!(s.precision, Some(3));
        assert_eq!(s.kind, Some('e'));

        let s = parse_spec("010,").unwrap();
        assert!(s.zero_pad);
        assert_eq!(
            (s.fill, s.align, s.width, s.grouping),
            (' ', None, Some(10), Some(','))
        );

        let s = parse_spec("").unwrap();
        assert_eq!(s.kind, None);
        assert!(!s.sign_explicit);

        let s = parse_spec("<").unwrap();
        assert_eq!(s.align, Some(Align::Left));
        let s = parse_spec("<<").unwrap();
        assert_eq!((s.fill, s.align), ('<', Some(Align::Left)));
    }

    #[test]
    fn parse_errors() {
        assert_eq!(parse_spec(".").unwrap_err(), FormatError::MissingPrecision);
        assert_eq!(
            parse_spec(",_").unwrap_err(),
            FormatError::CommaAndUnderscore
        );
        assert_eq!(
            parse_spec("_,").unwrap_err(),
            FormatError::CommaAndUnderscore
        );
        assert_eq!(
            parse_spec("99999999999999999999").unwrap_err().to_string(),
            "Too many decimal digits in format string"
        );
        assert_eq!(
            parse_spec("9223372036854775807").unwrap().width,
            Some(9_223_372_036_854_775_807)
        );
        assert_eq!(
            parse_spec("9223372036854775808").unwrap_err(),
            FormatError::TooManyDecimalDigits
        );
        assert_eq!(
            parse_spec("abc").unwrap_err().to_string(),
            "Invalid format specifier 'abc' for object of type 'object'"
        );
        assert_eq!(
            parse_spec(",s").unwrap_err().to_string(),
            "Cannot specify ',' with 's'."
        );
        assert_eq!(
            parse_spec("_\u{1}").unwrap_err().to_string(),
            "Cannot specify '_' with '\\x1'."
        );
        assert_eq!(
            parse_spec(",x").unwrap_err().to_string(),
            "Cannot specify ',' with 'x'."
        );
        assert!(parse_spec("_x").is_ok());
    }
}
