//! Front-end errors and source positions.

use ruff_text_size::TextRange;

use super::code::Location;

/// Why a script could not be compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompileErrorKind {
    /// CPython would raise `SyntaxError` too.
    Syntax,
    /// Valid Python that Interleave does not support yet.
    Unsupported,
}

/// A compile-time error with a 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{col}: {}{message}", if *.kind == CompileErrorKind::Unsupported { "unsupported: " } else { "" })]
pub struct CompileError {
    /// Syntax error or unsupported feature.
    pub kind: CompileErrorKind,
    /// What is wrong (for unsupported features: what is missing).
    pub message: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

impl CompileError {
    /// A `SyntaxError`.
    pub fn syntax(message: impl Into<String>, line: u32, col: u32) -> Self {
        Self {
            kind: CompileErrorKind::Syntax,
            message: message.into(),
            line,
            col,
        }
    }

    /// An unsupported feature.
    pub fn unsupported(what: impl Into<String>, line: u32, col: u32) -> Self {
        Self {
            kind: CompileErrorKind::Unsupported,
            message: what.into(),
            line,
            col,
        }
    }
}

/// Maps byte offsets to CPython-style locations (1-based lines, 0-based
/// UTF-8 byte columns).
#[derive(Clone, Debug)]
pub struct LineMap {
    line_starts: Vec<u32>,
}

impl LineMap {
    /// Indexes the line starts of `source`.
    #[must_use]
    pub fn new(source: &str) -> Self {
        let mut line_starts = vec![0];
        for (i, b) in source.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
            }
        }
        Self { line_starts }
    }

    /// `(line, col)` of a byte offset.
    #[must_use]
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        (u32::try_from(line).unwrap_or(u32::MAX), offset - start)
    }

    /// The location of a range.
    #[must_use]
    pub fn location(&self, range: TextRange) -> Location {
        let (line, col) = self.line_col(range.start().to_u32());
        let (end_line, end_col) = self.line_col(range.end().to_u32());
        Location {
            line,
            end_line,
            col,
            end_col,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_is_one_based_line_zero_based_col() {
        let map = LineMap::new("ab\ncd\n");
        assert_eq!(map.line_col(0), (1, 0));
        assert_eq!(map.line_col(4), (2, 1));
    }

    #[test]
    fn unsupported_error_names_what_is_missing() {
        let e = CompileError::unsupported("match statements", 3, 5);
        assert_eq!(e.to_string(), "3:5: unsupported: match statements");
    }
}
