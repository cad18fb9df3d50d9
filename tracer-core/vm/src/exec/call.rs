//! Calling: argument binding, functions, classes and native functions.

use crate::Vm;
use crate::exec::interp::NestedExit;
use crate::model::dict::Dict;
use crate::model::error::{PyResult, VmError};
use crate::model::frame::{Frame, ReturnAction};
use crate::model::heap::ObjId;
use crate::model::object::{BuiltinType, Class, Function, Instance, Object};
use crate::model::value::Value;
use interleave_lang::code::flags;

/// The result of preparing a call.
pub(crate) enum Callee {
    /// A native call that already produced its value.
    Done(Value),
    /// A Python frame to execute.
    Frame(Box<Frame>),
}

impl Vm {
    /// Prepares `callable(*args, **kw)`; `kw_names` is a tuple naming the
    /// trailing `args` that are keyword arguments.
    pub(crate) fn prepare_call(
        &mut self,
        callable: Value,
        mut args: Vec<Value>,
        kw_names: Option<Value>,
    ) -> PyResult<Callee> {
        let kw_names: Vec<Value> = match kw_names {
            Some(t) => self.sequence_items(t)?,
            None => Vec::new(),
        };
        let Value::Obj(id) = callable else {
            let msg = format!("'{}' object is not callable", self.type_name(callable));
            return self.raise("TypeError", msg);
        };
        match self.heap.get(id) {
            Object::Function(_) => {
                let frame = self.bind_function(id, args, &kw_names, ReturnAction::Push)?;
                Ok(Callee::Frame(frame))
            }
            Object::BoundMethod { func, receiver } => {
                let (func, receiver) = (*func, *receiver);
                args.insert(0, receiver);
                let kw = self.kw_tuple(&kw_names);
                self.prepare_call(func, args, kw)
            }
            Object::Native { func, receiver } => {
                let (func, receiver) = (*func, *receiver);
                if let Some(r) = receiver {
                    args.insert(0, r);
                }

                let kwargs = self.split_kwargs(&mut args, &kw_names);
                (func.call)(self, &args, &kwargs).map(Callee::Done)
            }
            Object::Class(_) => self.call_class(id, args, &kw_names),
            _ => {
                let call = self.special_method(callable, "__call__").map_err(|_| {
                    let msg = format!("'{}' object is not callable", self.type_name(callable));
                    self.error("TypeError", msg)
                })?;
                let kw = self.kw_tuple(&kw_names);
                self.prepare_call(call, args, kw)
            }
        }
    }

    fn kw_tuple(&mut self, names: &[Value]) -> Option<Value> {
        (!names.is_empty()).then(|| self.new_tuple(names.to_vec()))
    }

    /// Splits trailing keyword arguments off `args`.
    fn split_kwargs(&self, args: &mut Vec<Value>, kw_names: &[Value]) -> Vec<(Box<str>, Value)> {
        let values = args.split_off(args.len() - kw_names.len());
        kw_names
            .iter()
            .zip(values)
            .map(|(n, v)| (Box::from(self.str_of(*n)), v))
            .collect()
    }

    /// Calls `callable(*args)` from native code and runs it to completion.
    pub(crate) fn call_sync(&mut self, callable: Value, args: Vec<Value>) -> PyResult<Value> {
        self.call_sync_kw(callable, args, None)
    }

    /// [`Vm::call_sync`] with keyword arguments named by `kw_names`.
    pub(crate) fn call_sync_kw(
        &mut self,
        callable: Value,
        args: Vec<Value>,
        kw_names: Option<Value>,
    ) -> PyResult<Value> {
        match self.prepare_call(callable, args, kw_names)? {
            Callee::Done(v) => Ok(v),
            Callee::Frame(mut frame) => {
                let action = frame.on_return;
                frame.on_return = ReturnAction::NativeCall;
                match self.execute_nested(frame)? {
                    NestedExit::Returned(v) => match action {
                        ReturnAction::PushInstance(instance) => Ok(Value::Obj(instance)),
                        _ => Ok(v),
                    },
                    NestedExit::Yielded(v, _) => Ok(v),
                }
            }
        }
    }

    /// Binds arguments to a new frame of function `func`.
    #[expect(
        clippy::too_many_lines,
        reason = "CPython's argument binding, step by step"
    )]
    fn bind_function(
        &mut self,
        func: ObjId,
        mut args: Vec<Value>,
        kw_names: &[Value],
        on_return: ReturnAction,
    ) -> PyResult<Box<Frame>> {
        let Object::Function(f) = self.heap.get(func) else {
            unreachable!("checked by caller")
        };
        let code = f.code.clone();
        let globals = f.globals;
        let default_count = f.defaults.len();
        let kwdefaults = f.kwdefaults;
        let kw_values = args.split_off(args.len() - kw_names.len());
        let argcount = code.arg_count as usize;
        let kwonly = code.kwonly_arg_count as usize;
        let has_varargs = code.flags & flags::VARARGS != 0;
        let has_varkw = code.flags & flags::VARKEYWORDS != 0;
        let extra = args.split_off(args.len().min(argcount));
        // The positional arguments become the first fast locals.
        let mut fast = args;
        fast.resize(code.slots.len(), Value::Null);
        let mut frame =
            self.new_frame_with_locals(code.clone(), fast, globals, Some(func), on_return);
        let mut next_slot = argcount + kwonly;
        if has_varargs {
            frame.fast[next_slot] = self.new_tuple(extra);
            next_slot += 1;
        } else if !extra.is_empty() {
            let given = argcount + extra.len();
            let takes = if default_count == 0 {
                format!(
                    "{argcount} positional argument{}",
                    if argcount == 1 { "" } else { "s" }
                )
            } else {
                format!(
                    "from {} to {argcount} positional arguments",
                    argcount - default_count
                )
            };
            let qualname = self.function_qualname(func);
            let msg = format!(
                "{qualname}() takes {takes} but {given} {} given",
                if given == 1 { "was" } else { "were" }
            );
            return self.raise("TypeError", msg);
        }
        let varkw = if has_varkw {
            let d = self.new_dict();
            frame.fast[next_slot] = d;
            Some(d)
        } else {
            None
        };
        let mut posonly_as_keyword = Vec::new();
        for (name, value) in kw_names.iter().zip(kw_values) {
            let key = self.str_of(*name).to_owned();
            if varkw.is_none()
                && code.slots[..code.posonly_arg_count as usize]
                    .iter()
                    .any(|s| *s.name == *key)
            {
                posonly_as_keyword.push(key);
                continue;
            }
            let slot = code.slots[..argcount + kwonly]
                .iter()
                .position(|s| *s.name == *key)
                .filter(|&i| i >= code.posonly_arg_count as usize);
            let error = match (slot, varkw) {
                (Some(i), _) if frame.fast[i].is_null() => {
                    frame.fast[i] = value;
                    continue;
                }
                (Some(_), _) => "got multiple values for argument",
                (None, Some(d)) => {
                    let k = self.new_str(key);
                    self.dict_set(d, k, value)?;
                    continue;
                }
                (None, None) => "got an unexpected keyword argument",
            };
            let qualname = self.function_qualname(func);
            return self.raise("TypeError", format!("{qualname}() {error} '{key}'"));
        }
        if !posonly_as_keyword.is_empty() {
            let qualname = self.function_qualname(func);
            let msg = format!(
                "{qualname}() got some positional-only arguments passed as keyword arguments: '{}'",
                posonly_as_keyword.join(", ")
            );
            return self.raise("TypeError", msg);
        }
        let first_default = argcount - default_count;
        let mut missing = Vec::new();
        for i in 0..argcount {
            if frame.fast[i].is_null() {
                if i >= first_default {
                    let Object::Function(f) = self.heap.get(func) else {
                        unreachable!("checked by caller")
                    };
                    frame.fast[i] = f.defaults[i - first_default];
                } else {
                    missing.push(code.slots[i].name.to_string());
                }
            }
        }
        if !missing.is_empty() {
            let qualname = self.function_qualname(func);
            return self.missing_arguments(&qualname, "positional", &missing);
        }
        for i in argcount..argcount + kwonly {
            if frame.fast[i].is_null() {
                let name = self.intern(&code.slots[i].name);
                match kwdefaults.and_then(|d| self.dict_get_str(d, name)) {
                    Some(v) => frame.fast[i] = v,
                    None => missing.push(code.slots[i].name.to_string()),
                }
            }
        }
        if !missing.is_empty() {
            let qualname = self.function_qualname(func);
            return self.missing_arguments(&qualname, "keyword-only", &missing);
        }
        Ok(frame)
    }

    /// The `__qualname__` of function `func` (for error messages).
    fn function_qualname(&self, func: ObjId) -> String {
        match self.heap.get(func) {
            Object::Function(f) => f.qualname.to_string(),
            _ => String::new(),
        }
    }

    fn missing_arguments<T>(
        &mut self,
        qualname: &str,
        kind: &str,
        missing: &[String],
    ) -> PyResult<T> {
        let quoted: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
        let list = match quoted.len() {
            1 => quoted[0].clone(),
            2 => format!("{} and {}", quoted[0], quoted[1]),
            n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
        };
        let msg = format!(
            "{qualname}() missing {} required {kind} argument{}: {list}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" }
        );
        self.raise("TypeError", msg)
    }

    /// `C(*args)`: builtin constructors, exceptions and user classes.
    fn call_class(
        &mut self,
        class: ObjId,
        args: Vec<Value>,
        kw_names: &[Value],
    ) -> PyResult<Callee> {
        let Object::Class(c) = self.heap.get(class) else {
            unreachable!("checked by caller")
        };
        let (builtin, is_exception, is_user) =
            (c.builtin, c.is_exception, !self.is_builtin_class(class));
        if !is_user && !is_exception {
            let mut args = args;
            let kwargs = self.split_kwargs(&mut args, kw_names);
            return self
                .construct_builtin(class, builtin, &args, &kwargs)
                .map(Callee::Done);
        }
        if !is_exception && let Some(new) = self.user_class_attr(class, "__new__") {
            let mut full = vec![Value::Obj(class)];
            full.extend(args.iter().copied());
            let kw = self.kw_tuple(kw_names);
            let instance = self.call_sync_kw(new, full, kw)?;
            let is_instance = matches!(instance, Value::Obj(i) if self.is_subclass(self.type_of(Value::Obj(i)), class));
            return match (is_instance, instance, self.class_lookup(class, "__init__")) {
                (true, Value::Obj(inst), Some(init)) if self.is_function(init) => {
                    let Value::Obj(f) = init else { unreachable!() };
                    let mut full = vec![instance];
                    full.extend(args);
                    let frame =
                        self.bind_function(f, full, kw_names, ReturnAction::PushInstance(inst))?;
                    Ok(Callee::Frame(frame))
                }
                _ => Ok(Callee::Done(instance)),
            };
        }
        let dict = self.heap.alloc(Object::Dict(Dict::new()));
        let positional: Vec<Value> = args[..args.len() - kw_names.len()].to_vec();
        let exception = if is_exception {
            let args_tuple = self.new_tuple(positional);
            Some(Box::new(crate::model::object::ExceptionData {
                args: args_tuple,
                ..Default::default()
            }))
        } else {
            None
        };
        let base = if builtin != BuiltinType::Object && !is_exception {
            let mut positional = args.clone();
            let kwargs = self.split_kwargs(&mut positional, kw_names);
            let builtin_class = self.types.get(builtin);
            Some(self.construct_builtin(builtin_class, builtin, &positional, &kwargs)?)
        } else {
            None
        };
        let instance = self.heap.alloc(Object::Instance(Box::new(Instance {
            class,
            dict,
            exception,
            base,
        })));
        let init = self.class_lookup(class, "__init__");
        match init {
            Some(init) if self.is_function(init) => {
                let Value::Obj(f) = init else { unreachable!() };
                let mut full = vec![Value::Obj(instance)];
                full.extend(args);
                let frame =
                    self.bind_function(f, full, kw_names, ReturnAction::PushInstance(instance))?;
                Ok(Callee::Frame(frame))
            }
            _ => {
                if !is_exception && builtin == BuiltinType::Object && !args.is_empty() {
                    let name = self.class_name(class);
                    return self.raise("TypeError", format!("{name}() takes no arguments"));
                }
                Ok(Callee::Done(Value::Obj(instance)))
            }
        }
    }

    /// `name` from the first user (non-builtin) class in `class`'s MRO that defines it.
    fn user_class_attr(&mut self, class: ObjId, name: &str) -> Option<Value> {
        let key = self.intern(name);
        for &c in self.mro(class) {
            if self.is_builtin_class(c) {
                return None;
            }
            if let Object::Class(cls) = self.heap.get(c)
                && let Some(v) = self.dict_get_str(cls.dict, key)
            {
                return Some(v);
            }
        }
        None
    }

    fn is_function(&self, v: Value) -> bool {
        matches!(v, Value::Obj(id) if matches!(self.heap.get(id), Object::Function(_)))
    }

    /// `MAKE_FUNCTION`.
    pub(crate) fn make_function(
        &mut self,
        frame: &mut Frame,
        code: Value,
        func_flags: u32,
    ) -> PyResult<Value> {
        let Value::Obj(code_id) = code else {
            unreachable!("compiler passes a code object")
        };
        let Object::Code(code) = self.heap.get(code_id) else {
            unreachable!("compiler passes a code object")
        };
        let code = code.clone();
        // The code's constants and names are made now, as CPython has them
        // with the code object, not at the first call: so a function
        // defined in explore's shared prefix is ready in every run from it.
        self.code_values(&code);
        let closure = if func_flags & 0x08 != 0 {
            let t = frame.stack.pop().unwrap_or(Value::None);
            self.sequence_items(t)?
        } else {
            Vec::new()
        };
        let annotations =
            (func_flags & 0x04 != 0).then(|| frame.stack.pop().unwrap_or(Value::None));
        let kwdefaults = if func_flags & 0x02 != 0 {
            frame.stack.pop().and_then(Value::as_obj)
        } else {
            None
        };
        let defaults = if func_flags & 0x01 != 0 {
            let t = frame.stack.pop().unwrap_or(Value::None);
            self.sequence_items(t)?
        } else {
            Vec::new()
        };
        Ok(self.alloc(Object::Function(Box::new(Function {
            name: code.name.as_ref().into(),
            qualname: code.qualname.as_ref().into(),
            code,
            globals: frame.globals,
            defaults,
            kwdefaults,
            closure,
            dict: None,
            annotations,
            doc: None,
            module: None,
        }))))
    }

    /// `f(*args, **kwargs)`: appends the mapping's items as keyword arguments.
    pub(crate) fn append_kwargs(
        &mut self,
        mut args: Vec<Value>,
        kwargs: Value,
    ) -> PyResult<(Vec<Value>, Option<Value>)> {
        let Value::Obj(id) = kwargs else {
            return Ok((args, None));
        };
        let Object::Dict(d) = self.heap.get(id) else {
            return self.raise("TypeError", "argument after ** must be a mapping");
        };
        let entries: Vec<_> = d.iter().collect();
        let mut names = Vec::with_capacity(entries.len());
        for e in entries {
            names.push(e.key);
            args.push(e.value);
        }
        let kw = self.kw_tuple(&names);
        Ok((args, kw))
    }

    /// `__build_class__(func, name, *bases)`: runs the class body and creates the class.
    pub(crate) fn build_class(&mut self, args: &[Value]) -> PyResult<Value> {
        let (Some(&body), Some(&name)) = (args.first(), args.get(1)) else {
            return self.raise("TypeError", "__build_class__: not enough arguments");
        };
        let mut bases: Vec<ObjId> = Vec::new();
        for &b in &args[2..] {
            match b {
                Value::Obj(id) if matches!(self.heap.get(id), Object::Class(_)) => bases.push(id),
                other => {
                    let msg = format!("bases must be types, not {}", self.type_name(other));
                    return self.raise("TypeError", msg);
                }
            }
        }
        if bases.is_empty() {
            bases.push(self.types.object);
        }
        let namespace = self.heap.alloc(Object::Dict(Dict::new()));
        let Value::Obj(body_id) = body else {
            unreachable!("compiler passes a function")
        };
        let Object::Function(f) = self.heap.get(body_id) else {
            unreachable!("compiler passes a function")
        };
        let (code, globals) = (f.code.clone(), f.globals);
        let mut frame = self.new_frame(
            code,
            globals,
            Some(namespace),
            Some(body_id),
            ReturnAction::NativeCall,
        );
        frame.locals = Some(namespace);
        let classcell = match self.execute_nested(frame)? {
            NestedExit::Returned(v) | NestedExit::Yielded(v, _) => v,
        };
        let eq_key = self.intern("__eq__");
        let hash_key = self.intern("__hash__");
        if self.dict_get_str(namespace, eq_key).is_some()
            && self.dict_get_str(namespace, hash_key).is_none()
        {
            self.dict_set_str(namespace, hash_key, Value::None);
        }
        let name_str: Box<str> = self.str_of(name).into();
        let qualname_key = self.intern("__qualname__");
        let qualname: Box<str> = match self.dict_get_str(namespace, qualname_key) {
            Some(q) => self.str_of(q).into(),
            None => name_str.clone(),
        };
        let mro = self.compute_mro(&bases)?;
        let is_exception = bases
            .iter()
            .any(|&b| matches!(self.heap.get(b), Object::Class(c) if c.is_exception));
        let builtin = bases
            .iter()
            .find_map(|&b| match self.heap.get(b) {
                Object::Class(c) if c.builtin != BuiltinType::Object => Some(c.builtin),
                _ => None,
            })
            .unwrap_or(BuiltinType::Object);
        let class = self.heap.alloc(Object::Class(Box::new(Class {
            name: name_str,
            qualname,
            bases,
            mro: Vec::new(),
            dict: namespace,
            builtin,
            is_exception,
        })));
        if let Object::Class(c) = self.heap.get_mut(class) {
            c.mro = std::iter::once(class).chain(mro).collect();
        }
        if let Value::Obj(cell) = classcell
            && let Object::Cell(content) = self.heap.get_mut(cell)
        {
            *content = Some(Value::Obj(class));
        }
        self.init_subclass(class)?;
        Ok(Value::Obj(class))
    }

    /// Calls the nearest user-defined `__init_subclass__` above `class` (an
    /// implicit classmethod), as `type.__new__` does.
    fn init_subclass(&mut self, class: ObjId) -> PyResult<()> {
        let key = self.intern("__init_subclass__");
        for &c in self.mro(class).iter().skip(1) {
            if self.is_builtin_class(c) {
                return Ok(());
            }
            let Object::Class(cls) = self.heap.get(c) else {
                continue;
            };
            if let Some(hook) = self.dict_get_str(cls.dict, key) {
                let func = match hook {
                    Value::Obj(id) => match self.heap.get(id) {
                        Object::ClassMethod(f) => *f,
                        _ => hook,
                    },
                    _ => hook,
                };
                self.call_sync(func, vec![Value::Obj(class)])?;
                return Ok(());
            }
        }
        Ok(())
    }

    /// C3 linearisation of `bases` (the class itself excluded).
    fn compute_mro(&mut self, bases: &[ObjId]) -> PyResult<Vec<ObjId>> {
        let mut seqs: Vec<Vec<ObjId>> = bases
            .iter()
            .map(|&b| match self.heap.get(b) {
                Object::Class(c) => c.mro.clone(),
                _ => vec![b],
            })
            .collect();
        seqs.push(bases.to_vec());
        let mut out = Vec::new();
        loop {
            seqs.retain(|s| !s.is_empty());
            if seqs.is_empty() {
                return Ok(out);
            }
            let candidate = seqs
                .iter()
                .map(|s| s[0])
                .find(|&c| seqs.iter().all(|s| !s[1..].contains(&c)));
            let Some(c) = candidate else {
                return self.raise(
                    "TypeError",
                    "Cannot create a consistent method resolution order (MRO)",
                );
            };
            out.push(c);
            for s in &mut seqs {
                if s[0] == c {
                    s.remove(0);
                }
            }
        }
    }

    /// A native function object.
    pub(crate) fn native(
        &mut self,
        name: &'static str,
        call: crate::model::native::NativeImpl,
    ) -> Value {
        self.alloc(Object::Native {
            func: crate::model::native::NativeFn { name, call },
            receiver: None,
        })
    }

    /// Turns a raised value (class or instance) into an exception instance.
    pub(crate) fn make_exception(&mut self, v: Value) -> Result<ObjId, VmError> {
        match v {
            Value::Obj(id) => match self.heap.get(id) {
                Object::Instance(i) if i.exception.is_some() => Ok(id),
                Object::Class(c) if c.is_exception => match self.call_sync(v, Vec::new())? {
                    Value::Obj(e) => Ok(e),
                    _ => Err(self.error("TypeError", "exceptions must derive from BaseException")),
                },
                _ => Err(self.error("TypeError", "exceptions must derive from BaseException")),
            },
            _ => Err(self.error("TypeError", "exceptions must derive from BaseException")),
        }
    }
}
