//! The interpreter loop: executes one instruction per step, pushing and
//! popping frames for Python calls without recursing in Rust.

use crate::event::EventKind;
use crate::exec::generator::generator_of;
use crate::model::error::Limit;
use crate::model::error::{PyResult, VmError};
use crate::model::frame::{Frame, ReturnAction, TraceEvent};
use crate::model::object::Object;
use crate::model::value::Value;
use crate::{RECURSION_LIMIT, Vm};
use interleave_lang::instruction::Instruction as I;

/// What an instruction asks the loop to do next.
pub(crate) enum Flow {
    /// Carry on with the next instruction of the same frame.
    Next,
    /// Enter the frame stored in `Vm::entering` (a Python call or a
    /// generator resumption); kept out of `Flow` so each step returns a
    /// small value.
    Enter,
    /// The frame returned this value.
    Return(Value),
    /// The (generator) frame yielded this value.
    Yield(Value),
}

/// How a nested execution (Python code called from native code) ended.
pub(crate) enum NestedExit {
    /// The frame returned.
    Returned(Value),
    /// The frame (a generator) yielded.
    Yielded(Value, Box<Frame>),
}

/// How an execution ended.
pub(crate) enum Exit {
    /// The outermost frame returned.
    Returned(Value),
    /// The outermost frame (a generator) yielded.
    Yielded(Value, Box<Frame>),
    /// The thread was switched out or blocked; its frames are stored in it.
    Switched,
    /// The run reached its pause step; the thread's frames are stored in it.
    Paused,
}

impl Vm {
    /// Executes `frame` (and everything it calls) until it returns or
    /// yields while `base` frames are suspended below it.
    /// With `pending`, the frame first handles that error (a `throw()`).
    #[expect(
        clippy::too_many_lines,
        reason = "the loop's cases: returns, exceptions, generators, traces"
    )]
    pub(crate) fn execute(
        &mut self,
        tid: usize,
        mut frame: Box<Frame>,
        base: usize,
        pending: Option<VmError>,
    ) -> PyResult<Exit> {
        if let Some(err) = pending {
            if let VmError::Exception(exc) = err {
                self.attach_context(tid, exc);
            }
            if let Some(exit) = self.unwind(tid, &mut frame, base, err)? {
                return Ok(exit);
            }
        }
        let top_level = base == 0 && self.native_depth == 0;
        loop {
            if top_level && self.steps >= self.pause_at {
                self.threads[tid].frames.push(frame);
                return Ok(Exit::Paused);
            }
            if self.watches_instructions {
                if self.tracing {
                    match self.trace_before_instruction(tid, &mut frame) {
                        Ok(None) => {}
                        Ok(Some(hook)) => {
                            let traced = std::mem::replace(&mut frame, hook);
                            self.threads[tid].frames.push(traced);
                            continue;
                        }
                        Err(err) => {
                            if let Some(exit) = self.unwind(tid, &mut frame, base, err)? {
                                return Ok(exit);
                            }
                            continue;
                        }
                    }
                }
                if self.pull.active {
                    self.pull.in_script = *frame.code.filename == *self.script_name;
                }
            }
            let pc = frame.pc as usize;
            let instr = frame.code.instructions[pc];
            frame.pc += 1;
            self.steps += 1;
            self.charge(u64::from(frame.values.costs[pc]));
            if self.steps > self.limits.max_steps {
                frame.pc -= 1;
                self.steps -= 1;
                self.threads[tid].frames.push(frame);
                return Err(VmError::Limit(Limit::Steps(self.steps)));
            }
            // The most frequent instructions that cannot fail are executed
            // inline; everything else goes through `step`.
            let flow = match instr {
                I::LoadFast(i) if !frame.fast[i as usize].is_null() => {
                    let v = frame.fast[i as usize];
                    frame.stack.push(v);
                    Ok(Flow::Next)
                }
                I::StoreFast(i) => {
                    let v = pop(&mut frame);
                    frame.fast[i as usize] = v;
                    Ok(Flow::Next)
                }
                I::LoadConst(i) => {
                    let v = frame.values.consts[i as usize];
                    frame.stack.push(v);
                    Ok(Flow::Next)
                }
                I::PopTop => {
                    frame.stack.pop();
                    Ok(Flow::Next)
                }
                I::JumpForward(t) | I::JumpBackward(t) | I::JumpBackwardNoInterrupt(t) => {
                    frame.pc = t;
                    Ok(Flow::Next)
                }
                I::Nop | I::Resume(_) | I::Precall(_) => Ok(Flow::Next),
                I::ReturnValue => Ok(Flow::Return(pop(&mut frame))),
                I::YieldValue => Ok(Flow::Yield(pop(&mut frame))),
                I::ForIter(target)
                    if let Some(Value::Obj(it)) = frame.stack.last().copied()
                        && let Some(next) = self.fast_iter_next(it) =>
                {
                    if let Some(v) = next {
                        frame.stack.push(v);
                    } else {
                        frame.stack.pop();
                        frame.pc = target;
                    }
                    Ok(Flow::Next)
                }
                I::BinaryOp(op) if let Some(r) = small_int_op(&frame, op.op) => {
                    frame.stack.pop();
                    if let Some(top) = frame.stack.last_mut() {
                        *top = Value::Int(r);
                    }
                    Ok(Flow::Next)
                }
                _ => self.step(&mut frame, instr),
            };
            match flow {
                Ok(Flow::Next) => {
                    if top_level {
                        if self.clock_ns >= self.preempt_at_ns && self.at_switch_point(&instr) {
                            self.threads[tid].frames.push(frame);
                            return Ok(Exit::Switched);
                        }
                        if self.steps.trailing_zeros() >= 12 {
                            self.check_memory()?;
                            if self.heap.should_collect() {
                                self.threads[tid].frames.push(frame);
                                self.maybe_collect();
                                frame = self.threads[tid].frames.pop().expect("frame just pushed");
                            }
                        }
                    }
                }
                Err(VmError::Blocked) => {
                    if top_level {
                        self.threads[tid].frames.push(frame);
                        return Ok(Exit::Switched);
                    }
                    self.threads[tid].status = crate::exec::thread::Status::Runnable;
                    let err = self.error(
                        "RuntimeError",
                        "a blocking call (lock, sleep, join) inside a callback from builtin code is not supported",
                    );
                    if let Some(exit) = self.unwind(tid, &mut frame, base, err)? {
                        return Ok(exit);
                    }
                }
                Ok(Flow::Enter) => {
                    let callee = self.entering.take().expect("Flow::Enter sets the callee");
                    if self.threads[tid].frames.len() + self.native_depth + 1 >= RECURSION_LIMIT {
                        let err = self.error("RecursionError", "maximum recursion depth exceeded");
                        if let Some(exit) = self.unwind(tid, &mut frame, base, err)? {
                            return Ok(exit);
                        }
                        continue;
                    }
                    // Calls push frames; resuming a generator is not a call
                    // (its frame was pushed when the generator was created).
                    if generator_of(callee.on_return).is_none() {
                        let code = self.observer.code_id(&callee.code);
                        self.record(EventKind::FramePush { code });
                    }
                    let caller = std::mem::replace(&mut frame, callee);
                    self.threads[tid].frames.push(caller);
                }
                Ok(Flow::Return(value)) => {
                    if generator_of(frame.on_return).is_none() {
                        self.record(EventKind::FramePop);
                    }
                    if let Some(generator) = generator_of(frame.on_return) {
                        self.finish_generator(generator);
                    }
                    if self.threads[tid].frames.len() == base {
                        return Ok(Exit::Returned(value));
                    }
                    let action = frame.on_return;
                    frame = self.threads[tid].frames.pop().expect("caller frame");
                    match action {
                        ReturnAction::Push
                        | ReturnAction::NativeCall
                        | ReturnAction::Native { .. } => {
                            frame.stack.push(value);
                        }
                        ReturnAction::PushInstance(instance) => {
                            if value != Value::None {
                                let msg = format!(
                                    "__init__() should return None, not '{}'",
                                    self.type_name(value)
                                );
                                let err = self.error("TypeError", msg);
                                if let Some(exit) = self.unwind(tid, &mut frame, base, err)? {
                                    return Ok(exit);
                                }
                                continue;
                            }
                            frame.stack.push(Value::Obj(instance));
                        }
                        ReturnAction::ForIter { exhausted, .. } => {
                            frame.stack.pop();
                            frame.pc = exhausted;
                        }
                        ReturnAction::Send { done, .. } => {
                            frame.stack.pop();
                            frame.stack.push(value);
                            frame.pc = done;
                        }
                        ReturnAction::TraceHook(event) => {
                            self.finish_trace_hook(tid, &mut frame, value);
                            if let TraceEvent::Exception(exc) | TraceEvent::Unwind(exc) = event
                                && let Some(exit) =
                                    self.unwind(tid, &mut frame, base, VmError::Exception(exc))?
                            {
                                return Ok(exit);
                            }
                        }
                    }
                }
                Ok(Flow::Yield(value)) => {
                    if self.threads[tid].frames.len() == base {
                        let parent = frame;
                        return Ok(Exit::Yielded(value, parent));
                    }
                    let parent = self.threads[tid].frames.pop().expect("caller frame");
                    let suspended = std::mem::replace(&mut frame, parent);
                    if let Some(generator) = generator_of(suspended.on_return) {
                        self.suspend_generator(generator, suspended);
                    }
                    frame.stack.push(value);
                }
                Err(VmError::Exception(exc)) => {
                    self.attach_context(tid, exc);
                    if let Some(exit) =
                        self.unwind(tid, &mut frame, base, VmError::Exception(exc))?
                    {
                        return Ok(exit);
                    }
                }
                Err(limit @ VmError::Limit(_)) => {
                    self.threads[tid].frames.push(frame);
                    return Err(limit);
                }
            }
        }
    }

    /// Executes one instruction of `frame` (already fetched).
    #[expect(clippy::too_many_lines, reason = "one arm per opcode")]
    fn step(&mut self, frame: &mut Frame, instr: I) -> PyResult<Flow> {
        match instr {
            I::Nop | I::Resume(_) | I::ExtendedArg(_) | I::Precall(_) => {}
            I::PopTop => {
                frame.stack.pop();
            }
            I::PushNull => frame.stack.push(Value::Null),
            I::Copy(n) => {
                let v = frame.stack[frame.stack.len() - n as usize];
                frame.stack.push(v);
            }
            I::Swap(n) => {
                let len = frame.stack.len();
                frame.stack.swap(len - 1, len - n as usize);
            }
            I::UnaryPositive => {
                let v = pop(frame);
                let r = self.unary_positive(v)?;
                frame.stack.push(r);
            }
            I::UnaryNegative => {
                let v = pop(frame);
                let r = self.unary_negative(v)?;
                frame.stack.push(r);
            }
            I::UnaryNot => {
                let v = pop(frame);
                let t = self.truthy(v)?;
                frame.stack.push(Value::Bool(!t));
            }
            I::UnaryInvert => {
                let v = pop(frame);
                let r = self.unary_invert(v)?;
                frame.stack.push(r);
            }
            I::BinaryOp(op) => {
                let b = pop(frame);
                let a = pop(frame);
                let r = self.binary_op(a, b, op.op, op.inplace)?;
                frame.stack.push(r);
            }
            I::BinarySubscr => {
                let key = pop(frame);
                let container = pop(frame);
                let r = self.get_item(container, key)?;
                frame.stack.push(r);
            }
            I::StoreSubscr => {
                let key = pop(frame);
                let container = pop(frame);
                let value = pop(frame);
                self.set_item(container, key, value)?;
            }
            I::DeleteSubscr => {
                let key = pop(frame);
                let container = pop(frame);
                self.del_item(container, key)?;
            }
            I::GetIter => {
                let v = pop(frame);
                let it = self.get_iter(v)?;
                frame.stack.push(it);
            }
            I::GetYieldFromIter => {
                let v = pop(frame);
                let it = if self.is_generator(v) {
                    v
                } else {
                    self.get_iter(v)?
                };
                frame.stack.push(it);
            }
            I::ForIter(target) => {
                let it = *frame.stack.last().expect("iterator on stack");
                if let Some(generator) = self.generator_id(it) {
                    return self.resume_generator(
                        frame,
                        generator,
                        Value::None,
                        ReturnAction::ForIter {
                            generator,
                            exhausted: target,
                        },
                    );
                }
                if let Some(v) = self.iter_next(it)? {
                    frame.stack.push(v);
                } else {
                    frame.stack.pop();
                    frame.pc = target;
                }
            }
            I::ReturnValue => return Ok(Flow::Return(pop(frame))),
            I::YieldValue => return Ok(Flow::Yield(pop(frame))),
            I::ReturnGenerator => {
                let generator = self.make_generator(frame);
                return Ok(Flow::Return(generator));
            }
            I::Send(target) => {
                let v = pop(frame);
                let receiver = *frame.stack.last().expect("receiver on stack");
                if let Some(generator) = self.generator_id(receiver) {
                    return self.resume_generator(
                        frame,
                        generator,
                        v,
                        ReturnAction::Send {
                            generator,
                            done: target,
                        },
                    );
                }
                if let Some(x) = self.iter_next(receiver)? {
                    frame.stack.push(x);
                } else {
                    frame.stack.pop();
                    frame.stack.push(Value::None);
                    frame.pc = target;
                }
            }
            I::GetLen => {
                let v = *frame.stack.last().expect("value on stack");
                let n = self.len(v)?;
                frame.stack.push(Value::Int(n));
            }
            I::ImportName(i) => {
                let fromlist = pop(frame);
                let _level = pop(frame);
                let name = self.str_of(frame.values.names[i as usize]).to_owned();
                let module = self.import_module(&name)?;
                // `import a.b` binds the top-level package; `from a.b import x` needs `a.b`.
                let wants_leaf = fromlist != Value::None && self.len(fromlist)? > 0;
                let top = match name.split_once('.') {
                    Some((package, _)) if !wants_leaf => self.import_module(package)?,
                    _ => module,
                };
                frame.stack.push(top);
            }
            I::ImportFrom(i) => {
                let module = *frame.stack.last().expect("module on stack");
                let name = frame.values.names[i as usize];
                let v = self.import_from(module, name)?;
                frame.stack.push(v);
            }
            I::ImportStar => return self.raise("ImportError", "import * is not supported"),
            I::LoadConst(i) => frame.stack.push(frame.values.consts[i as usize]),
            I::LoadName(i) => {
                let name = frame.values.names[i as usize];
                let v = self.load_name(frame, name)?;
                frame.stack.push(v);
            }
            I::StoreName(i) => {
                let v = pop(frame);
                let ns = frame.locals.unwrap_or(frame.globals);
                let name = frame.values.names[i as usize];
                let old = self.dict_set_str(ns, name, v);
                self.record_global_write(ns, name, old, v);
            }
            I::DeleteName(i) => {
                let ns = frame.locals.unwrap_or(frame.globals);
                let name = frame.values.names[i as usize];
                if !self.dict_del_str(ns, name) {
                    let msg = format!("name '{}' is not defined", self.str_of(name));
                    return self.raise("NameError", msg);
                }
            }
            I::LoadGlobal(i) => {
                let name = frame.values.names[(i >> 1) as usize];
                let v = self.load_global(frame.globals, name)?;
                if i & 1 == 1 {
                    frame.stack.push(Value::Null);
                }
                frame.stack.push(v);
            }
            I::StoreGlobal(i) => {
                let v = pop(frame);
                let name = frame.values.names[i as usize];
                let old = self.dict_set_name(frame.globals, name, v);
                self.record_global_write(frame.globals, name, old, v);
            }
            I::DeleteGlobal(i) => {
                let name = frame.values.names[i as usize];
                if !self.dict_del_str(frame.globals, name) {
                    let msg = format!("name '{}' is not defined", self.str_of(name));
                    return self.raise("NameError", msg);
                }
            }
            I::LoadFast(i) => {
                let v = frame.fast[i as usize];
                if v.is_null() {
                    let msg = format!(
                        "cannot access local variable '{}' where it is not associated with a value",
                        frame.code.slots[i as usize].name
                    );
                    return self.raise("UnboundLocalError", msg);
                }
                frame.stack.push(v);
            }
            I::StoreFast(i) => frame.fast[i as usize] = pop(frame),
            I::DeleteFast(i) => {
                if frame.fast[i as usize].is_null() {
                    let msg = format!(
                        "cannot access local variable '{}' where it is not associated with a value",
                        frame.code.slots[i as usize].name
                    );
                    return self.raise("UnboundLocalError", msg);
                }
                frame.fast[i as usize] = Value::Null;
            }
            I::MakeCell(i) => {
                let v = frame.fast[i as usize];
                let content = if v.is_null() { None } else { Some(v) };
                frame.fast[i as usize] = self.alloc(Object::Cell(content));
            }
            I::CopyFreeVars(n) => {
                let func = frame.function.expect("closures run as functions");
                let cells = match self.heap.get(func) {
                    Object::Function(f) => f.closure.clone(),
                    _ => Vec::new(),
                };
                let start = frame.fast.len() - n as usize;
                frame.fast[start..].copy_from_slice(&cells[..n as usize]);
            }
            I::LoadClosure(i) => frame.stack.push(frame.fast[i as usize]),
            I::LoadDeref(i) => {
                let v = self.load_cell(frame, i)?;
                frame.stack.push(v);
            }
            I::LoadClassderef(i) => {
                let name = frame.code.slots[i as usize].name.clone();
                let key = self.intern(&name);
                let found = frame.locals.and_then(|l| self.dict_get_str(l, key));
                let v = match found {
                    Some(v) => v,
                    None => self.load_cell(frame, i)?,
                };
                frame.stack.push(v);
            }
            I::StoreDeref(i) => {
                let v = pop(frame);
                if let Value::Obj(cell) = frame.fast[i as usize]
                    && let Object::Cell(c) = self.heap.get_mut(cell)
                {
                    *c = Some(v);
                }
            }
            I::DeleteDeref(i) => {
                if let Value::Obj(cell) = frame.fast[i as usize]
                    && let Object::Cell(c) = self.heap.get_mut(cell)
                {
                    *c = None;
                }
            }
            I::LoadAttr(i) => {
                let obj = pop(frame);
                let v = self.get_attr(obj, frame.values.names[i as usize])?;
                frame.stack.push(v);
            }
            I::StoreAttr(i) => {
                let obj = pop(frame);
                let v = pop(frame);
                self.set_attr(obj, frame.values.names[i as usize], v)?;
            }
            I::DeleteAttr(i) => {
                let obj = pop(frame);
                self.del_attr(obj, frame.values.names[i as usize])?;
            }
            I::LoadMethod(i) => {
                let obj = pop(frame);
                let name = frame.values.names[i as usize];
                if let Some(func) = self.lookup_method(obj, name)? {
                    // Methods of builtin types act on the builtin value a
                    // subclass instance extends.
                    let native = matches!(func, Value::Obj(f) if matches!(self.heap.get(f), Object::Native { .. }));
                    frame.stack.push(func);
                    frame.stack.push(if native {
                        self.unwrap_builtin(obj)
                    } else {
                        obj
                    });
                } else {
                    let v = self.get_attr(obj, name)?;
                    frame.stack.push(Value::Null);
                    frame.stack.push(v);
                }
            }
            I::BuildTuple(n) => {
                let items = pop_n(frame, n);
                let t = self.new_tuple(items);
                frame.stack.push(t);
            }
            I::BuildList(n) => {
                let items = pop_n(frame, n);
                let l = self.new_list(items);
                frame.stack.push(l);
            }
            I::BuildSet(n) => {
                let items = pop_n(frame, n);
                let s = self.new_set(items, false)?;
                frame.stack.push(s);
            }
            I::BuildMap(n) => {
                let items = pop_n(frame, 2 * n);
                let d = self.new_dict_from_pairs(&items)?;
                frame.stack.push(d);
            }
            I::BuildConstKeyMap(n) => {
                let keys = pop(frame);
                let values = pop_n(frame, n);
                let keys = self.sequence_items(keys)?;
                let mut pairs = Vec::with_capacity(2 * n as usize);
                for (k, v) in keys.into_iter().zip(values) {
                    pairs.push(k);
                    pairs.push(v);
                }
                let d = self.new_dict_from_pairs(&pairs)?;
                frame.stack.push(d);
            }
            I::BuildString(n) => {
                let parts = pop_n(frame, n);
                let mut s = String::new();
                for p in parts {
                    s.push_str(self.str_of(p));
                }
                let v = self.new_str(s);
                frame.stack.push(v);
            }
            I::BuildSlice(n) => {
                let step = if n == 3 { pop(frame) } else { Value::None };
                let stop = pop(frame);
                let start = pop(frame);
                let s = self.alloc(Object::Slice { start, stop, step });
                frame.stack.push(s);
            }
            I::ListAppend(i) => {
                let v = pop(frame);
                let list = frame.stack[frame.stack.len() - i as usize];
                self.list_append(list, v);
            }
            I::SetAdd(i) => {
                let v = pop(frame);
                let set = frame.stack[frame.stack.len() - i as usize];
                self.set_add(set, v)?;
            }
            I::MapAdd(i) => {
                let v = pop(frame);
                let k = pop(frame);
                let d = frame.stack[frame.stack.len() - i as usize];
                self.dict_set(d, k, v)?;
            }
            I::ListExtend(i) => {
                let it = pop(frame);
                let list = frame.stack[frame.stack.len() - i as usize];
                let items = self.collect_iterable(it)?;
                if let Value::Obj(id) = list
                    && let Object::List(l) = self.heap.get_mut(id)
                {
                    l.extend(items);
                }
            }
            I::SetUpdate(i) => {
                let it = pop(frame);
                let set = frame.stack[frame.stack.len() - i as usize];
                for v in self.collect_iterable(it)? {
                    self.set_add(set, v)?;
                }
            }
            I::DictUpdate(i) => {
                let other = pop(frame);
                let d = frame.stack[frame.stack.len() - i as usize];
                self.dict_update(d, other)?;
            }
            I::DictMerge(i) => {
                let other = pop(frame);
                let d = frame.stack[frame.stack.len() - i as usize];
                let func = frame.stack[frame.stack.len() - i as usize - 2];
                self.dict_merge(func, d, other)?;
            }
            I::ListToTuple => {
                let l = pop(frame);
                let items = self.sequence_items(l)?;
                let t = self.new_tuple(items);
                frame.stack.push(t);
            }
            I::UnpackSequence(n) => {
                let seq = pop(frame);
                let items = self.collect_iterable(seq)?;
                if items.len() != n as usize {
                    return self.unpack_error(items.len(), n as usize);
                }
                frame.stack.extend(items.into_iter().rev());
            }
            I::UnpackEx(arg) => {
                let before = (arg & 0xff) as usize;
                let after = (arg >> 8) as usize;
                let seq = pop(frame);
                let items = self.collect_iterable(seq)?;
                if items.len() < before + after {
                    let msg = format!(
                        "not enough values to unpack (expected at least {}, got {})",
                        before + after,
                        items.len()
                    );
                    return self.raise("ValueError", msg);
                }
                let mid_end = items.len() - after;
                let rest = self.new_list(items[before..mid_end].to_vec());
                for v in items[mid_end..].iter().rev() {
                    frame.stack.push(*v);
                }
                frame.stack.push(rest);
                for v in items[..before].iter().rev() {
                    frame.stack.push(*v);
                }
            }
            I::CompareOp(op) => {
                let b = pop(frame);
                let a = pop(frame);
                let r = self.compare(a, b, op)?;
                frame.stack.push(r);
            }
            I::IsOp(invert) => {
                let b = pop(frame);
                let a = pop(frame);
                frame.stack.push(Value::Bool(a.is(b) != (invert == 1)));
            }
            I::ContainsOp(invert) => {
                let container = pop(frame);
                let item = pop(frame);
                let r = self.contains(container, item)?;
                frame.stack.push(Value::Bool(r != (invert == 1)));
            }
            I::JumpForward(t) | I::JumpBackward(t) | I::JumpBackwardNoInterrupt(t) => frame.pc = t,
            I::PopJumpForwardIfFalse(t) | I::PopJumpBackwardIfFalse(t) => {
                let v = pop(frame);
                if !self.truthy(v)? {
                    frame.pc = t;
                }
            }
            I::PopJumpForwardIfTrue(t) | I::PopJumpBackwardIfTrue(t) => {
                let v = pop(frame);
                if self.truthy(v)? {
                    frame.pc = t;
                }
            }
            I::PopJumpForwardIfNone(t) | I::PopJumpBackwardIfNone(t) => {
                if pop(frame) == Value::None {
                    frame.pc = t;
                }
            }
            I::PopJumpForwardIfNotNone(t) | I::PopJumpBackwardIfNotNone(t) => {
                if pop(frame) != Value::None {
                    frame.pc = t;
                }
            }
            I::JumpIfFalseOrPop(t) => {
                let v = *frame.stack.last().expect("value on stack");
                if self.truthy(v)? {
                    frame.stack.pop();
                } else {
                    frame.pc = t;
                }
            }
            I::JumpIfTrueOrPop(t) => {
                let v = *frame.stack.last().expect("value on stack");
                if self.truthy(v)? {
                    frame.pc = t;
                } else {
                    frame.stack.pop();
                }
            }
            I::KwNames(i) => frame.kw_names = Some(i),
            I::Call(n) => {
                let kw_names = frame
                    .kw_names
                    .take()
                    .map(|i| frame.values.consts[i as usize]);
                let n = n as usize;
                let len = frame.stack.len();
                let (callable, first) = if frame.stack[len - n - 2].is_null() {
                    (frame.stack[len - n - 1], len - n)
                } else {
                    (frame.stack[len - n - 2], len - n - 1)
                };
                let mut args = Vec::with_capacity(self.argument_room(callable, len - first));
                args.extend_from_slice(&frame.stack[first..]);
                frame.stack.truncate(len - n - 2);
                return self.call_from_frame(frame, callable, args, kw_names);
            }
            I::CallFunctionEx(has_kwargs) => {
                let kwargs = if has_kwargs == 1 {
                    pop(frame)
                } else {
                    Value::None
                };
                let args = pop(frame);
                let callable = pop(frame);
                frame.stack.pop();
                let args = self.collect_iterable(args)?;
                let (args, kw_names) = self.append_kwargs(args, kwargs)?;
                return self.call_from_frame(frame, callable, args, kw_names);
            }
            I::MakeFunction(flags) => {
                let code = pop(frame);
                let f = self.make_function(frame, code, flags)?;
                frame.stack.push(f);
            }
            I::LoadBuildClass => {
                let f = self.builtin("__build_class__");
                frame.stack.push(f);
            }
            I::FormatValue(flags) => {
                let spec = if flags & 4 != 0 {
                    Some(pop(frame))
                } else {
                    None
                };
                let v = pop(frame);
                let converted = match flags & 3 {
                    1 => self.str_value(v)?,
                    2 => self.repr(v)?,
                    3 => {
                        let r = self.repr(v)?;
                        let text = interleave_lang::repr::str_ascii(self.str_of(r));
                        let inner = text[1..text.len() - 1].to_owned();
                        self.new_str(inner)
                    }
                    _ => v,
                };
                let s = self.format(converted, spec)?;
                frame.stack.push(s);
            }
            I::RaiseVarargs(n) => return Err(self.raise_varargs(frame, n)),
            I::Reraise(oparg) => {
                if oparg > 0 {
                    let at = frame.stack.len() - 1 - oparg as usize;
                    if let Value::Int(lasti) = frame.stack[at] {
                        frame.reraised_from = u32::try_from(lasti).ok();
                    }
                }
                let exc = pop(frame);
                let Value::Obj(id) = exc else {
                    return self.raise("RuntimeError", "no active exception");
                };
                return Err(VmError::Exception(id));
            }
            I::PushExcInfo => {
                let exc = pop(frame);
                let prev = self.threads[self.current]
                    .exc_info
                    .replace(exc)
                    .unwrap_or(Value::None);
                frame.stack.push(prev);
                frame.stack.push(exc);
            }
            I::PopExcept => {
                let prev = pop(frame);
                self.threads[self.current].exc_info = if prev == Value::None {
                    None
                } else {
                    Some(prev)
                };
            }
            I::CheckExcMatch => {
                let class = pop(frame);
                let exc = *frame.stack.last().expect("exception on stack");
                let m = self.exception_matches(exc, class)?;
                frame.stack.push(Value::Bool(m));
            }
            I::WithExceptStart => {
                let len = frame.stack.len();
                let exc = frame.stack[len - 1];
                let exit = frame.stack[len - 4];
                let exc_type = Value::Obj(self.type_of(exc));
                return self.call_from_frame(frame, exit, vec![exc_type, exc, Value::None], None);
            }
            I::BeforeWith => {
                let cm = pop(frame);
                let (enter, exit) = self.with_names;
                let exit = self.special_method_key(cm, exit)?;
                frame.stack.push(exit);
                // `__enter__` is called at once: a function found on the
                // class is called with the manager, without binding it.
                if let Some(enter) = self.lookup_method(cm, enter)? {
                    return self.call_from_frame(frame, enter, vec![cm], None);
                }
                let enter = self.special_method_key(cm, enter)?;
                return self.call_from_frame(frame, enter, Vec::new(), None);
            }
            I::LoadAssertionError => {
                frame
                    .stack
                    .push(Value::Obj(self.types.exception("AssertionError")));
            }
            I::SetupAnnotations => {
                let ns = frame.locals.unwrap_or(frame.globals);
                let key = self.intern("__annotations__");
                if self.dict_get_str(ns, key).is_none() {
                    let d = self.new_dict();
                    self.dict_set_str(ns, key, d);
                }
            }
        }
        Ok(Flow::Next)
    }
}

/// `a op b` for two small ints on top of the stack when it cannot overflow
/// or raise (the interpreter's fast path).
#[inline]
fn small_int_op(frame: &Frame, op: interleave_lang::instruction::BinaryOperator) -> Option<i64> {
    use interleave_lang::instruction::BinaryOperator as B;
    let len = frame.stack.len();
    let (Value::Int(a), Value::Int(b)) = (frame.stack[len - 2], frame.stack[len - 1]) else {
        return None;
    };
    match op {
        B::Add => a.checked_add(b),
        B::Subtract => a.checked_sub(b),
        B::Multiply => a.checked_mul(b),
        _ => None,
    }
}

#[inline]
pub(crate) fn pop(frame: &mut Frame) -> Value {
    frame.stack.pop().expect("stack underflow (compiler bug)")
}

#[inline]
fn pop_n(frame: &mut Frame, n: u32) -> Vec<Value> {
    let at = frame.stack.len() - n as usize;
    frame.stack.split_off(at)
}
