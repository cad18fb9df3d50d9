//! `bytes` methods: `decode`, `hex` and `bytes.fromhex`.

use std::fmt::Write;

use super::{Kwargs, args};
use crate::Vm;
use crate::model::error::PyResult;
use crate::model::native::NativeImpl;
use crate::model::object::{BuiltinType, Object};
use crate::model::value::Value;

/// The methods, by name.
pub(super) const METHODS: &[(&str, NativeImpl)] = &[("decode", decode), ("hex", hex)];

/// Class methods, by name.
pub(super) const CLASS_METHODS: &[(&str, NativeImpl)] = &[("fromhex", fromhex)];

fn this(vm: &mut Vm, args: &[Value], qualname: &str) -> PyResult<Vec<u8>> {
    let v = args::receiver(vm, args, BuiltinType::Bytes, qualname)?;
    Ok(match v {
        Value::Obj(id) => match vm.heap.get(id) {
            Object::Bytes(b) => b.to_vec(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    })
}

/// How `decode` treats undecodable bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Errors {
    Strict,
    Replace,
    Ignore,
}

/// Decodes UTF-8; in strict mode `Err` is CPython's description of the
/// first bad sequence (without the codec name).
fn decode_utf8(bytes: &[u8], errors: Errors) -> Result<String, String> {
    let mut out = String::with_capacity(bytes.len());
    let mut position = 0;
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        position += chunk.valid().len();
        let invalid = chunk.invalid();
        if invalid.is_empty() {
            continue;
        }
        match errors {
            Errors::Replace => out.push('\u{FFFD}'),
            Errors::Ignore => {}
            Errors::Strict => {
                let first = invalid[0];
                let at_end =
                    position + invalid.len() == bytes.len() && (0xC2..=0xF4).contains(&first);
                return Err(if at_end && invalid.len() > 1 {
                    format!(
                        "can't decode bytes in position {position}-{}: unexpected end of data",
                        bytes.len() - 1
                    )
                } else if at_end {
                    format!(
                        "can't decode byte 0x{first:02x} in position {position}: unexpected end of data"
                    )
                } else {
                    let reason = if (0xC2..=0xF4).contains(&first) {
                        "invalid continuation byte"
                    } else {
                        "invalid start byte"
                    };
                    format!("can't decode byte 0x{first:02x} in position {position}: {reason}")
                });
            }
        }
        position += invalid.len();
    }
    Ok(out)
}

fn decode(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let bytes = this(vm, args, "bytes.decode")?;
    let slots = args::keywords(vm, args, kwargs, "decode", &["encoding", "errors"], 0, 2)?;
    let mut texts = Vec::with_capacity(2);
    for (i, slot) in slots.iter().enumerate() {
        match *slot {
            None => texts.push(None),
            Some(v) if args::is_str(vm, v) => texts.push(Some(vm.str_of(v).to_owned())),
            Some(v) => {
                let msg = format!(
                    "decode() argument {} must be str, not {}",
                    i + 1,
                    vm.type_name(v)
                );
                return vm.raise("TypeError", msg);
            }
        }
    }
    let encoding = texts[0].clone().unwrap_or_else(|| "utf-8".to_owned());
    let errors = match texts[1].as_deref() {
        None | Some("strict") => Errors::Strict,
        Some("replace") => Errors::Replace,
        Some("ignore") => Errors::Ignore,
        Some(other) => {
            return vm.raise(
                "LookupError",
                format!("unknown error handler name '{other}'"),
            );
        }
    };
    let normalized = encoding
        .trim()
        .to_ascii_lowercase()
        .replace(['-', ' '], "_");
    let result = match normalized.as_str() {
        "utf_8" | "utf8" => decode_utf8(&bytes, errors).map_err(|m| format!("'utf-8' codec {m}")),
        "latin_1" | "latin1" | "iso_8859_1" | "iso8859_1" => {
            Ok(bytes.iter().map(|&b| char::from(b)).collect())
        }
        "ascii" | "us_ascii" => {
            let mut out = String::with_capacity(bytes.len());
            let mut failure = None;
            for (i, &b) in bytes.iter().enumerate() {
                if b.is_ascii() {
                    out.push(char::from(b));
                } else if errors == Errors::Replace {
                    out.push('\u{FFFD}');
                } else if errors == Errors::Strict {
                    failure = Some(format!(
                        "'ascii' codec can't decode byte 0x{b:02x} in position {i}: ordinal not in range(128)"
                    ));
                    break;
                }
            }
            failure.map_or(Ok(out), Err)
        }
        _ => return vm.raise("LookupError", format!("unknown encoding: {encoding}")),
    };
    match result {
        Ok(s) => Ok(vm.new_str(s)),
        Err(msg) => vm.raise("UnicodeError", msg),
    }
}

fn hex(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let bytes = this(vm, args, "bytes.hex")?;
    args::no_args(vm, args, kwargs, "bytes.hex")?;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    Ok(vm.new_str(out))
}

fn fromhex(vm: &mut Vm, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let text = args::one_arg(vm, args, kwargs, "fromhex")?;
    if !args::is_str(vm, text) {
        let msg = format!("fromhex() argument must be str, not {}", vm.type_name(text));
        return vm.raise("TypeError", msg);
    }
    let text: Vec<char> = vm.str_of(text).chars().collect();
    let mut out = Vec::with_capacity(text.len() / 2);
    let mut i = 0;
    while i < text.len() {
        if text[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let hi = text[i].to_digit(16);
        let lo = text.get(i + 1).and_then(|c| c.to_digit(16));
        match (hi, lo) {
            (Some(h), Some(l)) => out.push(u8::try_from(h * 16 + l).unwrap_or(0)),
            (Some(_), None) => i += 1,
            (None, _) => {}
        }
        if hi.is_none() || lo.is_none() {
            let msg = format!("non-hexadecimal number found in fromhex() arg at position {i}");
            return vm.raise("ValueError", msg);
        }
        i += 2;
    }
    Ok(vm.alloc(Object::Bytes(out.into_boxed_slice())))
}
