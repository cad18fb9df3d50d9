//! Expressions, calls, comprehensions and closures.

use std::sync::Arc;

use ruff_python_ast::{
    self as ast, BoolOp, CmpOp, Comprehension, Expr, ExprContext, Keyword, UnaryOp,
};
use ruff_text_size::{Ranged, TextRange};

use super::cfg::BlockId;
use super::stmt::binary_operator;
use super::{Compiler, NameCtx, Result, UnitKind, fold, frozenset, fstring, unparse};
use crate::code::{CodeObject, Constant, Location, SlotKind};
use crate::instruction::{BinaryOpArg, ComparisonOperator, Instruction as I};

/// Builds an instruction from its operand (`I::BuildList` and friends).
type OpMaker = fn(u32) -> I;

/// CPython keeps at most this many items on the stack for one display or call.
pub(super) const STACK_USE_GUIDELINE: usize = 30;

/// What a comprehension builds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ComprehensionKind {
    List,
    Set,
    Dict,
    Generator,
}

impl<'a> Compiler<'a> {
    /// Compiles an expression (in load, store or delete context).
    #[allow(clippy::too_many_lines)] // one arm per expression kind
    pub(super) fn expr(&mut self, e: &'a Expr) -> Result<()> {
        let saved = self.unit_ref().loc;
        self.set_loc(e);
        // Nesting is bounded by the symbol table (MAX_NESTING); grow the
        // stack for deep but legal expressions.
        let result = stacker::maybe_grow(64 * 1024, 1 << 20, || self.expr_inner(e));
        self.unit().loc = saved;
        result
    }

    #[allow(clippy::too_many_lines)] // one arm per expression kind
    fn expr_inner(&mut self, e: &'a Expr) -> Result<()> {
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

    /// A conditional jump to `target` when `e`'s truth equals `cond`
    /// (CPython's `compiler_jump_if`, with its special cases).
    pub(super) fn jump_if(&mut self, e: &'a Expr, target: BlockId, cond: bool) -> Result<()> {
        if fold::constant(e).is_some() {
            return self.jump_if_general(e, target, cond);
        }
        if let Some((c, _)) = folded_compare(e) {
            // The AST optimiser has turned `e` into a plain comparison (which
            // takes the comparison's location).
            self.set_loc(c);
            return self.jump_if_general(e, target, cond);
        }
        match e {
            Expr::UnaryOp(u) if u.op == UnaryOp::Not => {
                return self.jump_if(&u.operand, target, !cond);
            }
            Expr::BoolOp(b) => {
                let is_or = b.op == BoolOp::Or;
                let next2 = if is_or == cond {
                    target
                } else {
                    self.new_block()
                };
                let (last, rest) = b.values.split_last().expect("a bool op has operands");
                for value in rest {
                    self.jump_if(value, next2, is_or)?;
                }
                self.jump_if(last, target, cond)?;
                if next2 != target {
                    self.use_block(next2);
                }
                return Ok(());
            }
            Expr::If(i) => {
                let end = self.new_block();
                let next2 = self.new_block();
                self.jump_if(&i.test, next2, false)?;
                self.jump_if(&i.body, target, cond)?;
                self.emit_noline(I::JumpForward(end));
                self.use_block(next2);
                self.jump_if(&i.orelse, target, cond)?;
                self.use_block(end);
                return Ok(());
            }
            Expr::Compare(c) => {
                // A test's comparison and jump take its location, which (as
                // in 3.11) stays current after the jump.
                self.set_loc(e);
                if c.ops.len() > 1 {
                    return self.jump_if_chained(c, target, cond);
                }
            }
            _ => {}
        }
        self.jump_if_general(e, target, cond)
    }

    /// `compiler_jump_if` for a chained comparison: each link jumps to a
    /// cleanup that drops the leftover operand.
    fn jump_if_chained(
        &mut self,
        c: &'a ast::ExprCompare,
        target: BlockId,
        cond: bool,
    ) -> Result<()> {
        let cleanup = self.new_block();
        self.expr(&c.left)?;
        let n = c.ops.len() - 1;
        for i in 0..n {
            self.expr(&c.comparators[i])?;
            self.emit(I::Swap(2));
            self.emit(I::Copy(2));
            self.compare_op(c.ops[i]);
            self.emit(I::PopJumpForwardIfFalse(cleanup));
        }
        self.comparator(c, n)?;
        self.compare_op(c.ops[n]);
        self.emit(if cond {
            I::PopJumpForwardIfTrue(target)
        } else {
            I::PopJumpForwardIfFalse(target)
        });
        let end = self.new_block();
        self.emit_noline(I::JumpForward(end));
        self.use_block(cleanup);
        self.emit(I::PopTop);
        if !cond {
            self.emit_noline(I::JumpForward(target));
        }
        self.use_block(end);
        Ok(())
    }

    /// `compiler_jump_if`'s general case: the value, then a `POP_JUMP_IF_*`.
    fn jump_if_general(&mut self, e: &'a Expr, target: BlockId, cond: bool) -> Result<()> {
        self.expr(e)?;
        self.emit(if cond {
            I::PopJumpForwardIfTrue(target)
        } else {
            I::PopJumpForwardIfFalse(target)
        });
        Ok(())
    }

    /// Comparator `i` of `c`; the last one of an `in`/`not in` test is an
    /// iterable the AST optimiser may have folded.
    fn comparator(&mut self, c: &'a ast::ExprCompare, i: usize) -> Result<()> {
        let last = i + 1 == c.ops.len();
        if last && matches!(c.ops[i], CmpOp::In | CmpOp::NotIn) {
            self.iterable(&c.comparators[i])
        } else {
            self.expr(&c.comparators[i])
        }
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

    fn compare_op(&mut self, op: CmpOp) {
        use ComparisonOperator as C;
        self.emit(match op {
            CmpOp::Eq => I::CompareOp(C::Equal),
            CmpOp::NotEq => I::CompareOp(C::NotEqual),
            CmpOp::Lt => I::CompareOp(C::Less),
            CmpOp::LtE => I::CompareOp(C::LessEqual),
            CmpOp::Gt => I::CompareOp(C::Greater),
            CmpOp::GtE => I::CompareOp(C::GreaterEqual),
            CmpOp::Is => I::IsOp(0),
            CmpOp::IsNot => I::IsOp(1),
            CmpOp::In => I::ContainsOp(0),
            CmpOp::NotIn => I::ContainsOp(1),
        });
    }

    /// A comparison; `inverted` (for a single `in`/`is` test the AST
    /// optimiser folded a `not` into) flips the operator.
    fn compare(&mut self, c: &'a ast::ExprCompare, inverted: bool) -> Result<()> {
        self.expr(&c.left)?;
        let n = c.ops.len() - 1;
        if n == 0 {
            self.comparator(c, 0)?;
            self.compare_op(if inverted {
                negated_test(c.ops[0])
            } else {
                c.ops[0]
            });
            return Ok(());
        }
        let cleanup = self.new_block();
        for i in 0..n {
            self.expr(&c.comparators[i])?;
            self.emit(I::Swap(2));
            self.emit(I::Copy(2));
            self.compare_op(c.ops[i]);
            self.emit(I::JumpIfFalseOrPop(cleanup));
        }
        self.comparator(c, n)?;
        self.compare_op(c.ops[n]);
        let end = self.new_block();
        self.emit_noline(I::JumpForward(end));
        self.use_block(cleanup);
        self.emit(I::Swap(2));
        self.emit(I::PopTop);
        self.use_block(end);
        Ok(())
    }

    // ---- displays -----------------------------------------------------

    /// CPython's `starunpack_helper` for list, tuple and set displays.
    fn starunpack(&mut self, elts: &'a [Expr], pushed: u32, kind: Sequence) -> Result<()> {
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

    fn call(&mut self, c: &'a ast::ExprCall) -> Result<()> {
        let args = &c.arguments.args;
        let keywords = &c.arguments.keywords;
        if let Expr::Attribute(attr) = &*c.func
            && attr.ctx == ExprContext::Load
            && !matches!(&*attr.value, Expr::Name(n) if self.symtable.is_module_import(n.id.as_str()))
            && args.len() + keywords.len() + usize::from(!keywords.is_empty()) < STACK_USE_GUIDELINE
            && !args.iter().any(Expr::is_starred_expr)
            && keywords.iter().all(|k| k.arg.is_some())
        {
            self.expr(&attr.value)?;
            let saved = self.unit_ref().loc;
            self.unit().loc = self.attr_location(self.location(attr.range()), attr);
            let name = self.add_mangled_name(attr.attr.as_str());
            self.emit(I::LoadMethod(name));
            for arg in args {
                self.argument(arg, Some(c.arguments.range()))?;
            }
            if !keywords.is_empty() {
                self.keyword_values_and_names(keywords)?;
            }
            let n = u32::try_from(args.len() + keywords.len()).unwrap_or(u32::MAX);
            self.unit().loc = self.attr_location(saved, attr);
            self.emit(I::Precall(n));
            self.emit(I::Call(n));
            self.unit().loc = saved;
            return Ok(());
        }
        let saved = self.unit_ref().loc;
        self.set_loc(&*c.func);
        self.emit(I::PushNull);
        self.unit().loc = saved;
        self.expr(&c.func)?;
        self.call_helper(0, Some(&c.arguments))
    }

    /// CPython's `update_start_location_to_match_attr`: an attribute
    /// operation whose location starts on another line than the attribute
    /// name ends starts at that name instead.
    pub(super) fn attr_location(&self, mut loc: Location, attr: &ast::ExprAttribute) -> Location {
        let attr_loc = self.location(attr.range());
        if loc.line != attr_loc.end_line {
            let name_len = u32::try_from(attr.attr.as_str().len()).unwrap_or(u32::MAX);
            loc.line = attr_loc.end_line;
            loc.col = attr_loc.end_col.saturating_sub(name_len);
            loc.end_line = loc.end_line.max(loc.line);
            if loc.line == loc.end_line {
                loc.end_col = loc.end_col.max(loc.col);
            }
        }
        loc
    }

    /// A positional call argument. An unparenthesized generator (the only
    /// argument) is located at the call's `parens`, as CPython's grammar
    /// has it.
    fn argument(&mut self, arg: &'a Expr, parens: Option<TextRange>) -> Result<()> {
        match (arg, parens) {
            (Expr::Generator(g), Some(parens)) if !g.parenthesized => {
                let saved = self.unit_ref().loc;
                self.unit().loc = self.location(parens);
                let result = self.expr_inner(arg);
                self.unit().loc = saved;
                result
            }
            _ => self.expr(arg),
        }
    }

    fn keyword_values_and_names(&mut self, keywords: &'a [Keyword]) -> Result<()> {
        for k in keywords {
            self.expr(&k.value)?;
        }
        let names: Vec<Constant> = keywords
            .iter()
            .map(|k| Constant::Str(k.arg.as_ref().map_or("", ast::Identifier::as_str).into()))
            .collect();
        let index = self.add_const(Constant::Tuple(Arc::from(names)));
        self.emit(I::KwNames(index));
        Ok(())
    }

    /// CPython's `compiler_call_helper`: the arguments and the call itself,
    /// with `n` arguments already pushed.
    pub(super) fn call_helper(
        &mut self,
        n: u32,
        arguments: Option<&'a ast::Arguments>,
    ) -> Result<()> {
        let (args, keywords): (&[Expr], &[Keyword]) = match arguments {
            Some(a) => (&a.args, &a.keywords),
            None => (&[], &[]),
        };
        let parens = arguments.map(Ranged::range);
        let simple = args.len() + keywords.len() * 2 <= STACK_USE_GUIDELINE
            && !args.iter().any(Expr::is_starred_expr)
            && keywords.iter().all(|k| k.arg.is_some());
        if simple {
            for arg in args {
                self.argument(arg, parens)?;
            }
            if !keywords.is_empty() {
                self.keyword_values_and_names(keywords)?;
            }
            let total = n + u32::try_from(args.len() + keywords.len()).unwrap_or(u32::MAX);
            self.emit(I::Precall(total));
            self.emit(I::Call(total));
            return Ok(());
        }
        if n == 0
            && args.len() == 1
            && let Expr::Starred(s) = &args[0]
        {
            self.expr(&s.value)?;
        } else {
            self.starunpack(args, n, Sequence::Tuple)?;
        }
        if !keywords.is_empty() {
            let mut have_dict = false;
            let mut seen = 0usize;
            for (i, k) in keywords.iter().enumerate() {
                if k.arg.is_none() {
                    if seen > 0 {
                        self.subkwargs(&keywords[i - seen..i])?;
                        if have_dict {
                            self.emit(I::DictMerge(1));
                        }
                        have_dict = true;
                        seen = 0;
                    }
                    if !have_dict {
                        self.emit(I::BuildMap(0));
                        have_dict = true;
                    }
                    self.expr(&k.value)?;
                    self.emit(I::DictMerge(1));
                } else {
                    seen += 1;
                }
            }
            if seen > 0 {
                self.subkwargs(&keywords[keywords.len() - seen..])?;
                if have_dict {
                    self.emit(I::DictMerge(1));
                }
            }
        }
        self.emit(I::CallFunctionEx(u32::from(!keywords.is_empty())));
        Ok(())
    }

    fn subkwargs(&mut self, keywords: &'a [Keyword]) -> Result<()> {
        let n = keywords.len();
        let big = n * 2 > STACK_USE_GUIDELINE;
        let name =
            |k: &Keyword| Constant::Str(k.arg.as_ref().map_or("", ast::Identifier::as_str).into());
        if n > 1 && !big {
            for k in keywords {
                self.expr(&k.value)?;
            }
            let keys: Vec<Constant> = keywords.iter().map(name).collect();
            self.load_const(Constant::Tuple(Arc::from(keys)));
            self.emit(I::BuildConstKeyMap(u32::try_from(n).unwrap_or(u32::MAX)));
            return Ok(());
        }
        if big {
            self.emit_noline(I::BuildMap(0));
        }
        for k in keywords {
            self.load_const(name(k));
            self.expr(&k.value)?;
            if big {
                self.emit_noline(I::MapAdd(1));
            }
        }
        if !big {
            self.emit(I::BuildMap(u32::try_from(n).unwrap_or(u32::MAX)));
        }
        Ok(())
    }

    // ---- functions ----------------------------------------------------

    /// Pushes positional and keyword-only defaults; returns `MAKE_FUNCTION` flags.
    pub(super) fn default_arguments(&mut self, params: &'a ast::Parameters) -> Result<u32> {
        let mut func_flags = 0;
        let defaults: Vec<&Expr> = params
            .posonlyargs
            .iter()
            .chain(&params.args)
            .filter_map(|p| p.default.as_deref())
            .collect();
        if !defaults.is_empty() {
            for d in &defaults {
                self.expr(d)?;
            }
            self.emit(I::BuildTuple(
                u32::try_from(defaults.len()).unwrap_or(u32::MAX),
            ));
            func_flags |= 0x01;
        }
        let mut names = Vec::new();
        for p in &params.kwonlyargs {
            if let Some(d) = &p.default {
                let name = self.mangle(p.parameter.name.as_str()).into_owned();
                names.push(Constant::Str(name.into()));
                self.expr(d)?;
            }
        }
        if !names.is_empty() {
            let n = u32::try_from(names.len()).unwrap_or(u32::MAX);
            self.load_const(Constant::Tuple(Arc::from(names)));
            self.emit(I::BuildConstKeyMap(n));
            func_flags |= 0x02;
        }
        Ok(func_flags)
    }

    /// Pushes the annotations tuple; returns whether there was one.
    pub(super) fn annotations(
        &mut self,
        params: &'a ast::Parameters,
        returns: Option<&'a Expr>,
    ) -> Result<bool> {
        let mut count = 0u32;
        let ordered = params
            .args
            .iter()
            .chain(&params.posonlyargs)
            .map(|p| &p.parameter)
            .chain(params.vararg.as_deref())
            .chain(params.kwonlyargs.iter().map(|p| &p.parameter))
            .chain(params.kwarg.as_deref());
        for p in ordered {
            if let Some(ann) = &p.annotation {
                let name = self.mangle(p.name.as_str()).into_owned();
                self.load_const(Constant::Str(name.into()));
                self.annotation_value(ann)?;
                count += 2;
            }
        }
        if let Some(r) = returns {
            self.load_const(Constant::Str("return".into()));
            self.annotation_value(r)?;
            count += 2;
        }
        if count > 0 {
            self.emit(I::BuildTuple(count));
        }
        Ok(count > 0)
    }

    /// An annotation's value: its source text under `from __future__ import
    /// annotations`, else the expression (`*Ts` unpacked to its one item).
    pub(super) fn annotation_value(&mut self, annotation: &'a Expr) -> Result<()> {
        if self.future_annotations {
            // A bare constant, at the enclosing statement's location.
            self.load_const(Constant::Str(unparse::unparse(annotation).into()));
            return Ok(());
        }
        if let Expr::Starred(s) = annotation {
            self.expr(&s.value)?;
            self.emit(I::UnpackSequence(1));
            return Ok(());
        }
        self.expr(annotation)
    }

    /// Loads the closure cells (if any) and emits `MAKE_FUNCTION`.
    pub(super) fn make_closure(&mut self, code: Arc<CodeObject>, mut func_flags: u32) {
        let frees: Vec<Arc<str>> = code
            .slots
            .iter()
            .filter(|s| s.kind == SlotKind::Free)
            .map(|s| s.name.clone())
            .collect();
        if !frees.is_empty() {
            for name in &frees {
                let unit = self.unit_ref();
                let index = unit
                    .cellvars
                    .iter()
                    .position(|c| **c == **name)
                    .or_else(|| {
                        unit.freevars
                            .iter()
                            .position(|f| **f == **name)
                            .map(|i| i + unit.cellvars.len())
                    })
                    .unwrap_or(0);
                self.emit(I::LoadClosure(u32::try_from(index).unwrap_or(u32::MAX)));
            }
            func_flags |= 0x08;
            self.emit(I::BuildTuple(
                u32::try_from(frees.len()).unwrap_or(u32::MAX),
            ));
        }
        self.load_const(Constant::Code(code));
        self.emit(I::MakeFunction(func_flags));
    }

    fn lambda(&mut self, l: &'a ast::ExprLambda) -> Result<()> {
        let empty = ast::Parameters::default();
        let params = l.parameters.as_deref().unwrap_or(&empty);
        let func_flags = match l.parameters.as_deref() {
            Some(p) => self.default_arguments(p)?,
            None => 0,
        };
        let scope = self
            .symtable
            .scope_of(l)
            .expect("symtable saw every lambda");
        let line = self.location(l.range()).line;
        self.enter_scope(scope, "<lambda>", line, UnitKind::Lambda);
        self.add_const(Constant::None);
        self.set_arg_counts(params);
        self.expr(&l.body)?;
        let code = if self.symtable.scope(scope).is_generator {
            self.exit_scope(false)
        } else {
            self.emit(I::ReturnValue);
            self.exit_scope(true)
        };
        self.make_closure(code, func_flags);
        Ok(())
    }

    fn comprehension<T: Ranged>(
        &mut self,
        node: &'a T,
        name: &str,
        generators: &'a [Comprehension],
        elt: &'a Expr,
        value: Option<&'a Expr>,
        kind: ComprehensionKind,
    ) -> Result<()> {
        if generators.iter().any(|g| g.is_async) {
            return Err(self.unsupported(node, "async comprehensions"));
        }
        let scope = self
            .symtable
            .scope_of(node)
            .expect("symtable saw every comprehension");
        // The current location is the node's (or, for a generator that is a
        // call's only argument, the call's parentheses).
        let loc = self.unit_ref().loc;
        self.enter_scope(scope, name, loc.line, UnitKind::Comprehension);
        self.unit().loc = loc;
        match kind {
            ComprehensionKind::List => self.emit(I::BuildList(0)),
            ComprehensionKind::Set => self.emit(I::BuildSet(0)),
            ComprehensionKind::Dict => self.emit(I::BuildMap(0)),
            ComprehensionKind::Generator => {}
        }
        self.comprehension_generator(generators, 0, 0, elt, value, kind)?;
        if kind != ComprehensionKind::Generator {
            self.emit(I::ReturnValue);
        }
        let code = self.exit_scope(true);
        self.make_closure(code, 0);
        self.iterable(&generators[0].iter)?;
        self.emit(I::GetIter);
        self.emit(I::Precall(0));
        self.emit(I::Call(0));
        Ok(())
    }

    fn comprehension_generator(
        &mut self,
        generators: &'a [Comprehension],
        index: usize,
        mut depth: u32,
        elt: &'a Expr,
        value: Option<&'a Expr>,
        kind: ComprehensionKind,
    ) -> Result<()> {
        let generator = &generators[index];
        let mut start = Some(self.new_block());
        let if_cleanup = self.new_block();
        let anchor = self.new_block();
        if index == 0 {
            self.unit().arg_count = 1;
            self.emit(I::LoadFast(0));
        } else {
            // `for y in [f(x)]` binds without iterating (once folded to a
            // constant, the display no longer qualifies).
            let single = match &generator.iter {
                _ if fold::constant(&generator.iter).is_some() => None,
                Expr::List(l) => Some(&l.elts),
                Expr::Tuple(t) => Some(&t.elts),
                _ => None,
            };
            if let Some(elts) = single
                && elts.len() == 1
                && !elts[0].is_starred_expr()
            {
                self.expr(&elts[0])?;
                start = None;
            } else {
                self.iterable(&generator.iter)?;
                self.emit(I::GetIter);
            }
        }
        if let Some(start) = start {
            depth += 1;
            self.use_block(start);
            self.emit(I::ForIter(anchor));
        }
        self.expr(&generator.target)?;
        for cond in &generator.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        if index + 1 < generators.len() {
            self.comprehension_generator(generators, index + 1, depth, elt, value, kind)?;
        } else {
            match kind {
                ComprehensionKind::Generator => {
                    self.expr(elt)?;
                    self.emit(I::YieldValue);
                    self.emit(I::Resume(1));
                    self.emit(I::PopTop);
                }
                ComprehensionKind::List => {
                    self.expr(elt)?;
                    self.emit(I::ListAppend(depth + 1));
                }
                ComprehensionKind::Set => {
                    self.expr(elt)?;
                    self.emit(I::SetAdd(depth + 1));
                }
                ComprehensionKind::Dict => {
                    self.expr(elt)?;
                    self.expr(value.expect("dict comprehensions have a value"))?;
                    self.emit(I::MapAdd(depth + 1));
                }
            }
        }
        self.use_block(if_cleanup);
        if let Some(start) = start {
            self.emit(I::JumpForward(start));
            self.use_block(anchor);
        }
        Ok(())
    }
}

/// The single-test comparison `e` amounts to after the AST optimiser folds
/// `not` into `in`/`is` tests, and whether it was inverted an odd number
/// of times.
fn folded_compare(e: &Expr) -> Option<(&ast::ExprCompare, bool)> {
    let Expr::UnaryOp(u) = e else { return None };
    if u.op != UnaryOp::Not {
        return None;
    }
    match &*u.operand {
        Expr::Compare(c)
            if c.ops.len() == 1
                && matches!(
                    c.ops[0],
                    CmpOp::In | CmpOp::NotIn | CmpOp::Is | CmpOp::IsNot
                ) =>
        {
            Some((c, true))
        }
        inner => folded_compare(inner).map(|(c, inverted)| (c, !inverted)),
    }
}

/// `in` ↔ `not in`, `is` ↔ `is not`.
fn negated_test(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::In => CmpOp::NotIn,
        CmpOp::NotIn => CmpOp::In,
        CmpOp::Is => CmpOp::IsNot,
        CmpOp::IsNot => CmpOp::Is,
        other => other,
    }
}

/// Which display `starunpack` builds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sequence {
    List,
    Tuple,
    Set,
}
