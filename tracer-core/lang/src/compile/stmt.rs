//! Statements (CPython's `compiler_visit_stmt` and friends).

use ruff_python_ast::{self as ast, ElifElseClause, ExceptHandler, Expr, Stmt};
use ruff_text_size::Ranged;

use super::cfg::Op;
use super::{Compiler, FrameBlock, NameCtx, Result, UnitKind, fold};
use crate::code::{Constant, flags};
use crate::instruction::{BinaryOpArg, Instruction as I};

/// Maps an AST operator to `BINARY_OP`'s operand.
pub(super) fn binary_operator(op: ast::Operator) -> crate::instruction::BinaryOperator {
    use crate::instruction::BinaryOperator as B;
    match op {
        ast::Operator::Add => B::Add,
        ast::Operator::Sub => B::Subtract,
        ast::Operator::Mult => B::Multiply,
        ast::Operator::MatMult => B::MatrixMultiply,
        ast::Operator::Div => B::TrueDivide,
        ast::Operator::Mod => B::Remainder,
        ast::Operator::Pow => B::Power,
        ast::Operator::LShift => B::LeftShift,
        ast::Operator::RShift => B::RightShift,
        ast::Operator::BitOr => B::Or,
        ast::Operator::BitXor => B::Xor,
        ast::Operator::BitAnd => B::And,
        ast::Operator::FloorDiv => B::FloorDivide,
    }
}

/// The docstring of a body, if its first statement is a string literal.
fn docstring(body: &[Stmt]) -> Option<&str> {
    match body.first()? {
        Stmt::Expr(e) => match &*e.value {
            Expr::StringLiteral(s) => Some(s.value.to_str()),
            _ => None,
        },
        _ => None,
    }
}

/// `true` when a body contains an annotated assignment (outside nested scopes).
fn has_annotations(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::AnnAssign(_) => true,
        Stmt::For(f) => has_annotations(&f.body) || has_annotations(&f.orelse),
        Stmt::While(w) => has_annotations(&w.body) || has_annotations(&w.orelse),
        Stmt::If(i) => {
            has_annotations(&i.body) || i.elif_else_clauses.iter().any(|c| has_annotations(&c.body))
        }
        Stmt::With(w) => has_annotations(&w.body),
        Stmt::Try(t) => {
            has_annotations(&t.body)
                || has_annotations(&t.orelse)
                || has_annotations(&t.finalbody)
                || t.handlers.iter().any(|h| {
                    let ExceptHandler::ExceptHandler(h) = h;
                    has_annotations(&h.body)
                })
        }
        _ => false,
    })
}

impl<'a> Compiler<'a> {
    /// A module or class body: annotations setup, docstring, statements.
    pub(super) fn body(&mut self, body: &'a [Stmt]) -> Result<()> {
        if self.unit_ref().kind == UnitKind::Module
            && let Some(first) = body.first()
        {
            self.set_loc(first);
        }
        if has_annotations(body) {
            self.emit(I::SetupAnnotations);
        }
        let mut rest = body;
        if let Some(doc) = docstring(body) {
            self.set_loc(&body[0]);
            self.load_const(Constant::Str(doc.into()));
            self.unset_loc();
            self.name_op("__doc__", NameCtx::Store);
            rest = &body[1..];
        }
        self.stmts(rest)
    }

    pub(super) fn stmts(&mut self, body: &'a [Stmt]) -> Result<()> {
        for stmt in body {
            self.stmt(stmt)?;
        }
        Ok(())
    }

    fn stmt(&mut self, stmt: &'a Stmt) -> Result<()> {
        stacker::maybe_grow(64 * 1024, 1 << 20, || self.stmt_inner(stmt))
    }

    #[expect(clippy::too_many_lines, reason = "one arm per statement kind")]
    fn stmt_inner(&mut self, stmt: &'a Stmt) -> Result<()> {
        self.set_stmt_loc(stmt);
        match stmt {
            Stmt::FunctionDef(f) => self.function_def(f),
            Stmt::ClassDef(c) => self.class_def(c),
            Stmt::Return(r) => self.return_stmt(stmt, r),
            Stmt::Delete(d) => {
                for target in &d.targets {
                    self.expr(target)?;
                }
                Ok(())
            }
            Stmt::Assign(a) => {
                self.expr(&a.value)?;
                let n = a.targets.len();
                for (i, target) in a.targets.iter().enumerate() {
                    if i + 1 < n {
                        self.emit(I::Copy(1));
                    }
                    self.expr(target)?;
                }
                Ok(())
            }
            Stmt::AugAssign(a) => self.aug_assign(a),
            Stmt::AnnAssign(a) => self.ann_assign(a),
            Stmt::For(f) => {
                if f.is_async {
                    return Err(self.unsupported(stmt, "async for"));
                }
                self.for_stmt(f)
            }
            Stmt::While(w) => self.while_stmt(w),
            Stmt::If(i) => self.if_stmt(&i.test, &i.body, &i.elif_else_clauses),
            Stmt::With(w) => {
                if w.is_async {
                    return Err(self.unsupported(stmt, "async with"));
                }
                self.with_stmt(w, 0)
            }
            Stmt::Raise(r) => {
                let mut n = 0;
                if let Some(exc) = &r.exc {
                    self.expr(exc)?;
                    n += 1;
                    if let Some(cause) = &r.cause {
                        self.expr(cause)?;
                        n += 1;
                    }
                }
                self.emit(I::RaiseVarargs(n));
                self.next_block();
                Ok(())
            }
            Stmt::Try(t) => {
                if t.is_star {
                    return Err(self.unsupported(stmt, "except* (exception groups)"));
                }
                if t.finalbody.is_empty() {
                    self.try_except(t)
                } else {
                    self.try_finally(t)
                }
            }
            Stmt::Assert(a) => {
                let end = self.new_block();
                self.jump_if(&a.test, end, true)?;
                self.emit(I::LoadAssertionError);
                if let Some(msg) = &a.msg {
                    self.expr(msg)?;
                    self.emit(I::Precall(0));
                    self.emit(I::Call(0));
                }
                self.emit(I::RaiseVarargs(1));
                self.use_block(end);
                Ok(())
            }
            Stmt::Import(i) => {
                for alias in &i.names {
                    self.load_const(Constant::Int(0));
                    self.load_const(Constant::None);
                    let module = self.add_mangled_name(alias.name.as_str());
                    self.emit(I::ImportName(module));
                    if let Some(asname) = &alias.asname {
                        let mut parts = alias.name.as_str().split('.').skip(1).peekable();
                        while let Some(part) = parts.next() {
                            let attr = self.add_name(part);
                            self.emit(I::ImportFrom(attr));
                            if parts.peek().is_some() {
                                self.emit(I::Swap(2));
                                self.emit(I::PopTop);
                            }
                        }
                        if alias.name.as_str().contains('.') {
                            self.name_op(asname.as_str(), NameCtx::Store);
                            self.emit(I::PopTop);
                        } else {
                            self.name_op(asname.as_str(), NameCtx::Store);
                        }
                    } else {
                        let top = alias.name.as_str().split('.').next().unwrap_or_default();
                        self.name_op(top, NameCtx::Store);
                    }
                }
                Ok(())
            }
            Stmt::ImportFrom(i) => self.import_from(i),
            Stmt::Global(_) => Ok(()),
            Stmt::Nonlocal(n) => {
                if self.unit_ref().kind == UnitKind::Module {
                    return Err(
                        self.error(stmt, "nonlocal declaration not allowed at module level")
                    );
                }
                let scope = self.symtable.scope(self.unit_ref().scope);
                if let Some(name) = n.names.iter().find(|n| scope.is_unbound_nonlocal(n)) {
                    let msg = format!("no binding for nonlocal '{name}' found");
                    return Err(self.error(stmt, msg));
                }
                Ok(())
            }
            Stmt::Expr(e) => {
                if fold::constant(&e.value).is_some() {
                    self.emit(I::Nop);
                    return Ok(());
                }
                self.expr(&e.value)?;
                self.unset_loc();
                self.emit(I::PopTop);
                Ok(())
            }
            Stmt::Pass(_) => {
                self.emit(I::Nop);
                Ok(())
            }
            Stmt::Break(_) => self.break_stmt(stmt),
            Stmt::Continue(_) => self.continue_stmt(stmt),
            Stmt::Match(_) => Err(self.unsupported(stmt, "match statements")),
            Stmt::TypeAlias(_) => Err(self.unsupported(stmt, "type aliases")),
            Stmt::IpyEscapeCommand(_) => Err(self.error(stmt, "invalid syntax")),
        }
    }

    fn return_stmt(&mut self, stmt: &'a Stmt, r: &'a ast::StmtReturn) -> Result<()> {
        if !matches!(
            self.unit_ref().kind,
            UnitKind::Function | UnitKind::Lambda | UnitKind::Comprehension
        ) {
            return Err(self.error(stmt, "'return' outside function"));
        }
        let constant = r.value.as_deref().and_then(fold::constant);
        let preserve_tos = r.value.is_some() && constant.is_none();
        if preserve_tos {
            self.expr(r.value.as_deref().expect("checked"))?;
        } else if let Some(v) = &r.value {
            self.set_loc(&**v);
            self.emit(I::Nop);
        }
        let stmt_line = self.location(stmt.range()).line;
        if r.value
            .as_ref()
            .is_none_or(|v| self.location(v.range()).line != stmt_line)
        {
            self.set_loc(stmt);
            self.emit(I::Nop);
        }
        self.unwind_frame_block_stack(preserve_tos, false)?;
        if !preserve_tos {
            self.load_const(constant.unwrap_or(Constant::None));
        }
        // Like 3.11, no new block: code after the return lands in this
        // block (and is dropped), and a body ending here needs no implicit
        // `return None`.
        self.emit(I::ReturnValue);
        Ok(())
    }

    fn break_stmt(&mut self, stmt: &'a Stmt) -> Result<()> {
        self.emit(I::Nop);
        let Some(loop_block) = self.unwind_frame_block_stack(false, true)? else {
            return Err(self.error(stmt, "'break' outside loop"));
        };
        self.unwind_frame_block(&loop_block, false)?;
        let (FrameBlock::WhileLoop { exit, .. } | FrameBlock::ForLoop { exit, .. }) = loop_block
        else {
            unreachable!("unwind stops only at loops")
        };
        self.emit(I::JumpForward(exit));
        Ok(())
    }

    fn continue_stmt(&mut self, stmt: &'a Stmt) -> Result<()> {
        self.emit(I::Nop);
        let Some(loop_block) = self.unwind_frame_block_stack(false, true)? else {
            return Err(self.error(stmt, "'continue' not properly in loop"));
        };
        let (FrameBlock::WhileLoop { start, .. } | FrameBlock::ForLoop { start, .. }) = loop_block
        else {
            unreachable!("unwind stops only at loops")
        };
        self.emit(I::JumpForward(start));
        Ok(())
    }

    fn for_stmt(&mut self, f: &'a ast::StmtFor) -> Result<()> {
        let start = self.new_block();
        let body = self.new_block();
        let cleanup = self.new_block();
        let end = self.new_block();
        self.push_frame_block(FrameBlock::ForLoop { start, exit: end });
        self.iterable(&f.iter)?;
        self.emit(I::GetIter);
        self.use_block(start);
        self.emit(I::ForIter(cleanup));
        self.use_block(body);
        self.expr(&f.target)?;
        self.stmts(&f.body)?;
        self.unset_loc();
        self.emit(I::JumpForward(start));
        self.use_block(cleanup);
        self.pop_frame_block();
        self.stmts(&f.orelse)?;
        self.use_block(end);
        Ok(())
    }

    fn while_stmt(&mut self, w: &'a ast::StmtWhile) -> Result<()> {
        let start = self.new_block();
        let body = self.new_block();
        let anchor = self.new_block();
        let end = self.new_block();
        self.use_block(start);
        self.push_frame_block(FrameBlock::WhileLoop { start, exit: end });
        self.jump_if(&w.test, anchor, false)?;
        self.use_block(body);
        self.stmts(&w.body)?;
        self.set_loc(w);
        self.jump_if(&w.test, body, true)?;
        self.pop_frame_block();
        self.use_block(anchor);
        self.stmts(&w.orelse)?;
        self.use_block(end);
        Ok(())
    }

    fn if_stmt(
        &mut self,
        test: &'a Expr,
        body: &'a [Stmt],
        clauses: &'a [ElifElseClause],
    ) -> Result<()> {
        let end = self.new_block();
        let next = if clauses.is_empty() {
            end
        } else {
            self.new_block()
        };
        self.jump_if(test, next, false)?;
        self.stmts(body)?;
        if let Some((first, rest)) = clauses.split_first() {
            self.emit_noline(I::JumpForward(end));
            self.use_block(next);
            match &first.test {
                Some(elif_test) => {
                    self.set_loc(first);
                    self.if_stmt(elif_test, &first.body, rest)?;
                }
                None => self.stmts(&first.body)?,
            }
        }
        self.use_block(end);
        Ok(())
    }

    fn with_stmt(&mut self, w: &'a ast::StmtWith, pos: usize) -> Result<()> {
        let item = &w.items[pos];
        let body = self.new_block();
        let final_block = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.expr(&item.context_expr)?;
        self.emit(I::BeforeWith);
        self.emit_op(Op::SetupWith(final_block));
        self.use_block(body);
        let with_loc = self.location(w.range());
        self.push_frame_block(FrameBlock::With { loc: with_loc });
        match &item.optional_vars {
            Some(target) => self.expr(target)?,
            None => self.emit(I::PopTop),
        }
        if pos + 1 == w.items.len() {
            self.stmts(&w.body)?;
        } else {
            self.with_stmt(w, pos + 1)?;
        }
        self.unset_loc();
        self.emit_op(Op::PopBlock);
        self.pop_frame_block();
        self.unit().loc = with_loc;
        self.call_exit_with_nones();
        self.emit(I::PopTop);
        self.emit(I::JumpForward(exit));
        self.use_block(final_block);
        self.emit_op(Op::SetupCleanup(cleanup));
        self.emit(I::PushExcInfo);
        self.emit(I::WithExceptStart);
        self.with_except_finish(cleanup);
        self.use_block(exit);
        Ok(())
    }

    fn with_except_finish(&mut self, cleanup: super::BlockId) {
        self.unset_loc();
        let exit = self.new_block();
        self.emit(I::PopJumpForwardIfTrue(exit));
        self.emit(I::Reraise(2));
        self.use_block(cleanup);
        self.pop_except_and_reraise();
        self.use_block(exit);
        self.emit(I::PopTop);
        self.emit_op(Op::PopBlock);
        self.emit(I::PopExcept);
        self.emit(I::PopTop);
        self.emit(I::PopTop);
    }

    fn try_except(&mut self, t: &'a ast::StmtTry) -> Result<()> {
        let body = self.new_block();
        let mut except = self.new_block();
        let end = self.new_block();
        let cleanup = self.new_block();
        self.emit_op(Op::SetupFinally(except));
        self.use_block(body);
        self.push_frame_block(FrameBlock::TryExcept);
        self.stmts(&t.body)?;
        self.pop_frame_block();
        self.unit()
            .cfg
            .emit(Op::PopBlock, crate::code::Location::NONE);
        self.stmts(&t.orelse)?;
        self.emit_noline(I::JumpForward(end));
        self.use_block(except);
        self.unset_loc();
        self.emit_op(Op::SetupCleanup(cleanup));
        self.emit(I::PushExcInfo);
        self.push_frame_block(FrameBlock::ExceptionHandler);
        let n = t.handlers.len();
        for (i, handler) in t.handlers.iter().enumerate() {
            let ExceptHandler::ExceptHandler(h) = handler;
            self.set_loc(h);
            if h.type_.is_none() && i + 1 < n {
                return Err(self.error(h, "default 'except:' must be last"));
            }
            except = self.new_block();
            if let Some(ty) = &h.type_ {
                self.expr(ty)?;
                self.emit(I::CheckExcMatch);
                self.emit(I::PopJumpForwardIfFalse(except));
            }
            if let Some(name) = &h.name {
                let name = name.as_str();
                let cleanup_end = self.new_block();
                let cleanup_body = self.new_block();
                self.name_op(name, NameCtx::Store);
                self.emit_op(Op::SetupCleanup(cleanup_end));
                self.use_block(cleanup_body);
                self.push_frame_block(FrameBlock::HandlerCleanup { name: Some(name) });
                self.stmts(&h.body)?;
                self.pop_frame_block();
                self.unset_loc();
                self.emit_op(Op::PopBlock);
                self.emit_op(Op::PopBlock);
                self.emit(I::PopExcept);
                self.load_const(Constant::None);
                self.name_op(name, NameCtx::Store);
                self.name_op(name, NameCtx::Del);
                self.emit(I::JumpForward(end));
                self.use_block(cleanup_end);
                self.unset_loc();
                self.load_const(Constant::None);
                self.name_op(name, NameCtx::Store);
                self.name_op(name, NameCtx::Del);
                self.emit(I::Reraise(1));
            } else {
                let cleanup_body = self.new_block();
                self.emit(I::PopTop);
                self.use_block(cleanup_body);
                self.push_frame_block(FrameBlock::HandlerCleanup { name: None });
                self.stmts(&h.body)?;
                self.pop_frame_block();
                self.unset_loc();
                self.emit_op(Op::PopBlock);
                self.emit(I::PopExcept);
                self.emit(I::JumpForward(end));
            }
            self.use_block(except);
        }
        self.unset_loc();
        self.pop_frame_block();
        self.emit(I::Reraise(0));
        self.use_block(cleanup);
        self.pop_except_and_reraise();
        self.use_block(end);
        Ok(())
    }

    fn try_finally(&mut self, t: &'a ast::StmtTry) -> Result<()> {
        let body = self.new_block();
        let end = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.emit_op(Op::SetupFinally(end));
        self.use_block(body);
        self.push_frame_block(FrameBlock::FinallyTry { body: &t.finalbody });
        if t.handlers.is_empty() {
            self.stmts(&t.body)?;
        } else {
            self.try_except(t)?;
        }
        self.unit()
            .cfg
            .emit(Op::PopBlock, crate::code::Location::NONE);
        self.pop_frame_block();
        self.stmts(&t.finalbody)?;
        self.emit_noline(I::JumpForward(exit));
        self.use_block(end);
        self.unset_loc();
        self.emit_op(Op::SetupCleanup(cleanup));
        self.emit(I::PushExcInfo);
        self.push_frame_block(FrameBlock::FinallyEnd);
        self.stmts(&t.finalbody)?;
        self.pop_frame_block();
        self.emit(I::Reraise(0));
        self.use_block(cleanup);
        self.pop_except_and_reraise();
        self.use_block(exit);
        Ok(())
    }

    fn aug_assign(&mut self, a: &'a ast::StmtAugAssign) -> Result<()> {
        let saved = self.unit_ref().loc;
        self.set_loc(&*a.target);
        match &*a.target {
            Expr::Attribute(attr) => {
                self.expr(&attr.value)?;
                self.emit(I::Copy(1));
                self.unit().loc = self.attr_location(self.unit_ref().loc, attr);
                let name = self.add_mangled_name(attr.attr.as_str());
                self.emit(I::LoadAttr(name));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(I::Copy(2));
                self.emit(I::Copy(2));
                self.emit(I::BinarySubscr);
            }
            Expr::Name(n) => self.name_op(n.id.as_str(), NameCtx::Load),
            other => return Err(self.error(other, "illegal expression for augmented assignment")),
        }
        self.unit().loc = saved;
        self.expr(&a.value)?;
        self.emit(I::BinaryOp(BinaryOpArg {
            op: binary_operator(a.op),
            inplace: true,
        }));
        self.set_loc(&*a.target);
        match &*a.target {
            Expr::Attribute(attr) => {
                self.unit().loc = self.attr_location(self.unit_ref().loc, attr);
                self.emit(I::Swap(2));
                let name = self.add_mangled_name(attr.attr.as_str());
                self.emit(I::StoreAttr(name));
            }
            Expr::Subscript(_) => {
                self.emit(I::Swap(3));
                self.emit(I::Swap(2));
                self.emit(I::StoreSubscr);
            }
            Expr::Name(n) => self.name_op(n.id.as_str(), NameCtx::Store),
            _ => {}
        }
        Ok(())
    }

    /// CPython's `compiler_annassign`: the assignment, then the annotation
    /// stored in `__annotations__` (simple names in modules and classes) or
    /// only evaluated (other targets, where nothing is assigned).
    fn ann_assign(&mut self, a: &'a ast::StmtAnnAssign) -> Result<()> {
        if let Some(value) = &a.value {
            self.expr(value)?;
            self.expr(&a.target)?;
        }
        let module_or_class = matches!(self.unit_ref().kind, UnitKind::Module | UnitKind::Class);
        match &*a.target {
            Expr::Name(n) if a.simple && module_or_class => {
                self.annotation_value(&a.annotation)?;
                let ann = self.add_name("__annotations__");
                self.emit(I::LoadName(ann));
                let name = self.mangle(n.id.as_str()).into_owned();
                self.load_const(Constant::Str(name.into()));
                self.emit(I::StoreSubscr);
            }
            Expr::Attribute(attr) if a.value.is_none() => self.evaluate_and_drop(&attr.value)?,
            Expr::Subscript(s) if a.value.is_none() => {
                self.evaluate_and_drop(&s.value)?;
                self.check_annotation_subscript(&s.slice)?;
            }
            _ => {}
        }
        if !a.simple && !self.future_annotations && module_or_class {
            self.evaluate_and_drop(&a.annotation)?;
        }
        Ok(())
    }

    /// CPython's `check_ann_expr`: evaluates `e` for its errors only.
    fn evaluate_and_drop(&mut self, e: &'a Expr) -> Result<()> {
        self.expr(e)?;
        self.emit(I::PopTop);
        Ok(())
    }

    /// CPython's `check_ann_subscr`: evaluates a subscript's parts.
    fn check_annotation_subscript(&mut self, e: &'a Expr) -> Result<()> {
        match e {
            Expr::Slice(s) => {
                for part in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.evaluate_and_drop(part)?;
                }
                Ok(())
            }
            Expr::Tuple(t) => {
                for elt in &t.elts {
                    self.check_annotation_subscript(elt)?;
                }
                Ok(())
            }
            other => self.evaluate_and_drop(other),
        }
    }

    fn import_from(&mut self, i: &'a ast::StmtImportFrom) -> Result<()> {
        self.load_const(Constant::Int(i64::from(i.level)));
        let names: Vec<Constant> = i
            .names
            .iter()
            .map(|a| Constant::Str(a.name.as_str().into()))
            .collect();
        self.load_const(Constant::Tuple(names.into()));
        let module = i.module.as_ref().map_or("", ast::Identifier::as_str);
        let module = self.add_mangled_name(module);
        self.emit(I::ImportName(module));
        for alias in &i.names {
            if alias.name.as_str() == "*" {
                if self.unit_ref().kind != UnitKind::Module {
                    return Err(self.error(alias, "import * only allowed at module level"));
                }
                self.emit(I::ImportStar);
                return Ok(());
            }
            let attr = self.add_mangled_name(alias.name.as_str());
            self.emit(I::ImportFrom(attr));
            let store = alias.asname.as_ref().unwrap_or(&alias.name);
            self.name_op(store.as_str(), NameCtx::Store);
        }
        self.emit(I::PopTop);
        Ok(())
    }

    fn function_def(&mut self, f: &'a ast::StmtFunctionDef) -> Result<()> {
        if f.is_async {
            return Err(self.unsupported(f, "async functions"));
        }
        if f.type_params.is_some() {
            return Err(self.unsupported(f, "type parameters"));
        }
        for d in &f.decorator_list {
            self.expr(&d.expression)?;
        }
        let first_line = f.decorator_list.first().map_or_else(
            || self.location(f.range()).line,
            |d| self.location(d.range()).line,
        );
        let mut func_flags = self.default_arguments(&f.parameters)?;
        if self.annotations(&f.parameters, f.returns.as_deref())? {
            func_flags |= 0x04;
        }
        let scope = self
            .symtable
            .scope_of(f)
            .expect("symtable saw every function");
        self.enter_scope(scope, f.name.as_str(), first_line, UnitKind::Function);
        let doc = docstring(&f.body);
        self.add_const(doc.map_or(Constant::None, |d| Constant::Str(d.into())));
        self.set_arg_counts(&f.parameters);
        let body = if doc.is_some() {
            &f.body[1..]
        } else {
            &f.body[..]
        };
        self.stmts(body)?;
        let code = self.exit_scope(true);
        self.make_closure(code, func_flags);
        self.apply_decorators(&f.decorator_list);
        self.name_op(f.name.as_str(), NameCtx::Store);
        Ok(())
    }

    /// Records the parameter counts and `*args`/`**kwargs` flags of the unit.
    pub(super) fn set_arg_counts(&mut self, params: &ast::Parameters) {
        let unit = self.unit();
        unit.posonly_arg_count = u32::try_from(params.posonlyargs.len()).unwrap_or(u32::MAX);
        unit.arg_count =
            u32::try_from(params.posonlyargs.len() + params.args.len()).unwrap_or(u32::MAX);
        unit.kwonly_arg_count = u32::try_from(params.kwonlyargs.len()).unwrap_or(u32::MAX);
        if params.vararg.is_some() {
            unit.flags |= flags::VARARGS;
        }
        if params.kwarg.is_some() {
            unit.flags |= flags::VARKEYWORDS;
        }
    }

    fn class_def(&mut self, c: &'a ast::StmtClassDef) -> Result<()> {
        if c.type_params.is_some() {
            return Err(self.unsupported(c, "type parameters"));
        }
        for d in &c.decorator_list {
            self.expr(&d.expression)?;
        }
        let first_line = c.decorator_list.first().map_or_else(
            || self.location(c.range()).line,
            |d| self.location(d.range()).line,
        );
        let scope = self.symtable.scope_of(c).expect("symtable saw every class");
        self.enter_scope(scope, c.name.as_str(), first_line, UnitKind::Class);
        self.name_op("__name__", NameCtx::Load);
        self.name_op("__module__", NameCtx::Store);
        let qualname = self.unit_ref().qualname.clone();
        self.load_const(Constant::Str(qualname.into()));
        self.name_op("__qualname__", NameCtx::Store);
        self.body(&c.body)?;
        self.unset_loc();
        if self.symtable.scope(scope).needs_class_cell {
            self.emit(I::LoadClosure(0));
            self.emit(I::Copy(1));
            self.name_op("__classcell__", NameCtx::Store);
        } else {
            self.load_const(Constant::None);
        }
        self.emit(I::ReturnValue);
        let code = self.exit_scope(true);
        self.emit(I::PushNull);
        self.emit(I::LoadBuildClass);
        self.make_closure(code, 0);
        self.load_const(Constant::Str(c.name.as_str().into()));
        self.call_helper(2, c.arguments.as_deref())?;
        self.apply_decorators(&c.decorator_list);
        self.name_op(c.name.as_str(), NameCtx::Store);
        Ok(())
    }

    /// Calls the decorators, innermost first, each on its own line.
    fn apply_decorators(&mut self, decorators: &'a [ast::Decorator]) {
        let saved = self.unit_ref().loc;
        for d in decorators.iter().rev() {
            self.set_loc(&d.expression);
            self.emit(I::Precall(0));
            self.emit(I::Call(0));
        }
        self.unit().loc = saved;
    }
}
