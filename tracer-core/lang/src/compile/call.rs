//! Calls as `compile.c` emits them: `CALL` with `KW_NAMES` for the plain
//! forms, `CALL_FUNCTION_EX` with built argument tuples and dicts when
//! there is unpacking.

use std::sync::Arc;

use ruff_python_ast::{self as ast, Expr, ExprContext, Keyword};
use ruff_text_size::{Ranged, TextRange};

use super::{Compiler, Result};
use crate::code::{Constant, Location};
use crate::instruction::Instruction as I;

use super::expr::{STACK_USE_GUIDELINE, Sequence};

impl<'a> Compiler<'a> {
    pub(super) fn call(&mut self, c: &'a ast::ExprCall) -> Result<()> {
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
}
