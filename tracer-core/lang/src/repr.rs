//! CPython's `repr()` of `str` and `bytes`.

use std::fmt::Write;

/// `true` for characters CPython's `str.isprintable()` accepts (approximated
/// from Unicode general categories without a full database: controls,
/// separators other than space, surrogates, private use, format characters
/// and unassigned specials are not printable).
#[must_use]
pub fn is_printable(c: char) -> bool {
    let cp = u32::from(c);
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(cp,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F
        | 0xD800..=0xF8FF | 0xFEFF | 0xFFF9..=0xFFFB
        | 0xF_0000..=0x10_FFFF | 0xE_0001 | 0xE_0020..=0xE_007F)
}

/// `repr(s)` for a str: quotes chosen like CPython, escapes for `\\`, the
/// quote, `\n`, `\r`, `\t` and non-printable characters.
#[must_use]
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let cp = u32::from(c);
                let _ = match cp {
                    0..=0xff => write!(out, "\\x{cp:02x}"),
                    0x100..=0xffff => write!(out, "\\u{cp:04x}"),
                    _ => write!(out, "\\U{cp:08x}"),
                };
            }
        }
    }
    out.push(quote);
    out
}

/// `ascii(s)`: like [`str_repr`] but escapes every non-ASCII character.
#[must_use]
pub fn str_ascii(s: &str) -> String {
    let repr = str_repr(s);
    let mut out = String::with_capacity(repr.len());
    for c in repr.chars() {
        let cp = u32::from(c);
        let _ = match cp {
            0..=0x7f => {
                out.push(c);
                Ok(())
            }
            0x80..=0xff => write!(out, "\\x{cp:02x}"),
            0x100..=0xffff => write!(out, "\\u{cp:04x}"),
            _ => write!(out, "\\U{cp:08x}"),
        };
    }
    out
}

/// `repr(b)` for bytes.
#[must_use]
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(char::from(quote));
    for &byte in b {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            q if q == quote => {
                out.push('\\');
                out.push(char::from(q));
            }
            0x20..=0x7e => out.push(char::from(byte)),
            _ => {
                let _ = write!(out, "\\x{byte:02x}");
            }
        }
    }
    out.push(char::from(quote));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn str_repr_picks_quotes_like_cpython() {
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("say \"hi\" it's"), "'say \"hi\" it\\'s'");
        assert_eq!(str_repr("a\nb\x01é"), "'a\\nb\\x01é'");
    }

    #[test]
    fn bytes_repr_escapes_non_ascii() {
        assert_eq!(bytes_repr(b"a'\xff"), "b\"a'\\xff\"");
    }

    #[test]
    fn ascii_escapes_non_ascii() {
        assert_eq!(str_ascii("é"), "'\\xe9'");
    }
}
