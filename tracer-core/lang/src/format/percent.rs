//! printf-style formatting (`template % args`): a port of
//! `PyUnicode_Format` and its helpers (`unicode_format_arg_parse`,
//! `unicode_format_arg_format`, `unicode_format_arg_output`,
//! `mainformatlong`, `_PyUnicode_FormatLong`, `formatfloat`, `formatchar`)
//! from CPython 3.11's `Objects/unicodeobject.c`.
//!
//! Supported: flags `- + space # 0`, width and precision (digits or `*`),
//! the ignored length modifiers `h l L`, and the conversions
//! `s r a d i u o x X e E f F g G c %`.
//!
//! Not supported: `%(name)s` (needs a mapping argument; reported as
//! CPython reports it for a tuple, `TypeError: format requires a mapping`).

use std::fmt::Write as _;

use num_bigint::BigInt;
use num_traits::{FromPrimitive, Signed, ToPrimitive};

use super::MAX_RESULT_CHARS;
use super::builtin::{
    C_INT_MAX, code_point_to_char, decimal_magnitude, int_str, int_to_f64, radix_magnitude,
};
use super::error::FormatError;
use super::float_repr::{Code, Flags, double_to_string, float_repr};

/// One argument of a printf-style format.
///
/// The VM converts each Python object to one of these: `int` (and `bool`,
/// see below) as [`FormatArg::Int`], `float` as [`FormatArg::Float`], and
/// everything else as [`FormatArg::Str`] carrying the object's `str()` and
/// `repr()` (computed by the VM, which is the only place that can call
/// `__str__`/`__repr__`). Non-numeric arguments behave like `str` in
/// numeric conversions (the type name `str` appears in error messages).
///
/// A `bool` has no exact representation here: passed as `Int` it prints
/// `1`/`0` under `%s`, passed as `Str` it fails under `%d`. A VM wanting
/// CPython's exact behaviour (`"%s" % True == "True"`, `"%d" % True ==
/// "1"`) can pass `Str` when the matching conversion is `s`/`r`/`a` and
/// `Int` otherwise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FormatArg<'a> {
    /// An `int`.
    Int(&'a BigInt),
    /// A `float`.
    Float(f64),
    /// Any other object, by its `str()` and `repr()` forms.
    Str {
        /// `str(obj)`.
        str_form: &'a str,
        /// `repr(obj)`.
        repr_form: &'a str,
    },
}

impl FormatArg<'_> {
    fn type_name(&self) -> &'static str {
        match self {
            Self::Int(_) => "int",
            Self::Float(_) => "float",
            Self::Str { .. } => "str",
        }
    }
}

/// Conversion flags.
#[derive(Debug, Clone, Copy, Default)]
#[allow(clippy::struct_excessive_bools)] // mirrors CPython's F_* bit set
struct ConvFlags {
    ljust: bool,
    sign: bool,
    blank: bool,
    alt: bool,
    zero: bool,
}

/// CPython's `template % args` for a tuple of arguments.
///
/// A non-tuple right operand `x` is equivalent to `(x,)`, except for
/// mappings (`%(name)s`), which are not supported. Widths and precisions
/// count characters.
///
/// Example (checked by the `documented_examples` unit test):
///
/// ```text
/// let n = BigInt::from(42);
/// let args = [FormatArg::Int(&n), FormatArg::Float(6.25)];
/// percent_format("%05d|%-6.2f|%%", &args) == Ok("00042|6.25  |%".to_owned())
/// ```
///
/// # Errors
/// CPython's exceptions and messages, e.g. `TypeError: not enough arguments
/// for format string`, `TypeError: %d format: a real number is required,
/// not str`, `ValueError: unsupported format character 'y' (0x79) at index
/// 1`, `ValueError: incomplete format`.
pub fn percent_format(template: &str, args: &[FormatArg<'_>]) -> Result<String, FormatError> {
    let mut parser = Parser {
        chars: template.chars().collect(),
        pos: 0,
        args,
        next_arg: 0,
    };
    let mut out = String::with_capacity(template.len());
    while parser.pos < parser.chars.len() {
        let chars = &parser.chars;
        let i = parser.pos;
        if chars[i] != '%' {
            let end = chars[i..]
                .iter()
                .position(|&c| c == '%')
                .map_or(chars.len(), |p| i + p);
            out.extend(&chars[i..end]);
            parser.pos = end;
            continue;
        }
        parser.pos += 1;
        match chars.get(i + 1) {
            None => return Err(FormatError::IncompleteFormat),
            Some('%') => {
                out.push('%');
                parser.pos += 1;
                continue;
            }
            Some('(') => return Err(FormatError::MappingRequired),
            Some(_) => {}
        }
        let conv = parser.conversion()?;
        let arg = parser.arg()?;
        let (ch, alt, prec) = (conv.ch, conv.flags.alt, conv.prec);
        let (text, numeric) = match ch {
            's' | 'r' | 'a' => (convert_str(arg, ch)?, false),
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' => (convert_int(arg, ch, alt, prec)?, true),
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => (convert_float(arg, ch, alt, prec)?, true),
            'c' => (convert_char(arg)?.to_string(), false),
            _ => {
                return Err(FormatError::UnsupportedFormatCharacter {
                    ch,
                    index: conv.index,
                });
            }
        };
        write_arg(&mut out, &text, &conv, numeric)?;
        // Guards against many arguments each just under the per-field limit.
        if out.len() > MAX_RESULT_CHARS.saturating_mul(4) {
            return Err(FormatError::ResultTooLarge);
        }
    }
    if parser.next_arg < args.len() {
        return Err(FormatError::NotAllArgumentsConverted);
    }
    Ok(out)
}

/// A parsed conversion specifier (everything between `%` and the
/// conversion character, inclusive).
#[derive(Debug, Clone, Copy)]
struct Conversion {
    flags: ConvFlags,
    width: Option<usize>,
    prec: Option<usize>,
    /// The conversion character.
    ch: char,
    /// Its character index in the template.
    index: usize,
}

/// Cursor over the template and the arguments (`unicode_formatter_t`).
struct Parser<'t, 'a> {
    chars: Vec<char>,
    pos: usize,
    args: &'t [FormatArg<'a>],
    next_arg: usize,
}

impl<'t, 'a> Parser<'t, 'a> {
    /// The next template character; running off the end is CPython's
    /// "incomplete format".
    fn read(&mut self) -> Result<char, FormatError> {
        let c = self
            .chars
            .get(self.pos)
            .copied()
            .ok_or(FormatError::IncompleteFormat)?;
        self.pos += 1;
        Ok(c)
    }

    /// `unicode_format_getnextarg`.
    fn arg(&mut self) -> Result<&'t FormatArg<'a>, FormatError> {
        let arg = self
            .args
            .get(self.next_arg)
            .ok_or(FormatError::NotEnoughArguments)?;
        self.next_arg += 1;
        Ok(arg)
    }

    /// `unicode_format_arg_parse`, from just after the `%`.
    fn conversion(&mut self) -> Result<Conversion, FormatError> {
        let mut flags = ConvFlags::default();
        let mut ch = loop {
            match self.read()? {
                '-' => flags.ljust = true,
                '+' => flags.sign = true,
                ' ' => flags.blank = true,
                '#' => flags.alt = true,
                '0' => flags.zero = true,
                c => break c,
            }
        };

        let mut width = None;
        if ch == '*' {
            let FormatArg::Int(v) = self.arg()? else {
                return Err(FormatError::StarWantsInt);
            };
            let w = v
                .to_isize()
                .ok_or(FormatError::StarArgTooLarge { c_type: "ssize_t" })?;
            if w < 0 {
                flags.ljust = true;
            }
            // -isize::MIN overflows in C too, and then pads nothing.
            width = w.checked_abs().map(isize::unsigned_abs);
            ch = self.read()?;
        } else if ch.is_ascii_digit() {
            let (w, next) = self.digits(ch, isize::MAX.unsigned_abs(), FormatError::WidthTooBig)?;
            width = Some(w);
            ch = next;
        }

        let mut prec = None;
        if ch == '.' {
            prec = Some(0);
            ch = self.read()?;
            if ch == '*' {
                let FormatArg::Int(v) = self.arg()? else {
                    return Err(FormatError::StarWantsInt);
                };
                let p = v
                    .to_i32()
                    .ok_or(FormatError::StarArgTooLarge { c_type: "int" })?;
                prec = Some(usize::try_from(p).unwrap_or(0));
                ch = self.read()?;
            } else if ch.is_ascii_digit() {
                let (p, next) = self.digits(ch, C_INT_MAX, FormatError::PrecisionTooBig)?;
                prec = Some(p);
                ch = next;
            }
        }

        // Length modifiers are ignored.
        if matches!(ch, 'h' | 'l' | 'L') {
            ch = self.read()?;
        }
        Ok(Conversion {
            flags,
            width,
            prec,
            ch,
            index: self.pos - 1,
        })
    }

    /// Reads a decimal number whose first digit is `first`, failing with
    /// `overflow` above `max`. Returns it and the character after it.
    fn digits(
        &mut self,
        first: char,
        max: usize,
        overflow: FormatError,
    ) -> Result<(usize, char), FormatError> {
        let mut value = first.to_digit(10).map_or(0, |d| d as usize);
        loop {
            let ch = self.read()?;
            let Some(d) = ch.to_digit(10) else {
                return Ok((value, ch));
            };
            let d = d as usize;
            if value > (max - d) / 10 {
                return Err(overflow);
            }
            value = value * 10 + d;
        }
    }
}

/// `%s`, `%r`, `%a`.
fn convert_str(arg: &FormatArg<'_>, ch: char) -> Result<String, FormatError> {
    Ok(match (arg, ch) {
        (FormatArg::Int(v), _) => int_str(v)?,
        (FormatArg::Float(f), _) => float_repr(*f),
        (FormatArg::Str { str_form, .. }, 's') => (*str_form).to_owned(),
        (FormatArg::Str { repr_form, .. }, 'r') => (*repr_form).to_owned(),
        (FormatArg::Str { repr_form, .. }, _) => ascii_escape(repr_form),
    })
}

/// `ascii()` applied to an already computed `repr()`: non-ASCII characters
/// become `\xhh`, `\uhhhh` or `\Uhhhhhhhh`.
fn ascii_escape(repr: &str) -> String {
    let mut out = String::with_capacity(repr.len());
    for c in repr.chars() {
        let code = u32::from(c);
        // Writing to a String cannot fail.
        let _ = match code {
            0..=0x7f => {
                out.push(c);
                Ok(())
            }
            0x80..=0xff => write!(out, "\\x{code:02x}"),
            0x100..=0xffff => write!(out, "\\u{code:04x}"),
            _ => write!(out, "\\U{code:08x}"),
        };
    }
    out
}

/// `%d %i %u %o %x %X`: `mainformatlong` + `_PyUnicode_FormatLong`.
fn convert_int(
    arg: &FormatArg<'_>,
    ch: char,
    alt: bool,
    prec: Option<usize>,
) -> Result<String, FormatError> {
    let needs_index = matches!(ch, 'o' | 'x' | 'X');
    let owned;
    let value = match arg {
        FormatArg::Int(v) => *v,
        FormatArg::Float(_) | FormatArg::Str { .. } if needs_index => {
            return Err(FormatError::IntegerRequired {
                code: ch,
                type_name: arg.type_name().to_owned(),
            });
        }
        FormatArg::Float(f) => {
            if f.is_nan() {
                return Err(FormatError::FloatNanToInt);
            }
            owned = BigInt::from_f64(f.trunc()).ok_or(FormatError::FloatInfinityToInt)?;
            &owned
        }
        FormatArg::Str { .. } => {
            return Err(FormatError::RealNumberRequired {
                code: ch,
                type_name: arg.type_name().to_owned(),
            });
        }
    };
    if prec.is_some_and(|p| p > C_INT_MAX - 3) {
        return Err(FormatError::PrecisionTooLarge);
    }
    let prec = prec.unwrap_or(0);
    if prec > MAX_RESULT_CHARS {
        return Err(FormatError::ResultTooLarge);
    }
    let (digits, prefix) = match ch {
        'o' => (radix_magnitude(value, 8)?, "0o"),
        'x' => (radix_magnitude(value, 16)?, "0x"),
        'X' => (radix_magnitude(value, 16)?.to_ascii_uppercase(), "0X"),
        _ => (decimal_magnitude(value)?, ""),
    };
    let mut out = String::with_capacity(digits.len().max(prec) + 3);
    if value.is_negative() {
        out.push('-');
    }
    if alt {
        out.push_str(prefix);
    }
    out.extend(std::iter::repeat_n('0', prec.saturating_sub(digits.len())));
    out.push_str(&digits);
    Ok(out)
}

/// `%e %E %f %F %g %G`: `formatfloat`.
fn convert_float(
    arg: &FormatArg<'_>,
    ch: char,
    alt: bool,
    prec: Option<usize>,
) -> Result<String, FormatError> {
    let x = match arg {
        FormatArg::Float(f) => *f,
        FormatArg::Int(v) => int_to_f64(v)?,
        FormatArg::Str { .. } => {
            return Err(FormatError::RealNumberExpected {
                type_name: arg.type_name().to_owned(),
            });
        }
    };
    let code = match ch {
        'e' | 'E' => Code::Exp,
        'f' | 'F' => Code::Fixed,
        _ => Code::General,
    };
    let flags = Flags {
        alt,
        upper: ch.is_ascii_uppercase(),
        ..Flags::default()
    };
    double_to_string(x, code, prec.unwrap_or(6), flags)
}

/// `%c`: `formatchar`.
fn convert_char(arg: &FormatArg<'_>) -> Result<char, FormatError> {
    match arg {
        FormatArg::Str { str_form, .. } => {
            let mut it = str_form.chars();
            match (it.next(), it.next()) {
                (Some(c), None) => Ok(c),
                _ => Err(FormatError::CharRequired),
            }
        }
        FormatArg::Float(_) => Err(FormatError::CharRequired),
        FormatArg::Int(v) => code_point_to_char(v.to_i64().ok_or(FormatError::CharOutOfRange)?),
    }
}

/// `unicode_format_arg_output`: applies sign, zero/space padding, the
/// `0x`/`0o` prefix placement and precision truncation for `s r a`.
fn write_arg(
    out: &mut String,
    text: &str,
    conv: &Conversion,
    numeric: bool,
) -> Result<(), FormatError> {
    let Conversion {
        flags,
        width,
        prec,
        ch,
        ..
    } = *conv;
    if width.is_some_and(|w| w > MAX_RESULT_CHARS) {
        return Err(FormatError::ResultTooLarge);
    }
    let chars: Vec<char> = text.chars().collect();
    let fill = if numeric && flags.zero { '0' } else { ' ' };
    let mut len = chars.len();
    if let (Some(p), 's' | 'r' | 'a') = (prec, ch) {
        len = len.min(p);
    }
    let mut pindex = 0usize;
    let mut sign_char = None;
    if numeric {
        match chars.first() {
            Some(&c @ ('-' | '+')) => {
                sign_char = Some(c);
                len -= 1;
                pindex = 1;
            }
            _ if flags.sign => sign_char = Some('+'),
            _ if flags.blank => sign_char = Some(' '),
            _ => {}
        }
    }
    let mut width = width.unwrap_or(0).max(len);
    let pad = |out: &mut String, c: char, n: usize| out.extend(std::iter::repeat_n(c, n));

    if let Some(s) = sign_char {
        if fill != ' ' {
            out.push(s);
        }
        if width > len {
            width -= 1;
        }
    }
    let prefixed = flags.alt && matches!(ch, 'x' | 'X' | 'o') && chars.len() >= pindex + 2;
    if prefixed {
        if fill != ' ' {
            out.extend(&chars[pindex..pindex + 2]);
            pindex += 2;
        }
        width = width.saturating_sub(2);
        len = len.saturating_sub(2);
    }
    if width > len && !flags.ljust {
        pad(out, fill, width - len);
        width = len;
    }
    if fill == ' ' {
        if let Some(s) = sign_char {
            out.push(s);
        }
        if prefixed {
            out.extend(&chars[pindex..pindex + 2]);
            pindex += 2;
        }
    }
    let end = (pindex + len).min(chars.len());
    out.extend(&chars[pindex.min(end)..end]);
    if width > len {
        pad(out, ' ', width - len);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_escapes() {
        assert_eq!(
            ascii_escape("'é\u{1234}\u{1F600}'"),
            "'\\xe9\\u1234\\U0001f600'"
        );
    }
}
