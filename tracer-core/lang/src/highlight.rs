//! Syntax classes of a script's tokens, for colouring source views. Uses
//! the same tokenizer as the compiler (ruff's), so what is coloured as a
//! keyword is what Python reads as one.

use ruff_python_ast::token::TokenKind;
use ruff_python_parser::{Mode, ParseOptions};
use ruff_text_size::Ranged;

/// What a token is, as far as colouring goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenClass {
    /// `def`, `for`, `None`, ...
    Keyword,
    /// An identifier.
    Name,
    /// An int, float or complex literal.
    Number,
    /// A string or f-string part.
    String,
    /// A `#` comment.
    Comment,
    /// Operators and punctuation.
    Operator,
}

/// A classified stretch of the source: byte range and class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Highlight {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// What it is.
    pub class: TokenClass,
}

/// The classified tokens of `source`, in order (whitespace, newlines and
/// unclassifiable tokens are left out). Works on invalid code too.
#[must_use]
pub fn highlight(source: &str) -> Vec<Highlight> {
    let parsed = ruff_python_parser::parse_unchecked(source, ParseOptions::from(Mode::Module));
    parsed
        .tokens()
        .iter()
        .filter_map(|token| {
            let kind = token.kind();
            let class = if kind.is_non_soft_keyword() || kind.is_singleton() {
                TokenClass::Keyword
            } else if kind.is_comment() {
                TokenClass::Comment
            } else if kind.is_operator() {
                TokenClass::Operator
            } else {
                match kind {
                    TokenKind::Name => TokenClass::Name,
                    TokenKind::Int | TokenKind::Float | TokenKind::Complex => TokenClass::Number,
                    TokenKind::String
                    | TokenKind::FStringStart
                    | TokenKind::FStringMiddle
                    | TokenKind::FStringEnd => TokenClass::String,
                    _ if kind.is_soft_keyword() => TokenClass::Keyword,
                    _ => return None,
                }
            };
            let range = token.range();
            Some(Highlight {
                start: range.start().to_usize(),
                end: range.end().to_usize(),
                class,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_the_parts_of_a_line() {
        let source = "def f(x):  # note\n    return x + 1.5 if x else 'no'\n";
        let classes: Vec<(&str, TokenClass)> = highlight(source)
            .iter()
            .map(|h| (&source[h.start..h.end], h.class))
            .collect();
        for expected in [
            ("def", TokenClass::Keyword),
            ("f", TokenClass::Name),
            ("# note", TokenClass::Comment),
            ("return", TokenClass::Keyword),
            ("+", TokenClass::Operator),
            ("1.5", TokenClass::Number),
            ("'no'", TokenClass::String),
        ] {
            assert!(classes.contains(&expected), "{expected:?} in {classes:?}");
        }
    }
}
