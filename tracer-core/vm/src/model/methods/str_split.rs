//! `str` splitting: `split`, `rsplit`, `splitlines`, `partition`,
//! `rpartition`.

use super::Kwargs;
use super::args::{self, is_str};
use super::str::{is_space, str_arg, this};
use crate::Vm;
use crate::model::error::PyResult;
use crate::model::value::Value;

/// `sep` and `maxsplit` of `split`/`rsplit`; `None` separator means runs
/// of whitespace, a negative `maxsplit` means no limit.
fn split_args(
    vm: &mut Vm,
    args: &[Value],
    kwargs: Kwargs<'_>,
    name: &str,
) -> PyResult<(String, Option<String>, usize)> {
    let text = this(vm, args, &format!("str.{name}"))?;
    let slots = args::keywords(vm, args, kwargs, name, &["sep", "maxsplit"], 0, 2)?;
    let sep = match slots[0] {
        None | Some(Value::None) => None,
        Some(v) if is_str(vm, v) => {
            let s = vm.str_of(v).to_owned();
            if s.is_empty() {
                return vm.raise("ValueError", "empty separator");
            }
            Some(s)
        }
        Some(v) => {
            let msg = format!("must be str or None, not {}", vm.type_name(v));
            return vm.raise("TypeError", msg);
        }
    };
    let maxsplit = match slots[1] {
        Some(v) => args::index_i64(vm, v)?,
        None => -1,
    };
    Ok((text, sep, usize::try_from(maxsplit).unwrap_or(usize::MAX)))
}

fn str_list(vm: &mut Vm, parts: Vec<&str>) -> Value {
    let items = parts.into_iter().map(|p| vm.new_str(p)).collect();
    vm.new_list(items)
}

/// Whitespace splitting from the left (CPython's `split_whitespace`).
fn split_whitespace(s: &str, maxsplit: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s.trim_start_matches(is_space);
    while !rest.is_empty() {
        if out.len() == maxsplit {
            out.push(rest);
            break;
        }
        let end = rest.find(is_space).unwrap_or(rest.len());
        out.push(&rest[..end]);
        rest = rest[end..].trim_start_matches(is_space);
    }
    out
}

/// Whitespace splitting from the right (CPython's `rsplit_whitespace`).
fn rsplit_whitespace(s: &str, maxsplit: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s.trim_end_matches(is_space);
    while !rest.is_empty() {
        if out.len() == maxsplit {
            out.push(rest);
            break;
        }
        let start = rest.rfind(is_space).map_or(0, |i| {
            i + rest[i..].chars().next().map_or(1, char::len_utf8)
        });
        out.push(&rest[start..]);
        rest = rest[..start].trim_end_matches(is_space);
    }
    out.reverse();
    out
}

/// `str.split(sep=None, maxsplit=-1)`.
pub(super) fn split(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (text, sep, maxsplit) = split_args(vm, args, kwargs, "split")?;
    let parts = match &sep {
        None => split_whitespace(&text, maxsplit),
        Some(sep) => text
            .splitn(maxsplit.saturating_add(1), sep.as_str())
            .collect(),
    };
    Ok(str_list(vm, parts))
}

/// `str.rsplit(sep=None, maxsplit=-1)`.
pub(super) fn rsplit(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (text, sep, maxsplit) = split_args(vm, args, kwargs, "rsplit")?;
    let parts = match &sep {
        None => rsplit_whitespace(&text, maxsplit),
        Some(sep) => {
            let mut parts: Vec<&str> = text
                .rsplitn(maxsplit.saturating_add(1), sep.as_str())
                .collect();
            parts.reverse();
            parts
        }
    };
    Ok(str_list(vm, parts))
}

/// Characters that end a line for `splitlines` (`\r\n` counts as one).
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `str.splitlines(keepends=False)`.
pub(super) fn splitlines(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let text = this(vm, args, "str.splitlines")?;
    let slots = args::keywords(vm, args, kwargs, "splitlines", &["keepends"], 0, 1)?;
    let keepends = match slots[0] {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let mut parts = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_line_break(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
            chars.next();
            end += 1;
        }
        parts.push(&text[start..if keepends { end } else { i }]);
        start = end;
    }
    if start < text.len() {
        parts.push(&text[start..]);
    }
    Ok(str_list(vm, parts))
}

fn partition_impl(
    vm: &mut Vm,
    args: &[Value],
    kwargs: Kwargs<'_>,
    name: &str,
    reverse: bool,
) -> PyResult<Value> {
    let text = this(vm, args, &format!("str.{name}"))?;
    let sep = args::one_arg(vm, args, kwargs, &format!("str.{name}"))?;
    let sep = str_arg(vm, sep)?;
    if sep.is_empty() {
        return vm.raise("ValueError", "empty separator");
    }
    let found = if reverse {
        text.rfind(sep.as_str())
    } else {
        text.find(sep.as_str())
    };
    let parts: [&str; 3] = match found {
        Some(i) => [&text[..i], &sep, &text[i + sep.len()..]],
        None if reverse => ["", "", &text],
        None => [&text, "", ""],
    };
    let items = parts.iter().map(|p| vm.new_str(*p)).collect();
    Ok(vm.new_tuple(items))
}

/// `str.partition(sep)`.
pub(super) fn partition(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    partition_impl(vm, args, kwargs, "partition", false)
}

/// `str.rpartition(sep)`.
pub(super) fn rpartition(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    partition_impl(vm, args, kwargs, "rpartition", true)
}

#[cfg(test)]
mod tests {
    use super::{rsplit_whitespace, split_whitespace};

    #[test]
    fn whitespace_splitting_matches_cpython() {
        assert_eq!(split_whitespace("  a  b c ", usize::MAX), ["a", "b", "c"]);
        assert_eq!(split_whitespace("  a  b c ", 1), ["a", "b c "]);
        assert_eq!(rsplit_whitespace("  a  b c ", 1), ["  a  b", "c"]);
        assert_eq!(split_whitespace(" \t ", 0), Vec::<&str>::new());
        assert_eq!(split_whitespace(" x ", 0), ["x "]);
    }
}
