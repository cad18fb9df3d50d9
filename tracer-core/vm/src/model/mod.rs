//! The object model: values, the heap and its object kinds, builtin
//! classes and the methods of builtin types, frames and native functions.

pub(crate) mod complex;
pub(crate) mod core_methods;
pub(crate) mod dict;
pub(crate) mod error;
pub(crate) mod frame;
pub(crate) mod headroom;
pub(crate) mod heap;
pub(crate) mod iter;
pub(crate) mod methods;
pub(crate) mod native;
pub(crate) mod object;
pub(crate) mod set;
pub(crate) mod types;
pub(crate) mod value;
