//! `str` case mapping (`upper`, `lower`, `title`, ...) and character
//! classification (`isdigit`, `isalpha`, `istitle`, ...).

use super::Kwargs;
use super::args;
use super::str::{is_space, this};
use super::unicode::{
    ALPHA, CASEFOLD, DECIMAL, DIGIT, NUMERIC, PRINTABLE, XID_CONTINUE, XID_START, in_table,
};
use crate::Vm;
use crate::model::error::PyResult;
use crate::model::value::Value;

/// The receiver of a method that takes no arguments.
fn text(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>, qualname: &str) -> PyResult<String> {
    let s = this(vm, args, qualname)?;
    args::no_args(vm, args, kwargs, qualname)?;
    Ok(s)
}

fn map_str(
    vm: &mut Vm,
    args: &[Value],
    kwargs: Kwargs<'_>,
    qualname: &str,
    f: fn(&str) -> String,
) -> PyResult<Value> {
    let s = text(vm, args, kwargs, qualname)?;
    Ok(vm.new_str(f(&s)))
}

fn test_str(
    vm: &mut Vm,
    args: &[Value],
    kwargs: Kwargs<'_>,
    qualname: &str,
    f: fn(&str) -> bool,
) -> PyResult<Value> {
    let s = text(vm, args, kwargs, qualname)?;
    Ok(Value::Bool(f(&s)))
}

/// Titlecase digraphs whose title form differs from their upper case.
fn titlecase_char(c: char, out: &mut String) {
    let mapped = match c {
        '\u{1C4}'..='\u{1C6}' => '\u{1C5}',
        '\u{1C7}'..='\u{1C9}' => '\u{1C8}',
        '\u{1CA}'..='\u{1CC}' => '\u{1CB}',
        '\u{1F1}'..='\u{1F3}' => '\u{1F2}',
        _ => {
            let mut upper = c.to_uppercase();
            if let Some(first) = upper.next() {
                out.push(first);
            }
            out.extend(upper.flat_map(char::to_lowercase));
            return;
        }
    };
    out.push(mapped);
}

fn is_titlecase(c: char) -> bool {
    matches!(c, '\u{1C5}' | '\u{1C8}' | '\u{1CB}' | '\u{1F2}' | '\u{1F88}'..='\u{1F8F}' | '\u{1F98}'..='\u{1F9F}' | '\u{1FA8}'..='\u{1FAF}' | '\u{1FBC}' | '\u{1FCC}' | '\u{1FFC}')
}

fn is_cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase() || is_titlecase(c)
}

fn title_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut previous_cased = false;
    for c in s.chars() {
        if previous_cased {
            out.extend(c.to_lowercase());
        } else {
            titlecase_char(c, &mut out);
        }
        previous_cased = is_cased(c);
    }
    out
}

fn capitalize_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    if let Some(first) = chars.next() {
        titlecase_char(first, &mut out);
    }
    out.push_str(&chars.as_str().to_lowercase());
    out
}

fn swapcase_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else if c.is_lowercase() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn casefold_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let cp = u32::from(c);
        match CASEFOLD.binary_search_by_key(&cp, |&(k, _)| k) {
            Ok(i) => out.push_str(CASEFOLD[i].1),
            Err(_) => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// `str.upper()`.
pub(super) fn upper(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    map_str(vm, args, kwargs, "str.upper", str::to_uppercase)
}

/// `str.lower()`.
pub(super) fn lower(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    map_str(vm, args, kwargs, "str.lower", str::to_lowercase)
}

/// `str.casefold()`.
pub(super) fn casefold(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    map_str(vm, args, kwargs, "str.casefold", casefold_str)
}

/// `str.swapcase()`.
pub(super) fn swapcase(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    map_str(vm, args, kwargs, "str.swapcase", swapcase_str)
}

/// `str.title()`.
pub(super) fn title(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    map_str(vm, args, kwargs, "str.title", title_str)
}

/// `str.capitalize()`.
pub(super) fn capitalize(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    map_str(vm, args, kwargs, "str.capitalize", capitalize_str)
}

fn isupper_str(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_lowercase() || is_titlecase(c) {
            return false;
        }
        cased |= c.is_uppercase();
    }
    cased
}

fn islower_str(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_uppercase() || is_titlecase(c) {
            return false;
        }
        cased |= c.is_lowercase();
    }
    cased
}

fn istitle_str(s: &str) -> bool {
    let mut cased = false;
    let mut previous_cased = false;
    for c in s.chars() {
        if c.is_uppercase() || is_titlecase(c) {
            if previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else if c.is_lowercase() {
            if !previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else {
            previous_cased = false;
        }
    }
    cased
}

/// `str.isupper()`.
pub(super) fn isupper(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    test_str(vm, args, kwargs, "str.isupper", isupper_str)
}

/// `str.islower()`.
pub(super) fn islower(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    test_str(vm, args, kwargs, "str.islower", islower_str)
}

/// `str.istitle()`.
pub(super) fn istitle(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    test_str(vm, args, kwargs, "str.istitle", istitle_str)
}

/// `true` if `s` is non-empty and every character satisfies `f`.
fn all_chars(s: &str, f: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(f)
}

/// `str.isdigit()`.
pub(super) fn isdigit(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    test_str(vm, args, kwargs, "str.isdigit", |s| {
        all_chars(s, |c| in_table(DIGIT, c))
    })
}

/// `str.isdecimal()`.
pub(super) fn isdecimal(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    test_str(vm, args, kwargs, "str.isdecimal", |s| {
        all_chars(s, |c| in_table(DECIMAL, c))
    })
}

/// `str.isnumeric()`.
pub(super) fn isnumeric(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    test_str(vm, args, kwargs, "str.isnumeric", |s| {
        all_chars(s, |c| in_table(NUMERIC, c))
    })
}

/// `str.isalpha()`.
pub(super) fn isalpha(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    test_str(vm, args, kwargs, "str.isalpha", |s| {
        all_chars(s, |c| in_table(ALPHA, c))
    })
}

/// `str.isalnum()`.
pub(super) fn isalnum(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    test_str(vm, args, kwargs, "str.isalnum", |s| {
        all_chars(s, |c| in_table(ALPHA, c) || in_table(NUMERIC, c))
    })
}

/// `str.isspace()`.
pub(super) fn isspace(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    test_str(vm, args, kwargs, "str.isspace", |s| all_chars(s, is_space))
}

/// `str.isidentifier()`.
pub(super) fn isidentifier(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    test_str(vm, args, kwargs, "str.isidentifier", |s| {
        let mut chars = s.chars();
        chars.next().is_some_and(|c| in_table(XID_START, c))
            && chars.all(|c| in_table(XID_CONTINUE, c))
    })
}

/// `str.isprintable()`.
pub(super) fn isprintable(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    test_str(vm, args, kwargs, "str.isprintable", |s| {
        s.chars().all(|c| in_table(PRINTABLE, c))
    })
}

/// `str.isascii()`.
pub(super) fn isascii(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    test_str(vm, args, kwargs, "str.isascii", str::is_ascii)
}

#[cfg(test)]
mod tests {
    use super::{capitalize_str, casefold_str, istitle_str, swapcase_str, title_str};

    #[test]
    fn case_mappings_match_cpython() {
        assert_eq!(title_str("hello wORLD, it's ǆ"), "Hello World, It'S ǅ");
        assert_eq!(capitalize_str("ßtraße"), "Sstraße");
        assert_eq!(swapcase_str("SwApCaSe ß"), "sWaPcAsE SS");
        assert_eq!(casefold_str("Straße ΣΑΣ"), "strasse σασ");
        assert!(istitle_str("Title Case"));
        assert!(!istitle_str("Title case"));
    }
}
