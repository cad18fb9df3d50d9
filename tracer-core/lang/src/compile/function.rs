//! Code objects made inside an expression: defaults, annotations and
//! closures of functions, lambdas, and comprehensions (each its own code
//! object in 3.11).

use std::sync::Arc;

use ruff_python_ast::{self as ast, Comprehension, Expr};
use ruff_text_size::Ranged;

use super::{Compiler, Result, UnitKind, fold, unparse};
use crate::code::{CodeObject, Constant, SlotKind};
use crate::instruction::Instruction as I;

use super::expr::ComprehensionKind;

impl<'a> Compiler<'a> {
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

    pub(super) fn lambda(&mut self, l: &'a ast::ExprLambda) -> Result<()> {
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

    pub(super) fn comprehension<T: Ranged>(
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
