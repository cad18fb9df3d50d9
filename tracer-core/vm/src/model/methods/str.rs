//! `str` methods: the table, shared helpers, and the transforming methods
//! (`join`, `replace`, `strip`, padding, `expandtabs`, `encode`, ...).
//! Searching, splitting, case and classification live in sibling modules.

use super::args::{self, is_str};
use super::{Kwargs, str_case, str_format, str_search, str_split};
use crate::Vm;
use crate::model::error::PyResult;
use crate::model::native::NativeImpl;
use crate::model::object::{BuiltinType, Object};
use crate::model::value::Value;

/// The methods, by name.
pub(super) const METHODS: &[(&str, NativeImpl)] = &[
    ("join", join),
    ("replace", replace),
    ("strip", strip),
    ("lstrip", lstrip),
    ("rstrip", rstrip),
    ("center", center),
    ("ljust", ljust),
    ("rjust", rjust),
    ("zfill", zfill),
    ("expandtabs", expandtabs),
    ("removeprefix", removeprefix),
    ("removesuffix", removesuffix),
    ("encode", encode),
    ("translate", translate),
    ("find", str_search::find),
    ("rfind", str_search::rfind),
    ("index", str_search::index),
    ("rindex", str_search::rindex),
    ("count", str_search::count),
    ("startswith", str_search::startswith),
    ("endswith", str_search::endswith),
    ("split", str_split::split),
    ("rsplit", str_split::rsplit),
    ("splitlines", str_split::splitlines),
    ("partition", str_split::partition),
    ("rpartition", str_split::rpartition),
    ("upper", str_case::upper),
    ("lower", str_case::lower),
    ("casefold", str_case::casefold),
    ("swapcase", str_case::swapcase),
    ("title", str_case::title),
    ("capitalize", str_case::capitalize),
    ("isupper", str_case::isupper),
    ("islower", str_case::islower),
    ("istitle", str_case::istitle),
    ("isdigit", str_case::isdigit),
    ("isdecimal", str_case::isdecimal),
    ("isnumeric", str_case::isnumeric),
    ("isalpha", str_case::isalpha),
    ("isalnum", str_case::isalnum),
    ("isspace", str_case::isspace),
    ("isidentifier", str_case::isidentifier),
    ("isprintable", str_case::isprintable),
    ("isascii", str_case::isascii),
    ("format", str_format::format),
    ("format_map", str_format::format_map),
];

/// Static methods, by name.
pub(super) const STATIC_METHODS: &[(&str, NativeImpl)] = &[("maketrans", maketrans)];

/// The receiver's text; `qualname` (`"str.upper"`) names the method in errors.
pub(super) fn this(vm: &mut Vm, args: &[Value], qualname: &str) -> PyResult<String> {
    let v = args::receiver(vm, args, BuiltinType::Str, qualname)?;
    Ok(vm.str_of(v).to_owned())
}

/// Python's `str.isspace` for one character (Rust's `White_Space` plus the
/// information separators U+001C..U+001F).
pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// A str argument, or `TypeError: must be str, not int`.
pub(super) fn str_arg(vm: &mut Vm, v: Value) -> PyResult<String> {
    if is_str(vm, v) {
        return Ok(vm.str_of(v).to_owned());
    }
    let msg = format!("must be str, not {}", vm.type_name(v));
    vm.raise("TypeError", msg)
}

fn join(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let sep = this(vm, args, "str.join")?;
    let iterable = args::one_arg(vm, args, kwargs, "str.join")?;
    let items = vm.collect_iterable(iterable)?;
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if !is_str(vm, *item) {
            let msg = format!(
                "sequence item {i}: expected str instance, {} found",
                vm.type_name(*item)
            );
            return vm.raise("TypeError", msg);
        }
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(vm.str_of(*item));
    }
    Ok(vm.new_str(out))
}

fn replace(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let s = this(vm, args, "str.replace")?;
    let rest = args::positional(vm, args, kwargs, "replace", 2, 3)?;
    let old = str_arg(vm, rest[0])?;
    let new = str_arg(vm, rest[1])?;
    let count = match rest.get(2) {
        Some(&c) => args::index_i64(vm, c)?,
        None => -1,
    };
    let limit = usize::try_from(count).unwrap_or(usize::MAX);
    if limit == 0 {
        return Ok(vm.new_str(s));
    }
    let matches = if old.is_empty() {
        s.chars().count() + 1
    } else {
        s.matches(old.as_str()).count()
    };
    let growth = matches
        .min(limit)
        .saturating_mul(new.len().saturating_sub(old.len()));
    if s.len().saturating_add(growth) > MAX_RESULT {
        return vm.raise("MemoryError", "");
    }
    let result = if old.is_empty() {
        // Insert `new` before every character and at the end, up to `limit` times.
        let mut out = String::with_capacity(s.len() + new.len());
        let mut done = 0;
        for c in s.chars() {
            if done < limit {
                out.push_str(&new);
                done += 1;
            }
            out.push(c);
        }
        if done < limit {
            out.push_str(&new);
        }
        out
    } else {
        s.replacen(&old, &new, limit)
    };
    Ok(vm.new_str(result))
}

#[derive(Clone, Copy)]
enum Side {
    Left,
    Right,
    Both,
}

fn strip_impl(
    vm: &mut Vm,
    args: &[Value],
    kwargs: Kwargs<'_>,
    name: &str,
    side: Side,
) -> PyResult<Value> {
    let s = this(vm, args, &format!("str.{name}"))?;
    let rest = args::positional(vm, args, kwargs, name, 0, 1)?;
    let chars: Option<Vec<char>> = match rest.first() {
        None | Some(Value::None) => None,
        Some(&v) if is_str(vm, v) => Some(vm.str_of(v).chars().collect()),
        Some(_) => return vm.raise("TypeError", format!("{name} arg must be None or str")),
    };
    let strip = |c: char| {
        chars
            .as_ref()
            .map_or_else(|| is_space(c), |set| set.contains(&c))
    };
    let out = match side {
        Side::Left => s.trim_start_matches(strip),
        Side::Right => s.trim_end_matches(strip),
        Side::Both => s.trim_matches(strip),
    };
    Ok(vm.new_str(out))
}

fn strip(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    strip_impl(vm, args, kwargs, "strip", Side::Both)
}

fn lstrip(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    strip_impl(vm, args, kwargs, "lstrip", Side::Left)
}

fn rstrip(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    strip_impl(vm, args, kwargs, "rstrip", Side::Right)
}

/// Results longer than this raise `MemoryError` instead of being built.
const MAX_RESULT: usize = 100_000_000;

fn pad_impl(
    vm: &mut Vm,
    args: &[Value],
    kwargs: Kwargs<'_>,
    name: &str,
    side: Side,
) -> PyResult<Value> {
    let s = this(vm, args, &format!("str.{name}"))?;
    let rest = args::positional(vm, args, kwargs, name, 1, 2)?;
    let width = args::index_i64(vm, rest[0])?;
    let fill = match rest.get(1) {
        None => ' ',
        Some(&f) => {
            if !is_str(vm, f) {
                let msg = format!("{name}() argument 2 must be str, not {}", vm.type_name(f));
                return vm.raise("TypeError", msg);
            }
            let mut it = vm.str_of(f).chars();
            match (it.next(), it.next()) {
                (Some(c), None) => c,
                _ => {
                    return vm.raise(
                        "TypeError",
                        "The fill character must be exactly one character long",
                    );
                }
            }
        }
    };
    let len = s.chars().count();
    let width = usize::try_from(width).unwrap_or(0);
    if width <= len {
        return Ok(vm.new_str(s));
    }
    if width > MAX_RESULT {
        return vm.raise("MemoryError", "");
    }
    let total = width - len;
    let left = match side {
        Side::Left => 0,
        Side::Right => total,
        // CPython's centering puts the extra character on the left when
        // both the padding and the width are odd.
        Side::Both => total / 2 + (total & width & 1),
    };
    let mut out = String::with_capacity(s.len() + total);
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(&s);
    out.extend(std::iter::repeat_n(fill, total - left));
    Ok(vm.new_str(out))
}

fn center(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    pad_impl(vm, args, kwargs, "center", Side::Both)
}

fn ljust(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    pad_impl(vm, args, kwargs, "ljust", Side::Left)
}

fn rjust(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    pad_impl(vm, args, kwargs, "rjust", Side::Right)
}

fn zfill(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let s = this(vm, args, "str.zfill")?;
    let width = args::one_arg(vm, args, kwargs, "str.zfill")?;
    let width = usize::try_from(args::index_i64(vm, width)?).unwrap_or(0);
    let len = s.chars().count();
    if width <= len {
        return Ok(vm.new_str(s));
    }
    if width > MAX_RESULT {
        return vm.raise("MemoryError", "");
    }
    let zeros = "0".repeat(width - len);
    let out = match s.strip_prefix(['+', '-']) {
        Some(digits) => format!("{}{zeros}{digits}", &s[..1]),
        None => format!("{zeros}{s}"),
    };
    Ok(vm.new_str(out))
}

fn expandtabs(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let s = this(vm, args, "str.expandtabs")?;
    let slots = args::keywords(vm, args, kwargs, "expandtabs", &["tabsize"], 0, 1)?;
    let tabsize = match slots[0] {
        Some(v) => args::index_i64(vm, v)?,
        None => 8,
    };
    let tabsize = usize::try_from(tabsize).unwrap_or(0);
    let mut out = String::with_capacity(s.len());
    let mut column = 0usize;
    for c in s.chars() {
        match c {
            '\t' => {
                if tabsize > 0 {
                    let n = tabsize - column % tabsize;
                    if out.len() + n > MAX_RESULT {
                        return vm.raise("OverflowError", "new string is too long");
                    }
                    out.extend(std::iter::repeat_n(' ', n));
                    column += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                column = 0;
            }
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    Ok(vm.new_str(out))
}

fn affix_impl(
    vm: &mut Vm,
    args: &[Value],
    kwargs: Kwargs<'_>,
    name: &str,
    prefix: bool,
) -> PyResult<Value> {
    let s = this(vm, args, &format!("str.{name}"))?;
    let affix = args::one_arg(vm, args, kwargs, &format!("str.{name}"))?;
    if !is_str(vm, affix) {
        let msg = format!("{name}() argument must be str, not {}", vm.type_name(affix));
        return vm.raise("TypeError", msg);
    }
    let affix = vm.str_of(affix).to_owned();
    let out = if prefix {
        s.strip_prefix(&affix)
    } else {
        s.strip_suffix(&affix)
    };
    match out {
        Some(rest) => Ok(vm.new_str(rest)),
        None => Ok(args[0]),
    }
}

fn removeprefix(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    affix_impl(vm, args, kwargs, "removeprefix", true)
}

fn removesuffix(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    affix_impl(vm, args, kwargs, "removesuffix", false)
}

fn encode(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let s = this(vm, args, "str.encode")?;
    let slots = args::keywords(vm, args, kwargs, "encode", &["encoding", "errors"], 0, 2)?;
    for (i, slot) in slots.iter().enumerate() {
        if let Some(v) = *slot
            && !is_str(vm, v)
        {
            let msg = format!(
                "encode() argument {} must be str, not {}",
                i + 1,
                vm.type_name(v)
            );
            return vm.raise("TypeError", msg);
        }
    }
    let encoding = slots[0].map_or_else(|| "utf-8".to_owned(), |v| vm.str_of(v).to_owned());
    let bytes = match normalize_encoding(&encoding).as_str() {
        "utf_8" | "utf8" => s.into_bytes(),
        "ascii" | "us_ascii" | "latin_1" | "latin1" | "iso_8859_1" | "iso8859_1" => {
            let limit = if encoding_is_ascii(&encoding) {
                0x80
            } else {
                0x100
            };
            let mut out = Vec::with_capacity(s.len());
            for (i, c) in s.chars().enumerate() {
                if let Some(b) = u8::try_from(u32::from(c))
                    .ok()
                    .filter(|&b| u32::from(b) < limit)
                {
                    out.push(b);
                } else {
                    let codec = if limit == 0x80 { "ascii" } else { "latin-1" };
                    let msg = format!(
                        "'{codec}' codec can't encode character '{}' in position {i}: ordinal not in range({limit})",
                        escape_char(c)
                    );
                    return vm.raise("UnicodeError", msg);
                }
            }
            out
        }
        _ => return vm.raise("LookupError", format!("unknown encoding: {encoding}")),
    };
    Ok(vm.alloc(Object::Bytes(bytes.into_boxed_slice())))
}

/// CPython's codec-name normalisation: lower case, `-` and spaces to `_`.
fn normalize_encoding(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace(['-', ' '], "_")
}

fn encoding_is_ascii(name: &str) -> bool {
    matches!(normalize_encoding(name).as_str(), "ascii" | "us_ascii")
}

/// `\xe9`-style escape of a character, as in codec error messages.
fn escape_char(c: char) -> String {
    let cp = u32::from(c);
    match cp {
        0..=0xff => format!("\\x{cp:02x}"),
        0x100..=0xffff => format!("\\u{cp:04x}"),
        _ => format!("\\U{cp:08x}"),
    }
}

fn translate(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let s = this(vm, args, "str.translate")?;
    let table = args::one_arg(vm, args, kwargs, "str.translate")?;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let key = Value::Int(i64::from(u32::from(c)));
        let mapped = match vm.get_item(table, key) {
            Ok(v) => v,
            Err(crate::model::error::VmError::Exception(e))
                if vm.is_instance_of_name(e, "LookupError") =>
            {
                out.push(c);
                continue;
            }
            Err(e) => return Err(e),
        };
        match mapped {
            Value::None => {}
            v if is_str(vm, v) => out.push_str(vm.str_of(v)),
            v => match vm.as_i64(v) {
                Some(cp) => match u32::try_from(cp).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => {
                        return vm
                            .raise("ValueError", "character mapping must be in range(0x110000)");
                    }
                },
                None => {
                    return vm.raise(
                        "TypeError",
                        "character mapping must return integer, None or str",
                    );
                }
            },
        }
    }
    Ok(vm.new_str(out))
}

fn maketrans(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    // A static method: there is no receiver, so count from args[0].
    if !kwargs.is_empty() {
        return vm.raise("TypeError", "maketrans() takes no keyword arguments");
    }
    let d = vm.new_dict();
    match args {
        [mapping] => {
            let Some(id) = mapping
                .as_obj()
                .filter(|id| matches!(vm.heap.get(*id), Object::Dict(_)))
            else {
                return vm.raise(
                    "TypeError",
                    "if you give only one argument to maketrans it must be a dict",
                );
            };
            let Object::Dict(src) = vm.heap.get(id) else {
                return Ok(d);
            };
            let entries: Vec<_> = src.iter().collect();
            for e in entries {
                let key = if is_str(vm, e.key) {
                    let mut it = vm.str_of(e.key).chars();
                    match (it.next(), it.next()) {
                        (Some(c), None) => Value::Int(i64::from(u32::from(c))),
                        _ => {
                            return vm.raise(
                                "ValueError",
                                "string keys in translate table must be of length 1",
                            );
                        }
                    }
                } else if vm.as_i64(e.key).is_some() {
                    e.key
                } else {
                    return vm.raise(
                        "TypeError",
                        "keys in translate table must be strings or integers",
                    );
                };
                vm.dict_set(d, key, e.value)?;
            }
        }
        [from, to, rest @ ..] if rest.len() <= 1 => {
            let from = maketrans_str(vm, *from, 1)?;
            let to = maketrans_str(vm, *to, 2)?;
            let (from, to): (Vec<char>, Vec<char>) = (from.chars().collect(), to.chars().collect());
            if from.len() != to.len() {
                return vm.raise(
                    "ValueError",
                    "the first two maketrans arguments must have equal length",
                );
            }
            for (a, b) in from.into_iter().zip(to) {
                let key = Value::Int(i64::from(u32::from(a)));
                vm.dict_set(d, key, Value::Int(i64::from(u32::from(b))))?;
            }
            if let Some(&delete) = rest.first() {
                let delete = maketrans_str(vm, delete, 3)?;
                for c in delete.chars() {
                    vm.dict_set(d, Value::Int(i64::from(u32::from(c))), Value::None)?;
                }
            }
        }
        _ => {
            let msg = if args.is_empty() {
                "maketrans expected at least 1 argument, got 0".to_owned()
            } else {
                format!("maketrans expected at most 3 arguments, got {}", args.len())
            };
            return vm.raise("TypeError", msg);
        }
    }
    Ok(d)
}

fn maketrans_str(vm: &mut Vm, v: Value, position: usize) -> PyResult<String> {
    if is_str(vm, v) {
        return Ok(vm.str_of(v).to_owned());
    }
    let msg = format!(
        "maketrans() argument {position} must be str, not {}",
        vm.type_name(v)
    );
    vm.raise("TypeError", msg)
}

/// `ascii()`'s escaping of a repr: every non-ASCII character becomes
/// `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
pub(crate) fn ascii_escape(repr: &str) -> String {
    let mut out = String::with_capacity(repr.len());
    for c in repr.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&escape_char(c));
        }
    }
    out
}
