//! Types of values, attribute lookup and assignment, modules.

use crate::Vm;
use crate::event::Location;
use crate::model::error::PyResult;
use crate::model::heap::ObjId;
use crate::model::object::{BuiltinType, Object};
use crate::model::value::Value;

impl Vm {
    /// The class of a value.
    pub(crate) fn type_of(&self, v: Value) -> ObjId {
        let builtin = match v {
            Value::Null | Value::None => BuiltinType::NoneType,
            Value::Bool(_) => BuiltinType::Bool,
            Value::Int(_) => BuiltinType::Int,
            Value::Float(_) => BuiltinType::Float,
            Value::NotImplemented => BuiltinType::NotImplementedType,
            Value::Ellipsis => BuiltinType::Ellipsis,
            Value::Obj(id) => match self.heap.get(id) {
                Object::Str(_) => BuiltinType::Str,
                Object::Bytes(_) => BuiltinType::Bytes,
                Object::BigInt(_) => BuiltinType::Int,
                Object::List(_) => BuiltinType::List,
                Object::Tuple(_) => BuiltinType::Tuple,
                Object::Dict(_) => BuiltinType::Dict,
                Object::Set { frozen: false, .. } => BuiltinType::Set,
                Object::Set { frozen: true, .. } => BuiltinType::FrozenSet,
                Object::Range { .. } => BuiltinType::Range,
                Object::Slice { .. } => BuiltinType::Slice,
                Object::Function(_) => BuiltinType::Function,
                Object::Native { .. } => BuiltinType::NativeFunction,
                Object::BoundMethod { .. } => BuiltinType::Method,
                Object::Cell(_) => BuiltinType::Cell,
                Object::Class(_) => BuiltinType::Type,
                Object::Instance(i) => return i.class,
                Object::Generator(_) => BuiltinType::Generator,
                Object::Module { .. } => BuiltinType::Module,
                Object::Iter(_) => BuiltinType::Iterator,
                Object::Property { .. } => BuiltinType::Property,
                Object::StaticMethod(_) => BuiltinType::StaticMethod,
                Object::ClassMethod(_) => BuiltinType::ClassMethod,
                Object::Super { .. } => BuiltinType::Super,
                Object::Code(_) => BuiltinType::Code,
                Object::Frame(_) => BuiltinType::Frame,
                Object::Lock {
                    recursion: None, ..
                } => BuiltinType::Lock,
                Object::Lock {
                    recursion: Some(_), ..
                } => BuiltinType::RLock,
                Object::Complex { .. } => BuiltinType::Complex,
                // Nothing can reach a placeholder to ask for its type.
                Object::Unreachable => BuiltinType::Object,
            },
        };
        self.types.get(builtin)
    }

    /// `type(v).__name__`.
    pub(crate) fn type_name(&self, v: Value) -> String {
        self.class_name(self.type_of(v))
    }

    /// A class's `__name__`.
    pub(crate) fn class_name(&self, class: ObjId) -> String {
        match self.heap.get(class) {
            Object::Class(c) => c.name.to_string(),
            _ => "?".to_owned(),
        }
    }

    /// The `__module__` of a class: `builtins` for the builtin classes, the
    /// str in its namespace otherwise (`__main__` if it is missing).
    pub(crate) fn class_module(&mut self, class: ObjId) -> String {
        let Object::Class(c) = self.heap.get(class) else {
            return "__main__".to_owned();
        };
        let dict = c.dict;
        if self.is_builtin_class(class) {
            // Builtin types of other modules (`_thread.lock`) say so.
            let key = self.intern("__module__");
            return match self.dict_get_str(dict, key) {
                Some(module) => self.str_of(module).to_owned(),
                None => "builtins".to_owned(),
            };
        }
        self.namespace_str(dict, "__module__")
    }

    /// The `__name__` of a function's module.
    pub(crate) fn function_module(&mut self, globals: ObjId) -> String {
        self.namespace_str(globals, "__name__")
    }

    /// A str entry of a namespace dict, `__main__` if missing or not a str.
    fn namespace_str(&mut self, dict: ObjId, name: &str) -> String {
        let key = self.intern(name);
        match self.dict_get_str(dict, key) {
            Some(v) if self.is_str(v) => self.str_of(v).to_owned(),
            _ => "__main__".to_owned(),
        }
    }

    /// `module.qualname` of a class, as `repr(cls)` and `object.__repr__`
    /// show it (just the qualname for builtins).
    pub(crate) fn qualified_class_name(&mut self, class: ObjId) -> String {
        let qualname = match self.heap.get(class) {
            Object::Class(c) => c.qualname.to_string(),
            _ => "?".to_owned(),
        };
        match self.class_module(class).as_str() {
            "builtins" => qualname,
            module => format!("{module}.{qualname}"),
        }
    }

    /// `true` for classes created at start-up.
    pub(crate) fn is_builtin_class(&self, class: ObjId) -> bool {
        self.types.is_builtin(class)
    }

    /// The MRO of a class.
    pub(crate) fn mro(&self, class: ObjId) -> &[ObjId] {
        match self.heap.get(class) {
            Object::Class(c) => &c.mro,
            _ => &[],
        }
    }

    /// `issubclass(class, base)`.
    pub(crate) fn is_subclass(&self, class: ObjId, base: ObjId) -> bool {
        class == base || self.mro(class).contains(&base)
    }

    /// Looks `name` up along the MRO of `class`.
    pub(crate) fn class_lookup(&mut self, class: ObjId, name: &str) -> Option<Value> {
        let key = self.intern(name);
        self.class_lookup_key(class, key)
    }

    /// [`Vm::class_lookup`] by an interned name, through the name cache.
    fn class_lookup_key(&mut self, class: ObjId, key: Value) -> Option<Value> {
        let mut depth = 0;
        while let Some(&c) = self.mro(class).get(depth) {
            depth += 1;
            if let Object::Class(cls) = self.heap.get(c)
                && let Some(v) = self.dict_get_name(cls.dict, key)
            {
                return Some(v);
            }
        }
        None
    }

    /// The callable for `LOAD_METHOD`: a plain function found on the class
    /// (called with the receiver as first argument), if there is one.
    pub(crate) fn lookup_method(&mut self, obj: Value, name: Value) -> PyResult<Option<Value>> {
        if let Value::Obj(id) = obj {
            match self.heap.get(id) {
                Object::Instance(inst) => {
                    let dict = inst.dict;
                    if self.dict_get_name(dict, name).is_some() {
                        return Ok(None);
                    }
                }
                Object::Class(_) | Object::Module { .. } | Object::Super { .. } => return Ok(None),
                _ => {}
            }
        }
        let class = self.type_of(obj);
        match self.class_lookup_key(class, name) {
            Some(f @ Value::Obj(fid)) if matches!(self.heap.get(fid), Object::Function(_)) => {
                Ok(Some(f))
            }
            Some(Value::Obj(fid))
                if matches!(self.heap.get(fid), Object::Native { receiver: None, .. }) =>
            {
                Ok(Some(Value::Obj(fid)))
            }
            _ => Ok(None),
        }
    }

    /// Binds a class attribute found for `obj` (functions become bound methods).
    fn bind(&mut self, attr: Value, obj: Value, owner: ObjId) -> PyResult<Value> {
        let Value::Obj(id) = attr else {
            return Ok(attr);
        };
        match self.heap.get(id) {
            Object::Function(_) => Ok(self.alloc(Object::BoundMethod {
                func: attr,
                receiver: obj,
            })),
            Object::Native { receiver: None, .. } => {
                // Methods of builtin types act on the builtin value a subclass
                // instance extends (`MyList.append` is `list.append`).
                let receiver = self.unwrap_builtin(obj);
                Ok(self.alloc(Object::BoundMethod {
                    func: attr,
                    receiver,
                }))
            }
            Object::StaticMethod(f) => Ok(*f),
            Object::ClassMethod(f) => {
                let f = *f;
                let class = if matches!(obj, Value::Obj(o) if matches!(self.heap.get(o), Object::Class(_)))
                {
                    obj
                } else {
                    Value::Obj(owner)
                };
                Ok(self.alloc(Object::BoundMethod {
                    func: f,
                    receiver: class,
                }))
            }
            Object::Property { fget, .. } => {
                let fget = *fget;
                self.call_sync(fget, vec![obj])
            }
            _ => Ok(attr),
        }
    }

    /// `getattr(obj, name)`.
    pub(crate) fn get_attr(&mut self, obj: Value, name: Value) -> PyResult<Value> {
        if let Some(v) = self.get_attr_opt(obj, name)? {
            return Ok(v);
        }
        if let Some(r) = self.call_user_special(obj, "__getattr__", vec![name])? {
            return Ok(r);
        }
        let attr = self.str_of(name).to_owned();
        let msg = match obj {
            Value::Obj(id) if matches!(self.heap.get(id), Object::Class(_)) => {
                format!(
                    "type object '{}' has no attribute '{attr}'",
                    self.class_name(id)
                )
            }
            Value::Obj(id) if matches!(self.heap.get(id), Object::Module { .. }) => {
                let Object::Module { name, .. } = self.heap.get(id) else {
                    unreachable!()
                };
                format!("module '{name}' has no attribute '{attr}'")
            }
            _ => format!("'{}' object has no attribute '{attr}'", self.type_name(obj)),
        };
        self.raise("AttributeError", msg)
    }

    /// Attribute `name` of instance `id` (of `class`, namespace `dict`): a
    /// property, else the instance's own attribute (a recorded read), else
    /// the class attribute bound to the instance.
    fn instance_attr(
        &mut self,
        id: ObjId,
        class: ObjId,
        dict: ObjId,
        name: Value,
    ) -> PyResult<Option<Value>> {
        let obj = Value::Obj(id);
        let class_attr = self.class_lookup_key(class, name);
        if let Some(Value::Obj(a)) = class_attr
            && matches!(self.heap.get(a), Object::Property { .. })
        {
            return self.bind(Value::Obj(a), obj, class).map(Some);
        }
        if let Some(v) = self.dict_get_name(dict, name) {
            if let Value::Obj(name) = name {
                self.record_read(Location::Attr { object: id, name }, v);
            }
            return Ok(Some(v));
        }
        match class_attr {
            Some(a) => self.bind(a, obj, class).map(Some),
            None => Ok(None),
        }
    }

    /// `getattr(obj, name, None)` without raising `AttributeError`.
    #[expect(
        clippy::too_many_lines,
        reason = "CPython's lookup order, one case after another"
    )]
    pub(crate) fn get_attr_opt(&mut self, obj: Value, name: Value) -> PyResult<Option<Value>> {
        // The common case first: a plain attribute of an ordinary instance.
        if let Value::Obj(id) = obj
            && let Object::Instance(inst) = self.heap.get(id)
            && inst.exception.is_none()
            && !matches!(self.str_of(name), "__class__" | "__dict__")
        {
            let (class, dict) = (inst.class, inst.dict);
            return self.instance_attr(id, class, dict, name);
        }
        let name_str = self.str_of(name).to_owned();
        if name_str == "__class__" {
            return Ok(Some(Value::Obj(self.type_of(obj))));
        }
        if let Value::Obj(id) = obj {
            match self.heap.get(id) {
                Object::Instance(inst) => {
                    let (class, dict) = (inst.class, inst.dict);
                    if name_str == "__dict__" {
                        return Ok(Some(Value::Obj(dict)));
                    }
                    if let Some(v) = self.exception_attr(id, &name_str) {
                        return Ok(Some(v));
                    }
                    return self.instance_attr(id, class, dict, name);
                }
                Object::Class(c) => {
                    match name_str.as_str() {
                        "__name__" => return Ok(Some(self.new_str(c.name.clone()))),
                        "__qualname__" => return Ok(Some(self.new_str(c.qualname.clone()))),
                        "__dict__" => return Ok(Some(Value::Obj(c.dict))),
                        "__mro__" => {
                            let mro = c.mro.iter().map(|&m| Value::Obj(m)).collect();
                            return Ok(Some(self.new_tuple(mro)));
                        }
                        "__base__" => {
                            return Ok(Some(
                                c.bases.first().map_or(Value::None, |b| Value::Obj(*b)),
                            ));
                        }
                        "__module__" if self.is_builtin_class(id) => {
                            let module = self.class_module(id);
                            return Ok(Some(self.intern(&module)));
                        }
                        "__bases__" => {
                            let bases = c.bases.iter().map(|&m| Value::Obj(m)).collect();
                            return Ok(Some(self.new_tuple(bases)));
                        }
                        _ => {}
                    }
                    return match self.class_lookup_key(id, name) {
                        Some(Value::Obj(a))
                            if matches!(
                                self.heap.get(a),
                                Object::ClassMethod(_) | Object::StaticMethod(_)
                            ) =>
                        {
                            self.bind(Value::Obj(a), obj, id).map(Some)
                        }
                        other => Ok(other),
                    };
                }
                Object::Module { dict, .. } => {
                    let dict = *dict;
                    return Ok(self.dict_get_str(dict, name));
                }
                Object::Function(f) => {
                    match name_str.as_str() {
                        "__doc__" if f.doc.is_some() => return Ok(f.doc),
                        "__module__" if f.module.is_some() => return Ok(f.module),
                        "__name__" => return Ok(Some(self.new_str(f.name.clone()))),
                        "__qualname__" => return Ok(Some(self.new_str(f.qualname.clone()))),
                        "__code__" => {
                            let code = f.code.clone();
                            return Ok(Some(self.alloc(Object::Code(code))));
                        }
                        "__module__" => {
                            let globals = f.globals;
                            let module = self.function_module(globals);
                            return Ok(Some(self.new_str(module)));
                        }
                        "__doc__" => {
                            let doc = match f.code.consts.first() {
                                Some(interleave_lang::code::Constant::Str(s)) => Some(s.clone()),
                                _ => None,
                            };
                            return Ok(Some(match doc {
                                Some(d) => self.new_str(d.as_ref()),
                                None => Value::None,
                            }));
                        }
                        "__defaults__" => {
                            let defaults = f.defaults.clone();
                            return Ok(Some(if defaults.is_empty() {
                                Value::None
                            } else {
                                self.new_tuple(defaults)
                            }));
                        }
                        "__kwdefaults__" => {
                            return Ok(Some(f.kwdefaults.map_or(Value::None, Value::Obj)));
                        }
                        "__closure__" => {
                            let cells = f.closure.clone();
                            return Ok(Some(if cells.is_empty() {
                                Value::None
                            } else {
                                self.new_tuple(cells)
                            }));
                        }
                        "__dict__" => {
                            let d = f.dict;
                            return Ok(Some(match d {
                                Some(d) => Value::Obj(d),
                                None => self.new_dict(),
                            }));
                        }
                        _ => {}
                    }
                    if let Some(d) = f.dict
                        && let Some(v) = self.dict_get_str(d, name)
                    {
                        return Ok(Some(v));
                    }
                }
                Object::Native { func, .. } if name_str == "__name__" => {
                    return Ok(Some(self.new_str(func.name)));
                }
                Object::Complex { re, im } if matches!(name_str.as_str(), "real" | "imag") => {
                    return Ok(Some(Value::Float(if name_str == "real" {
                        *re
                    } else {
                        *im
                    })));
                }
                Object::Cell(content) if name_str == "cell_contents" => {
                    return match content {
                        Some(v) => Ok(Some(*v)),
                        None => self.raise("ValueError", "Cell is empty"),
                    };
                }
                Object::BoundMethod { func, receiver } => {
                    let (func, receiver) = (*func, *receiver);
                    match name_str.as_str() {
                        "__self__" => return Ok(Some(receiver)),
                        "__func__" => return Ok(Some(func)),
                        _ => return self.get_attr_opt(func, name),
                    }
                }
                Object::Generator(g) if name_str == "__name__" => {
                    let n = g.name.clone();
                    return Ok(Some(self.new_str(n)));
                }
                Object::Super { class, obj: bound } => {
                    let (class, bound) = (*class, *bound);
                    let start_type = match bound {
                        Value::Obj(b) if matches!(self.heap.get(b), Object::Class(_)) => b,
                        _ => self.type_of(bound),
                    };
                    let mro = self.mro(start_type);
                    let after = mro.iter().position(|&c| c == class).map_or(0, |p| p + 1);
                    for &c in &mro[after..] {
                        if let Object::Class(cls) = self.heap.get(c)
                            && let Some(v) = self.dict_get_str(cls.dict, name)
                        {
                            return self.bind(v, bound, start_type).map(Some);
                        }
                    }
                    return Ok(None);
                }
                Object::Frame(_) => return self.frame_attr(id, &name_str),
                Object::Code(code) => {
                    let code = code.clone();
                    return Ok(match name_str.as_str() {
                        "co_name" => Some(self.new_str(code.name.as_ref())),
                        "co_filename" => Some(self.new_str(code.filename.as_ref())),
                        "co_firstlineno" => Some(Value::Int(i64::from(code.first_line))),
                        "co_qualname" => Some(self.new_str(code.qualname.as_ref())),
                        "co_argcount" => Some(Value::Int(i64::from(code.arg_count))),
                        "co_posonlyargcount" => Some(Value::Int(i64::from(code.posonly_arg_count))),
                        "co_kwonlyargcount" => Some(Value::Int(i64::from(code.kwonly_arg_count))),
                        "co_flags" => Some(Value::Int(i64::from(code.flags))),
                        "co_nlocals" => {
                            let n = code
                                .slots
                                .iter()
                                .filter(|s| s.kind != interleave_lang::code::SlotKind::Free)
                                .count();
                            Some(Value::Int(i64::try_from(n).unwrap_or(0)))
                        }
                        "co_varnames" | "co_cellvars" | "co_freevars" => {
                            use interleave_lang::code::SlotKind;
                            let n_args = code.total_arg_count();
                            let wanted = |i: usize, kind: SlotKind| match name_str.as_str() {
                                "co_varnames" => {
                                    kind != SlotKind::Free
                                        && (i < n_args || kind == SlotKind::Local)
                                }
                                "co_cellvars" => kind == SlotKind::Cell,
                                _ => kind == SlotKind::Free,
                            };
                            let names: Vec<std::sync::Arc<str>> = code
                                .slots
                                .iter()
                                .enumerate()
                                .filter(|(i, s)| wanted(*i, s.kind))
                                .map(|(_, s)| s.name.clone())
                                .collect();
                            let items = names.iter().map(|n| self.new_str(n.as_ref())).collect();
                            Some(self.new_tuple(items))
                        }
                        "co_names" => {
                            let names = code.names.clone();
                            let items = names.iter().map(|n| self.new_str(n.as_ref())).collect();
                            Some(self.new_tuple(items))
                        }
                        _ => None,
                    });
                }
                _ => {}
            }
        }
        let class = self.type_of(obj);
        match self.class_lookup_key(class, name) {
            Some(a) => self.bind(a, obj, class).map(Some),
            None => Ok(None),
        }
    }

    fn exception_attr(&mut self, id: ObjId, name: &str) -> Option<Value> {
        let Object::Instance(inst) = self.heap.get(id) else {
            return None;
        };
        let data = inst.exception.as_ref()?;
        match name {
            "args" => Some(data.args),
            "__cause__" => Some(data.cause),
            "__context__" => Some(data.context),
            "__suppress_context__" => Some(Value::Bool(data.suppress_context)),
            "__traceback__" => Some(Value::None),
            "value" if self.is_instance_of_name(id, "StopIteration") => {
                let args = data.args;
                Some(match self.heap.get(args.as_obj()?) {
                    Object::Tuple(t) => t.first().copied().unwrap_or(Value::None),
                    _ => Value::None,
                })
            }
            "code" if self.is_instance_of_name(id, "SystemExit") => {
                let args = data.args;
                Some(match self.heap.get(args.as_obj()?) {
                    Object::Tuple(t) if t.is_empty() => Value::None,
                    Object::Tuple(t) if t.len() == 1 => t[0],
                    _ => args,
                })
            }
            _ => None,
        }
    }

    /// `setattr(obj, name, value)`: a user class's `__setattr__` if it has one.
    pub(crate) fn set_attr(&mut self, obj: Value, name: Value, value: Value) -> PyResult<()> {
        if let Some(hook) = self.user_special(obj, "__setattr__") {
            self.call_sync(hook, vec![obj, name, value])?;
            return Ok(());
        }
        self.set_attr_plain(obj, name, value)
    }

    /// Assigns a function's `__name__`/`__qualname__` (str only) or its
    /// `__doc__`/`__module__` (any value).
    fn set_function_slot(&mut self, function: ObjId, name: Value, value: Value) -> PyResult<()> {
        let attr = self.str_of(name).to_owned();
        let is_name = matches!(attr.as_str(), "__name__" | "__qualname__");
        if is_name && !self.is_str(value) {
            return self.raise(
                "TypeError",
                format!("{attr} must be set to a string object"),
            );
        }
        let text: Box<str> = self.str_of(value).into();
        if let Object::Function(f) = self.heap.get_mut(function) {
            match attr.as_str() {
                "__name__" => f.name = text,
                "__qualname__" => f.qualname = text,
                "__doc__" => f.doc = Some(value),
                _ => f.module = Some(value),
            }
        }
        Ok(())
    }

    /// `object.__setattr__(obj, name, value)`: descriptors, slots, `__dict__`.
    pub(crate) fn set_attr_plain(&mut self, obj: Value, name: Value, value: Value) -> PyResult<()> {
        if let Value::Obj(id) = obj {
            match self.heap.get(id) {
                Object::Instance(inst) => {
                    let (class, dict) = (inst.class, inst.dict);
                    if let Some(Value::Obj(p)) = self.class_lookup_key(class, name)
                        && let Object::Property { fset, .. } = self.heap.get(p)
                    {
                        let fset = *fset;
                        if fset == Value::None {
                            let msg = format!("can't set attribute '{}'", self.str_of(name));
                            return self.raise("AttributeError", msg);
                        }
                        self.call_sync(fset, vec![obj, value])?;
                        return Ok(());
                    }
                    if self.str_of(name) == "__cause__"
                        && let Object::Instance(inst) = self.heap.get_mut(id)
                        && let Some(data) = &mut inst.exception
                    {
                        data.cause = value;
                        data.suppress_context = true;
                        return Ok(());
                    }
                    if let Some(allowed) = self.slots_of(class)?
                        && !allowed.iter().any(|s| s == self.str_of(name))
                    {
                        let msg = format!(
                            "'{}' object has no attribute '{}'",
                            self.class_name(class),
                            self.str_of(name)
                        );
                        return self.raise("AttributeError", msg);
                    }
                    let old = self.dict_set_str(dict, name, value);
                    if let Value::Obj(name) = name {
                        self.record_write(
                            Location::Attr { object: id, name },
                            old.unwrap_or(Value::Null),
                            value,
                        );
                    }
                    return Ok(());
                }
                Object::Class(c) => {
                    let dict = c.dict;
                    self.dict_set_str(dict, name, value);
                    return Ok(());
                }
                Object::Module { dict, .. } => {
                    let dict = *dict;
                    self.dict_set_str(dict, name, value);
                    return Ok(());
                }
                Object::Frame(_) => {
                    let attr = self.str_of(name).to_owned();
                    if self.set_frame_attr(id, &attr, value)? {
                        return Ok(());
                    }
                }
                Object::Function(_)
                    if matches!(
                        self.str_of(name),
                        "__name__" | "__qualname__" | "__doc__" | "__module__"
                    ) =>
                {
                    return self.set_function_slot(id, name, value);
                }
                Object::Function(f) => {
                    let dict = if let Some(d) = f.dict {
                        d
                    } else {
                        let d = self
                            .heap
                            .alloc(Object::Dict(crate::model::dict::Dict::new()));
                        if let Object::Function(f) = self.heap.get_mut(id) {
                            f.dict = Some(d);
                        }
                        d
                    };
                    self.dict_set_str(dict, name, value);
                    return Ok(());
                }
                _ => {}
            }
        }
        let msg = format!(
            "'{}' object has no attribute '{}'",
            self.type_name(obj),
            self.str_of(name)
        );
        self.raise("AttributeError", msg)
    }

    /// The attribute names instances of `class` may have when every user
    /// class in its MRO declares `__slots__` (so instances have no
    /// `__dict__`); `None` otherwise.
    fn slots_of(&mut self, class: ObjId) -> PyResult<Option<Vec<String>>> {
        let key = self.intern("__slots__");
        let mut allowed = Vec::new();
        for c in self.mro(class).to_vec() {
            if self.is_builtin_class(c) {
                continue;
            }
            let Object::Class(cls) = self.heap.get(c) else {
                continue;
            };
            let Some(slots) = self.dict_get_str(cls.dict, key) else {
                return Ok(None);
            };
            let names = if matches!(slots, Value::Obj(s) if matches!(self.heap.get(s), Object::Str(_)))
            {
                vec![slots]
            } else {
                self.collect_iterable(slots)?
            };
            for n in names {
                let n = self.str_of(n).to_owned();
                if n == "__dict__" {
                    return Ok(None);
                }
                allowed.push(n);
            }
        }
        Ok(Some(allowed))
    }

    /// `delattr(obj, name)`: a user class's `__delattr__` if it has one.
    pub(crate) fn del_attr(&mut self, obj: Value, name: Value) -> PyResult<()> {
        if let Some(hook) = self.user_special(obj, "__delattr__") {
            self.call_sync(hook, vec![obj, name])?;
            return Ok(());
        }
        self.del_attr_plain(obj, name)
    }

    /// `object.__delattr__(obj, name)`.
    pub(crate) fn del_attr_plain(&mut self, obj: Value, name: Value) -> PyResult<()> {
        let dict = match obj {
            Value::Obj(id) => match self.heap.get(id) {
                Object::Instance(i) => Some(i.dict),
                Object::Class(c) => Some(c.dict),
                _ => None,
            },
            _ => None,
        };
        if let Some(d) = dict
            && self.dict_del_str(d, name)
        {
            return Ok(());
        }
        let msg = format!(
            "'{}' object has no attribute '{}'",
            self.type_name(obj),
            self.str_of(name)
        );
        self.raise("AttributeError", msg)
    }

    /// A special method looked up on the type, bound to `obj`.
    pub(crate) fn special_method(&mut self, obj: Value, name: &str) -> PyResult<Value> {
        let key = self.intern(name);
        self.special_method_key(obj, key)
    }

    /// [`Vm::special_method`] by an interned name.
    pub(crate) fn special_method_key(&mut self, obj: Value, key: Value) -> PyResult<Value> {
        let class = self.type_of(obj);
        let found = match key {
            Value::Obj(name) => {
                if let Some(&m) = self.builtin_specials.get(&(class, name)) {
                    Some(m)
                } else {
                    let m = self.class_lookup_key(class, key);
                    if let Some(m) = m
                        && self.is_builtin_class(class)
                    {
                        self.builtin_specials.insert((class, name), m);
                    }
                    m
                }
            }
            _ => None,
        };
        if let Some(m) = found {
            self.bind(m, obj, class)
        } else {
            let msg = format!(
                "'{}' object has no attribute '{}'",
                self.type_name(obj),
                self.str_of(key)
            );
            self.raise("AttributeError", msg)
        }
    }

    /// A special method defined by a user class in the value's MRO (methods
    /// inherited from builtin classes are handled natively by the caller).
    pub(crate) fn user_special(&mut self, obj: Value, name: &str) -> Option<Value> {
        let Value::Obj(id) = obj else { return None };
        let Object::Instance(inst) = self.heap.get(id) else {
            return None;
        };
        let class = inst.class;
        let key = self.intern(name);
        let mut depth = 0;
        while let Some(&c) = self.mro(class).get(depth) {
            depth += 1;
            if let Object::Class(cls) = self.heap.get(c)
                && let Some(v) = self.dict_get_name(cls.dict, key)
            {
                return (!self.is_builtin_class(c)).then_some(v);
            }
        }
        None
    }

    /// Calls a user-defined special method if present.
    pub(crate) fn call_user_special(
        &mut self,
        obj: Value,
        name: &str,
        args: Vec<Value>,
    ) -> PyResult<Option<Value>> {
        match self.user_special(obj, name) {
            Some(m) => {
                let mut full = vec![obj];
                full.extend(args);
                self.call_sync(m, full).map(Some)
            }
            None => Ok(None),
        }
    }

    /// `from module import name`.
    pub(crate) fn import_from(&mut self, module: Value, name: Value) -> PyResult<Value> {
        if let Some(v) = self.get_attr_opt(module, name)? {
            Ok(v)
        } else {
            let msg = format!("cannot import name '{}'", self.str_of(name));
            self.raise("ImportError", msg)
        }
    }

    /// A builtin by name.
    pub(crate) fn builtin(&mut self, name: &str) -> Value {
        let key = self.intern(name);
        self.dict_get_str(self.builtins, key).unwrap_or(Value::None)
    }

    /// `isinstance(exc, class)` for `except` clauses (class may be a tuple).
    pub(crate) fn exception_matches(&mut self, exc: Value, class: Value) -> PyResult<bool> {
        let classes = match class {
            Value::Obj(id) if matches!(self.heap.get(id), Object::Tuple(_)) => {
                self.sequence_items(class)?
            }
            other => vec![other],
        };
        let exc_class = self.type_of(exc);
        for c in classes {
            match c {
                Value::Obj(cid) if matches!(self.heap.get(cid), Object::Class(k) if k.is_exception) => {
                    if self.is_subclass(exc_class, cid) {
                        return Ok(true);
                    }
                }
                _ => {
                    return self.raise(
                        "TypeError",
                        "catching classes that do not inherit from BaseException is not allowed",
                    );
                }
            }
        }
        Ok(false)
    }

    /// `true` if exception instance `exc` is an instance of builtin exception `name`.
    pub(crate) fn is_instance_of_name(&self, exc: ObjId, name: &str) -> bool {
        let class = self.type_of(Value::Obj(exc));
        self.is_subclass(class, self.types.exception(name))
    }

    /// A `StopIteration(value)` instance.
    pub(crate) fn stop_iteration(&mut self, value: Value) -> ObjId {
        let class = self.types.exception("StopIteration");
        self.new_exception(class, vec![value])
    }
}
