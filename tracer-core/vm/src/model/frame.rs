//! Frames: one activation of a code object.

use std::sync::Arc;

use crate::model::heap::ObjId;
use crate::model::value::Value;
use interleave_lang::CodeObject;

/// What happens to a frame's return value in its caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReturnAction {
    /// Push it on the caller's stack (an ordinary call).
    Push,
    /// Push `instance` instead (after `__init__`, which must return `None`).
    PushInstance(ObjId),
    /// The frame belongs to generator `generator`, resumed by the caller's `FOR_ITER`
    /// jumping to `exhausted` when the generator returns.
    ForIter {
        /// The generator.
        generator: ObjId,
        /// Where the caller continues when the generator is exhausted.
        exhausted: u32,
    },
    /// Generator `generator` resumed by the caller's `SEND` (`yield from`).
    Send {
        /// The generator.
        generator: ObjId,
        /// Where the caller continues when the generator returns.
        done: u32,
    },
    /// Generator `generator` resumed from native code (`next()`, `list(generator)`, ...):
    /// control returns to Rust.
    Native {
        /// The generator.
        generator: ObjId,
    },
    /// A call made from native code: control returns to Rust.
    NativeCall,
    /// A `sys.settrace` hook called for `event` in the frame below, which
    /// continues once the hook returns (see `vm/tracing.rs`).
    TraceHook(TraceEvent),
}

/// The events a `sys.settrace` hook receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceEvent {
    /// A frame starts (or a generator resumes): the thread's global hook is
    /// called and its result becomes the frame's local hook.
    Call,
    /// A new line is about to run.
    Line,
    /// An instruction is about to run (once `f_trace_opcodes` is set).
    Opcode,
    /// The frame returns (or yields) the value on top of its stack.
    Return,
    /// The exception is propagating through the frame.
    Exception(ObjId),
    /// The exception leaves the frame, which has no handler for it (a
    /// `return` event with `None`).
    Unwind(ObjId),
}

impl TraceEvent {
    /// The event's name as the hook sees it.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Call => "call",
            Self::Line => "line",
            Self::Opcode => "opcode",
            Self::Return | Self::Unwind(_) => "return",
            Self::Exception(_) => "exception",
        }
    }
}

/// Per-frame state of `sys.settrace` tracing, allocated for frames that a
/// hook has seen.
#[derive(Clone, Debug)]
pub struct FrameTrace {
    /// The frame's local trace function (`f_trace`), or `Value::Null`.
    pub local: Value,
    /// The previously executed instruction (`u32::MAX`: none yet), which
    /// decides whether a line event is due.
    pub prev: u32,
    /// How far the events of the instruction at `delivered.0` have been
    /// delivered (see `vm/tracing.rs`), so none fires twice.
    pub delivered: (u32, u8),
    /// The Python `frame` object handed to hooks, once created.
    pub object: Option<ObjId>,
}

impl Default for FrameTrace {
    fn default() -> Self {
        Self {
            local: Value::Null,
            prev: u32::MAX,
            delivered: (u32::MAX, 0),
            object: None,
        }
    }
}

/// What the VM derives once per code object for the frames running it.
#[derive(Debug)]
pub struct CodeValues {
    /// `co_consts` as values.
    pub consts: Box<[Value]>,
    /// Interned `str` objects for `co_names`.
    pub names: Box<[Value]>,
    /// Virtual cost of each instruction (nanoseconds, before the GIL
    /// model's factor).
    pub costs: Box<[u16]>,
}

/// An executing (or suspended) code object.
#[derive(Clone, Debug)]
pub struct Frame {
    /// The code.
    pub code: Arc<CodeObject>,
    /// What the VM derived from the code (shared by its frames).
    pub values: Arc<CodeValues>,
    /// Index of the next instruction.
    pub pc: u32,
    /// The value stack.
    pub stack: Vec<Value>,
    /// Fast locals, cells and free variables (`localsplus`).
    pub fast: Vec<Value>,
    /// Module globals (a dict object).
    pub globals: ObjId,
    /// The locals mapping of module and class bodies.
    pub locals: Option<ObjId>,
    /// Keyword names for the next `CALL` (from `KW_NAMES`).
    pub kw_names: Option<u32>,
    /// What the caller does with the result.
    pub on_return: ReturnAction,
    /// The function object being executed, if any.
    pub function: Option<ObjId>,
    /// Set by `RERAISE`: the instruction that originally raised, which the
    /// traceback and a `lasti`-preserving handler report (CPython's
    /// `prev_instr`), while the handler search still starts at the `RERAISE`.
    pub reraised_from: Option<u32>,
    /// Tracing state, once a `sys.settrace` hook has seen the frame.
    pub trace: Option<Box<FrameTrace>>,
}

impl Frame {
    /// The line of the instruction being executed (the last one fetched).
    #[must_use]
    pub fn line(&self) -> u32 {
        let index = self.lasti() as usize;
        (0..=index)
            .rev()
            .find_map(|i| self.code.line_of(i))
            .unwrap_or(self.code.first_line)
    }

    /// The instruction CPython would report as executing (`f_lasti`).
    #[must_use]
    pub fn lasti(&self) -> u32 {
        self.reraised_from
            .unwrap_or_else(|| self.pc.saturating_sub(1))
    }

    /// Rewrites every object id the frame references (the values
    /// [`Frame::trace`] visits) with `f`.
    pub fn remap(&mut self, f: &mut dyn FnMut(ObjId) -> ObjId) {
        use crate::model::object::remap_value;
        self.stack
            .iter_mut()
            .chain(self.fast.iter_mut())
            .for_each(|v| remap_value(v, f));
        self.globals = f(self.globals);
        for id in [&mut self.locals, &mut self.function].into_iter().flatten() {
            *id = f(*id);
        }
        if let Some(trace) = &mut self.trace {
            remap_value(&mut trace.local, f);
            if let Some(object) = &mut trace.object {
                *object = f(*object);
            }
        }
        match &mut self.on_return {
            ReturnAction::PushInstance(id)
            | ReturnAction::ForIter { generator: id, .. }
            | ReturnAction::Send { generator: id, .. }
            | ReturnAction::Native { generator: id }
            | ReturnAction::TraceHook(TraceEvent::Exception(id) | TraceEvent::Unwind(id)) => {
                *id = f(*id);
            }
            ReturnAction::Push | ReturnAction::NativeCall | ReturnAction::TraceHook(_) => {}
        }
    }

    /// Calls `visit` with every value the frame references.
    pub fn trace(&self, visit: &mut dyn FnMut(Value)) {
        self.values
            .consts
            .iter()
            .chain(self.values.names.iter())
            .for_each(|v| visit(*v));
        self.stack
            .iter()
            .chain(self.fast.iter())
            .for_each(|v| visit(*v));
        visit(Value::Obj(self.globals));
        if let Some(l) = self.locals {
            visit(Value::Obj(l));
        }
        if let Some(f) = self.function {
            visit(Value::Obj(f));
        }
        if let Some(trace) = &self.trace {
            visit(trace.local);
            if let Some(object) = trace.object {
                visit(Value::Obj(object));
            }
        }
        if let ReturnAction::PushInstance(id)
        | ReturnAction::ForIter { generator: id, .. }
        | ReturnAction::Send { generator: id, .. }
        | ReturnAction::Native { generator: id }
        | ReturnAction::TraceHook(TraceEvent::Exception(id) | TraceEvent::Unwind(id)) =
            self.on_return
        {
            visit(Value::Obj(id));
        }
    }
}
