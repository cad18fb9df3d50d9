//! Heap object kinds.

use std::sync::Arc;

use num_bigint::BigInt;

use crate::model::dict::Dict;
use crate::model::frame::Frame;
use crate::model::heap::ObjId;
use crate::model::native::NativeFn;
use crate::model::set::Set;
use crate::model::value::Value;
use interleave_lang::CodeObject;

/// A heap object.
#[derive(Clone, Debug)]
pub enum Object {
    /// Placeholder in a checkpoint for an object nothing could reach any
    /// more (garbage awaiting collection); the program never sees it.
    Unreachable,
    /// `str`
    Str(Box<str>),
    /// `bytes`
    Bytes(Box<[u8]>),
    /// An `int` outside 64 bits.
    BigInt(BigInt),
    /// `list`
    List(Vec<Value>),
    /// `tuple`
    Tuple(Box<[Value]>),
    /// `dict`
    Dict(Dict),
    /// `set` (`frozen == false`) or `frozenset`.
    Set {
        /// The members.
        set: Set,
        /// `frozenset`?
        frozen: bool,
    },
    /// `range(start, stop, step)`.
    Range {
        /// First value.
        start: i64,
        /// Bound (exclusive).
        stop: i64,
        /// Step (never 0).
        step: i64,
    },
    /// `slice(start, stop, step)`.
    Slice {
        /// `start`
        start: Value,
        /// `stop`
        stop: Value,
        /// `step`
        step: Value,
    },
    /// A Python function.
    Function(Box<Function>),
    /// A builtin function, optionally bound to `self`.
    Native {
        /// The implementation.
        func: NativeFn,
        /// The bound receiver (methods of builtin types).
        receiver: Option<Value>,
    },
    /// A method bound to an instance.
    BoundMethod {
        /// The function.
        func: Value,
        /// `self`.
        receiver: Value,
    },
    /// A closure cell.
    Cell(Option<Value>),
    /// A class (builtin or user-defined).
    Class(Box<Class>),
    /// An instance of a user-defined class (exceptions included).
    Instance(Box<Instance>),
    /// A generator.
    Generator(Box<Generator>),
    /// A module.
    Module {
        /// `__name__`.
        name: Box<str>,
        /// Its namespace (a `Dict` object).
        dict: ObjId,
    },
    /// An iterator over a builtin container.
    Iter(Iter),
    /// `property(fget, fset)`.
    Property {
        /// Getter.
        fget: Value,
        /// Setter.
        fset: Value,
    },
    /// `staticmethod(f)`.
    StaticMethod(Value),
    /// `classmethod(f)`.
    ClassMethod(Value),
    /// `super(class, obj)`.
    Super {
        /// The class whose MRO successor is searched.
        class: ObjId,
        /// The bound object.
        obj: Value,
    },
    /// A code object (`f.__code__`).
    Code(Arc<CodeObject>),
    /// A frame object, as `sys.settrace` hooks receive (see `vm/tracing.rs`).
    Frame(Box<FrameObject>),
    /// `complex`.
    Complex {
        /// Real part.
        re: f64,
        /// Imaginary part.
        im: f64,
    },
    /// A `_thread.lock`, or a `_thread.RLock` (CPython's C `RLock`).
    Lock {
        /// The thread holding it, if locked.
        owner: Option<usize>,
        /// Virtual time of its last release: a thread waiting for it wakes
        /// `sched::WAKE_NS` later.
        released_ns: u64,
        /// For an `RLock`, how many times its owner holds it (0 when
        /// unlocked); `None` for a plain lock.
        recursion: Option<u32>,
    },
}

/// What a Python `frame` object refers to: a frame of a thread's stack,
/// found again by its depth while it is live.
#[derive(Clone, Debug)]
pub struct FrameObject {
    /// The thread whose stack holds the frame.
    pub thread: usize,
    /// The frame's index in that stack (0: the thread's outermost frame).
    pub depth: usize,
    /// Its code (`f_code`).
    pub code: Arc<CodeObject>,
    /// Its globals (`f_globals`).
    pub globals: ObjId,
    /// `f_lineno` when a hook last saw it.
    pub line: u32,
    /// `f_lasti` (a byte offset) when a hook last saw it.
    pub lasti: u32,
    /// `f_trace_lines`: the local hook gets `line` events.
    pub trace_lines: bool,
    /// `f_trace_opcodes`: the local hook gets `opcode` events.
    pub trace_opcodes: bool,
}

/// A Python function object.
#[derive(Clone, Debug)]
pub struct Function {
    /// Its code.
    pub code: Arc<CodeObject>,
    /// The module globals (a `Dict` object).
    pub globals: ObjId,
    /// `__name__`.
    pub name: Box<str>,
    /// `__qualname__`.
    pub qualname: Box<str>,
    /// Positional defaults.
    pub defaults: Vec<Value>,
    /// Keyword-only defaults (a `Dict` object), if any.
    pub kwdefaults: Option<ObjId>,
    /// Closure cells, one per free variable.
    pub closure: Vec<Value>,
    /// `__dict__` (attributes set on the function), if any.
    pub dict: Option<ObjId>,
    /// `__annotations__` tuple as compiled, if any.
    pub annotations: Option<Value>,
    /// An assigned `__doc__` (the docstring constant otherwise).
    pub doc: Option<Value>,
    /// An assigned `__module__` (the globals' `__name__` otherwise).
    pub module: Option<Value>,
}

/// Builtin types the VM implements natively, for fast dispatch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuiltinType {
    /// `object`
    Object,
    /// `type`
    Type,
    /// `NoneType`
    NoneType,
    /// `bool`
    Bool,
    /// `int`
    Int,
    /// `float`
    Float,
    /// `str`
    Str,
    /// `bytes`
    Bytes,
    /// `list`
    List,
    /// `tuple`
    Tuple,
    /// `dict`
    Dict,
    /// `set`
    Set,
    /// `frozenset`
    FrozenSet,
    /// `range`
    Range,
    /// `slice`
    Slice,
    /// `function`
    Function,
    /// `builtin_function_or_method`
    NativeFunction,
    /// `method`
    Method,
    /// `cell`
    Cell,
    /// `generator`
    Generator,
    /// `module`
    Module,
    /// Iterator types.
    Iterator,
    /// `property`
    Property,
    /// `staticmethod`
    StaticMethod,
    /// `classmethod`
    ClassMethod,
    /// `super`
    Super,
    /// `code`
    Code,
    /// `frame`
    Frame,
    /// `NotImplementedType`
    NotImplementedType,
    /// `ellipsis`
    Ellipsis,
    /// `_thread.lock`
    Lock,
    /// `_thread.RLock`
    RLock,
    /// `complex`
    Complex,
}

/// A class.
#[derive(Clone, Debug)]
pub struct Class {
    /// `__name__`.
    pub name: Box<str>,
    /// `__qualname__`.
    pub qualname: Box<str>,
    /// Direct bases.
    pub bases: Vec<ObjId>,
    /// Method resolution order, the class itself first.
    pub mro: Vec<ObjId>,
    /// The class namespace (a `Dict` object).
    pub dict: ObjId,
    /// The builtin type this class is or derives from (the layout of its instances).
    pub builtin: BuiltinType,
    /// `true` for subclasses of `BaseException`.
    pub is_exception: bool,
}

/// An instance of a user-defined class.
#[derive(Clone, Debug)]
pub struct Instance {
    /// Its class.
    pub class: ObjId,
    /// `__dict__` (a `Dict` object).
    pub dict: ObjId,
    /// Exception state, for instances of exception classes.
    pub exception: Option<Box<ExceptionData>>,
    /// For instances of user subclasses of builtin types (`list`, `dict`,
    /// `str`, `int`, ...): the builtin value they extend.
    pub base: Option<Value>,
}

/// What an exception instance carries besides its `__dict__`.
#[derive(Clone, Debug, Default)]
pub struct ExceptionData {
    /// `args` (a tuple object).
    pub args: Value,
    /// Frames the exception passed through, innermost last: `(code, line)`.
    pub traceback: Vec<(Arc<CodeObject>, u32)>,
    /// `__cause__`.
    pub cause: Value,
    /// `__context__`.
    pub context: Value,
    /// `__suppress_context__`.
    pub suppress_context: bool,
}

/// Generator state.
#[derive(Clone, Debug)]
pub struct Generator {
    /// The suspended frame; `None` while running or when finished.
    pub frame: Option<Box<Frame>>,
    /// `true` once it has returned or raised.
    pub finished: bool,
    /// `true` while a frame of it is executing.
    pub running: bool,
    /// `__name__`.
    pub name: Box<str>,
    /// `__qualname__`.
    pub qualname: Box<str>,
}

/// Iterators over builtin containers.
#[derive(Clone, Debug)]
pub enum Iter {
    /// Over a list, tuple or str (by position).
    Seq {
        /// The sequence.
        seq: ObjId,
        /// Next position.
        index: usize,
    },
    /// Over a range.
    Range {
        /// Next value.
        next: i64,
        /// Bound.
        stop: i64,
        /// Step.
        step: i64,
    },
    /// Over a dict's keys, values or items.
    Dict {
        /// The dict.
        dict: ObjId,
        /// Next slot.
        slot: usize,
        /// What to yield.
        kind: DictIterKind,
        /// Size when iteration started (to detect mutation).
        len: usize,
    },
    /// Over a set.
    Set {
        /// The set.
        set: ObjId,
        /// Next slot.
        slot: usize,
        /// Size when iteration started.
        len: usize,
    },
    /// `reversed(seq)`.
    Reversed {
        /// The sequence.
        seq: ObjId,
        /// Positions left.
        remaining: usize,
    },
    /// `enumerate(it, start)`.
    Enumerate {
        /// Inner iterator.
        inner: Value,
        /// Next count.
        count: i64,
    },
    /// `zip(*its)`.
    Zip {
        /// Inner iterators.
        inners: Vec<Value>,
    },
    /// `map(f, *its)`.
    Map {
        /// The function.
        func: Value,
        /// Inner iterators.
        inners: Vec<Value>,
    },
    /// `filter(f, it)`.
    Filter {
        /// The predicate (`None`: truthiness).
        func: Value,
        /// Inner iterator.
        inner: Value,
    },
    /// The legacy sequence protocol: `obj[0]`, `obj[1]`, ... until `IndexError`.
    GetItem {
        /// The sequence-like object.
        obj: Value,
        /// Next index.
        index: i64,
    },
    /// An exhausted iterator.
    Exhausted,
}

/// What a dict iterator yields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictIterKind {
    /// Keys.
    Keys,
    /// Values.
    Values,
    /// `(key, value)` tuples.
    Items,
}

impl Object {
    /// Calls `visit` with every value this object references.
    pub fn trace(&self, visit: &mut dyn FnMut(Value)) {
        match self {
            Self::Unreachable
            | Self::Str(_)
            | Self::Complex { .. }
            | Self::Bytes(_)
            | Self::BigInt(_)
            | Self::Range { .. }
            | Self::Code(_)
            | Self::Lock { .. } => {}
            Self::Frame(f) => visit(Value::Obj(f.globals)),
            Self::List(items) => items.iter().for_each(|v| visit(*v)),
            Self::Tuple(items) => items.iter().for_each(|v| visit(*v)),
            Self::Dict(d) => d.trace(visit),
            Self::Set { set, .. } => set.trace(visit),
            Self::Slice { start, stop, step } => {
                visit(*start);
                visit(*stop);
                visit(*step);
            }
            Self::Function(f) => {
                visit(Value::Obj(f.globals));
                f.defaults.iter().for_each(|v| visit(*v));
                f.closure.iter().for_each(|v| visit(*v));
                for id in [f.kwdefaults, f.dict].into_iter().flatten() {
                    visit(Value::Obj(id));
                }
                for v in [f.annotations, f.doc, f.module].into_iter().flatten() {
                    visit(v);
                }
            }
            Self::Native { receiver, .. } => {
                if let Some(r) = receiver {
                    visit(*r);
                }
            }
            Self::BoundMethod { func, receiver } => {
                visit(*func);
                visit(*receiver);
            }
            Self::Cell(v) => {
                if let Some(v) = v {
                    visit(*v);
                }
            }
            Self::Class(c) => {
                visit(Value::Obj(c.dict));
                c.bases
                    .iter()
                    .chain(&c.mro)
                    .for_each(|b| visit(Value::Obj(*b)));
            }
            Self::Instance(i) => {
                visit(Value::Obj(i.class));
                visit(Value::Obj(i.dict));
                if let Some(b) = i.base {
                    visit(b);
                }
                if let Some(e) = &i.exception {
                    visit(e.args);
                    visit(e.cause);
                    visit(e.context);
                }
            }
            Self::Generator(g) => {
                if let Some(f) = &g.frame {
                    f.trace(visit);
                }
            }
            Self::Module { dict, .. } => visit(Value::Obj(*dict)),
            Self::Iter(it) => it.trace(visit),
            Self::Property { fget, fset } => {
                visit(*fget);
                visit(*fset);
            }
            Self::StaticMethod(f) | Self::ClassMethod(f) => visit(*f),
            Self::Super { class, obj } => {
                visit(Value::Obj(*class));
                visit(*obj);
            }
        }
    }
}

/// Rewrites the object id in `v`, if it holds one.
pub fn remap_value(v: &mut Value, f: &mut dyn FnMut(ObjId) -> ObjId) {
    if let Value::Obj(id) = v {
        *id = f(*id);
    }
}

impl Object {
    /// Rewrites every object id this object references with `f` — the
    /// same references [`Object::trace`] visits — and `rehash` fixes the
    /// stored hash of a dict or set key whose id changed (identity hashes).
    pub fn remap(
        &mut self,
        f: &mut dyn FnMut(ObjId) -> ObjId,
        rehash: &dyn Fn(Value, Value, u64) -> u64,
    ) {
        let value = |v: &mut Value, f: &mut dyn FnMut(ObjId) -> ObjId| remap_value(v, f);
        match self {
            Self::Unreachable
            | Self::Str(_)
            | Self::Complex { .. }
            | Self::Bytes(_)
            | Self::BigInt(_)
            | Self::Range { .. }
            | Self::Code(_)
            | Self::Lock { .. } => {}
            Self::Frame(frame) => frame.globals = f(frame.globals),
            Self::List(items) => items.iter_mut().for_each(|v| value(v, f)),
            Self::Tuple(items) => items.iter_mut().for_each(|v| value(v, f)),
            Self::Dict(d) => d.remap(f, rehash),
            Self::Set { set, .. } => *set = set.remapped(f, rehash),
            Self::Slice { start, stop, step } => {
                value(start, f);
                value(stop, f);
                value(step, f);
            }
            Self::Function(func) => {
                func.globals = f(func.globals);
                func.defaults.iter_mut().for_each(|v| value(v, f));
                func.closure.iter_mut().for_each(|v| value(v, f));
                for id in [&mut func.kwdefaults, &mut func.dict].into_iter().flatten() {
                    *id = f(*id);
                }
                for v in [&mut func.annotations, &mut func.doc, &mut func.module]
                    .into_iter()
                    .flatten()
                {
                    value(v, f);
                }
            }
            Self::Native { receiver, .. } => {
                if let Some(r) = receiver {
                    value(r, f);
                }
            }
            Self::BoundMethod { func, receiver } => {
                value(func, f);
                value(receiver, f);
            }
            Self::Cell(v) => {
                if let Some(v) = v {
                    value(v, f);
                }
            }
            Self::Class(c) => {
                c.dict = f(c.dict);
                c.bases
                    .iter_mut()
                    .chain(&mut c.mro)
                    .for_each(|b| *b = f(*b));
            }
            Self::Instance(i) => {
                i.class = f(i.class);
                i.dict = f(i.dict);
                if let Some(b) = &mut i.base {
                    value(b, f);
                }
                if let Some(e) = &mut i.exception {
                    value(&mut e.args, f);
                    value(&mut e.cause, f);
                    value(&mut e.context, f);
                }
            }
            Self::Generator(g) => {
                if let Some(frame) = &mut g.frame {
                    frame.remap(f);
                }
            }
            Self::Module { dict, .. } => *dict = f(*dict),
            Self::Iter(it) => it.remap(f),
            Self::Property { fget, fset } => {
                value(fget, f);
                value(fset, f);
            }
            Self::StaticMethod(func) | Self::ClassMethod(func) => value(func, f),
            Self::Super { class, obj } => {
                *class = f(*class);
                value(obj, f);
            }
        }
    }
}

impl Iter {
    fn remap(&mut self, f: &mut dyn FnMut(ObjId) -> ObjId) {
        match self {
            Self::Seq { seq, .. } | Self::Reversed { seq, .. } => *seq = f(*seq),
            Self::Dict { dict, .. } => *dict = f(*dict),
            Self::Set { set, .. } => *set = f(*set),
            Self::Enumerate { inner, .. } | Self::GetItem { obj: inner, .. } => {
                remap_value(inner, f);
            }
            Self::Zip { inners } => inners.iter_mut().for_each(|v| remap_value(v, f)),
            Self::Map { func, inners } => {
                remap_value(func, f);
                for v in inners.iter_mut() {
                    remap_value(v, f);
                }
            }
            Self::Filter { func, inner } => {
                remap_value(func, f);
                remap_value(inner, f);
            }
            Self::Range { .. } | Self::Exhausted => {}
        }
    }

    fn trace(&self, visit: &mut dyn FnMut(Value)) {
        match self {
            Self::Seq { seq, .. } | Self::Reversed { seq, .. } => visit(Value::Obj(*seq)),
            Self::Dict { dict, .. } => visit(Value::Obj(*dict)),
            Self::Set { set, .. } => visit(Value::Obj(*set)),
            Self::Enumerate { inner, .. } | Self::GetItem { obj: inner, .. } => visit(*inner),
            Self::Zip { inners } => inners.iter().for_each(|v| visit(*v)),
            Self::Map { func, inners } => {
                visit(*func);
                for v in inners {
                    visit(*v);
                }
            }
            Self::Filter { func, inner } => {
                visit(*func);
                visit(*inner);
            }
            Self::Range { .. } | Self::Exhausted => {}
        }
    }
}
