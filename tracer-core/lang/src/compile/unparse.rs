//! Expressions back to source text, as CPython 3.11's `Python/ast_unparse.c`
//! writes them: under `from __future__ import annotations` an annotation
//! compiles to the string of its (unoptimised) expression.

use ruff_python_ast::{
    self as ast, BoolOp, CmpOp, Comprehension, ConversionFlag, Expr, FStringPart,
    InterpolatedStringElement, Number, Operator, UnaryOp, str_prefix::StringLiteralPrefix,
};

use crate::format::float_repr;
use crate::repr::{bytes_repr, str_repr};

/// Binding strength, lowest first (`ast_unparse.c`'s `PR_*`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    Tuple,
    /// `if`-`else`, `lambda`.
    Test,
    Or,
    And,
    Not,
    Cmp,
    /// `|` (`PR_EXPR` and `PR_BOR`).
    BitOr,
    BitXor,
    BitAnd,
    Shift,
    Arith,
    Term,
    Factor,
    Power,
    Await,
    Atom,
}

impl Prec {
    /// The next stronger level (`pr + 1`).
    fn next(self) -> Self {
        use Prec as P;
        match self {
            P::Tuple => P::Test,
            P::Test => P::Or,
            P::Or => P::And,
            P::And => P::Not,
            P::Not => P::Cmp,
            P::Cmp => P::BitOr,
            P::BitOr => P::BitXor,
            P::BitXor => P::BitAnd,
            P::BitAnd => P::Shift,
            P::Shift => P::Arith,
            P::Arith => P::Term,
            P::Term => P::Factor,
            P::Factor => P::Power,
            P::Power => P::Await,
            P::Await | P::Atom => P::Atom,
        }
    }
}

/// `_PyAST_ExprAsUnicode`: the source text of an annotation.
pub(super) fn unparse(e: &Expr) -> String {
    let mut out = String::new();
    expr(&mut out, e, Prec::Test);
    out
}

/// Writes `text` wrapped in parentheses when `level` binds tighter than
/// the expression's own precedence.
fn parenthesized(out: &mut String, level: Prec, own: Prec, body: impl FnOnce(&mut String)) {
    let parens = level > own;
    if parens {
        out.push('(');
    }
    body(out);
    if parens {
        out.push(')');
    }
}

/// Writes `items` separated by `", "`.
fn comma_separated<T>(out: &mut String, items: &[T], mut each: impl FnMut(&mut String, &T)) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        each(out, item);
    }
}

#[expect(
    clippy::too_many_lines,
    reason = "one arm per expression kind, as CPython's append_ast_expr"
)]
fn expr(out: &mut String, e: &Expr, level: Prec) {
    match e {
        Expr::BoolOp(b) => {
            let (op, own) = match b.op {
                BoolOp::And => (" and ", Prec::And),
                BoolOp::Or => (" or ", Prec::Or),
            };
            parenthesized(out, level, own, |out| {
                for (i, value) in b.values.iter().enumerate() {
                    if i > 0 {
                        out.push_str(op);
                    }
                    expr(out, value, own.next());
                }
            });
        }
        Expr::BinOp(b) => binop(out, b, level),
        Expr::UnaryOp(u) => {
            let (op, own) = match u.op {
                UnaryOp::Invert => ("~", Prec::Factor),
                UnaryOp::Not => ("not ", Prec::Not),
                UnaryOp::UAdd => ("+", Prec::Factor),
                UnaryOp::USub => ("-", Prec::Factor),
            };
            parenthesized(out, level, own, |out| {
                out.push_str(op);
                expr(out, &u.operand, own);
            });
        }
        Expr::Lambda(l) => parenthesized(out, level, Prec::Test, |out| {
            let positional = l
                .parameters
                .as_ref()
                .is_some_and(|p| !p.posonlyargs.is_empty() || !p.args.is_empty());
            out.push_str(if positional { "lambda " } else { "lambda" });
            if let Some(p) = &l.parameters {
                parameters(out, p);
            }
            out.push_str(": ");
            expr(out, &l.body, Prec::Test);
        }),
        Expr::If(i) => parenthesized(out, level, Prec::Test, |out| {
            expr(out, &i.body, Prec::Test.next());
            out.push_str(" if ");
            expr(out, &i.test, Prec::Test.next());
            out.push_str(" else ");
            expr(out, &i.orelse, Prec::Test);
        }),
        Expr::Dict(d) => {
            out.push('{');
            comma_separated(out, &d.items, |out, item| {
                if let Some(key) = &item.key {
                    expr(out, key, Prec::Test);
                    out.push_str(": ");
                    expr(out, &item.value, Prec::Test);
                } else {
                    out.push_str("**");
                    expr(out, &item.value, Prec::BitOr);
                }
            });
            out.push('}');
        }
        Expr::Set(s) => sequence(out, "{", &s.elts, "}"),
        Expr::List(l) => sequence(out, "[", &l.elts, "]"),
        Expr::Tuple(t) => tuple(out, &t.elts, level),
        Expr::ListComp(c) => comprehension(out, "[", &c.elt, None, &c.generators, "]"),
        Expr::SetComp(c) => comprehension(out, "{", &c.elt, None, &c.generators, "}"),
        Expr::DictComp(c) => match &c.key {
            Some(key) => comprehension(out, "{", key, Some(&c.value), &c.generators, "}"),
            None => comprehension(out, "{**", &c.value, None, &c.generators, "}"),
        },
        Expr::Generator(g) => comprehension(out, "(", &g.elt, None, &g.generators, ")"),
        Expr::Await(a) => parenthesized(out, level, Prec::Await, |out| {
            out.push_str("await ");
            expr(out, &a.value, Prec::Atom);
        }),
        Expr::Yield(y) => match &y.value {
            Some(v) => {
                out.push_str("(yield ");
                expr(out, v, Prec::Test);
                out.push(')');
            }
            None => out.push_str("(yield)"),
        },
        Expr::YieldFrom(y) => {
            out.push_str("(yield from ");
            expr(out, &y.value, Prec::Test);
            out.push(')');
        }
        Expr::Compare(c) => parenthesized(out, level, Prec::Cmp, |out| {
            expr(out, &c.left, Prec::Cmp.next());
            for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
                out.push_str(compare_operator(*op));
                expr(out, right, Prec::Cmp.next());
            }
        }),
        Expr::Call(c) => call(out, c),
        Expr::FString(f) => fstring(out, f),
        Expr::TString(_) => out.push_str("t''"),
        Expr::StringLiteral(s) => {
            if s.value.first_literal_flags().prefix() == StringLiteralPrefix::Unicode {
                out.push('u');
            }
            out.push_str(&str_repr(s.value.to_str()));
        }
        Expr::BytesLiteral(b) => {
            let bytes: Vec<u8> = b
                .value
                .iter()
                .flat_map(|p| p.value.iter().copied())
                .collect();
            out.push_str(&bytes_repr(&bytes));
        }
        Expr::NumberLiteral(n) => number(out, &n.value),
        Expr::BooleanLiteral(b) => out.push_str(if b.value { "True" } else { "False" }),
        Expr::NoneLiteral(_) => out.push_str("None"),
        Expr::EllipsisLiteral(_) => out.push_str("..."),
        Expr::Attribute(a) => {
            expr(out, &a.value, Prec::Atom);
            // An int needs a space before its attribute's dot.
            let int_value = matches!(
                &*a.value,
                Expr::NumberLiteral(ast::ExprNumberLiteral {
                    value: Number::Int(_),
                    ..
                })
            );
            out.push_str(if int_value { " ." } else { "." });
            out.push_str(a.attr.as_str());
        }
        Expr::Subscript(s) => {
            expr(out, &s.value, Prec::Atom);
            out.push('[');
            expr(out, &s.slice, Prec::Tuple);
            out.push(']');
        }
        Expr::Starred(s) => {
            out.push('*');
            expr(out, &s.value, Prec::BitOr);
        }
        Expr::Slice(s) => {
            if let Some(lower) = &s.lower {
                expr(out, lower, Prec::Test);
            }
            out.push(':');
            if let Some(upper) = &s.upper {
                expr(out, upper, Prec::Test);
            }
            if let Some(step) = &s.step {
                out.push(':');
                expr(out, step, Prec::Test);
            }
        }
        Expr::Name(n) => out.push_str(n.id.as_str()),
        Expr::Named(n) => parenthesized(out, level, Prec::Tuple, |out| {
            expr(out, &n.target, Prec::Atom);
            out.push_str(" := ");
            expr(out, &n.value, Prec::Atom);
        }),
        Expr::IpyEscapeCommand(_) => {}
    }
}

fn binop(out: &mut String, b: &ast::ExprBinOp, level: Prec) {
    let (op, own) = match b.op {
        Operator::Add => (" + ", Prec::Arith),
        Operator::Sub => (" - ", Prec::Arith),
        Operator::Mult => (" * ", Prec::Term),
        Operator::MatMult => (" @ ", Prec::Term),
        Operator::Div => (" / ", Prec::Term),
        Operator::Mod => (" % ", Prec::Term),
        Operator::LShift => (" << ", Prec::Shift),
        Operator::RShift => (" >> ", Prec::Shift),
        Operator::BitOr => (" | ", Prec::BitOr),
        Operator::BitXor => (" ^ ", Prec::BitXor),
        Operator::BitAnd => (" & ", Prec::BitAnd),
        Operator::FloorDiv => (" // ", Prec::Term),
        Operator::Pow => (" ** ", Prec::Power),
    };
    // `**` is right-associative: its left operand binds one level tighter.
    let (left, right) = if b.op == Operator::Pow {
        (own.next(), own)
    } else {
        (own, own.next())
    };
    parenthesized(out, level, own, |out| {
        expr(out, &b.left, left);
        out.push_str(op);
        expr(out, &b.right, right);
    });
}

fn compare_operator(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => " == ",
        CmpOp::NotEq => " != ",
        CmpOp::Lt => " < ",
        CmpOp::LtE => " <= ",
        CmpOp::Gt => " > ",
        CmpOp::GtE => " >= ",
        CmpOp::Is => " is ",
        CmpOp::IsNot => " is not ",
        CmpOp::In => " in ",
        CmpOp::NotIn => " not in ",
    }
}

fn sequence(out: &mut String, open: &str, elts: &[Expr], close: &str) {
    out.push_str(open);
    comma_separated(out, elts, |out, e| expr(out, e, Prec::Test));
    out.push_str(close);
}

fn tuple(out: &mut String, elts: &[Expr], level: Prec) {
    if elts.is_empty() {
        out.push_str("()");
        return;
    }
    parenthesized(out, level, Prec::Tuple, |out| {
        comma_separated(out, elts, |out, e| expr(out, e, Prec::Test));
        if elts.len() == 1 {
            out.push(',');
        }
    });
}

pub(super) fn comprehension(
    out: &mut String,
    open: &str,
    elt: &Expr,
    value: Option<&Expr>,
    generators: &[Comprehension],
    close: &str,
) {
    out.push_str(open);
    expr(out, elt, Prec::Test);
    if let Some(value) = value {
        out.push_str(": ");
        expr(out, value, Prec::Test);
    }
    for g in generators {
        out.push_str(if g.is_async { " async for " } else { " for " });
        expr(out, &g.target, Prec::Tuple);
        out.push_str(" in ");
        expr(out, &g.iter, Prec::Test.next());
        for cond in &g.ifs {
            out.push_str(" if ");
            expr(out, cond, Prec::Test.next());
        }
    }
    out.push_str(close);
}

pub(super) fn call(out: &mut String, c: &ast::ExprCall) {
    expr(out, &c.func, Prec::Atom);
    let args = &c.arguments.args;
    let keywords = &c.arguments.keywords;
    if let [generator @ Expr::Generator(_)] = &args[..]
        && keywords.is_empty()
    {
        // A lone generator argument brings its own parentheses.
        expr(out, generator, Prec::Test);
        return;
    }
    out.push('(');
    comma_separated(out, args, |out, a| expr(out, a, Prec::Test));
    if !args.is_empty() && !keywords.is_empty() {
        out.push_str(", ");
    }
    comma_separated(out, keywords, |out, k| {
        match &k.arg {
            Some(name) => {
                out.push_str(name.as_str());
                out.push('=');
            }
            None => out.push_str("**"),
        }
        expr(out, &k.value, Prec::Test);
    });
    out.push(')');
}

fn parameters(out: &mut String, p: &ast::Parameters) {
    let mut parts: Vec<String> = Vec::new();
    let positional = p.posonlyargs.iter().chain(&p.args);
    for (i, param) in positional.enumerate() {
        let mut part = parameter(&param.parameter);
        if let Some(default) = &param.default {
            part.push('=');
            expr(&mut part, default, Prec::Test);
        }
        if i + 1 == p.posonlyargs.len() {
            part.push_str(", /");
        }
        parts.push(part);
    }
    if p.vararg.is_some() || !p.kwonlyargs.is_empty() {
        let mut part = "*".to_owned();
        if let Some(v) = &p.vararg {
            part.push_str(&parameter(v));
        }
        parts.push(part);
    }
    for param in &p.kwonlyargs {
        let mut part = parameter(&param.parameter);
        if let Some(default) = &param.default {
            part.push('=');
            expr(&mut part, default, Prec::Test);
        }
        parts.push(part);
    }
    if let Some(k) = &p.kwarg {
        parts.push(format!("**{}", parameter(k)));
    }
    out.push_str(&parts.join(", "));
}

fn parameter(p: &ast::Parameter) -> String {
    let mut out = p.name.as_str().to_owned();
    if let Some(annotation) = &p.annotation {
        out.push_str(": ");
        expr(&mut out, annotation, Prec::Test);
    }
    out
}

fn number(out: &mut String, n: &Number) {
    match n {
        Number::Int(i) => match i.as_i64() {
            Some(v) => out.push_str(&v.to_string()),
            None => match super::fold::big_int_literal(&i.to_string()) {
                Some(v) => out.push_str(&v.to_string()),
                None => out.push_str(&i.to_string()),
            },
        },
        Number::Float(f) => out.push_str(&float_text(*f)),
        Number::Complex { imag, .. } => {
            let text = float_text(*imag);
            out.push_str(text.strip_suffix(".0").unwrap_or(&text));
            out.push('j');
        }
    }
}

/// `repr(float)`, with infinity written `1e309` so it reads back.
fn float_text(f: f64) -> String {
    if f.is_infinite() {
        "1e309".to_owned()
    } else {
        float_repr(f)
    }
}

/// An f-string as `f'...'`: its literal text (braces doubled) and fields.
fn fstring(out: &mut String, f: &ast::ExprFString) {
    let mut body = String::new();
    for part in &f.value {
        match part {
            FStringPart::Literal(l) => body.push_str(&escape_braces(&l.value)),
            FStringPart::FString(s) => fstring_elements(&mut body, &s.elements),
        }
    }
    out.push('f');
    out.push_str(&str_repr(&body));
}

fn fstring_elements(out: &mut String, elements: &[InterpolatedStringElement]) {
    for element in elements {
        match element {
            InterpolatedStringElement::Literal(l) => out.push_str(&escape_braces(&l.value)),
            InterpolatedStringElement::Interpolation(i) => {
                let conversion = match i.conversion {
                    ConversionFlag::None if i.debug_text.is_some() && i.format_spec.is_none() => {
                        "!r"
                    }
                    ConversionFlag::None => "",
                    ConversionFlag::Str => "!s",
                    ConversionFlag::Repr => "!r",
                    ConversionFlag::Ascii => "!a",
                };
                if let Some(debug) = &i.debug_text {
                    out.push_str(&escape_braces(debug.as_str()));
                }
                let mut value = String::new();
                expr(&mut value, &i.expression, Prec::Test.next());
                out.push_str(if value.starts_with('{') { "{ " } else { "{" });
                out.push_str(&value);
                out.push_str(conversion);
                if let Some(spec) = &i.format_spec {
                    out.push(':');
                    fstring_elements(out, &spec.elements);
                }
                out.push('}');
            }
        }
    }
}

fn escape_braces(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(src: &str) -> String {
        let parsed = ruff_python_parser::parse_expression(src).expect("valid expression");
        unparse(&parsed.syntax().body)
    }

    #[test]
    fn unparses_like_cpython() {
        assert_eq!(roundtrip("datetime | date"), "datetime | date");
        assert_eq!(roundtrip("re.Match"), "re.Match");
        assert_eq!(roundtrip("dict[str, list[int]]"), "dict[str, list[int]]");
        assert_eq!(roundtrip("Callable[[int], str]"), "Callable[[int], str]");
        assert_eq!(roundtrip("'quoted'"), "'quoted'");
        assert_eq!(roundtrip("tuple[int, ...]"), "tuple[int, ...]");
        assert_eq!(roundtrip("(a + b) * c ** -d"), "(a + b) * c ** (-d)");
        assert_eq!(
            roundtrip("lambda x, *y: x if y else (1,)"),
            "lambda x, *y: x if y else (1,)"
        );
        assert_eq!(roundtrip("f(x for x in y)"), "f(x for x in y)");
        assert_eq!(roundtrip("0x10 .real"), "16 .real");
        assert_eq!(roundtrip("not a < b"), "not a < b");
    }
}
