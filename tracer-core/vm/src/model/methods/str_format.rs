//! `str.format` and `str.format_map`: a port of CPython's
//! `Objects/stringlib/unicode_format.h` (markup parsing, field lookup,
//! conversions, nested format specs), with `format(value, spec)` doing the
//! per-value formatting.

use super::Kwargs;
use super::args;
use super::str::{ascii_escape, this};
use crate::Vm;
use crate::model::error::{PyResult, VmError};
use crate::model::value::Value;

/// Where named fields come from.
#[derive(Clone, Copy)]
enum Names<'a> {
    /// `str.format(**kwargs)`.
    Keywords(Kwargs<'a>),
    /// `str.format_map(mapping)`.
    Mapping(Value),
}

/// Automatic (`{}`) versus manual (`{0}`) field numbering; mixing is an error.
#[derive(Default)]
struct Numbering {
    manual: Option<bool>,
    next: usize,
}

struct Context<'a> {
    positional: Option<&'a [Value]>,
    names: Names<'a>,
    numbering: Numbering,
}

/// `str.format(*args, **kwargs)`.
pub(super) fn format(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let template = this(vm, args, "str.format")?;
    let mut cx = Context {
        positional: Some(&args[1..]),
        names: Names::Keywords(kwargs),
        numbering: Numbering::default(),
    };
    let out = render(vm, &template, &mut cx, 2)?;
    Ok(vm.new_str(out))
}

/// `str.format_map(mapping)`.
pub(super) fn format_map(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let template = this(vm, args, "str.format_map")?;
    let mapping = args::one_arg(vm, args, kwargs, "str.format_map")?;
    let mut cx = Context {
        positional: None,
        names: Names::Mapping(mapping),
        numbering: Numbering::default(),
    };
    let out = render(vm, &template, &mut cx, 2)?;
    Ok(vm.new_str(out))
}

/// One replacement field: `{name!conversion:spec}`.
struct Field<'s> {
    name: &'s str,
    conversion: Option<char>,
    spec: &'s str,
}

fn render(vm: &mut Vm, template: &str, cx: &mut Context<'_>, depth: u32) -> PyResult<String> {
    if depth == 0 {
        return vm.raise("ValueError", "Max string recursion exceeded");
    }
    let bytes = template.as_bytes();
    let mut out = String::with_capacity(template.len());
    let mut pos = 0;
    while pos < bytes.len() {
        // Literal text up to the next brace.
        let start = pos;
        let mut brace = None;
        while pos < bytes.len() {
            let c = bytes[pos];
            pos += 1;
            if c == b'{' || c == b'}' {
                brace = Some(c);
                break;
            }
        }
        let at_end = pos >= bytes.len();
        let Some(c) = brace else {
            out.push_str(&template[start..pos]);
            break;
        };
        if c == b'}' && (at_end || bytes[pos] != b'}') {
            return vm.raise("ValueError", "Single '}' encountered in format string");
        }
        if at_end && c == b'{' {
            return vm.raise("ValueError", "Single '{' encountered in format string");
        }
        if bytes[pos] == c {
            // `{{` or `}}`: a literal brace.
            out.push_str(&template[start..pos]);
            pos += 1;
            continue;
        }
        out.push_str(&template[start..pos - 1]);
        let (field, next) = parse_field(vm, template, pos)?;
        pos = next;
        let rendered = render_field(vm, &field, cx, depth)?;
        out.push_str(&rendered);
    }
    Ok(out)
}

/// Parses the field starting at byte `pos` (just after its `{`); returns it
/// and the position after its closing `}`.
fn parse_field<'s>(vm: &mut Vm, template: &'s str, mut pos: usize) -> PyResult<(Field<'s>, usize)> {
    let bytes = template.as_bytes();
    let name_start = pos;
    while pos < bytes.len() && !matches!(bytes[pos], b'!' | b':' | b'}') {
        let c = bytes[pos];
        if c == b'{' {
            return vm.raise("ValueError", "unexpected '{' in field name");
        }
        pos += 1;
        if c == b'[' {
            while pos < bytes.len() && bytes[pos] != b']' {
                pos += 1;
            }
            if pos < bytes.len() {
                pos += 1;
            }
        }
    }
    let name = &template[name_start..pos];
    let Some(&(mut delimiter)) = bytes.get(pos) else {
        return vm.raise("ValueError", "expected '}' before end of string");
    };
    pos += 1;
    let mut conversion = None;
    if delimiter == b'!' {
        let Some(conv) = template.get(pos..).and_then(|rest| rest.chars().next()) else {
            return vm.raise(
                "ValueError",
                "end of string while looking for conversion specifier",
            );
        };
        conversion = Some(conv);
        pos += conv.len_utf8();
        let Some(&next) = bytes.get(pos) else {
            return vm.raise("ValueError", "unmatched '{' in format spec");
        };
        delimiter = next;
        pos += 1;
        if delimiter != b':' && delimiter != b'}' {
            return vm.raise("ValueError", "expected ':' after conversion specifier");
        }
    }
    if delimiter == b'}' {
        return Ok((
            Field {
                name,
                conversion,
                spec: "",
            },
            pos,
        ));
    }
    let spec_start = pos;
    let mut nesting = 1;
    while pos < bytes.len() {
        let c = bytes[pos];
        pos += 1;
        if c == b'{' {
            nesting += 1;
        } else if c == b'}' {
            nesting -= 1;
            if nesting == 0 {
                return Ok((
                    Field {
                        name,
                        conversion,
                        spec: &template[spec_start..pos - 1],
                    },
                    pos,
                ));
            }
        }
    }
    vm.raise("ValueError", "unmatched '{' in format spec")
}

fn render_field(
    vm: &mut Vm,
    field: &Field<'_>,
    cx: &mut Context<'_>,
    depth: u32,
) -> PyResult<String> {
    let mut value = lookup_field(vm, field.name, cx)?;
    if let Some(conv) = field.conversion {
        value = match conv {
            'r' => vm.repr(value)?,
            's' => vm.str_value(value)?,
            'a' => {
                let r = vm.repr(value)?;
                let escaped = ascii_escape(vm.str_of(r));
                vm.new_str(escaped)
            }
            c => {
                let shown = if c.is_ascii_graphic() || c == ' ' {
                    c.to_string()
                } else {
                    format!("\\x{:x}", u32::from(c))
                };
                return vm.raise(
                    "ValueError",
                    format!("Unknown conversion specifier {shown}"),
                );
            }
        };
    }
    let spec = if field.spec.contains('{') {
        render(vm, field.spec, cx, depth - 1)?
    } else {
        field.spec.to_owned()
    };
    let spec = vm.new_str(spec);
    let formatted = vm.format(value, Some(spec))?;
    Ok(vm.str_of(formatted).to_owned())
}

/// Splits `name[0].attr` into its first part and the rest.
fn split_first(name: &str) -> (&str, &str) {
    let end = name.find(['.', '[']).unwrap_or(name.len());
    name.split_at(end)
}

fn lookup_field(vm: &mut Vm, name: &str, cx: &mut Context<'_>) -> PyResult<Value> {
    let (first, mut rest) = split_first(name);
    let mut value = if first.is_empty() || first.bytes().all(|b| b.is_ascii_digit()) {
        let index = if first.is_empty() {
            if cx.numbering.manual == Some(true) {
                return vm.raise(
                    "ValueError",
                    "cannot switch from manual field specification to automatic field numbering",
                );
            }
            cx.numbering.manual = Some(false);
            cx.numbering.next += 1;
            cx.numbering.next - 1
        } else {
            if cx.numbering.manual == Some(false) {
                return vm.raise(
                    "ValueError",
                    "cannot switch from automatic field numbering to manual field specification",
                );
            }
            cx.numbering.manual = Some(true);
            match first.parse::<usize>() {
                Ok(i) => i,
                Err(_) => {
                    return vm.raise("ValueError", "Too many decimal digits in format string");
                }
            }
        };
        let Some(positional) = cx.positional else {
            return vm.raise("ValueError", "Format string contains positional fields");
        };
        if let Some(v) = positional.get(index) {
            *v
        } else {
            let msg = format!("Replacement index {index} out of range for positional args tuple");
            return vm.raise("IndexError", msg);
        }
    } else {
        let key = vm.new_str(first);
        match cx.names {
            Names::Keywords(kwargs) => match kwargs.iter().find(|(k, _)| &**k == first) {
                Some((_, v)) => *v,
                None => return Err(key_error(vm, key)),
            },
            Names::Mapping(mapping) => vm.get_item(mapping, key)?,
        }
    };
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let attr = &after[..end];
            if attr.is_empty() {
                return vm.raise("ValueError", "Empty attribute in format string");
            }
            let attr = vm.new_str(attr);
            value = vm.get_attr(value, attr)?;
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let Some(end) = after.find(']') else {
                return vm.raise("ValueError", "Missing ']' in format string");
            };
            let key_text = &after[..end];
            if key_text.is_empty() {
                return vm.raise("ValueError", "Empty attribute in format string");
            }
            let key = match key_text.parse::<i64>() {
                Ok(i) if key_text.bytes().all(|b| b.is_ascii_digit()) => Value::Int(i),
                _ => vm.new_str(key_text),
            };
            value = vm.get_item(value, key)?;
            rest = &after[end + 1..];
            if !rest.is_empty() && !rest.starts_with(['.', '[']) {
                return vm.raise(
                    "ValueError",
                    "Only '.' or '[' may follow ']' in format field specifier",
                );
            }
        } else {
            return vm.raise(
                "ValueError",
                "Only '.' or '[' may follow ']' in format field specifier",
            );
        }
    }
    Ok(value)
}

fn key_error(vm: &mut Vm, key: Value) -> VmError {
    let class = vm.types.exception("KeyError");
    VmError::Exception(vm.new_exception(class, vec![key]))
}
