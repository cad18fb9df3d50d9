//! Expressions: the visitor (`expr`), displays, unpacking and
//! assignment targets; calls, conditions and nested code objects are in
//! `call.rs`, `condition.rs` and `function.rs`.

use std::sync::Arc;

use ruff_python_ast::{self as ast, BoolOp, Expr, ExprContext, UnaryOp};

use super::condition::folded_compare;
use super::stmt::binary_operator;
use super::{Compiler, NameCtx, Result, UnitKind, fold, frozenset, fstring};
use crate::code::Constant;
use crate::instruction::{BinaryOpArg, Instruction as I};

/// Builds an instruction from its operand (`I::BuildList` and friends).
pub(super) type OpMaker = fn(u32) -> I;

/// CPython keeps at most this many items on the stack for one display or call.
pub(super) const STACK_USE_GUIDELINE: usize = 30;

/// What a comprehension builds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ComprehensionKind {
    List,
    Set,
    Dict,
    Generator,
}

impl<'a> Compiler<'a> {
    /// Compiles an expression (in load, store or delete context).
    pub(super) fn expr(&mut self, e: &'a Expr) -> Result<()> {
        let saved = self.unit_ref().loc;
        self.set_loc(e);
        // Nesting is bounded by the symbol table (MAX_NESTING); grow the
        // stack for deep but legal expressions.
        let result = stacker::maybe_grow(64 * 1024, 1 << 20, || self.expr_inner(e));
        self.unit().loc = saved;
        result
    }

    #[expect(clippy::too_many_lines, reason = "one arm per expression kind")]
    pub(super) fn expr_inner(&mut self, e: &'a Expr) -> Result<()> {
        if let Some(c) = fold::constant(e) {
            self.load_const(c);
            return Ok(());
        }
        match e {
            Expr::Name(n) => {
                let ctx = match n.ctx {
                    ExprContext::Load | ExprContext::Invalid => NameCtx::Load,
                    ExprContext::Store => NameCtx::Store,
                    ExprContext::Del => NameCtx::Del,
                };
                self.name_op(n.id.as_str(), ctx);
            }
            Expr::BoolOp(b) => {
                let end = self.new_block();
                let (last, rest) = b.values.split_last().expect("a bool op has operands");
                for value in rest {
                    self.expr(value)?;
                    self.emit(match b.op {
                        BoolOp::And => I::JumpIfFalseOrPop(end),
                        BoolOp::Or => I::JumpIfTrueOrPop(end),
                    });
                }
                self.expr(last)?;
                self.use_block(end);
            }
            Expr::Named(n) => {
                self.expr(&n.value)?;
                self.emit(I::Copy(1));
                self.expr(&n.target)?;
            }
            Expr::BinOp(b) => {
                if let Some(pieces) = fstring::percent_format(b) {
                    return self.joined(&pieces);
                }
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                self.emit(I::BinaryOp(BinaryOpArg {
                    op: binary_operator(b.op),
                    inplace: false,
                }));
            }
            Expr::UnaryOp(u) => {
                if let Some((c, inverted)) = folded_compare(e) {
                    // The folded node is the comparison, location included.
                    self.set_loc(c);
                    return self.compare(c, inverted);
                }
                self.expr(&u.operand)?;
                self.emit(match u.op {
                    UnaryOp::Invert => I::UnaryInvert,
                    UnaryOp::Not => I::UnaryNot,
                    UnaryOp::UAdd => I::UnaryPositive,
                    UnaryOp::USub => I::UnaryNegative,
                });
            }
            Expr::Lambda(l) => self.lambda(l)?,
            Expr::If(i) => {
                let end = self.new_block();
                let next = self.new_block();
                self.jump_if(&i.test, next, false)?;
                self.expr(&i.body)?;
                self.emit_noline(I::JumpForward(end));
                self.use_block(next);
                self.expr(&i.orelse)?;
                self.use_block(end);
            }
            Expr::Dict(d) => self.dict_display(d)?,
            Expr::Set(s) => self.starunpack(&s.elts, 0, Sequence::Set)?,
            Expr::List(l) => match l.ctx {
                ExprContext::Store => self.assignment_targets(&l.elts)?,
                ExprContext::Del => {
                    for elt in &l.elts {
                        self.expr(elt)?;
                    }
                }
                _ => self.starunpack(&l.elts, 0, Sequence::List)?,
            },
            Expr::Tuple(t) => match t.ctx {
                ExprContext::Store => self.assignment_targets(&t.elts)?,
                ExprContext::Del => {
                    for elt in &t.elts {
                        self.expr(elt)?;
                    }
                }
                _ => self.starunpack(&t.elts, 0, Sequence::Tuple)?,
            },
            Expr::ListComp(c) => {
                self.comprehension(
                    c,
                    "<listcomp>",
                    &c.generators,
                    &c.elt,
                    None,
                    ComprehensionKind::List,
                )?;
            }
            Expr::SetComp(c) => {
                self.comprehension(
                    c,
                    "<setcomp>",
                    &c.generators,
                    &c.elt,
                    None,
                    ComprehensionKind::Set,
                )?;
            }
            Expr::DictComp(c) => {
                let key = c
                    .key
                    .as_deref()
                    .ok_or_else(|| self.unsupported(e, "dict comprehension unpacking"))?;
                self.comprehension(
                    c,
                    "<dictcomp>",
                    &c.generators,
                    key,
                    Some(&c.value),
                    ComprehensionKind::Dict,
                )?;
            }
            Expr::Generator(g) => {
                self.comprehension(
                    g,
                    "<genexpr>",
                    &g.generators,
                    &g.elt,
                    None,
                    ComprehensionKind::Generator,
                )?;
            }
            Expr::Await(_) => return Err(self.unsupported(e, "await")),
            Expr::Yield(y) => {
                self.check_in_function(e, "'yield' outside function")?;
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Constant::None),
                }
                self.emit(I::YieldValue);
                self.emit(I::Resume(1));
            }
            Expr::YieldFrom(y) => {
                self.check_in_function(e, "'yield' outside function")?;
                self.expr(&y.value)?;
                self.emit(I::GetYieldFromIter);
                self.load_const(Constant::None);
                self.yield_from();
            }
            Expr::Compare(c) => self.compare(c, false)?,
            Expr::Call(c) => self.call(c)?,
            Expr::FString(f) => self.fstring(f)?,
            Expr::TString(_) => return Err(self.unsupported(e, "template strings")),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                self.unit().loc = self.attr_location(self.unit_ref().loc, a);
                let name = self.add_mangled_name(a.attr.as_str());
                self.emit(match a.ctx {
                    ExprContext::Store => I::StoreAttr(name),
                    ExprContext::Del => I::DeleteAttr(name),
                    _ => I::LoadAttr(name),
                });
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(match s.ctx {
                    ExprContext::Store => I::StoreSubscr,
                    ExprContext::Del => I::DeleteSubscr,
                    _ => I::BinarySubscr,
                });
            }
            Expr::Starred(s) => {
                return Err(self.error(s, "can't use starred expression here"));
            }
            Expr::Slice(s) => {
                let mut n = 2;
                for part in [&s.lower, &s.upper] {
                    match part {
                        Some(p) => self.expr(p)?,
                        None => self.load_const(Constant::None),
                    }
                }
                if let Some(step) = &s.step {
                    self.expr(step)?;
                    n = 3;
                }
                self.emit(I::BuildSlice(n));
            }
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => return Err(self.unsupported(e, "this literal")),
            Expr::IpyEscapeCommand(_) => return Err(self.error(e, "invalid syntax")),
        }
        Ok(())
    }

    fn check_in_function(&self, e: &Expr, message: &str) -> Result<()> {
        if matches!(
            self.unit_ref().kind,
            UnitKind::Function | UnitKind::Lambda | UnitKind::Comprehension
        ) {
            Ok(())
        } else {
            Err(self.error(e, message))
        }
    }

    /// `SEND` / `YIELD_VALUE` loop of `yield from`.
    fn yield_from(&mut self) {
        let start = self.new_block();
        let resume = self.new_block();
        let exit = self.new_block();
        self.use_block(start);
        self.emit(I::Send(exit));
        self.use_block(resume);
        self.emit(I::YieldValue);
        self.emit(I::Resume(2));
        self.emit(I::JumpBackwardNoInterrupt(start));
        self.use_block(exit);
    }

    /// Store targets of a tuple or list assignment (`UNPACK_SEQUENCE`/`UNPACK_EX`).
    fn assignment_targets(&mut self, elts: &'a [Expr]) -> Result<()> {
        let n = elts.len();
        let mut seen_star = false;
        for (i, elt) in elts.iter().enumerate() {
            if elt.is_starred_expr() {
                if seen_star {
                    return Err(self.error(elt, "multiple starred expressions in assignment"));
                }
                if i >= 256 {
                    return Err(
                        self.error(elt, "too many expressions in star-unpacking assignment")
                    );
                }
                let arg = u32::try_from(i + ((n - i - 1) << 8)).unwrap_or(u32::MAX);
                self.emit(I::UnpackEx(arg));
                seen_star = true;
            }
        }
        if !seen_star {
            self.emit(I::UnpackSequence(u32::try_from(n).unwrap_or(u32::MAX)));
        }
        for elt in elts {
            match elt {
                Expr::Starred(s) => self.expr(&s.value)?,
                other => self.expr(other)?,
            }
        }
        Ok(())
    }

    /// An iterable in a position where the AST optimiser's `fold_iter`
    /// applies (`for` loops, comprehensions, `in` tests): a list display
    /// becomes a tuple, and a display of constants a constant tuple or
    /// frozenset.
    pub(super) fn iterable(&mut self, e: &'a Expr) -> Result<()> {
        let (elts, is_set) = match e {
            Expr::List(l) => (&l.elts, false),
            Expr::Set(s) => (&s.elts, true),
            _ => return self.expr(e),
        };
        if elts.iter().any(Expr::is_starred_expr) {
            return self.expr(e);
        }
        let items: Option<Vec<Constant>> = elts.iter().map(fold::constant).collect();
        let saved = self.unit_ref().loc;
        self.set_loc(e);
        let result = match items {
            Some(items) if is_set => {
                self.load_const(frozenset::frozenset(items));
                Ok(())
            }
            Some(items) => {
                self.load_const(Constant::Tuple(Arc::from(items)));
                Ok(())
            }
            None if is_set => self.expr_inner(e),
            None => self.starunpack(elts, 0, Sequence::Tuple),
        };
        self.unit().loc = saved;
        result
    }

    // ---- displays -----------------------------------------------------

    /// CPython's `starunpack_helper` for list, tuple and set displays.
    pub(super) fn starunpack(
        &mut self,
        elts: &'a [Expr],
        pushed: u32,
        kind: Sequence,
    ) -> Result<()> {
        let n = elts.len();
        let (build, add, extend): (OpMaker, OpMaker, OpMaker) = match kind {
            Sequence::List | Sequence::Tuple => (I::BuildList, I::ListAppend, I::ListExtend),
            Sequence::Set => (I::BuildSet, I::SetAdd, I::SetUpdate),
        };
        let tuple = kind == Sequence::Tuple;
        if n > 2
            && let Some(items) = elts
                .iter()
                .map(|e| {
                    if e.is_starred_expr() {
                        None
                    } else {
                        fold::constant(e)
                    }
                })
                .collect::<Option<Vec<_>>>()
        {
            let folded = if kind == Sequence::Set {
                frozenset::frozenset(items)
            } else {
                Constant::Tuple(Arc::from(items))
            };
            if tuple && pushed == 0 {
                self.load_const(folded);
            } else {
                self.emit(build(pushed));
                self.load_const(folded);
                self.emit(extend(1));
                if tuple {
                    self.emit(I::ListToTuple);
                }
            }
            return Ok(());
        }
        let big = n + pushed as usize > STACK_USE_GUIDELINE;
        let seen_star = elts.iter().any(Expr::is_starred_expr);
        let count = |k: usize| u32::try_from(k).unwrap_or(u32::MAX);
        if !seen_star && !big {
            for elt in elts {
                self.expr(elt)?;
            }
            self.emit(if tuple {
                I::BuildTuple(count(n) + pushed)
            } else {
                build(count(n) + pushed)
            });
            return Ok(());
        }
        let mut built = false;
        if big {
            self.emit(build(pushed));
            built = true;
        }
        for (i, elt) in elts.iter().enumerate() {
            if let Expr::Starred(s) = elt {
                if !built {
                    self.emit(build(count(i) + pushed));
                    built = true;
                }
                self.expr(&s.value)?;
                self.emit(extend(1));
            } else {
                self.expr(elt)?;
                if built {
                    self.emit(add(1));
                }
            }
        }
        if tuple {
            self.emit(I::ListToTuple);
        }
        Ok(())
    }

    fn dict_display(&mut self, d: &'a ast::ExprDict) -> Result<()> {
        let items = &d.items;
        let mut have_dict = false;
        let mut elements = 0usize;
        for (i, item) in items.iter().enumerate() {
            if item.key.is_none() {
                if elements > 0 {
                    self.subdict(&items[i - elements..i])?;
                    if have_dict {
                        self.emit(I::DictUpdate(1));
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.emit(I::BuildMap(0));
                    have_dict = true;
                }
                self.expr(&item.value)?;
                self.emit(I::DictUpdate(1));
            } else if elements * 2 > STACK_USE_GUIDELINE {
                self.subdict(&items[i - elements..=i])?;
                if have_dict {
                    self.emit(I::DictUpdate(1));
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.subdict(&items[items.len() - elements..])?;
            if have_dict {
                self.emit(I::DictUpdate(1));
            }
            have_dict = true;
        }
        if !have_dict {
            self.emit(I::BuildMap(0));
        }
        Ok(())
    }

    fn subdict(&mut self, items: &'a [ast::DictItem]) -> Result<()> {
        let n = items.len();
        let big = n * 2 > STACK_USE_GUIDELINE;
        let count = u32::try_from(n).unwrap_or(u32::MAX);
        if n > 1 && !big {
            let keys: Option<Vec<Constant>> = items
                .iter()
                .map(|i| i.key.as_ref().and_then(fold::constant))
                .collect();
            if let Some(keys) = keys {
                for item in items {
                    self.expr(&item.value)?;
                }
                self.load_const(Constant::Tuple(Arc::from(keys)));
                self.emit(I::BuildConstKeyMap(count));
                return Ok(());
            }
        }
        if big {
            self.emit(I::BuildMap(0));
        }
        for item in items {
            if let Some(key) = &item.key {
                self.expr(key)?;
            }
            self.expr(&item.value)?;
            if big {
                self.emit(I::MapAdd(1));
            }
        }
        if !big {
            self.emit(I::BuildMap(count));
        }
        Ok(())
    }

    // ---- calls --------------------------------------------------------

    // ---- functions ----------------------------------------------------
}

/// Which display `starunpack` builds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Sequence {
    List,
    Tuple,
    Set,
}
