//! Builtin functions implemented in Rust.

use super::Vm;
use super::error::PyResult;
use super::value::Value;

/// Signature of a builtin: positional arguments (the receiver first for
/// methods) and keyword arguments as `(name, value)` pairs.
pub type NativeImpl = fn(&mut Vm, &[Value], &[(Box<str>, Value)]) -> PyResult<Value>;

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
