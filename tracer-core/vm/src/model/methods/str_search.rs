//! `str` searching: `find`, `rfind`, `index`, `rindex`, `count`,
//! `startswith`, `endswith`. Positions are in characters, as in Python.

use super::Kwargs;
use super::args::{self, is_str};
use super::str::{str_arg, this};
use crate::Vm;
use crate::model::error::PyResult;
use crate::model::object::Object;
use crate::model::value::Value;

/// Byte offset of character `ci` (`ci` may equal the length).
fn byte_offset(s: &str, ci: usize) -> usize {
    if s.is_ascii() {
        return ci.min(s.len());
    }
    s.char_indices().nth(ci).map_or(s.len(), |(b, _)| b)
}

/// Character index of byte offset `bi` (a char boundary).
fn char_index(s: &str, bi: usize) -> usize {
    if s.is_ascii() {
        bi
    } else {
        s.get(..bi).map_or(0, |p| p.chars().count())
    }
}

/// The receiver, the needle and the `start`/`end` window (in characters,
/// adjusted like CPython's `ADJUST_INDICES`; `start` may exceed `end`).
struct Search {
    text: String,
    needle: String,
    start: usize,
    end: usize,
}

impl Search {
    fn parse(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>, name: &str) -> PyResult<Self> {
        let text = this(vm, args, &format!("str.{name}"))?;
        let rest = args::legacy(vm, args, kwargs, name, 1, 3)?;
        let needle = str_arg(vm, rest[0])?;
        let (start, end) = window(vm, &text, rest.get(1).copied(), rest.get(2).copied())?;
        Ok(Self {
            text,
            needle,
            start,
            end,
        })
    }

    fn haystack(&self) -> Option<(&str, usize)> {
        haystack(&self.text, self.start, self.end, &self.needle)
    }

    fn find(&self, reverse: bool) -> Option<usize> {
        let (hay, base) = self.haystack()?;
        let found = if reverse {
            hay.rfind(self.needle.as_str())
        } else {
            hay.find(self.needle.as_str())
        }?;
        Some(char_index(&self.text, base + found))
    }
}

/// The slice of `text` searched for `needle` and its byte offset, if the
/// `start..end` window (in characters) can hold the needle.
fn haystack<'a>(text: &'a str, start: usize, end: usize, needle: &str) -> Option<(&'a str, usize)> {
    let n = needle.chars().count();
    if end < start || end - start < n {
        return None;
    }
    let (b0, b1) = (byte_offset(text, start), byte_offset(text, end));
    Some((text.get(b0..b1)?, b0))
}

/// `start`/`end` arguments adjusted to `text`'s length.
fn window(
    vm: &mut Vm,
    text: &str,
    start: Option<Value>,
    end: Option<Value>,
) -> PyResult<(usize, usize)> {
    let start = args::slice_bound(vm, start, 0)?;
    let end = args::slice_bound(vm, end, i64::MAX)?;
    let len = text.chars().count();
    let n = i64::try_from(len).unwrap_or(i64::MAX);
    let start = if start < 0 {
        start.saturating_add(n).max(0)
    } else {
        start
    };
    let (_, end) = args::adjust_indices(0, end, len);
    Ok((usize::try_from(start).unwrap_or(usize::MAX), end))
}

fn found_or(vm: &mut Vm, pos: Option<usize>, raise: bool) -> PyResult<Value> {
    match pos {
        Some(p) => Ok(Value::Int(i64::try_from(p).unwrap_or(i64::MAX))),
        None if raise => vm.raise("ValueError", "substring not found"),
        None => Ok(Value::Int(-1)),
    }
}

/// `str.find(sub[, start[, end]])`.
pub(super) fn find(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let s = Search::parse(vm, args, kwargs, "find")?;
    found_or(vm, s.find(false), false)
}

/// `str.rfind(sub[, start[, end]])`.
pub(super) fn rfind(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let s = Search::parse(vm, args, kwargs, "rfind")?;
    found_or(vm, s.find(true), false)
}

/// `str.index(sub[, start[, end]])`.
pub(super) fn index(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let s = Search::parse(vm, args, kwargs, "index")?;
    found_or(vm, s.find(false), true)
}

/// `str.rindex(sub[, start[, end]])`.
pub(super) fn rindex(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let s = Search::parse(vm, args, kwargs, "rindex")?;
    found_or(vm, s.find(true), true)
}

/// `str.count(sub[, start[, end]])`.
pub(super) fn count(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let s = Search::parse(vm, args, kwargs, "count")?;
    let n = match s.haystack() {
        None => 0,
        Some((hay, _)) if s.needle.is_empty() => hay.chars().count() + 1,
        Some((hay, _)) => hay.matches(s.needle.as_str()).count(),
    };
    Ok(Value::Int(i64::try_from(n).unwrap_or(i64::MAX)))
}

fn affix_match(
    vm: &mut Vm,
    args: &[Value],
    kwargs: Kwargs<'_>,
    name: &str,
    at_start: bool,
) -> PyResult<Value> {
    let text = this(vm, args, &format!("str.{name}"))?;
    let rest = args::legacy(vm, args, kwargs, name, 1, 3)?;
    let (start, end) = window(vm, &text, rest.get(1).copied(), rest.get(2).copied())?;
    let matches = |needle: &str| {
        haystack(&text, start, end, needle).is_some_and(|(hay, _)| {
            if at_start {
                hay.starts_with(needle)
            } else {
                hay.ends_with(needle)
            }
        })
    };
    let hit = match rest[0] {
        v if is_str(vm, v) => matches(vm.str_of(v)),
        Value::Obj(id) if matches!(vm.heap.get(id), Object::Tuple(_)) => {
            let mut hit = false;
            for item in vm.sequence_items(rest[0])? {
                if !is_str(vm, item) {
                    let msg = format!(
                        "tuple for {name} must only contain str, not {}",
                        vm.type_name(item)
                    );
                    return vm.raise("TypeError", msg);
                }
                if matches(vm.str_of(item)) {
                    hit = true;
                    break;
                }
            }
            hit
        }
        v => {
            let msg = format!(
                "{name} first arg must be str or a tuple of str, not {}",
                vm.type_name(v)
            );
            return vm.raise("TypeError", msg);
        }
    };
    Ok(Value::Bool(hit))
}

/// `str.startswith(prefix[, start[, end]])`; `prefix` may be a tuple.
pub(super) fn startswith(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    affix_match(vm, args, kwargs, "startswith", true)
}

/// `str.endswith(suffix[, start[, end]])`; `suffix` may be a tuple.
pub(super) fn endswith(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    affix_match(vm, args, kwargs, "endswith", false)
}
