//! The error type shared by every formatter in this module.
//!
//! Each variant's `Display` text is exactly the message CPython 3.11 puts in
//! the exception it raises in the same situation, and [`FormatError::kind`]
//! tells which Python exception class that is, so the VM can raise
//! `kind(message)` and stay indistinguishable from CPython.

/// The Python exception class a [`FormatError`] corresponds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `ValueError`
    ValueError,
    /// `TypeError`
    TypeError,
    /// `OverflowError`
    OverflowError,
    /// `MemoryError` (raised when a result would exceed
    /// [`MAX_RESULT_CHARS`](super::MAX_RESULT_CHARS)).
    MemoryError,
}

impl ErrorKind {
    /// The Python class name, e.g. `"ValueError"`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::ValueError => "ValueError",
            Self::TypeError => "TypeError",
            Self::OverflowError => "OverflowError",
            Self::MemoryError => "MemoryError",
        }
    }
}

/// Everything that can go wrong while formatting.
///
/// `to_string()` gives CPython's message verbatim; [`FormatError::kind`]
/// gives the exception class. Fields holding a "code" are already rendered
/// the way CPython renders them (the character itself when it is printable
/// ASCII, otherwise `\x<hex>`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    // ----- format-spec mini-language (ValueError) -----
    /// More than one character was left where only the type may stand.
    #[error("Invalid format specifier '{spec}' for object of type '{type_name}'")]
    InvalidFormatSpecifier {
        /// The whole spec as given.
        spec: String,
        /// Python type name of the formatted object.
        type_name: String,
    },
    /// A `.` not followed by digits.
    #[error("Format specifier missing precision")]
    MissingPrecision,
    /// Width or precision does not fit in a `Py_ssize_t`.
    #[error("Too many decimal digits in format string")]
    TooManyDecimalDigits,
    /// Both `,` and `_` were given.
    #[error("Cannot specify both ',' and '_'.")]
    CommaAndUnderscore,
    /// A grouping option used with a presentation type that forbids it.
    #[error("Cannot specify '{separator}' with '{code}'.")]
    GroupingNotAllowed {
        /// `,` or `_`.
        separator: char,
        /// The presentation type, rendered like CPython does.
        code: String,
    },
    /// The presentation type is not supported by the object's type.
    #[error("Unknown format code '{code}' for object of type '{type_name}'")]
    UnknownFormatCode {
        /// The presentation type, rendered like CPython does.
        code: String,
        /// Python type name of the formatted object.
        type_name: String,
    },
    /// `int` formatting with a `.precision`.
    #[error("Precision not allowed in integer format specifier")]
    IntPrecisionNotAllowed,
    /// `int` formatting with `z`.
    #[error("Negative zero coercion (z) not allowed in integer format specifier")]
    IntNegZeroNotAllowed,
    /// `int` formatting with type `c` and a sign.
    #[error("Sign not allowed with integer format specifier 'c'")]
    IntCharSignNotAllowed,
    /// `int` formatting with type `c` and `#`.
    #[error("Alternate form (#) not allowed with integer format specifier 'c'")]
    IntCharAlternateNotAllowed,
    /// `str` formatting with `+` or `-`.
    #[error("Sign not allowed in string format specifier")]
    StrSignNotAllowed,
    /// `str` formatting with ` `.
    #[error("Space not allowed in string format specifier")]
    StrSpaceNotAllowed,
    /// `str` formatting with `z`.
    #[error("Negative zero coercion (z) not allowed in string format specifier")]
    StrNegZeroNotAllowed,
    /// `str` formatting with `#`.
    #[error("Alternate form (#) not allowed in string format specifier")]
    StrAlternateNotAllowed,
    /// `str` formatting with `=` alignment.
    #[error("'=' alignment not allowed in string format specifier")]
    StrEqualsAlignNotAllowed,
    /// Float precision above `INT_MAX` (format spec or `%`-format).
    #[error("precision too big")]
    PrecisionTooBig,

    // ----- printf-style formatting -----
    /// `%`-format width does not fit in a `Py_ssize_t` (ValueError).
    #[error("width too big")]
    WidthTooBig,
    /// The template ends inside a conversion specifier (ValueError).
    #[error("incomplete format")]
    IncompleteFormat,
    /// Unknown conversion character (ValueError). `index` counts
    /// characters, not bytes.
    #[error("unsupported format character '{}' (0x{:x}) at index {index}", printable_or_question(*.ch), u32::from(*.ch))]
    UnsupportedFormatCharacter {
        /// The offending character.
        ch: char,
        /// Its character index in the template.
        index: usize,
    },
    /// More conversions than arguments (TypeError).
    #[error("not enough arguments for format string")]
    NotEnoughArguments,
    /// Arguments left over (TypeError).
    #[error("not all arguments converted during string formatting")]
    NotAllArgumentsConverted,
    /// `%(name)s` used; only a mapping argument supports it (TypeError).
    #[error("format requires a mapping")]
    MappingRequired,
    /// `*` width/precision argument that is not an int (TypeError).
    #[error("* wants int")]
    StarWantsInt,
    /// `%d`-like conversion of a non-number (TypeError).
    #[error("%{code} format: a real number is required, not {type_name}")]
    RealNumberRequired {
        /// The conversion character.
        code: char,
        /// Python type name of the argument.
        type_name: String,
    },
    /// `%x`/`%X`/`%o` conversion of a non-integer (TypeError).
    #[error("%{code} format: an integer is required, not {type_name}")]
    IntegerRequired {
        /// The conversion character.
        code: char,
        /// Python type name of the argument.
        type_name: String,
    },
    /// `%f`-like conversion of a non-number (TypeError).
    #[error("must be real number, not {type_name}")]
    RealNumberExpected {
        /// Python type name of the argument.
        type_name: String,
    },
    /// `%c` of something that is neither an int nor a 1-char str
    /// (TypeError).
    #[error("%c requires int or char")]
    CharRequired,
    /// `%d` precision above `INT_MAX - 3` (OverflowError).
    #[error("precision too large")]
    PrecisionTooLarge,
    /// A `*` argument does not fit the C type CPython converts it to
    /// (OverflowError). `c_type` is `ssize_t` (width) or `int` (precision).
    #[error("Python int too large to convert to C {c_type}")]
    StarArgTooLarge {
        /// `"ssize_t"` or `"int"`.
        c_type: &'static str,
    },

    // ----- conversions -----
    /// Code point for `c` outside `0..=0x10FFFF` (OverflowError).
    #[error("%c arg not in range(0x110000)")]
    CharOutOfRange,
    /// Format-spec type `c` with an int outside the C `long` range
    /// (OverflowError).
    #[error("Python int too large to convert to C long")]
    IntTooLargeForLong,
    /// An int too large for a float conversion (OverflowError).
    #[error("int too large to convert to float")]
    IntTooLargeForFloat,
    /// `%d` of an infinite float (OverflowError).
    #[error("cannot convert float infinity to integer")]
    FloatInfinityToInt,
    /// `%d` of a NaN (ValueError).
    #[error("cannot convert float NaN to integer")]
    FloatNanToInt,
    /// Decimal conversion of an int with more than
    /// [`INT_MAX_STR_DIGITS`](super::INT_MAX_STR_DIGITS) digits
    /// (ValueError), CPython's default `sys.get_int_max_str_digits()`.
    #[error(
        "Exceeds the limit ({limit} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
    )]
    IntTooManyDigits {
        /// The digit limit in force.
        limit: usize,
    },

    // ----- resources and representation limits -----
    /// The result would be longer than
    /// [`MAX_RESULT_CHARS`](super::MAX_RESULT_CHARS) characters
    /// (MemoryError; the message is empty, like CPython's).
    #[error("")]
    ResultTooLarge,
    /// A `c` conversion produced a lone surrogate (U+D800..U+DFFF), which
    /// CPython accepts but a Rust `String` cannot hold (ValueError; this
    /// message is ours, CPython would not raise).
    #[error("%c arg {code:#x} is a lone surrogate, which is not supported")]
    SurrogateNotSupported {
        /// The surrogate code point.
        code: u32,
    },
}

impl FormatError {
    /// Which Python exception class this error corresponds to.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::NotEnoughArguments
            | Self::NotAllArgumentsConverted
            | Self::MappingRequired
            | Self::StarWantsInt
            | Self::RealNumberRequired { .. }
            | Self::IntegerRequired { .. }
            | Self::RealNumberExpected { .. }
            | Self::CharRequired => ErrorKind::TypeError,
            Self::PrecisionTooLarge
            | Self::StarArgTooLarge { .. }
            | Self::CharOutOfRange
            | Self::IntTooLargeForLong
            | Self::IntTooLargeForFloat
            | Self::FloatInfinityToInt => ErrorKind::OverflowError,
            Self::ResultTooLarge => ErrorKind::MemoryError,
            _ => ErrorKind::ValueError,
        }
    }
}

/// `%c`-style rendering used by "unsupported format character": the
/// character itself when in `31..=126`, else `?`.
fn printable_or_question(ch: char) -> char {
    if (' '..='~').contains(&ch) || ch == '\u{1f}' {
        ch
    } else {
        '?'
    }
}

/// CPython's rendering of a presentation type inside "Unknown format code"
/// and "Cannot specify" messages: the character when its code is in
/// `33..=127`, else `\x<lowercase hex, no padding>`.
pub(crate) fn render_code(ch: char) -> String {
    let c = u32::from(ch);
    if c > 32 && c < 128 {
        ch.to_string()
    } else {
        format!("\\x{c:x}")
    }
}
