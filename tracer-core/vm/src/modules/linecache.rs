//! The `linecache` module, over the VM's own sources: the script being run
//! and the prelude modules. The host disk is never read, so any other file
//! has no lines (as a file that does not exist has none in CPython).

use crate::Vm;
use crate::model::error::PyResult;
use crate::model::native::{Kwargs, NativeImpl};
use crate::model::value::Value;

/// The module's functions.
pub(crate) const FUNCTIONS: &[(&str, NativeImpl)] = &[
    ("getline", getline),
    ("getlines", getlines),
    ("clearcache", nothing),
    ("checkcache", nothing),
];

/// The lines of `filename`'s source, each ending in `\n` (one is added to
/// an unterminated last line, as `linecache.updatecache` does).
fn source_lines(vm: &Vm, filename: &str) -> Vec<String> {
    vm.source_of(filename)
        .map(|source| {
            source
                .split_inclusive('\n')
                .map(|line| {
                    if line.ends_with('\n') {
                        line.to_owned()
                    } else {
                        format!("{line}\n")
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `linecache.getline(filename, lineno, module_globals=None)`: the line,
/// or `''` when there is no such line.
fn getline(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let filename = vm.str_string(args.first().copied().unwrap_or(Value::None))?;
    let lineno = args.get(1).and_then(|&v| vm.as_i64(v)).unwrap_or(0);
    let lines = source_lines(vm, &filename);
    let line = usize::try_from(lineno)
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| lines.get(i))
        .cloned()
        .unwrap_or_default();
    Ok(vm.new_str(line))
}

/// `linecache.getlines(filename, module_globals=None)`: every line.
fn getlines(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let filename = vm.str_string(args.first().copied().unwrap_or(Value::None))?;
    let items = source_lines(vm, &filename)
        .into_iter()
        .map(|line| vm.new_str(line))
        .collect();
    Ok(vm.new_list(items))
}

/// `clearcache()` and `checkcache()`: there is no cache to keep fresh.
fn nothing(_: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(Value::None)
}

/// `linecache`.
pub(crate) fn module(vm: &mut Vm) -> Value {
    vm.native_module("linecache", FUNCTIONS)
}
