//! Calls from instructions (`CALL`'s fast paths) and nested execution:
//! native code that calls back into Python runs the frame to completion
//! on its own loop.

use super::interp::{Exit, Flow, NestedExit};
use crate::exec::call::Callee;
use crate::model::error::{PyResult, VmError};
use crate::model::frame::Frame;
use crate::model::object::Object;
use crate::model::value::Value;
use crate::{RECURSION_LIMIT, Vm};

impl Vm {
    /// Calls `callable` from bytecode: Python functions become a new frame.
    /// Room for the arguments of a call of `callable` with `given` of
    /// them: a Python function's frame takes the vector over as its fast
    /// locals, and a bound method puts its receiver in front.
    pub(super) fn argument_room(&self, callable: Value, given: usize) -> usize {
        let mut target = callable;
        if let Value::Obj(id) = target
            && let Object::BoundMethod { func, .. } = self.heap.get(id)
        {
            target = *func;
        }
        match target {
            Value::Obj(id) => match self.heap.get(id) {
                Object::Function(f) => f.code.slots.len().max(given + 1),
                _ => given + 1,
            },
            _ => given + 1,
        }
    }

    pub(super) fn call_from_frame(
        &mut self,
        frame: &mut Frame,
        callable: Value,
        args: Vec<Value>,
        kw_names: Option<Value>,
    ) -> PyResult<Flow> {
        let args = if args.is_empty()
            && callable == Value::Obj(self.types.get(crate::model::object::BuiltinType::Super))
        {
            self.implicit_super_args(frame)?
        } else {
            args
        };
        let callable = self
            .generator_consumer(callable, &args)?
            .unwrap_or(callable);
        if args.is_empty()
            && let Some(v) = self.frame_introspection(frame, callable)?
        {
            frame.stack.push(v);
            return Ok(Flow::Next);
        }
        match self.prepare_call(callable, args, kw_names)? {
            Callee::Done(v) => {
                frame.stack.push(v);
                Ok(Flow::Next)
            }
            Callee::Frame(f) => {
                self.entering = Some(f);
                Ok(Flow::Enter)
            }
        }
    }

    /// Runs `frame` to completion (or its next `yield`) from native code.
    pub(crate) fn execute_nested(&mut self, frame: Box<Frame>) -> PyResult<NestedExit> {
        self.execute_nested_with(frame, None)
    }

    /// [`Vm::execute_nested`], first raising `pending` inside the frame.
    pub(crate) fn execute_nested_with(
        &mut self,
        frame: Box<Frame>,
        pending: Option<VmError>,
    ) -> PyResult<NestedExit> {
        let tid = self.current;
        let base = self.threads[tid].frames.len();
        // Frames running in enclosing native calls are held by Rust, not in
        // the thread's stack: count them against the recursion limit too.
        if base + self.native_depth + 1 >= RECURSION_LIMIT {
            return Err(self.error(
                "RecursionError",
                "maximum recursion depth exceeded while calling a Python object",
            ));
        }
        self.native_depth += 1;
        let result = stacker::maybe_grow(256 * 1024, 4 << 20, || {
            self.execute(tid, frame, base, pending)
        });
        self.native_depth -= 1;
        match result? {
            Exit::Returned(v) => Ok(NestedExit::Returned(v)),
            Exit::Yielded(v, frame) => Ok(NestedExit::Yielded(v, frame)),
            Exit::Switched | Exit::Paused => {
                unreachable!("nested execution never switches threads or pauses")
            }
        }
    }
}
