//! Scope analysis: decides for every name in every scope whether it is a
//! local, a global, a cell or a free variable, as CPython's `symtable.c`.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use ruff_python_ast::{
    self as ast, Comprehension, ExceptHandler, Expr, InterpolatedStringElement, Parameters, Stmt,
};
use ruff_text_size::{Ranged, TextRange};

/// The kind of a scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    /// The module body.
    Module,
    /// A class body.
    Class,
    /// A function, lambda or comprehension.
    Function,
}

/// Where a name lives, once analysed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameScope {
    /// A local variable of this scope.
    Local,
    /// Declared `global`.
    GlobalExplicit,
    /// Not bound anywhere enclosing: global or builtin.
    GlobalImplicit,
    /// Bound in an enclosing function.
    Free,
    /// Local and captured by an inner scope.
    Cell,
}

const DEF_GLOBAL: u8 = 1;
const DEF_LOCAL: u8 = 2;
const DEF_PARAM: u8 = 4;
const DEF_NONLOCAL: u8 = 8;
const USE: u8 = 16;
const DEF_IMPORT: u8 = 32;
const DEF_BOUND: u8 = DEF_LOCAL | DEF_PARAM;

/// Identifies a scope inside a [`SymbolTable`].
pub type ScopeId = usize;

/// One analysed scope.
#[expect(
    clippy::struct_excessive_bools,
    reason = "one flag per property of a scope, as CPython's ste_* fields"
)]
#[derive(Debug)]
pub struct Scope {
    /// What kind of block this is.
    pub kind: ScopeKind,
    /// Declared flags of each name used in the scope.
    flags: BTreeMap<String, u8>,
    /// Resolved scope of each name (filled by analysis).
    resolved: BTreeMap<String, NameScope>,
    /// Parameter names in `co_varnames` order.
    pub params: Vec<String>,
    /// The function contains `yield` (or is a generator expression).
    pub is_generator: bool,
    /// A class whose methods use `super()` or `__class__`.
    pub needs_class_cell: bool,
    /// The scope is nested inside a function.
    pub is_nested: bool,
    /// For comprehensions: `true`.
    pub is_comprehension: bool,
    /// Class scopes: names bound in the class body that its methods capture
    /// from an enclosing function (they pass through as free variables).
    class_free: BTreeSet<String>,
    /// Names declared `nonlocal` that no enclosing function binds (a
    /// `SyntaxError` the compiler reports at the declaration).
    unbound_nonlocals: BTreeSet<String>,
}

impl Scope {
    fn new(kind: ScopeKind, is_nested: bool) -> Self {
        Self {
            kind,
            flags: BTreeMap::new(),
            resolved: BTreeMap::new(),
            params: Vec::new(),
            is_generator: false,
            needs_class_cell: false,
            is_nested,
            is_comprehension: false,
            class_free: BTreeSet::new(),
            unbound_nonlocals: BTreeSet::new(),
        }
    }

    /// `true` if `name` is declared `nonlocal` here but no enclosing
    /// function binds it.
    #[must_use]
    pub fn is_unbound_nonlocal(&self, name: &str) -> bool {
        self.unbound_nonlocals.contains(name)
    }

    fn free_vars(&self) -> BTreeSet<String> {
        self.resolved
            .iter()
            .filter(|(_, s)| **s == NameScope::Free)
            .map(|(n, _)| n.clone())
            .chain(self.class_free.iter().cloned())
            .collect()
    }

    /// How `name` resolves in this scope.
    #[must_use]
    pub fn lookup(&self, name: &str) -> NameScope {
        self.resolved
            .get(name)
            .copied()
            .unwrap_or(NameScope::GlobalImplicit)
    }

    /// Names resolved to `scope`, sorted (CPython's order for cells and frees).
    #[must_use]
    pub fn names_in(&self, scope: NameScope) -> Vec<String> {
        self.resolved
            .iter()
            .filter(|(_, s)| **s == scope)
            .map(|(n, _)| n.clone())
            .collect()
    }

    fn add(&mut self, name: &str, flag: u8) {
        *self.flags.entry(name.to_owned()).or_default() |= flag;
    }
}

/// The result of scope analysis for one module.
#[derive(Debug)]
pub struct SymbolTable {
    scopes: Vec<Scope>,
    children: BTreeMap<usize, ScopeId>,
}

impl SymbolTable {
    /// Analyses a module.
    ///
    /// # Errors
    /// The range of the first statement or expression nested deeper than
    /// [`super::MAX_NESTING`] (CPython fails there with `RecursionError`
    /// during compilation).
    pub fn build(body: &[Stmt]) -> Result<Self, TextRange> {
        let mut builder = Builder {
            depth: 0,
            too_deep: None,
            future_annotations: future_annotations(body),
            private: None,
            scopes: vec![Scope::new(ScopeKind::Module, false)],
            children: BTreeMap::new(),
            stack: vec![0],
            child_lists: vec![Vec::new()],
        };
        builder.stmts(body);
        if let Some(range) = builder.too_deep {
            return Err(range);
        }
        let mut table = Self {
            scopes: builder.scopes,
            children: builder.children,
        };
        let child_lists = builder.child_lists;
        table.analyze(0, &BTreeSet::new(), &BTreeSet::new(), &child_lists);
        Ok(table)
    }

    /// The module scope.
    #[must_use]
    #[allow(clippy::unused_self)] // the module scope is always the first; kept a method for symmetry with `scope`
    pub const fn module(&self) -> ScopeId {
        0
    }

    /// A scope by id.
    #[must_use]
    pub fn scope(&self, id: ScopeId) -> &Scope {
        &self.scopes[id]
    }

    /// `true` if `name` is bound by an import in the module scope (CPython
    /// then does not use `LOAD_METHOD` for calls on it).
    #[must_use]
    pub fn is_module_import(&self, name: &str) -> bool {
        self.scopes[0]
            .flags
            .get(name)
            .is_some_and(|f| f & DEF_IMPORT != 0)
    }

    /// The scope created by an AST node (function, class, lambda, comprehension).
    #[must_use]
    pub fn scope_of<T>(&self, node: &T) -> Option<ScopeId> {
        self.children.get(&node_key(node)).copied()
    }

    /// Resolves every name of `id` and its children; returns its free names.
    fn analyze(
        &mut self,
        id: ScopeId,
        bound: &BTreeSet<String>,
        globals: &BTreeSet<String>,
        child_lists: &[Vec<ScopeId>],
    ) -> BTreeSet<String> {
        let kind = self.scopes[id].kind;
        let mut locals = BTreeSet::new();
        let mut new_globals = globals.clone();
        let mut resolved = BTreeMap::new();
        let mut unbound_nonlocals = BTreeSet::new();
        for (name, &flags) in &self.scopes[id].flags {
            let scope = if flags & DEF_GLOBAL != 0 {
                new_globals.insert(name.clone());
                NameScope::GlobalExplicit
            } else if flags & DEF_NONLOCAL != 0 {
                if !bound.contains(name) {
                    unbound_nonlocals.insert(name.clone());
                }
                NameScope::Free
            } else if flags & DEF_BOUND != 0 {
                locals.insert(name.clone());
                new_globals.remove(name);
                NameScope::Local
            } else if kind != ScopeKind::Module && bound.contains(name) {
                NameScope::Free
            } else {
                NameScope::GlobalImplicit
            };
            resolved.insert(name.clone(), scope);
        }
        let mut child_bound = bound.clone();
        match kind {
            ScopeKind::Function => {
                child_bound.extend(locals.iter().cloned());
                for name in &new_globals {
                    child_bound.remove(name);
                }
            }
            ScopeKind::Class => {
                child_bound.insert("__class__".to_owned());
            }
            ScopeKind::Module => {}
        }
        let mut child_free = BTreeSet::new();
        for &child in &child_lists[id] {
            child_free.extend(self.analyze(child, &child_bound, &new_globals, child_lists));
        }
        let scope = &mut self.scopes[id];
        scope.unbound_nonlocals = unbound_nonlocals;
        for name in child_free {
            match resolved.get(&name).copied() {
                Some(NameScope::Local) if kind == ScopeKind::Function => {
                    resolved.insert(name, NameScope::Cell);
                }
                Some(NameScope::Cell | NameScope::Free | NameScope::GlobalExplicit) => {}
                _ if kind == ScopeKind::Class && name == "__class__" => {
                    scope.needs_class_cell = true;
                }
                _ if kind != ScopeKind::Module && bound.contains(&name) => {
                    if kind == ScopeKind::Class && resolved.contains_key(&name) {
                        // The class binds the name itself; its methods still
                        // see the enclosing function's variable.
                        scope.class_free.insert(name);
                    } else {
                        resolved.insert(name, NameScope::Free);
                    }
                }
                _ => {}
            }
        }
        scope.resolved = resolved;
        scope.free_vars()
    }

    /// Free variables of `id` in `co_freevars` order (sorted), including
    /// names a class body only passes through to its methods.
    #[must_use]
    pub fn free_vars(&self, id: ScopeId) -> Vec<String> {
        self.scopes[id].free_vars().into_iter().collect()
    }
}
/// Whether a module starts (after its docstring) with a run of `from
/// __future__ import` statements that includes `annotations`.
#[must_use]
pub fn future_annotations(body: &[Stmt]) -> bool {
    let docstring = matches!(body.first(), Some(Stmt::Expr(e)) if e.value.is_string_literal_expr());
    body.iter()
        .skip(usize::from(docstring))
        .map_while(|stmt| match stmt {
            Stmt::ImportFrom(i)
                if i.level == 0
                    && i.module
                        .as_ref()
                        .is_some_and(|m| m.as_str() == "__future__") =>
            {
                Some(i)
            }
            _ => None,
        })
        .any(|i| i.names.iter().any(|a| a.name.as_str() == "annotations"))
}

/// CPython's `_Py_Mangle`: inside class `C` (and the scopes nested in it),
/// a private name `__x` becomes `_C__x`. Dunder names, dotted names and
/// classes named only with underscores are left alone.
#[must_use]
pub fn mangle<'n>(private: Option<&str>, name: &'n str) -> Cow<'n, str> {
    let Some(class) = private else {
        return Cow::Borrowed(name);
    };
    let class = class.trim_start_matches('_');
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') || class.is_empty() {
        return Cow::Borrowed(name);
    }
    Cow::Owned(format!("_{class}{name}"))
}

/// A stable key for an AST node: its address (the AST outlives compilation).
fn node_key<T>(node: &T) -> usize {
    std::ptr::from_ref(node) as usize
}

struct Builder {
    /// Current statement/expression nesting.
    depth: usize,
    /// Where nesting first exceeded the limit.
    too_deep: Option<TextRange>,
    /// `from __future__ import annotations` is in effect.
    future_annotations: bool,
    /// The innermost enclosing class's name, for [`mangle`].
    private: Option<String>,
    scopes: Vec<Scope>,
    children: BTreeMap<usize, ScopeId>,
    stack: Vec<ScopeId>,
    child_lists: Vec<Vec<ScopeId>>,
}

impl Builder {
    fn current(&mut self) -> &mut Scope {
        let id = *self.stack.last().expect("scope stack is never empty");
        &mut self.scopes[id]
    }

    fn enter<T>(&mut self, node: &T, kind: ScopeKind) {
        let parent = *self.stack.last().expect("scope stack is never empty");
        let nested =
            self.scopes[parent].kind == ScopeKind::Function || self.scopes[parent].is_nested;
        let id = self.scopes.len();
        self.scopes.push(Scope::new(kind, nested));
        self.child_lists.push(Vec::new());
        self.child_lists[parent].push(id);
        self.children.insert(node_key(node), id);
        self.stack.push(id);
    }

    fn leave(&mut self) {
        self.stack.pop();
    }

    /// Records `flag` for the (mangled) `name` in scope `id`.
    fn add(&mut self, id: ScopeId, name: &str, flag: u8) {
        let name = mangle(self.private.as_deref(), name);
        self.scopes[id].add(&name, flag);
    }

    /// Records `flag` for the (mangled) `name` in the current scope.
    fn add_current(&mut self, name: &str, flag: u8) {
        let id = *self.stack.last().expect("scope stack is never empty");
        self.add(id, name, flag);
    }

    fn def(&mut self, name: &str) {
        self.add_current(name, DEF_LOCAL);
    }

    fn use_name(&mut self, name: &str) {
        self.add_current(name, USE);
    }

    fn param(&mut self, name: &str) {
        self.add_current(name, DEF_PARAM);
        let name = mangle(self.private.as_deref(), name).into_owned();
        self.current().params.push(name);
    }

    fn stmts(&mut self, body: &[Stmt]) {
        for stmt in body {
            self.stmt(stmt);
        }
    }

    /// Enters one nesting level; `false` (and the error recorded) past the limit.
    fn descend(&mut self, range: TextRange) -> bool {
        if self.too_deep.is_some() {
            return false;
        }
        if self.depth >= super::MAX_NESTING {
            self.too_deep = Some(range);
            return false;
        }
        self.depth += 1;
        true
    }

    fn stmt(&mut self, stmt: &Stmt) {
        if self.descend(stmt.range()) {
            stacker::maybe_grow(64 * 1024, 1 << 20, || self.stmt_inner(stmt));
            self.depth -= 1;
        }
    }

    #[expect(clippy::too_many_lines, reason = "one arm per statement kind")]
    fn stmt_inner(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.expr(&d.expression);
                }
                self.parameter_defaults(&f.parameters);
                self.parameter_annotations(&f.parameters);
                if let Some(r) = &f.returns {
                    self.annotation(r);
                }
                self.def(f.name.as_str());
                self.enter(f, ScopeKind::Function);
                self.parameters(&f.parameters);
                self.stmts(&f.body);
                self.leave();
            }
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.expr(&d.expression);
                }
                if let Some(args) = &c.arguments {
                    for a in &args.args {
                        self.expr(a);
                    }
                    for k in &args.keywords {
                        self.expr(&k.value);
                    }
                }
                self.def(c.name.as_str());
                self.enter(c, ScopeKind::Class);
                let outer = self.private.replace(c.name.as_str().to_owned());
                self.stmts(&c.body);
                self.private = outer;
                self.leave();
            }
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v);
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.expr(t);
                }
            }
            Stmt::Assign(a) => {
                self.expr(&a.value);
                for t in &a.targets {
                    self.expr(t);
                }
            }
            Stmt::AugAssign(a) => {
                self.expr(&a.value);
                if let Expr::Name(n) = &*a.target {
                    self.add_current(n.id.as_str(), DEF_LOCAL | USE);
                } else {
                    self.expr(&a.target);
                }
            }
            Stmt::AnnAssign(a) => {
                match &*a.target {
                    Expr::Name(n) if a.simple || a.value.is_some() => self.def(n.id.as_str()),
                    Expr::Name(_) => {}
                    target => self.expr(target),
                }
                self.annotation(&a.annotation);
                if let Some(v) = &a.value {
                    self.expr(v);
                }
            }
            Stmt::For(f) => {
                self.expr(&f.iter);
                self.expr(&f.target);
                self.stmts(&f.body);
                self.stmts(&f.orelse);
            }
            Stmt::While(w) => {
                self.expr(&w.test);
                self.stmts(&w.body);
                self.stmts(&w.orelse);
            }
            Stmt::If(i) => {
                self.expr(&i.test);
                self.stmts(&i.body);
                for clause in &i.elif_else_clauses {
                    if let Some(t) = &clause.test {
                        self.expr(t);
                    }
                    self.stmts(&clause.body);
                }
            }
            Stmt::With(w) => {
                for item in &w.items {
                    self.expr(&item.context_expr);
                    if let Some(v) = &item.optional_vars {
                        self.expr(v);
                    }
                }
                self.stmts(&w.body);
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(e);
                }
                if let Some(c) = &r.cause {
                    self.expr(c);
                }
            }
            Stmt::Try(t) => {
                self.stmts(&t.body);
                for h in &t.handlers {
                    let ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.expr(ty);
                    }
                    if let Some(name) = &h.name {
                        self.def(name.as_str());
                    }
                    self.stmts(&h.body);
                }
                self.stmts(&t.orelse);
                self.stmts(&t.finalbody);
            }
            Stmt::Assert(a) => {
                self.expr(&a.test);
                if let Some(m) = &a.msg {
                    self.expr(m);
                }
            }
            Stmt::Import(i) => {
                for alias in &i.names {
                    let bound = alias.asname.as_ref().map_or_else(
                        || alias.name.as_str().split('.').next().unwrap_or_default(),
                        ast::Identifier::as_str,
                    );
                    self.add_current(bound, DEF_LOCAL | DEF_IMPORT);
                }
            }
            Stmt::ImportFrom(i) => {
                for alias in &i.names {
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    if bound.as_str() != "*" {
                        self.add_current(bound.as_str(), DEF_LOCAL | DEF_IMPORT);
                    }
                }
            }
            Stmt::Global(g) => {
                for name in &g.names {
                    self.add_current(name.as_str(), DEF_GLOBAL);
                    self.add(0, name.as_str(), DEF_GLOBAL);
                }
            }
            Stmt::Nonlocal(n) => {
                for name in &n.names {
                    self.add_current(name.as_str(), DEF_NONLOCAL);
                }
            }
            Stmt::Expr(e) => self.expr(&e.value),
            Stmt::Match(m) => {
                self.expr(&m.subject);
                for case in &m.cases {
                    if let Some(g) = &case.guard {
                        self.expr(g);
                    }
                    self.stmts(&case.body);
                }
            }
            Stmt::TypeAlias(_)
            | Stmt::Pass(_)
            | Stmt::Break(_)
            | Stmt::Continue(_)
            | Stmt::IpyEscapeCommand(_) => {}
        }
    }

    /// CPython's `symtable_extend_namedexpr_scope`: an assignment expression
    /// in a comprehension binds its target in the nearest enclosing function
    /// (which the comprehension then reaches as a free variable) or, at
    /// module level, as an explicit global.
    fn extend_named_expr_scope(&mut self, name: &str) {
        let enclosing = self
            .stack
            .iter()
            .rev()
            .copied()
            .find(|&id| !self.scopes[id].is_comprehension);
        let Some(id) = enclosing else { return };
        match self.scopes[id].kind {
            ScopeKind::Function => {
                let mangled = mangle(self.private.as_deref(), name);
                let global = self.scopes[id]
                    .flags
                    .get(mangled.as_ref())
                    .is_some_and(|f| f & DEF_GLOBAL != 0);
                if global {
                    self.add_current(name, DEF_GLOBAL);
                    self.add(0, name, DEF_GLOBAL);
                } else {
                    self.add_current(name, DEF_NONLOCAL);
                }
                self.add(id, name, DEF_LOCAL);
            }
            ScopeKind::Module => {
                self.add_current(name, DEF_GLOBAL);
                self.add(0, name, DEF_GLOBAL);
            }
            // CPython rejects this (a SyntaxError); leave the name local.
            ScopeKind::Class => {}
        }
    }

    fn parameter_defaults(&mut self, params: &Parameters) {
        for p in params
            .posonlyargs
            .iter()
            .chain(&params.args)
            .chain(&params.kwonlyargs)
        {
            if let Some(d) = &p.default {
                self.expr(d);
            }
        }
    }

    fn parameter_annotations(&mut self, params: &Parameters) {
        for p in params {
            if let Some(a) = p.annotation() {
                self.annotation(a);
            }
        }
    }

    /// An annotation's names are uses, unless annotations are strings
    /// (`from __future__ import annotations`).
    fn annotation(&mut self, annotation: &Expr) {
        if !self.future_annotations {
            self.expr(annotation);
        }
    }

    fn parameters(&mut self, params: &Parameters) {
        for p in params
            .posonlyargs
            .iter()
            .chain(&params.args)
            .chain(&params.kwonlyargs)
        {
            self.param(p.parameter.name.as_str());
        }
        if let Some(v) = &params.vararg {
            self.param(v.name.as_str());
        }
        if let Some(k) = &params.kwarg {
            self.param(k.name.as_str());
        }
    }

    fn comprehension<T>(
        &mut self,
        node: &T,
        generators: &[Comprehension],
        elements: &[&Expr],
        is_generator: bool,
    ) {
        let Some((first, rest)) = generators.split_first() else {
            return;
        };
        self.expr(&first.iter);
        self.enter(node, ScopeKind::Function);
        {
            let scope = self.current();
            scope.is_comprehension = true;
            scope.is_generator = is_generator;
        }
        self.param(".0");
        self.expr(&first.target);
        for cond in &first.ifs {
            self.expr(cond);
        }
        for g in rest {
            self.expr(&g.iter);
            self.expr(&g.target);
            for cond in &g.ifs {
                self.expr(cond);
            }
        }
        for e in elements {
            self.expr(e);
        }
        self.leave();
    }

    fn expr(&mut self, expr: &Expr) {
        if self.descend(expr.range()) {
            stacker::maybe_grow(64 * 1024, 1 << 20, || self.expr_inner(expr));
            self.depth -= 1;
        }
    }

    #[expect(clippy::too_many_lines, reason = "one arm per expression kind")]
    fn expr_inner(&mut self, expr: &Expr) {
        match expr {
            Expr::Name(n) => match n.ctx {
                ast::ExprContext::Load => {
                    self.use_name(n.id.as_str());
                    if n.id.as_str() == "super" && self.current().kind == ScopeKind::Function {
                        self.use_name("__class__");
                    }
                }
                ast::ExprContext::Store | ast::ExprContext::Del => self.def(n.id.as_str()),
                ast::ExprContext::Invalid => {}
            },
            Expr::BoolOp(b) => b.values.iter().for_each(|v| self.expr(v)),
            Expr::Named(n) => {
                if self.current().is_comprehension
                    && let Expr::Name(target) = &*n.target
                {
                    self.extend_named_expr_scope(target.id.as_str());
                }
                self.expr(&n.value);
                self.expr(&n.target);
            }
            Expr::BinOp(b) => {
                self.expr(&b.left);
                self.expr(&b.right);
            }
            Expr::UnaryOp(u) => self.expr(&u.operand),
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.parameter_defaults(p);
                }
                self.enter(l, ScopeKind::Function);
                if let Some(p) = &l.parameters {
                    self.parameters(p);
                }
                self.expr(&l.body);
                self.leave();
            }
            Expr::If(i) => {
                self.expr(&i.test);
                self.expr(&i.body);
                self.expr(&i.orelse);
            }
            Expr::Dict(d) => {
                for item in &d.items {
                    if let Some(k) = &item.key {
                        self.expr(k);
                    }
                    self.expr(&item.value);
                }
            }
            Expr::Set(s) => s.elts.iter().for_each(|e| self.expr(e)),
            Expr::List(l) => l.elts.iter().for_each(|e| self.expr(e)),
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.expr(e)),
            Expr::ListComp(c) => {
                self.comprehension(c, &c.generators, &[&c.elt], false);
            }
            Expr::SetComp(c) => {
                self.comprehension(c, &c.generators, &[&c.elt], false);
            }
            Expr::DictComp(c) => {
                let mut elements = Vec::new();
                if let Some(k) = &c.key {
                    elements.push(&**k);
                }
                elements.push(&*c.value);
                self.comprehension(c, &c.generators, &elements, false);
            }
            Expr::Generator(g) => {
                self.comprehension(g, &g.generators, &[&g.elt], true);
            }
            Expr::Await(a) => self.expr(&a.value),
            Expr::Yield(y) => {
                self.current().is_generator = true;
                if let Some(v) = &y.value {
                    self.expr(v);
                }
            }
            Expr::YieldFrom(y) => {
                self.current().is_generator = true;
                self.expr(&y.value);
            }
            Expr::Compare(c) => {
                self.expr(&c.left);
                c.comparators.iter().for_each(|e| self.expr(e));
            }
            Expr::Call(c) => {
                self.expr(&c.func);
                c.arguments.args.iter().for_each(|e| self.expr(e));
                c.arguments
                    .keywords
                    .iter()
                    .for_each(|k| self.expr(&k.value));
            }
            Expr::FString(f) => {
                for part in &f.value {
                    if let ast::FStringPart::FString(fs) = part {
                        self.interpolated(&fs.elements);
                    }
                }
            }
            Expr::Attribute(a) => self.expr(&a.value),
            Expr::Subscript(s) => {
                self.expr(&s.value);
                self.expr(&s.slice);
            }
            Expr::Starred(s) => self.expr(&s.value),
            Expr::Slice(s) => {
                for part in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.expr(part);
                }
            }
            Expr::TString(_)
            | Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_)
            | Expr::IpyEscapeCommand(_) => {}
        }
    }

    fn interpolated(&mut self, elements: &[InterpolatedStringElement]) {
        for element in elements {
            if let InterpolatedStringElement::Interpolation(i) = element {
                self.expr(&i.expression);
                if let Some(spec) = &i.format_spec {
                    self.interpolated(&spec.elements);
                }
            }
        }
    }
}
