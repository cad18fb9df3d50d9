//! AST → CPython 3.11 bytecode, following `Python/compile.c` closely so the
//! instruction sequences (and `dis` output) match CPython's.
//!
//! [`Compiler`] keeps a stack of [`Unit`]s, one per code object being built;
//! statements are in [`stmt`], expressions in [`expr`], f-strings in
//! [`fstring`], constant folding in [`fold`] and the control-flow graph and its assembly in [`cfg`].

mod call;
mod cfg;
mod condition;
mod expr;
mod fold;
mod frozenset;
mod fstring;
mod function;
mod stmt;
mod unparse;

use std::borrow::Cow;
use std::sync::Arc;

use ruff_python_ast::{ModModule, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use self::cfg::{BlockId, Cfg, Op};
use super::code::{CodeObject, Constant, Location, Slot, SlotKind, flags};
use super::error::{CompileError, LineMap};
use super::instruction::Instruction;
use super::symtable::{self, NameScope, ScopeId, SymbolTable};

pub use self::cfg::cpython_oparg;

/// Compiles a parsed module into its code object.
///
/// # Errors
/// A [`CompileError`] for code CPython rejects at compile time (`return`
/// outside a function, ...) or that Interleave does not support yet.
pub fn compile_module<'a>(
    module: &'a ModModule,
    source: &'a str,
    filename: &str,
) -> std::result::Result<Arc<CodeObject>, CompileError> {
    let symtable = SymbolTable::build(&module.body).map_err(|range| {
        let loc = LineMap::new(source).location(range);
        CompileError::syntax(
            format!(
                "too many nested statements or expressions (more than {}; CPython raises RecursionError: maximum recursion depth exceeded during compilation)",
                super::MAX_NESTING
            ),
            loc.line,
            loc.col + 1,
        )
    })?;
    let mut compiler = Compiler {
        future_annotations: symtable::future_annotations(&module.body),
        source,
        lines: LineMap::new(source),
        filename: Arc::from(filename),
        symtable,
        units: Vec::new(),
    };
    let module_scope = compiler.symtable.module();
    compiler.enter_scope(module_scope, "<module>", 1, UnitKind::Module);
    compiler.body(&module.body)?;
    Ok(compiler.exit_scope(true))
}

/// What a code unit compiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum UnitKind {
    Module,
    Class,
    Function,
    Lambda,
    Comprehension,
}

/// Frame blocks: the static nesting that `break`, `continue` and `return`
/// unwind through (CPython's `fblockinfo`).
#[derive(Clone, Debug)]
enum FrameBlock<'a> {
    WhileLoop { start: BlockId, exit: BlockId },
    ForLoop { start: BlockId, exit: BlockId },
    TryExcept,
    FinallyTry { body: &'a [Stmt] },
    FinallyEnd,
    With { loc: Location },
    HandlerCleanup { name: Option<&'a str> },
    ExceptionHandler,
    PopValue,
}

/// One code object under construction.
struct Unit<'a> {
    kind: UnitKind,
    scope: ScopeId,
    name: String,
    qualname: String,
    first_line: u32,
    cfg: Cfg,
    consts: Vec<Constant>,
    names: Vec<Arc<str>>,
    varnames: Vec<String>,
    cellvars: Vec<String>,
    freevars: Vec<String>,
    arg_count: u32,
    posonly_arg_count: u32,
    kwonly_arg_count: u32,
    flags: u32,
    loc: Location,
    frame_blocks: Vec<FrameBlock<'a>>,
    /// The enclosing class's name, for private-name mangling.
    private: Option<Arc<str>>,
}

/// How a name is accessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NameCtx {
    Load,
    Store,
    Del,
}

/// The code generator.
struct Compiler<'a> {
    /// `from __future__ import annotations`: annotations compile to strings.
    future_annotations: bool,
    source: &'a str,
    lines: LineMap,
    filename: Arc<str>,
    symtable: SymbolTable,
    units: Vec<Unit<'a>>,
}

type Result<T> = std::result::Result<T, CompileError>;

impl<'a> Compiler<'a> {
    fn unit(&mut self) -> &mut Unit<'a> {
        self.units
            .last_mut()
            .expect("a unit is always open while compiling")
    }

    fn unit_ref(&self) -> &Unit<'a> {
        self.units
            .last()
            .expect("a unit is always open while compiling")
    }

    // ---- locations ----------------------------------------------------

    fn location(&self, range: TextRange) -> Location {
        self.lines.location(range)
    }

    /// The location CPython gives a statement: a decorated definition starts
    /// at its `def`/`class` keyword (ruff's range starts at the first `@`).
    fn stmt_location(&self, stmt: &Stmt) -> Location {
        let last_decorator = match stmt {
            Stmt::FunctionDef(f) => f.decorator_list.last(),
            Stmt::ClassDef(c) => c.decorator_list.last(),
            _ => None,
        };
        let range = stmt.range();
        match last_decorator {
            Some(d) => {
                let start = self.skip_trivia(d.end());
                self.location(TextRange::new(start, range.end()))
            }
            None => self.location(range),
        }
    }

    /// The offset of the first token at or after `offset`, skipping
    /// whitespace, newlines, line continuations and comments.
    fn skip_trivia(&self, offset: TextSize) -> TextSize {
        let bytes = self.source.as_bytes();
        let mut i = offset.to_usize();
        while i < bytes.len() {
            match bytes[i] {
                b' ' | b'\t' | b'\x0c' | b'\r' | b'\n' | b'\\' => i += 1,
                b'#' => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                _ => break,
            }
        }
        TextSize::try_from(i).unwrap_or(offset)
    }

    /// Sets the location of following instructions to `stmt`'s.
    fn set_stmt_loc(&mut self, stmt: &Stmt) {
        let loc = self.stmt_location(stmt);
        self.unit().loc = loc;
    }

    /// Sets the location of following instructions to `node`'s.
    fn set_loc<T: Ranged>(&mut self, node: &T) {
        let loc = self.location(node.range());
        self.unit().loc = loc;
    }

    /// Following instructions are artificial (no line of their own).
    fn unset_loc(&mut self) {
        self.unit().loc = Location::NONE;
    }

    fn error<T: Ranged>(&self, node: &T, message: impl Into<String>) -> CompileError {
        let loc = self.location(node.range());
        CompileError::syntax(message, loc.line, loc.col + 1)
    }

    fn unsupported<T: Ranged>(&self, node: &T, what: &str) -> CompileError {
        let loc = self.location(node.range());
        CompileError::unsupported(what, loc.line, loc.col + 1)
    }

    // ---- emission -----------------------------------------------------

    fn emit(&mut self, instr: Instruction) {
        let loc = self.unit_ref().loc;
        self.unit().cfg.emit(Op::Real(instr), loc);
    }

    fn emit_noline(&mut self, instr: Instruction) {
        self.unit().cfg.emit(Op::Real(instr), Location::NONE);
    }

    fn emit_op(&mut self, op: Op) {
        let loc = self.unit_ref().loc;
        self.unit().cfg.emit(op, loc);
    }

    fn new_block(&mut self) -> BlockId {
        self.unit().cfg.new_block()
    }

    fn use_block(&mut self, block: BlockId) {
        self.unit().cfg.use_block(block);
    }

    /// Starts a fresh block after the current one (CPython's `NEXT_BLOCK`).
    fn next_block(&mut self) {
        let b = self.new_block();
        self.use_block(b);
    }

    fn load_const(&mut self, constant: Constant) {
        let index = self.add_const(constant);
        self.emit(Instruction::LoadConst(index));
    }

    fn add_const(&mut self, constant: Constant) -> u32 {
        let consts = &mut self.unit().consts;
        let index = consts
            .iter()
            .position(|c| *c == constant)
            .unwrap_or_else(|| {
                consts.push(constant);
                consts.len() - 1
            });
        u32::try_from(index).expect("constant count fits in u32")
    }

    /// `name` as CPython's `_Py_Mangle` spells it in the current unit.
    fn mangle<'n>(&self, name: &'n str) -> Cow<'n, str> {
        symtable::mangle(self.unit_ref().private.as_deref(), name)
    }

    /// Index in `co_names` of the mangled `name` (CPython's `ADDOP_NAME`).
    fn add_mangled_name(&mut self, name: &str) -> u32 {
        let name = self.mangle(name).into_owned();
        self.add_name(&name)
    }

    fn add_name(&mut self, name: &str) -> u32 {
        let names = &mut self.unit().names;
        let index = names.iter().position(|n| &**n == name).unwrap_or_else(|| {
            names.push(Arc::from(name));
            names.len() - 1
        });
        u32::try_from(index).expect("name count fits in u32")
    }

    fn varname_index(&mut self, name: &str) -> u32 {
        let varnames = &mut self.unit().varnames;
        let index = varnames.iter().position(|n| n == name).unwrap_or_else(|| {
            varnames.push(name.to_owned());
            varnames.len() - 1
        });
        u32::try_from(index).expect("local count fits in u32")
    }

    // ---- scopes -------------------------------------------------------

    fn enter_scope(&mut self, scope: ScopeId, name: &str, first_line: u32, kind: UnitKind) {
        let info = self.symtable.scope(scope);
        let mut cellvars = info.names_in(NameScope::Cell);
        if info.needs_class_cell {
            cellvars.insert(0, "__class__".to_owned());
        }
        let freevars = self.symtable.free_vars(scope);
        let varnames = info.params.clone();
        let mut unit_flags = 0;
        if matches!(
            kind,
            UnitKind::Function | UnitKind::Lambda | UnitKind::Comprehension
        ) {
            unit_flags |= flags::OPTIMIZED | flags::NEWLOCALS;
            if info.is_generator {
                unit_flags |= flags::GENERATOR;
            }
        }
        if info.is_nested {
            unit_flags |= flags::NESTED;
        }
        let qualname = self.qualname_for(name, kind);
        let private = match (kind, self.units.last()) {
            (UnitKind::Class, _) => Some(Arc::from(name)),
            (_, Some(parent)) => parent.private.clone(),
            (_, None) => None,
        };
        let loc = Location::at_line(if kind == UnitKind::Module {
            0
        } else {
            first_line
        });
        self.units.push(Unit {
            kind,
            scope,
            name: name.to_owned(),
            qualname,
            first_line,
            cfg: Cfg::new(),
            consts: Vec::new(),
            names: Vec::new(),
            varnames,
            cellvars,
            freevars,
            arg_count: 0,
            posonly_arg_count: 0,
            kwonly_arg_count: 0,
            flags: unit_flags,
            loc,
            frame_blocks: Vec::new(),
            private,
        });
        self.emit(Instruction::Resume(0));
        if kind == UnitKind::Module {
            self.unset_loc();
        }
    }

    /// CPython's `compiler_set_qualname`.
    fn qualname_for(&self, name: &str, kind: UnitKind) -> String {
        let Some(parent) = self.units.last() else {
            return name.to_owned();
        };
        if parent.kind == UnitKind::Module {
            return name.to_owned();
        }
        let mangled = symtable::mangle(parent.private.as_deref(), name);
        if matches!(kind, UnitKind::Function | UnitKind::Class)
            && self.symtable.scope(parent.scope).lookup(&mangled) == NameScope::GlobalExplicit
        {
            return name.to_owned();
        }
        if parent.kind == UnitKind::Class {
            format!("{}.{name}", parent.qualname)
        } else {
            format!("{}.<locals>.{name}", parent.qualname)
        }
    }

    /// Finishes the current unit: adds the implicit `return None`, inserts
    /// the cell/free/generator prologue, fixes cell offsets and assembles.
    fn exit_scope(&mut self, add_none: bool) -> Arc<CodeObject> {
        if !self.unit_ref().cfg.current_returns() {
            self.unset_loc();
            if add_none {
                self.load_const(Constant::None);
            }
            self.emit(Instruction::ReturnValue);
        }
        let unit = self.units.pop().expect("exit_scope matches enter_scope");
        build_code(unit, &self.filename)
    }

    // ---- names --------------------------------------------------------

    /// Emits the load, store or delete of `name`, choosing `*_FAST`,
    /// `*_DEREF`, `*_GLOBAL` or `*_NAME` as CPython's `compiler_nameop`.
    fn name_op(&mut self, name: &str, ctx: NameCtx) {
        let name = &*self.mangle(name).into_owned();
        let unit = self.unit_ref();
        let scope = self.symtable.scope(unit.scope).lookup(name);
        let is_function = matches!(
            unit.kind,
            UnitKind::Function | UnitKind::Lambda | UnitKind::Comprehension
        );
        let class_body = unit.kind == UnitKind::Class;
        let deref_index = match scope {
            NameScope::Free => unit
                .freevars
                .iter()
                .position(|n| n == name)
                .map(|i| i + unit.cellvars.len()),
            NameScope::Cell => unit.cellvars.iter().position(|n| n == name),
            _ => None,
        };
        let instr = if let Some(index) = deref_index {
            let index = u32::try_from(index).expect("fits");
            match ctx {
                NameCtx::Load if class_body => Instruction::LoadClassderef(index),
                NameCtx::Load => Instruction::LoadDeref(index),
                NameCtx::Store => Instruction::StoreDeref(index),
                NameCtx::Del => Instruction::DeleteDeref(index),
            }
        } else if scope == NameScope::Local && is_function {
            let index = self.varname_index(name);
            match ctx {
                NameCtx::Load => Instruction::LoadFast(index),
                NameCtx::Store => Instruction::StoreFast(index),
                NameCtx::Del => Instruction::DeleteFast(index),
            }
        } else if scope == NameScope::GlobalExplicit
            || (scope == NameScope::GlobalImplicit && is_function)
        {
            let index = self.add_name(name);
            match ctx {
                NameCtx::Load => Instruction::LoadGlobal(index << 1),
                NameCtx::Store => Instruction::StoreGlobal(index),
                NameCtx::Del => Instruction::DeleteGlobal(index),
            }
        } else {
            let index = self.add_name(name);
            match ctx {
                NameCtx::Load => Instruction::LoadName(index),
                NameCtx::Store => Instruction::StoreName(index),
                NameCtx::Del => Instruction::DeleteName(index),
            }
        };
        self.emit(instr);
    }

    // ---- frame blocks -------------------------------------------------

    fn push_frame_block(&mut self, block: FrameBlock<'a>) {
        self.unit().frame_blocks.push(block);
    }

    fn pop_frame_block(&mut self) {
        self.unit().frame_blocks.pop();
    }

    /// Emits the cleanup one frame block needs when control leaves it early.
    fn unwind_frame_block(&mut self, block: &FrameBlock<'a>, preserve_tos: bool) -> Result<()> {
        use Instruction as I;
        match block {
            FrameBlock::WhileLoop { .. } | FrameBlock::ExceptionHandler => {}
            FrameBlock::ForLoop { .. } => {
                if preserve_tos {
                    self.emit(I::Swap(2));
                }
                self.emit(I::PopTop);
            }
            FrameBlock::TryExcept => self.emit_op(Op::PopBlock),
            FrameBlock::FinallyTry { body } => {
                self.emit_op(Op::PopBlock);
                if preserve_tos {
                    self.push_frame_block(FrameBlock::PopValue);
                }
                self.stmts(body)?;
                if preserve_tos {
                    self.pop_frame_block();
                }
                self.unset_loc();
            }
            FrameBlock::FinallyEnd => {
                if preserve_tos {
                    self.emit(I::Swap(2));
                }
                self.emit(I::PopTop);
                if preserve_tos {
                    self.emit(I::Swap(2));
                }
                self.emit_op(Op::PopBlock);
                self.emit(I::PopExcept);
            }
            FrameBlock::With { loc } => {
                self.unit().loc = *loc;
                self.emit_op(Op::PopBlock);
                if preserve_tos {
                    self.emit(I::Swap(2));
                }
                self.call_exit_with_nones();
                self.emit(I::PopTop);
                self.unset_loc();
            }
            FrameBlock::HandlerCleanup { name } => {
                if name.is_some() {
                    self.emit_op(Op::PopBlock);
                }
                if preserve_tos {
                    self.emit(I::Swap(2));
                }
                self.emit_op(Op::PopBlock);
                self.emit(I::PopExcept);
                if let Some(name) = name {
                    self.load_const(Constant::None);
                    self.name_op(name, NameCtx::Store);
                    self.name_op(name, NameCtx::Del);
                }
            }
            FrameBlock::PopValue => {
                if preserve_tos {
                    self.emit(I::Swap(2));
                }
                self.emit(I::PopTop);
            }
        }
        Ok(())
    }

    /// Unwinds frame blocks from the innermost outwards; with `stop_at_loop`
    /// stops at (and returns) the innermost loop.
    fn unwind_frame_block_stack(
        &mut self,
        preserve_tos: bool,
        stop_at_loop: bool,
    ) -> Result<Option<FrameBlock<'a>>> {
        let Some(top) = self.unit_ref().frame_blocks.last().cloned() else {
            return Ok(None);
        };
        if stop_at_loop
            && matches!(
                top,
                FrameBlock::WhileLoop { .. } | FrameBlock::ForLoop { .. }
            )
        {
            return Ok(Some(top));
        }
        self.unit().frame_blocks.pop();
        self.unwind_frame_block(&top, preserve_tos)?;
        let found = self.unwind_frame_block_stack(preserve_tos, stop_at_loop)?;
        self.unit().frame_blocks.push(top);
        Ok(found)
    }

    /// `__exit__(None, None, None)` for a `with` block left normally.
    fn call_exit_with_nones(&mut self) {
        for _ in 0..3 {
            self.load_const(Constant::None);
        }
        self.emit(Instruction::Precall(2));
        self.emit(Instruction::Call(2));
    }

    /// `COPY 3; POP_EXCEPT; RERAISE 1`.
    fn pop_except_and_reraise(&mut self) {
        self.emit(Instruction::Copy(3));
        self.emit(Instruction::PopExcept);
        self.emit(Instruction::Reraise(1));
    }
}

/// Fast-locals layout of a finished unit: `(slots, cell/free index → slot)`.
fn layout_slots(unit: &Unit<'_>) -> (Vec<Slot>, Vec<u32>) {
    let mut slots: Vec<Slot> = unit
        .varnames
        .iter()
        .map(|n| Slot {
            name: Arc::from(n.as_str()),
            kind: SlotKind::Local,
        })
        .collect();
    let mut remap = Vec::with_capacity(unit.cellvars.len() + unit.freevars.len());
    for cell in &unit.cellvars {
        if let Some(i) = unit.varnames.iter().position(|v| v == cell) {
            slots[i].kind = SlotKind::Cell;
            remap.push(u32::try_from(i).expect("fits"));
        } else {
            remap.push(u32::try_from(slots.len()).expect("fits"));
            slots.push(Slot {
                name: Arc::from(cell.as_str()),
                kind: SlotKind::Cell,
            });
        }
    }
    for free in &unit.freevars {
        remap.push(u32::try_from(slots.len()).expect("fits"));
        slots.push(Slot {
            name: Arc::from(free.as_str()),
            kind: SlotKind::Free,
        });
    }
    (slots, remap)
}

fn build_code(mut unit: Unit<'_>, filename: &Arc<str>) -> Arc<CodeObject> {
    use Instruction as I;
    let (slots, remap) = layout_slots(&unit);
    unit.cfg.remap_derefs(&remap);
    let mut prefix = Vec::new();
    let no_line = Location::NONE;
    if !unit.freevars.is_empty() {
        let n = u32::try_from(unit.freevars.len()).expect("fits");
        prefix.push((Op::Real(I::CopyFreeVars(n)), no_line));
    }
    let mut cell_slots: Vec<u32> = remap[..unit.cellvars.len()].to_vec();
    cell_slots.sort_unstable();
    prefix.extend(
        cell_slots
            .into_iter()
            .map(|s| (Op::Real(I::MakeCell(s)), no_line)),
    );
    if unit.flags & flags::GENERATOR != 0 {
        let line = Location::at_line(unit.first_line);
        prefix.push((Op::Real(I::ReturnGenerator), line));
        prefix.push((Op::Real(I::PopTop), no_line));
    }
    unit.cfg.prepend(&prefix);
    let mut consts = unit.consts;
    let assembled = unit.cfg.assemble(unit.first_line, &mut consts);
    let max_used = assembled
        .instructions
        .iter()
        .filter_map(|i| match i {
            I::LoadConst(c) | I::KwNames(c) => Some(*c as usize),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    consts.truncate(max_used + 1);
    Arc::new(CodeObject {
        name: Arc::from(unit.name.as_str()),
        qualname: Arc::from(unit.qualname.as_str()),
        filename: filename.clone(),
        first_line: unit.first_line,
        arg_count: unit.arg_count,
        posonly_arg_count: unit.posonly_arg_count,
        kwonly_arg_count: unit.kwonly_arg_count,
        flags: unit.flags,
        instructions: assembled.instructions,
        locations: assembled.locations,
        offsets: assembled.offsets,
        exception_table: assembled.exception_table,
        consts,
        names: unit.names,
        slots,
        stack_size: assembled.stack_size,
    })
}
