//! Joined strings: f-strings, and the `'...' % (a, b)` formats CPython 3.11's
//! AST optimiser rewrites into them (`optimize_format` in `ast_opt.c`).

use ruff_python_ast::{
    self as ast, ConversionFlag, Expr, FStringPart, InterpolatedStringElement, Operator,
};

use ruff_text_size::{Ranged, TextRange};

use super::expr::STACK_USE_GUIDELINE;
use super::{Compiler, Result, fold};
use crate::code::Constant;
use crate::instruction::Instruction as I;

/// `FORMAT_VALUE`'s conversion bits.
const CONVERT_STR: u32 = 1;
const CONVERT_REPR: u32 = 2;
const CONVERT_ASCII: u32 = 3;
/// `FORMAT_VALUE`'s "a format spec is on the stack" bit.
const HAVE_SPEC: u32 = 4;

/// One value of a joined string (CPython's `JoinedStr.values`).
pub(super) enum Piece<'e> {
    /// Literal text from an f-string, adjacent pieces merged.
    Literal(String),
    /// Literal text of a `%` format: CPython gives it no location.
    BareLiteral(String),
    /// A replacement field.
    Field {
        /// The value formatted.
        value: &'e Expr,
        /// `FORMAT_VALUE`'s conversion bits.
        conversion: u32,
        /// The format spec, if any.
        spec: Option<Spec<'e>>,
        /// Where `FORMAT_VALUE` is: the whole f-string (all its implicitly
        /// concatenated parts), or a `%` format's item.
        range: TextRange,
    },
}

/// The format spec of a replacement field.
pub(super) enum Spec<'e> {
    /// An f-string's spec: itself a joined string, located at the f-string
    /// part holding the field.
    Nested(Vec<Piece<'e>>, TextRange),
    /// A spec built from `%` flags, width and precision.
    Literal(String),
}

/// Where an f-string part's pieces are: `whole` is the range of the whole
/// (implicitly concatenated) f-string, `part` the part's own.
#[derive(Clone, Copy)]
struct PartRanges {
    whole: TextRange,
    part: TextRange,
}

/// The pieces of an f-string's elements, appended to `out`.
fn element_pieces<'e>(
    elements: &'e [InterpolatedStringElement],
    ranges: PartRanges,
    out: &mut Vec<Piece<'e>>,
) {
    for element in elements {
        match element {
            InterpolatedStringElement::Literal(l) => push_literal(out, &l.value),
            InterpolatedStringElement::Interpolation(i) => {
                if let Some(debug) = &i.debug_text {
                    push_literal(out, debug.as_str());
                }
                out.push(field_piece(i, ranges));
            }
        }
    }
}

/// The piece of one `{...}` field.
fn field_piece(field: &ast::InterpolatedElement, ranges: PartRanges) -> Piece<'_> {
    let conversion = match field.conversion {
        // `{x=}` without a spec shows the repr.
        ConversionFlag::None if field.debug_text.is_some() && field.format_spec.is_none() => {
            CONVERT_REPR
        }
        ConversionFlag::None => 0,
        ConversionFlag::Str => CONVERT_STR,
        ConversionFlag::Repr => CONVERT_REPR,
        ConversionFlag::Ascii => CONVERT_ASCII,
    };
    let spec = field.format_spec.as_ref().map(|spec| {
        let mut pieces = Vec::new();
        element_pieces(&spec.elements, ranges, &mut pieces);
        Spec::Nested(pieces, ranges.part)
    });
    Piece::Field {
        value: &field.expression,
        conversion,
        spec,
        range: ranges.whole,
    }
}

/// Appends literal text, merging it into a preceding literal; empty text
/// adds nothing.
fn push_literal(out: &mut Vec<Piece<'_>>, text: &str) {
    if let Some(Piece::Literal(prev)) = out.last_mut() {
        prev.push_str(text);
    } else if !text.is_empty() {
        out.push(Piece::Literal(text.to_owned()));
    }
}

/// The joined string `fmt % (a, b, ...)` amounts to, when `fmt` is a
/// constant str whose every conversion is a plain `%s`, `%r` or `%a` (with
/// at most a `-` flag, a width and a precision of two digits each) and the
/// items, none starred, match the conversions one to one.
pub(super) fn percent_format(binop: &ast::ExprBinOp) -> Option<Vec<Piece<'_>>> {
    if binop.op != Operator::Mod {
        return None;
    }
    let Some(Constant::Str(fmt)) = fold::constant(&binop.left) else {
        return None;
    };
    let Expr::Tuple(tuple) = &*binop.right else {
        return None;
    };
    if fold::constant(&binop.right).is_some() || tuple.elts.iter().any(Expr::is_starred_expr) {
        return None;
    }
    let chars: Vec<char> = fmt.chars().collect();
    let mut items = tuple.elts.iter();
    let mut pieces = Vec::new();
    let mut pos = 0;
    loop {
        let (literal, next) = percent_literal(&chars, pos);
        if !literal.is_empty() {
            pieces.push(Piece::BareLiteral(literal));
        }
        pos = next;
        if pos >= chars.len() {
            break;
        }
        let value = items.next()?;
        let (conversion, spec, next) = percent_conversion(&chars, pos + 1)?;
        pos = next;
        pieces.push(Piece::Field {
            value,
            conversion,
            spec: spec.map(Spec::Literal),
            range: value.range(),
        });
    }
    items.next().is_none().then_some(pieces)
}

/// The literal text from `pos` up to the next lone `%` (`%%` stands for
/// `%`), and where it stops.
fn percent_literal(chars: &[char], mut pos: usize) -> (String, usize) {
    let mut text = String::new();
    while pos < chars.len() {
        if chars[pos] != '%' {
            text.push(chars[pos]);
            pos += 1;
        } else if chars.get(pos + 1) == Some(&'%') {
            text.push('%');
            pos += 2;
        } else {
            break;
        }
    }
    (text, pos)
}

/// Parses one conversion after its `%`: `(conversion bits, spec, end)`,
/// or `None` for anything but a simple `s`/`r`/`a` conversion.
fn percent_conversion(chars: &[char], mut pos: usize) -> Option<(u32, Option<String>, usize)> {
    let mut next = || {
        let c = chars.get(pos).copied();
        pos += 1;
        c
    };
    let mut c = next()?;
    let mut left_justify = false;
    while let '-' | '+' | ' ' | '#' | '0' = c {
        left_justify |= c == '-';
        c = next()?;
    }
    let mut width = None;
    if c.is_ascii_digit() {
        let (w, after) = two_digit_number(c, &mut next)?;
        width = Some(w);
        c = after;
    }
    let mut precision = None;
    if c == '.' {
        c = next()?;
        let (p, after) = if c.is_ascii_digit() {
            two_digit_number(c, &mut next)?
        } else {
            (0, c)
        };
        precision = Some(p);
        c = after;
    }
    let conversion = match c {
        's' => CONVERT_STR,
        'r' => CONVERT_REPR,
        'a' => CONVERT_ASCII,
        _ => return None,
    };
    let mut spec = String::new();
    if let Some(w) = width {
        if !left_justify && w > 0 {
            spec.push('>');
        }
        spec.push_str(&w.to_string());
    }
    if let Some(p) = precision {
        spec.push('.');
        spec.push_str(&p.to_string());
    }
    Some((conversion, (!spec.is_empty()).then_some(spec), pos))
}

/// A decimal number starting with digit `first`, at most two digits long,
/// and the character after it.
fn two_digit_number(first: char, next: &mut impl FnMut() -> Option<char>) -> Option<(u32, char)> {
    let mut value = 0;
    let mut c = first;
    let mut digits = 0;
    while let Some(d) = c.to_digit(10) {
        value = value * 10 + d;
        c = next()?;
        digits += 1;
        if digits >= 3 {
            return None;
        }
    }
    Some((value, c))
}

impl<'a> Compiler<'a> {
    /// An f-string (implicitly concatenated parts included).
    pub(super) fn fstring(&mut self, fstring: &'a ast::ExprFString) -> Result<()> {
        let mut pieces = Vec::new();
        for part in &fstring.value {
            match part {
                FStringPart::Literal(l) => push_literal(&mut pieces, &l.value),
                FStringPart::FString(f) => {
                    let ranges = PartRanges {
                        whole: fstring.range(),
                        part: f.range(),
                    };
                    element_pieces(&f.elements, ranges, &mut pieces);
                }
            }
        }
        self.joined(&pieces)
    }

    /// CPython's `compiler_joined_str`: the pieces and a `BUILD_STRING`, or
    /// for very many pieces `''.join([...])`.
    pub(super) fn joined(&mut self, pieces: &[Piece<'a>]) -> Result<()> {
        if pieces.len() > STACK_USE_GUIDELINE {
            self.load_const(Constant::Str("".into()));
            let join = self.add_name("join");
            self.emit(I::LoadMethod(join));
            self.emit(I::BuildList(0));
            for piece in pieces {
                self.piece(piece)?;
                self.emit(I::ListAppend(1));
            }
            self.emit(I::Precall(1));
            self.emit(I::Call(1));
            return Ok(());
        }
        for piece in pieces {
            self.piece(piece)?;
        }
        if pieces.len() != 1 {
            let n = u32::try_from(pieces.len()).expect("at most STACK_USE_GUIDELINE pieces");
            self.emit(I::BuildString(n));
        }
        Ok(())
    }

    fn piece(&mut self, piece: &Piece<'a>) -> Result<()> {
        match piece {
            Piece::Literal(text) => self.load_const(Constant::Str(text.as_str().into())),
            Piece::BareLiteral(text) => {
                let saved = self.unit_ref().loc;
                self.unset_loc();
                self.load_const(Constant::Str(text.as_str().into()));
                self.unit().loc = saved;
            }
            Piece::Field {
                value,
                conversion,
                spec,
                range,
            } => {
                let saved = self.unit_ref().loc;
                self.unit().loc = self.location(*range);
                self.formatted_value(value, *conversion, spec.as_ref())?;
                self.unit().loc = saved;
            }
        }
        Ok(())
    }

    /// CPython's `compiler_formatted_value`.
    fn formatted_value(
        &mut self,
        value: &'a Expr,
        conversion: u32,
        spec: Option<&Spec<'a>>,
    ) -> Result<()> {
        self.expr(value)?;
        match spec {
            Some(Spec::Nested(pieces, range)) => {
                let saved = self.unit_ref().loc;
                self.unit().loc = self.location(*range);
                self.joined(pieces)?;
                self.unit().loc = saved;
            }
            Some(Spec::Literal(text)) => self.piece(&Piece::BareLiteral(text.clone()))?,
            None => {}
        }
        let oparg = if spec.is_some() {
            conversion | HAVE_SPEC
        } else {
            conversion
        };
        self.emit(I::FormatValue(oparg));
        Ok(())
    }
}
