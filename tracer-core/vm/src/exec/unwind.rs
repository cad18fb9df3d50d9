//! Raising and unwinding: finding the handler of an exception in the
//! frame's exception table, or popping frames (and threads' stacks) to it,
//! with tracebacks and `__context__` as CPython sets them.

use super::interp::{Exit, pop};
use crate::Vm;
use crate::event::EventKind;
use crate::exec::generator::generator_of;
use crate::exec::tracing::UnwindTrace;
use crate::model::error::{PyResult, VmError};
use crate::model::frame::{Frame, ReturnAction, TraceEvent};
use crate::model::heap::ObjId;
use crate::model::object::Object;
use crate::model::value::Value;
use interleave_lang::instruction::Instruction as I;

impl Vm {
    /// Finds a handler for `err` in `frame` or its callers above `base`.
    /// Returns `Ok(None)` when a handler was found (execution continues in
    /// `frame`), or the error when it escapes past `base`.
    pub(super) fn unwind(
        &mut self,
        tid: usize,
        frame: &mut Box<Frame>,
        base: usize,
        err: VmError,
    ) -> PyResult<Option<Exit>> {
        let VmError::Exception(mut exc) = err else {
            return Err(err);
        };
        loop {
            // `RERAISE` goes on unwinding without a new `exception` event,
            // as in CPython.
            let reraised = frame
                .pc
                .checked_sub(1)
                .is_some_and(|at| matches!(frame.code.instructions[at as usize], I::Reraise(_)));
            if self.tracing && !reraised {
                match self.trace_while_unwinding(tid, frame, TraceEvent::Exception(exc))? {
                    UnwindTrace::Entered => return Ok(None),
                    UnwindTrace::Raised(raised) => exc = raised,
                    UnwindTrace::Continue => {}
                }
            }
            let at = frame.pc.saturating_sub(1);
            if let Some(handler) = frame.code.handler_for(at).copied() {
                let lasti = frame.lasti();
                frame.reraised_from = None;
                frame.stack.truncate(handler.depth as usize);
                if handler.push_lasti {
                    frame.stack.push(Value::Int(i64::from(lasti)));
                }
                frame.stack.push(Value::Obj(exc));
                frame.pc = handler.handler;
                return Ok(None);
            }
            if self.tracing {
                match self.trace_while_unwinding(tid, frame, TraceEvent::Unwind(exc))? {
                    UnwindTrace::Entered => return Ok(None),
                    UnwindTrace::Raised(raised) => exc = raised,
                    UnwindTrace::Continue => {}
                }
            }
            self.add_traceback(exc, frame);
            if generator_of(frame.on_return).is_none() {
                self.record(EventKind::FramePop);
            }
            if let Some(generator) = generator_of(frame.on_return) {
                self.finish_generator(generator);
                if self.is_instance_of_name(exc, "StopIteration") {
                    let wrapped = self.error("RuntimeError", "generator raised StopIteration");
                    if let VmError::Exception(new) = wrapped
                        && let Object::Instance(inst) = self.heap.get_mut(new)
                        && let Some(data) = &mut inst.exception
                    {
                        data.cause = Value::Obj(exc);
                        data.context = Value::Obj(exc);
                        data.suppress_context = true;
                    }
                    return self.unwind_from_caller(tid, frame, base, wrapped);
                }
            }
            if self.threads[tid].frames.len() == base {
                return Err(VmError::Exception(exc));
            }
            if let ReturnAction::TraceHook(_) = frame.on_return {
                self.abandon_trace_hook(tid);
            }
            *frame = self.threads[tid].frames.pop().expect("caller frame");
        }
    }

    /// Continues unwinding `err` in the caller of `frame` (which is done).
    fn unwind_from_caller(
        &mut self,
        tid: usize,
        frame: &mut Box<Frame>,
        base: usize,
        err: VmError,
    ) -> PyResult<Option<Exit>> {
        if self.threads[tid].frames.len() == base {
            return Err(err);
        }
        *frame = self.threads[tid].frames.pop().expect("caller frame");
        self.unwind(tid, frame, base, err)
    }

    /// Sets `exc.__context__` to the exception being handled, as CPython
    /// does when an exception is raised inside an `except` or `finally`.
    pub(super) fn attach_context(&mut self, tid: usize, exc: ObjId) {
        let Some(Value::Obj(handled)) = self.threads[tid].exc_info else {
            return;
        };
        if handled == exc {
            return;
        }
        // Never create a cycle: stop if `exc` is already in `handled`'s chain.
        let mut cursor = Some(handled);
        while let Some(c) = cursor {
            if c == exc {
                return;
            }
            cursor = match self.heap.get(c) {
                Object::Instance(i) => i.exception.as_ref().and_then(|d| d.context.as_obj()),
                _ => None,
            };
        }
        if let Object::Instance(inst) = self.heap.get_mut(exc)
            && let Some(data) = &mut inst.exception
            && data.context == Value::None
        {
            data.context = Value::Obj(handled);
        }
    }

    fn add_traceback(&mut self, exc: ObjId, frame: &Frame) {
        let line = frame.line();
        if let Object::Instance(inst) = self.heap.get_mut(exc)
            && let Some(data) = &mut inst.exception
        {
            data.traceback.push((frame.code.clone(), line));
        }
    }

    pub(super) fn unpack_error<T>(&mut self, got: usize, expected: usize) -> PyResult<T> {
        if got > expected {
            self.raise(
                "ValueError",
                format!("too many values to unpack (expected {expected})"),
            )
        } else {
            self.raise(
                "ValueError",
                format!("not enough values to unpack (expected {expected}, got {got})"),
            )
        }
    }

    /// `raise`, `raise exc` or `raise exc from cause`.
    pub(super) fn raise_varargs(&mut self, frame: &mut Frame, n: u32) -> VmError {
        let cause = if n == 2 { Some(pop(frame)) } else { None };
        if n == 0 {
            return match self.threads[self.current].exc_info {
                Some(Value::Obj(id)) => VmError::Exception(id),
                _ => self.error("RuntimeError", "No active exception to reraise"),
            };
        }
        let exc = pop(frame);
        let exc = match self.make_exception(exc) {
            Ok(id) => id,
            Err(e) => return e,
        };
        if let Some(cause) = cause {
            let cause = if cause == Value::None {
                Ok(Value::None)
            } else {
                self.make_exception(cause).map(Value::Obj)
            };
            let cause = match cause {
                Ok(c) => c,
                Err(e) => return e,
            };
            if let Object::Instance(inst) = self.heap.get_mut(exc)
                && let Some(data) = &mut inst.exception
            {
                data.cause = cause;
                data.suppress_context = true;
            }
        }
        VmError::Exception(exc)
    }
}
