//! Generators: creation from `RETURN_GENERATOR`, resumption by `FOR_ITER`,
//! `SEND` and native code, and the `send`/`throw`/`close` methods.

use crate::Vm;
use crate::exec::interp::{Flow, NestedExit};
use crate::model::error::{PyResult, VmError};
use crate::model::frame::{Frame, ReturnAction};
use crate::model::heap::ObjId;
use crate::model::object::{BuiltinType, Generator, Object};
use crate::model::value::Value;

/// Registers `send`, `throw` and `close` on the generator type.
pub(crate) fn install(vm: &mut Vm) {
    let class = vm.types.get(BuiltinType::Generator);
    let Object::Class(c) = vm.heap.get(class) else {
        return;
    };
    let dict = c.dict;
    let methods: [(&'static str, crate::model::native::NativeImpl); 3] =
        [("send", send), ("throw", throw), ("close", close)];
    for (name, f) in methods {
        let key = vm.intern(name);
        let v = vm.native(name, f);
        vm.dict_set_str(dict, key, v);
    }
}

fn receiver(vm: &mut Vm, args: &[Value]) -> PyResult<ObjId> {
    match args.first().copied().and_then(|v| vm.generator_id(v)) {
        Some(g) => Ok(g),
        None => vm.raise("TypeError", "descriptor requires a 'generator' object"),
    }
}

fn send(vm: &mut Vm, args: &[Value], _: &[(Box<str>, Value)]) -> PyResult<Value> {
    let generator = receiver(vm, args)?;
    let value = args.get(1).copied().unwrap_or(Value::None);
    let fresh = matches!(vm.heap.get(generator), Object::Generator(g) if g.frame.as_ref().is_some_and(|f| f.pc <= first_resume(f)));
    if fresh && value != Value::None {
        return vm.raise(
            "TypeError",
            "can't send non-None value to a just-started generator",
        );
    }
    match vm.generator_resume_native(generator, value, None)? {
        Some(v) => Ok(v),
        None => Err(vm.stop_iteration_with_return()),
    }
}

fn throw(vm: &mut Vm, args: &[Value], _: &[(Box<str>, Value)]) -> PyResult<Value> {
    let generator = receiver(vm, args)?;
    let exc = vm.make_exception(args.get(1).copied().unwrap_or(Value::None))?;
    match vm.generator_resume_native(generator, Value::None, Some(exc))? {
        Some(v) => Ok(v),
        None => Err(vm.stop_iteration_with_return()),
    }
}

fn close(vm: &mut Vm, args: &[Value], _: &[(Box<str>, Value)]) -> PyResult<Value> {
    let generator = receiver(vm, args)?;
    let started = matches!(vm.heap.get(generator), Object::Generator(g) if g.frame.as_ref().is_some_and(|f| f.pc > first_resume(f)));
    if !started {
        vm.finish_generator(generator);
        return Ok(Value::None);
    }
    let class = vm.types.exception("GeneratorExit");
    let exit = vm.new_exception(class, Vec::new());
    match vm.generator_resume_native(generator, Value::None, Some(exit)) {
        Ok(Some(_)) => vm.raise("RuntimeError", "generator ignored GeneratorExit"),
        Ok(None) => Ok(Value::None),
        Err(VmError::Exception(e)) if e == exit || vm.is_instance_of_name(e, "StopIteration") => {
            Ok(Value::None)
        }
        Err(e) => Err(e),
    }
}

/// Index of the first instruction after the generator prologue.
fn first_resume(frame: &Frame) -> u32 {
    frame
        .code
        .instructions
        .iter()
        .position(|i| matches!(i, interleave_lang::instruction::Instruction::Resume(_)))
        .map_or(0, |p| u32::try_from(p).unwrap_or(0))
}

impl Vm {
    pub(crate) fn make_generator(&mut self, frame: &mut Frame) -> Value {
        let suspended = Box::new(Frame {
            code: frame.code.clone(),
            values: frame.values.clone(),
            pc: frame.pc,
            stack: std::mem::take(&mut frame.stack),
            fast: std::mem::take(&mut frame.fast),
            globals: frame.globals,
            locals: None,
            kw_names: None,
            on_return: ReturnAction::Push,
            function: frame.function,
            reraised_from: None,
            trace: None,
        });
        let (name, qualname) = (frame.code.name.clone(), frame.code.qualname.clone());
        self.alloc(Object::Generator(Box::new(Generator {
            frame: Some(suspended),
            finished: false,
            running: false,
            name: name.as_ref().into(),
            qualname: qualname.as_ref().into(),
        })))
    }

    pub(crate) fn generator_id(&self, v: Value) -> Option<ObjId> {
        match v {
            Value::Obj(id) if matches!(self.heap.get(id), Object::Generator(_)) => Some(id),
            _ => None,
        }
    }

    pub(crate) fn is_generator(&self, v: Value) -> bool {
        self.generator_id(v).is_some()
    }

    /// Takes the suspended frame of `generator` to run it with `sent` as the
    /// value of its `yield`; `Ok(None)` when it is already finished.
    pub(crate) fn take_generator_frame(
        &mut self,
        generator: ObjId,
        sent: Value,
        action: ReturnAction,
    ) -> PyResult<Option<Box<Frame>>> {
        let Object::Generator(g) = self.heap.get_mut(generator) else {
            return Ok(None);
        };
        if g.running {
            return self.raise("ValueError", "generator already executing");
        }
        let Some(mut frame) = g.frame.take() else {
            return Ok(None);
        };
        g.running = true;
        frame.stack.push(sent);
        frame.on_return = action;
        Ok(Some(frame))
    }

    pub(crate) fn resume_generator(
        &mut self,
        frame: &mut Frame,
        generator: ObjId,
        sent: Value,
        action: ReturnAction,
    ) -> PyResult<Flow> {
        if let Some(callee) = self.take_generator_frame(generator, sent, action)? {
            self.entering = Some(callee);
            return Ok(Flow::Enter);
        }
        // Already exhausted: continue as if it had just returned None.
        match action {
            ReturnAction::ForIter { exhausted, .. } => {
                frame.stack.pop();
                frame.pc = exhausted;
            }
            ReturnAction::Send { done, .. } => {
                frame.stack.pop();
                frame.stack.push(Value::None);
                frame.pc = done;
            }
            _ => {}
        }
        Ok(Flow::Next)
    }

    /// Stores the frame of a generator that yielded.
    pub(crate) fn suspend_generator(&mut self, generator: ObjId, frame: Box<Frame>) {
        if let Object::Generator(g) = self.heap.get_mut(generator) {
            g.frame = Some(frame);
            g.running = false;
        }
    }

    /// Marks a generator as returned or failed.
    pub(crate) fn finish_generator(&mut self, generator: ObjId) {
        if let Object::Generator(g) = self.heap.get_mut(generator) {
            g.frame = None;
            g.running = false;
            g.finished = true;
        }
    }

    /// Advances generator `generator` from native code: `Some(value)` if it
    /// yielded, `None` if it is exhausted.
    pub(crate) fn generator_next(&mut self, generator: ObjId) -> PyResult<Option<Value>> {
        self.generator_resume_native(generator, Value::None, None)
    }

    /// Resumes `generator` from native code with `sent` (or by raising
    /// `throw` at its `yield`): `Some(value)` if it yielded, `None` if it
    /// returned (its return value is kept for `StopIteration.value`).
    pub(crate) fn generator_resume_native(
        &mut self,
        generator: ObjId,
        sent: Value,
        throw: Option<ObjId>,
    ) -> PyResult<Option<Value>> {
        let Some(frame) =
            self.take_generator_frame(generator, sent, ReturnAction::Native { generator })?
        else {
            return match throw {
                Some(exc) => Err(VmError::Exception(exc)),
                None => Ok(None),
            };
        };
        let pending = throw.map(VmError::Exception);
        match self.execute_nested_with(frame, pending)? {
            NestedExit::Yielded(v, frame) => {
                self.suspend_generator(generator, frame);
                Ok(Some(v))
            }
            NestedExit::Returned(v) => {
                self.last_return = v;
                Ok(None)
            }
        }
    }

    /// A `StopIteration` carrying the last generator return value.
    pub(crate) fn stop_iteration_with_return(&mut self) -> VmError {
        let value = std::mem::take(&mut self.last_return);
        VmError::Exception(self.stop_iteration(value))
    }
}

pub(crate) fn generator_of(action: ReturnAction) -> Option<ObjId> {
    match action {
        ReturnAction::ForIter { generator, .. }
        | ReturnAction::Send { generator, .. }
        | ReturnAction::Native { generator } => Some(generator),
        ReturnAction::Push
        | ReturnAction::PushInstance(_)
        | ReturnAction::NativeCall
        | ReturnAction::TraceHook(_) => None,
    }
}
