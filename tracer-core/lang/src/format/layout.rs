//! Field layout shared by the number formatters: a port of
//! `calc_number_widths`, `fill_number` and
//! `_PyUnicode_InsertThousandsGrouping` from CPython 3.11, plus the string
//! padding of `format_string_internal`.
//!
//! A formatted number looks like
//!
//! ```text
//! <lpadding> <sign> <prefix> <spadding> <grouped digits> <decimal point> <remainder> <rpadding>
//! ```
//!
//! where at most one of the paddings is non-empty. With fill `0` and `=`
//! alignment the padding goes *into* the grouped digits instead, so that
//! separators are inserted between the padding zeros too
//! (`format(1234, "010,") == "00,001,234"`).

use super::MAX_RESULT_CHARS;
use super::error::FormatError;
use super::spec::{Align, Sign};

/// The already-converted pieces of a number.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NumberParts<'a> {
    /// The value is negative (a `-` is always written).
    pub negative: bool,
    /// `0x`-style prefix, possibly empty.
    pub prefix: &'a str,
    /// The integer digits (ASCII), possibly empty (`inf`, `c` type).
    pub digits: &'a str,
    /// A decimal point follows the digits.
    pub decimal_point: bool,
    /// Everything after the digits (and the decimal point, if any).
    pub remainder: &'a str,
}

/// The effective layout options: spec fields combined with type defaults.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    pub fill: char,
    pub align: Align,
    pub sign: Sign,
    pub width: Option<usize>,
    /// Separator and group size.
    pub grouping: Option<(char, usize)>,
}

fn len_i64(s: &str) -> i64 {
    i64::try_from(s.chars().count()).unwrap_or(i64::MAX / 4)
}

fn width_i64(width: Option<usize>) -> i64 {
    // Widths above MAX_RESULT_CHARS are rejected before we get here.
    width.map_or(-1, |w| i64::try_from(w).unwrap_or(i64::MAX / 4))
}

/// Rejects widths that would make the result exceed [`MAX_RESULT_CHARS`].
pub(crate) fn check_width(width: Option<usize>) -> Result<(), FormatError> {
    match width {
        Some(w) if w > MAX_RESULT_CHARS => Err(FormatError::ResultTooLarge),
        _ => Ok(()),
    }
}

/// Lays out a number like CPython's `calc_number_widths` + `fill_number`.
pub(crate) fn render_number(
    parts: &NumberParts<'_>,
    layout: &Layout,
) -> Result<String, FormatError> {
    check_width(layout.width)?;
    let width = width_i64(layout.width);
    let sign = match (layout.sign, parts.negative) {
        (_, true) => Some('-'),
        (Sign::Plus, false) => Some('+'),
        (Sign::Space, false) => Some(' '),
        (Sign::Minus, false) => None,
    };
    let n_sign = i64::from(sign.is_some());
    let n_non_digit =
        n_sign + len_i64(parts.prefix) + i64::from(parts.decimal_point) + len_i64(parts.remainder);
    let min_width = if layout.fill == '0' && layout.align == Align::AfterSign {
        width - n_non_digit
    } else {
        0
    };
    let grouped = if parts.digits.is_empty() {
        String::new()
    } else {
        insert_grouping(parts.digits, min_width, layout.grouping)
    };
    let n_grouped = len_i64(&grouped);
    let padding = usize::try_from(width - (n_non_digit + n_grouped)).unwrap_or(0);
    let (left, middle, right) = match layout.align {
        Align::Left => (0, 0, padding),
        Align::Right => (padding, 0, 0),
        Align::Center => (padding / 2, 0, padding - padding / 2),
        Align::AfterSign => (0, padding, 0),
    };
    let mut out = String::new();
    let fill = |out: &mut String, n: usize| out.extend(std::iter::repeat_n(layout.fill, n));
    fill(&mut out, left);
    if let Some(s) = sign {
        out.push(s);
    }
    out.push_str(parts.prefix);
    fill(&mut out, middle);
    out.push_str(&grouped);
    if parts.decimal_point {
        out.push('.');
    }
    out.push_str(parts.remainder);
    fill(&mut out, right);
    Ok(out)
}

/// `_PyUnicode_InsertThousandsGrouping`: groups `digits` from the right,
/// left-padding with `0` digits (grouped too) up to `min_width` characters.
/// Without grouping the digits are only zero-padded.
pub(crate) fn insert_grouping(
    digits: &str,
    min_width: i64,
    grouping: Option<(char, usize)>,
) -> String {
    let digits: Vec<char> = digits.chars().collect();
    let mut min_width = min_width.max(0);
    let mut remaining = i64::try_from(digits.len()).unwrap_or(0);
    // Chunks are produced right to left, then reversed.
    let mut chunks: Vec<String> = Vec::new();
    let mut end = digits.len();
    let mut take = |n_zeros: i64, n_chars: i64, chunks: &mut Vec<String>| {
        let n_chars = usize::try_from(n_chars).unwrap_or(0).min(end);
        let mut chunk: String =
            std::iter::repeat_n('0', usize::try_from(n_zeros).unwrap_or(0)).collect();
        chunk.extend(&digits[end - n_chars..end]);
        end -= n_chars;
        chunks.push(chunk);
    };
    let mut broke = false;
    if let Some((_, group)) = grouping {
        let group = i64::try_from(group).unwrap_or(3);
        loop {
            let len = group.min(remaining.max(min_width).max(1));
            let n_zeros = (len - remaining).max(0);
            let n_chars = remaining.min(len).max(0);
            take(n_zeros, n_chars, &mut chunks);
            remaining -= n_chars;
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                broke = true;
                break;
            }
            min_width -= 1; // the separator's length
        }
    }
    if !broke {
        let len = remaining.max(min_width).max(1);
        let n_zeros = (len - remaining).max(0);
        let n_chars = remaining.min(len).max(0);
        take(n_zeros, n_chars, &mut chunks);
    }
    chunks.reverse();
    match grouping {
        Some((sep, _)) => chunks.join(sep.encode_utf8(&mut [0; 4])),
        None => chunks.concat(),
    }
}

/// `calc_padding` + fill for strings: pads `text` (already truncated) to
/// `width` characters. `=` is treated like `<`, as in CPython (strings
/// reject `=` before getting here).
pub(crate) fn pad_str(
    text: &str,
    fill: char,
    align: Align,
    width: Option<usize>,
) -> Result<String, FormatError> {
    check_width(width)?;
    let len = text.chars().count();
    let total = width.map_or(len, |w| w.max(len));
    let pad = total - len;
    let left = match align {
        Align::Right => pad,
        Align::Center => pad / 2,
        Align::Left | Align::AfterSign => 0,
    };
    let mut out = String::with_capacity(text.len() + pad * fill.len_utf8());
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(text);
    out.extend(std::iter::repeat_n(fill, pad - left));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_with_min_width() {
        assert_eq!(insert_grouping("1234567", 0, Some((',', 3))), "1,234,567");
        assert_eq!(insert_grouping("123", 0, Some((',', 3))), "123");
        assert_eq!(insert_grouping("1234", 8, Some((',', 3))), "0,001,234");
        assert_eq!(insert_grouping("1234", 9, Some((',', 3))), "0,001,234");
        assert_eq!(insert_grouping("1234", 10, Some((',', 3))), "00,001,234");
        assert_eq!(insert_grouping("ff", 7, Some(('_', 4))), "00_00ff");
        assert_eq!(insert_grouping("ff", 8, Some(('_', 4))), "000_00ff");
        assert_eq!(insert_grouping("12", 5, None), "00012");
        assert_eq!(insert_grouping("12", -3, None), "12");
    }
}
