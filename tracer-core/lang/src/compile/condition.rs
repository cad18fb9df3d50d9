//! Conditions and comparisons: boolean tests compiled to conditional
//! jumps (`and`/`or`/`not`, chained comparisons, constant tests) and
//! `COMPARE_OP`/`IS_OP`/`CONTAINS_OP`.

use ruff_python_ast::{self as ast, BoolOp, CmpOp, Expr, UnaryOp};

use super::cfg::BlockId;
use super::{Compiler, Result, fold};
use crate::instruction::{ComparisonOperator, Instruction as I};

impl<'a> Compiler<'a> {
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
    pub(super) fn compare(&mut self, c: &'a ast::ExprCompare, inverted: bool) -> Result<()> {
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
}

/// The single-test comparison `e` amounts to after the AST optimiser folds
/// `not` into `in`/`is` tests, and whether it was inverted an odd number
/// of times.
pub(super) fn folded_compare(e: &Expr) -> Option<(&ast::ExprCompare, bool)> {
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
