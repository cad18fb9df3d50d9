//! Builtin functions implemented in Rust.

use crate::Vm;
use crate::model::error::PyResult;
use crate::model::value::Value;

/// Keyword arguments of a native call, as `(name, value)` pairs.
pub type Kwargs<'a> = &'a [(Box<str>, Value)];

/// Signature of a builtin: positional arguments (the receiver first for
/// methods) and keyword arguments.
pub type NativeImpl = fn(&mut Vm, &[Value], Kwargs<'_>) -> PyResult<Value>;

/// A builtin function or method.
#[derive(Clone, Copy)]
pub struct NativeFn {
    /// `__name__`.
    pub name: &'static str,
    /// The implementation.
    pub call: NativeImpl,
}

impl std::fmt::Debug for NativeFn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<built-in function {}>", self.name)
    }
}
