//! `sys.settrace`: CPython 3.11's tracing hooks.
//!
//! A thread's global hook is called with a `call` event when a frame starts
//! (at its `RESUME`, so also when a generator resumes); what it returns
//! becomes the frame's local hook (`f_trace`), which then receives `line`
//! events (a new line starts, or a backward jump lands on a line's first
//! instruction; unless the frame's `f_trace_lines` is cleared), `opcode`
//! events (before every instruction, once its `f_trace_opcodes` is set),
//! `return` events (before `RETURN_VALUE` and `YIELD_VALUE`)
//! and `exception` events (an exception arrives in the frame; if the frame
//! has no handler, a `return` event with `None` follows). A local hook
//! that returns something other than `None` replaces itself. Hooks are
//! Python calls like any other — their frames are entered by the
//! interpreter loop, never run by recursion in Rust — and are not traced
//! themselves. A hook that raises turns tracing off for its thread, as in
//! CPython.

use crate::Vm;
use crate::event::EventKind;
use crate::exec::call::Callee;
use crate::model::error::PyResult;
use crate::model::frame::{Frame, ReturnAction, TraceEvent};
use crate::model::heap::ObjId;
use crate::model::object::{FrameObject, Object};
use crate::model::value::Value;
use interleave_lang::instruction::Instruction as I;

/// How far the events of one instruction have been delivered: each
/// instruction gets at most one `call` or `line` event, then at most one
/// `opcode` event, then at most one `return` event, and an exception at
/// most one `exception` event.
const DELIVERED_LINE_OR_CALL: u8 = 1;
const DELIVERED_OPCODE: u8 = 2;
const DELIVERED_RETURN: u8 = 3;
const DELIVERED_EXCEPTION: u8 = 4;
const DELIVERED_UNWIND: u8 = 5;

/// What delivering a trace event during unwinding did.
pub(crate) enum UnwindTrace {
    /// No event was due: go on unwinding.
    Continue,
    /// A hook frame was entered above the traced frame; unwinding resumes
    /// when it returns.
    Entered,
    /// A native hook raised this exception, which replaces the one being
    /// unwound.
    Raised(ObjId),
}

impl Vm {
    /// Before `frame` of thread `tid` executes its next instruction: the
    /// hook frame to enter for the trace event due there, if any (the
    /// caller pushes `frame` below it). Native hooks run at once.
    pub(crate) fn trace_before_instruction(
        &mut self,
        tid: usize,
        frame: &mut Frame,
    ) -> PyResult<Option<Box<Frame>>> {
        loop {
            if !self.traces(tid, frame) {
                return Ok(None);
            }
            let pc = frame.pc;
            let instr = frame.code.instructions[pc as usize];
            let trace = frame.trace.get_or_insert_with(Box::default);
            let stage = if trace.delivered.0 == pc {
                trace.delivered.1
            } else {
                0
            };
            let has_local = !trace.local.is_null();
            let object = trace.object;
            let is_resume = matches!(instr, I::Resume(_));
            let (lines, opcodes) = self.frame_trace_flags(object);
            let event = if stage < DELIVERED_LINE_OR_CALL && is_resume {
                Some((TraceEvent::Call, DELIVERED_LINE_OR_CALL))
            } else if stage < DELIVERED_LINE_OR_CALL && has_local && lines && line_event_due(frame)
            {
                Some((TraceEvent::Line, DELIVERED_LINE_OR_CALL))
            } else if stage < DELIVERED_OPCODE
                && has_local
                && opcodes
                && !is_resume
                && pc > first_traceable(frame)
            {
                Some((TraceEvent::Opcode, DELIVERED_OPCODE))
            } else if stage < DELIVERED_RETURN
                && has_local
                && matches!(instr, I::ReturnValue | I::YieldValue)
            {
                Some((TraceEvent::Return, DELIVERED_RETURN))
            } else {
                None
            };
            let trace = frame.trace.get_or_insert_with(Box::default);
            let Some((event, stage)) = event else {
                trace.prev = pc;
                trace.delivered = (u32::MAX, 0);
                return Ok(None);
            };
            trace.delivered = (pc, stage);
            if let Some(hook) = self.call_trace_hook(tid, frame, event)? {
                return Ok(Some(hook));
            }
        }
    }

    /// An exception unwinds `frame`: the hook frame to enter for the
    /// event due, if any — `Exception` when it arrives in the frame,
    /// `Unwind` (a `return` event) when it leaves a frame without a
    /// handler. The caller pushes `frame` below the hook and, when the
    /// hook returns, goes on unwinding.
    fn trace_unwinding(
        &mut self,
        tid: usize,
        frame: &mut Frame,
        event: TraceEvent,
    ) -> PyResult<Option<Box<Frame>>> {
        if !self.traces(tid, frame) {
            return Ok(None);
        }
        let stage = match event {
            TraceEvent::Unwind(_) => DELIVERED_UNWIND,
            _ => DELIVERED_EXCEPTION,
        };
        let pc = frame.pc;
        let trace = frame.trace.get_or_insert_with(Box::default);
        let (at, delivered) = trace.delivered;
        if trace.local.is_null() || (at == pc && delivered >= stage) {
            return Ok(None);
        }
        trace.delivered = (pc, stage);
        self.call_trace_hook(tid, frame, event)
    }

    /// [`Vm::trace_unwinding`], entering the hook frame (with `frame` pushed
    /// below it) when one is due.
    pub(crate) fn trace_while_unwinding(
        &mut self,
        tid: usize,
        frame: &mut Box<Frame>,
        event: TraceEvent,
    ) -> PyResult<UnwindTrace> {
        match self.trace_unwinding(tid, frame, event) {
            Ok(None) => Ok(UnwindTrace::Continue),
            Ok(Some(hook)) => {
                let traced = std::mem::replace(frame, hook);
                self.threads[tid].frames.push(traced);
                Ok(UnwindTrace::Entered)
            }
            Err(crate::model::error::VmError::Exception(raised)) => Ok(UnwindTrace::Raised(raised)),
            Err(other) => Err(other),
        }
    }

    /// A hook returned `result` for an event in `frame`: unless it is
    /// `None`, it becomes the local hook (CPython's `trace_trampoline`; a
    /// `call` hook returning `None` leaves a local hook the frame already
    /// has, from an earlier resume or an assignment to `f_trace`).
    pub(crate) fn finish_trace_hook(&mut self, tid: usize, frame: &mut Frame, result: Value) {
        self.threads[tid].in_trace_hook = false;
        if result != Value::None {
            frame.trace.get_or_insert_with(Box::default).local = result;
        }
    }

    /// A hook raised: tracing stops for the thread, as in CPython.
    pub(crate) fn abandon_trace_hook(&mut self, tid: usize) {
        let thread = &mut self.threads[tid];
        thread.in_trace_hook = false;
        thread.trace_hook = Value::Null;
    }

    /// `true` if events of `frame` go to thread `tid`'s hooks.
    fn traces(&self, tid: usize, frame: &Frame) -> bool {
        let thread = &self.threads[tid];
        !thread.trace_hook.is_null()
            && !thread.in_trace_hook
            && &*frame.code.filename != crate::exec::HELPERS_FILENAME
    }

    /// Calls the hook for `event` in `frame`: `Some` hook frame to enter,
    /// or `None` when a native hook already ran.
    fn call_trace_hook(
        &mut self,
        tid: usize,
        frame: &mut Frame,
        event: TraceEvent,
    ) -> PyResult<Option<Box<Frame>>> {
        let hook = match event {
            TraceEvent::Call => self.threads[tid].trace_hook,
            _ => frame.trace.as_ref().map_or(Value::Null, |t| t.local),
        };
        let line = frame
            .code
            .line_of(frame.pc as usize)
            .unwrap_or_else(|| frame.line());
        let depth = self.threads[tid].frames.len();
        let frame_object = self.frame_object(tid, depth, frame, line);
        let name = self.intern(event.name());
        let arg = match event {
            TraceEvent::Return => frame.stack.last().copied().unwrap_or(Value::None),
            TraceEvent::Exception(exc) => {
                let class = Value::Obj(self.type_of(Value::Obj(exc)));
                self.new_tuple(vec![class, Value::Obj(exc), Value::None])
            }
            TraceEvent::Call | TraceEvent::Line | TraceEvent::Opcode | TraceEvent::Unwind(_) => {
                Value::None
            }
        };
        self.threads[tid].in_trace_hook = true;
        match self.prepare_call(hook, vec![frame_object, name, arg], None) {
            Ok(Callee::Frame(mut hook_frame)) => {
                hook_frame.on_return = ReturnAction::TraceHook(event);
                let code = self.observer.code_id(&hook_frame.code);
                self.record(EventKind::FramePush { code });
                Ok(Some(hook_frame))
            }
            Ok(Callee::Done(result)) => {
                self.finish_trace_hook(tid, frame, result);
                Ok(None)
            }
            Err(err) => {
                self.abandon_trace_hook(tid);
                Err(err)
            }
        }
    }

    /// The `frame` object for `frame`, which sits (or will sit, while a
    /// hook runs above it) at `depth` in thread `tid`'s stack; created
    /// once per frame, its `f_lineno` updated to `line`.
    fn frame_object(&mut self, tid: usize, depth: usize, frame: &mut Frame, line: u32) -> Value {
        let lasti = frame.code.offsets[frame.pc as usize];
        let trace = frame.trace.get_or_insert_with(Box::default);
        if let Some(id) = trace.object {
            if let Object::Frame(f) = self.heap.get_mut(id) {
                f.line = line;
                f.lasti = lasti;
            }
            return Value::Obj(id);
        }
        let id = self.new_frame_object(tid, depth, frame, (line, lasti));
        frame.trace.get_or_insert_with(Box::default).object = Some(id);
        Value::Obj(id)
    }

    /// A `frame` object for `frame`, at `line` and byte offset `lasti`.
    fn new_frame_object(
        &mut self,
        thread: usize,
        depth: usize,
        frame: &Frame,
        (line, lasti): (u32, u32),
    ) -> ObjId {
        self.heap.alloc(Object::Frame(Box::new(FrameObject {
            thread,
            depth,
            code: frame.code.clone(),
            globals: frame.globals,
            line,
            lasti,
            trace_lines: true,
            trace_opcodes: false,
        })))
    }

    /// `f_trace_lines` and `f_trace_opcodes` of the frame whose `frame`
    /// object is `object` (CPython's defaults before it has one).
    fn frame_trace_flags(&self, object: Option<ObjId>) -> (bool, bool) {
        match object.map(|id| self.heap.get(id)) {
            Some(Object::Frame(f)) => (f.trace_lines, f.trace_opcodes),
            _ => (true, false),
        }
    }

    /// The live frame a `frame` object stands for, if it is still on its
    /// thread's stack.
    fn live_frame(&self, id: ObjId) -> Option<&Frame> {
        let Object::Frame(f) = self.heap.get(id) else {
            return None;
        };
        let frame = self.threads.get(f.thread)?.frames.get(f.depth)?;
        let object = frame.trace.as_ref().and_then(|t| t.object);
        (object == Some(id)).then_some(&**frame)
    }

    /// Attributes of `frame` objects: `f_code`, `f_lineno`, `f_lasti`,
    /// `f_globals`, `f_locals`, `f_back`, `f_trace`, `f_trace_lines`,
    /// `f_trace_opcodes`.
    pub(crate) fn frame_attr(&mut self, id: ObjId, name: &str) -> PyResult<Option<Value>> {
        let Object::Frame(f) = self.heap.get(id) else {
            return Ok(None);
        };
        let (thread, depth, code, globals, line) =
            (f.thread, f.depth, f.code.clone(), f.globals, f.line);
        let (lasti, trace_lines, trace_opcodes) = (f.lasti, f.trace_lines, f.trace_opcodes);
        Ok(match name {
            "f_code" => Some(self.alloc(Object::Code(code))),
            "f_lineno" => Some(Value::Int(i64::from(line))),
            "f_lasti" => Some(Value::Int(i64::from(lasti))),
            "f_trace_lines" => Some(Value::Bool(trace_lines)),
            "f_trace_opcodes" => Some(Value::Bool(trace_opcodes)),
            "f_globals" => Some(Value::Obj(globals)),
            "f_locals" => Some(match self.live_frame(id).cloned() {
                Some(frame) => self.locals_of(&frame)?,
                None => self.new_dict(),
            }),
            "f_trace" => Some(self.live_frame(id).and_then(|f| f.trace.as_ref()).map_or(
                Value::None,
                |t| {
                    if t.local.is_null() {
                        Value::None
                    } else {
                        t.local
                    }
                },
            )),
            "f_back" => Some(self.frame_back(id, thread, depth)),
            _ => None,
        })
    }

    /// Assigns `f_trace` (the local hook of a frame still running; `None`
    /// removes it), `f_trace_lines` or `f_trace_opcodes` (bools) of the
    /// `frame` object `id`; `false` for any other name.
    pub(crate) fn set_frame_attr(&mut self, id: ObjId, name: &str, value: Value) -> PyResult<bool> {
        match name {
            "f_trace" => {
                let local = if value == Value::None {
                    Value::Null
                } else {
                    value
                };
                if let Some(frame) = self.live_frame_mut(id) {
                    frame.trace.get_or_insert_with(Box::default).local = local;
                }
            }
            "f_trace_lines" | "f_trace_opcodes" => {
                let Value::Bool(on) = value else {
                    return self.raise("TypeError", "attribute value type must be bool");
                };
                if let Object::Frame(f) = self.heap.get_mut(id) {
                    if name == "f_trace_lines" {
                        f.trace_lines = on;
                    } else {
                        f.trace_opcodes = on;
                    }
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// [`Vm::live_frame`], mutably.
    fn live_frame_mut(&mut self, id: ObjId) -> Option<&mut Frame> {
        let Object::Frame(f) = self.heap.get(id) else {
            return None;
        };
        let (thread, depth) = (f.thread, f.depth);
        let frame = self.threads.get_mut(thread)?.frames.get_mut(depth)?;
        let object = frame.trace.as_ref().and_then(|t| t.object);
        (object == Some(id)).then_some(&mut **frame)
    }

    /// `f_back`: the caller's frame object, or `None`.
    fn frame_back(&mut self, id: ObjId, thread: usize, depth: usize) -> Value {
        if depth == 0 || self.live_frame(id).is_none() {
            return Value::None;
        }
        let caller = &self.threads[thread].frames[depth - 1];
        if let Some(object) = caller.trace.as_ref().and_then(|t| t.object) {
            return Value::Obj(object);
        }
        let caller = caller.clone();
        let lasti = caller.code.offsets[caller.lasti() as usize];
        let object = self.new_frame_object(thread, depth - 1, &caller, (caller.line(), lasti));
        self.threads[thread].frames[depth - 1]
            .trace
            .get_or_insert_with(Box::default)
            .object = Some(object);
        Value::Obj(object)
    }
}

/// `true` if a `line` event is due before `frame` executes its next
/// instruction: the instruction has a line, and either that line differs
/// from the previous instruction's or the frame jumped backwards (except
/// the `SEND` loop of `yield from`), as `maybe_call_line_trace` decides.
fn line_event_due(frame: &Frame) -> bool {
    let pc = frame.pc;
    let Some(line) = frame.code.line_of(pc as usize) else {
        return false;
    };
    let prev = frame.trace.as_ref().map_or(u32::MAX, |t| t.prev);
    if prev == u32::MAX || prev <= first_traceable(frame) {
        return true;
    }
    let last_line = frame.code.line_of(prev as usize);
    last_line != Some(line)
        || (pc < prev && !matches!(frame.code.instructions[prev as usize], I::Send(_)))
}

/// The index of the frame's first `RESUME` (CPython's `_co_firsttraceable`).
fn first_traceable(frame: &Frame) -> u32 {
    frame
        .code
        .instructions
        .iter()
        .position(|i| matches!(i, I::Resume(_)))
        .map_or(0, |p| u32::try_from(p).unwrap_or(0))
}
