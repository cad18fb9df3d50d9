//! Execution: the interpreter loop, calls, attribute lookup, operators,
//! generators, `sys.settrace`, and the state it runs on (threads' frame
//! stacks, processes' module tables).

pub(crate) mod arith;
pub(crate) mod attr;
pub(crate) mod call;
pub(crate) mod compare;
pub(crate) mod dicts;
pub(crate) mod generator;
pub(crate) mod hash;
pub(crate) mod interp;
pub(crate) mod items;
pub(crate) mod name_cache;
pub(crate) mod namespaces;
pub(crate) mod nested;
pub(crate) mod process;
pub(crate) mod recording;
pub(crate) mod sets;
pub(crate) mod shared_cache;
pub(crate) mod text;
pub(crate) mod thread;
pub(crate) mod tracing;
pub(crate) mod unwind;

/// File name of the code of the builtin helpers (the prelude's Python
/// versions of `sum`, `sorted`, ... for generator arguments), hidden from
/// tracebacks and trace hooks.
pub(crate) const HELPERS_FILENAME: &str = "<builtin helpers>";
