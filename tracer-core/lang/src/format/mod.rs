//! CPython 3.11-compatible number and string formatting.
//!
//! This module reproduces, character for character, what CPython 3.11
//! produces for
//!
//! * `repr(float)` / `str(float)` — [`float_repr`];
//! * `format(value, spec)` / f-strings / `str.format` for `int`, `float`
//!   and `str` — [`format_int`], [`format_float`], [`format_str`], with the
//!   spec parser [`parse_spec`];
//! * printf-style `template % args` — [`percent_format`].
//!
//! Errors are [`FormatError`]s whose `Display` is CPython's exception
//! message and whose [`FormatError::kind`] is the exception class.
//!
//! # Design
//!
//! The code is a port of the relevant C functions (named in each
//! submodule's docs), keeping their structure so behaviour can be checked
//! against the C source line by line. Decimal digits of floats come from
//! Rust's formatter, which — like CPython's `dtoa.c` — is exact: shortest
//! round-trip digits for `repr`, and correct half-to-even rounding of the
//! exact binary value for a given precision.
//!
//! # Deliberate differences from CPython
//!
//! * Results longer than [`MAX_RESULT_CHARS`] characters (from huge widths
//!   or precisions) fail with a `MemoryError`-kind error instead of being
//!   built; CPython would try to allocate them.
//! * `n` formats as in the C locale (CPython's default unless
//!   `locale.setlocale` is called): no grouping, `.` decimal point.
//! * A `c` conversion of a lone surrogate code point (U+D800..U+DFFF) is an
//!   error ([`FormatError::SurrogateNotSupported`]) because Rust strings
//!   cannot hold it.
//! * Decimal int conversion enforces CPython's *default*
//!   `sys.set_int_max_str_digits` limit, [`INT_MAX_STR_DIGITS`]; it is not
//!   configurable here.
//! * Only `int`, `float` and `str` values are known: `bool`'s `__format__`
//!   with an empty spec (`"True"`) and the `bool` type name in messages are
//!   the caller's concern; `percent_format` has no mapping (`%(key)s`)
//!   support.
//!
//! No function here panics, whatever its input, and there is no `unsafe`.

// The docs name CPython (and its C functions) constantly; clippy's
// doc_markdown would have every "CPython" in backticks.
#![allow(clippy::doc_markdown)]

mod builtin;
mod error;
mod float_repr;
mod layout;
mod percent;
mod spec;

#[cfg(test)]
mod tests;

pub use builtin::{format_float, format_int, format_str};
pub use error::{ErrorKind, FormatError};
pub use float_repr::float_repr;
pub use percent::{FormatArg, percent_format};
pub use spec::{Align, FormatSpec, Sign, parse_spec};

/// The longest result, in characters, any formatter here will build;
/// longer results fail with [`FormatError::ResultTooLarge`]
/// (`MemoryError`). This keeps huge widths/precisions (which CPython
/// would try to allocate) from exhausting memory or panicking.
pub const MAX_RESULT_CHARS: usize = 100_000_000;

/// CPython's default limit (`sys.get_int_max_str_digits()`) on the number
/// of digits of an int converted to or from a decimal string; exceeding it
/// is [`FormatError::IntTooManyDigits`] (`ValueError`). Power-of-two bases
/// are not limited.
pub const INT_MAX_STR_DIGITS: usize = 4300;
