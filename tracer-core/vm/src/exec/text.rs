//! `repr()`, `str()`, `format()` and CPython-style tracebacks.

use std::fmt::Write;

use crate::Vm;
use crate::model::error::PyResult;
use crate::model::heap::ObjId;
use crate::model::object::Object;
use crate::model::value::Value;
use interleave_lang::format::{self, FormatArg};
use interleave_lang::repr::{bytes_repr, str_repr};

impl Vm {
    /// `repr(v)` as a str object.
    pub(crate) fn repr(&mut self, v: Value) -> PyResult<Value> {
        let s = self.repr_string(v, &mut Vec::new())?;
        Ok(self.new_str(s))
    }

    /// `str(v)` as a str object.
    pub(crate) fn str_value(&mut self, v: Value) -> PyResult<Value> {
        if let Value::Obj(id) = v
            && matches!(self.heap.get(id), Object::Str(_))
        {
            return Ok(v);
        }
        let s = self.str_string(v)?;
        Ok(self.new_str(s))
    }

    /// `str(v)` as a Rust string.
    pub(crate) fn str_string(&mut self, v: Value) -> PyResult<String> {
        if let Value::Obj(id) = v {
            match self.heap.get(id) {
                Object::Str(s) => return Ok(s.to_string()),
                Object::Instance(inst) => {
                    let is_exception = inst.exception.is_some();
                    if let Some(r) = self.call_user_special(v, "__str__", Vec::new())? {
                        return Ok(self.str_of(r).to_owned());
                    }
                    if is_exception {
                        return self.exception_str(id);
                    }
                    // `str` is the one builtin with its own `__str__`.
                    if let Some(base @ Value::Obj(b)) = self.builtin_base(v)
                        && matches!(self.heap.get(b), Object::Str(_))
                    {
                        return Ok(self.str_of(base).to_owned());
                    }
                }
                _ => {}
            }
        }
        self.repr_string(v, &mut Vec::new())
    }

    fn exception_str(&mut self, id: ObjId) -> PyResult<String> {
        let Object::Instance(inst) = self.heap.get(id) else {
            return Ok(String::new());
        };
        let args = inst.exception.as_ref().map_or(Value::None, |e| e.args);
        let items = self.sequence_items(args)?;
        let is_key_error = self.is_instance_of_name(id, "KeyError");
        match items.len() {
            0 => Ok(String::new()),
            1 if is_key_error => self.repr_string(items[0], &mut Vec::new()),
            1 => self.str_string(items[0]),
            _ => self.repr_string(args, &mut Vec::new()),
        }
    }

    /// `repr(v)` as a Rust string; `seen` guards against cycles.
    #[expect(clippy::too_many_lines, reason = "one arm per object kind")]
    fn repr_string(&mut self, v: Value, seen: &mut Vec<ObjId>) -> PyResult<String> {
        Ok(match v {
            Value::Null | Value::None => "None".to_owned(),
            Value::Bool(true) => "True".to_owned(),
            Value::Bool(false) => "False".to_owned(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => format::float_repr(f),
            Value::NotImplemented => "NotImplemented".to_owned(),
            Value::Ellipsis => "Ellipsis".to_owned(),
            Value::Obj(id) => {
                if seen.len() >= crate::RECURSION_LIMIT {
                    return self.raise(
                        "RecursionError",
                        "maximum recursion depth exceeded while getting the repr of an object",
                    );
                }
                if seen.contains(&id) {
                    return Ok(match self.heap.get(id) {
                        Object::Dict(_) => "{...}".to_owned(),
                        _ => "[...]".to_owned(),
                    });
                }
                match self.heap.get(id) {
                    Object::Str(s) => str_repr(s),
                    Object::Bytes(b) => bytes_repr(b),
                    Object::BigInt(b) => b.to_string(),
                    Object::List(items) => {
                        let items = items.clone();
                        seen.push(id);
                        let r = self.join_reprs(&items, seen)?;
                        seen.pop();
                        format!("[{r}]")
                    }
                    Object::Tuple(items) => {
                        let items = items.to_vec();
                        seen.push(id);
                        let r = self.join_reprs(&items, seen)?;
                        seen.pop();
                        if items.len() == 1 {
                            format!("({r},)")
                        } else {
                            format!("({r})")
                        }
                    }
                    Object::Dict(d) => {
                        let entries: Vec<_> = d.iter().collect();
                        seen.push(id);
                        let mut parts = Vec::with_capacity(entries.len());
                        for e in entries {
                            let k = self.repr_string(e.key, seen)?;
                            let val = self.repr_string(e.value, seen)?;
                            parts.push(format!("{k}: {val}"));
                        }
                        seen.pop();
                        format!("{{{}}}", parts.join(", "))
                    }
                    Object::Set { set, frozen } => {
                        let frozen = *frozen;
                        let items: Vec<Value> = set.entries().map(|(_, v)| v).collect();
                        let r = self.join_reprs(&items, seen)?;
                        match (frozen, items.is_empty()) {
                            (false, true) => "set()".to_owned(),
                            (false, false) => format!("{{{r}}}"),
                            (true, true) => "frozenset()".to_owned(),
                            (true, false) => format!("frozenset({{{r}}})"),
                        }
                    }
                    Object::Range { start, stop, step } => {
                        if *step == 1 {
                            format!("range({start}, {stop})")
                        } else {
                            format!("range({start}, {stop}, {step})")
                        }
                    }
                    Object::Slice { start, stop, step } => {
                        let (a, b, c) = (*start, *stop, *step);
                        format!(
                            "slice({}, {}, {})",
                            self.repr_string(a, seen)?,
                            self.repr_string(b, seen)?,
                            self.repr_string(c, seen)?
                        )
                    }
                    Object::Function(f) => {
                        format!("<function {} at 0x{:x}>", f.qualname, address(id))
                    }
                    Object::Native {
                        func,
                        receiver: None,
                    } => format!("<built-in function {}>", func.name),
                    Object::Native { func, .. } => format!("<built-in method {}>", func.name),
                    Object::BoundMethod { func, receiver } => {
                        let (func, receiver) = (*func, *receiver);
                        let name = match func {
                            Value::Obj(f) => match self.heap.get(f) {
                                Object::Function(f) => f.qualname.to_string(),
                                _ => "?".to_owned(),
                            },
                            _ => "?".to_owned(),
                        };
                        let r = self.repr_string(receiver, seen)?;
                        format!("<bound method {name} of {r}>")
                    }
                    Object::Class(_) => format!("<class '{}'>", self.qualified_class_name(id)),
                    Object::Instance(_) => {
                        if let Some(r) = self.call_user_special(v, "__repr__", Vec::new())? {
                            return Ok(self.str_of(r).to_owned());
                        }
                        self.default_repr(v)?
                    }
                    Object::Generator(g) => {
                        format!("<generator object {} at 0x{:x}>", g.qualname, address(id))
                    }
                    Object::Module { name, .. } => format!("<module '{name}'>"),
                    Object::Cell(_) => format!("<cell at 0x{:x}>", address(id)),
                    Object::Code(c) => interleave_lang::dis::code_repr(c),
                    Object::Frame(f) => format!(
                        "<frame at 0x{:x}, file '{}', line {}, code {}>",
                        address(id),
                        f.code.filename,
                        f.line,
                        f.code.name
                    ),
                    Object::Complex { re, im } => crate::model::complex::repr(*re, *im),
                    Object::Lock {
                        owner,
                        recursion: None,
                        ..
                    } => format!(
                        "<{} _thread.lock object at 0x{:x}>",
                        if owner.is_some() {
                            "locked"
                        } else {
                            "unlocked"
                        },
                        address(id)
                    ),
                    Object::Lock {
                        owner,
                        recursion: Some(count),
                        ..
                    } => format!(
                        "<{} _thread.RLock object owner={} count={count} at 0x{:x}>",
                        if *count > 0 { "locked" } else { "unlocked" },
                        owner.map_or(0, |t| self.threads[t].ident),
                        address(id)
                    ),
                    _ => format!("<{} object at 0x{:x}>", self.type_name(v), address(id)),
                }
            }
        })
    }

    /// `object.__repr__` / `BaseException.__repr__`.
    pub(crate) fn default_repr(&mut self, v: Value) -> PyResult<String> {
        if let Some(base) = self.builtin_base(v) {
            return self.repr_string(base, &mut Vec::new());
        }
        let Value::Obj(id) = v else {
            return self.repr_string(v, &mut Vec::new());
        };
        let Object::Instance(inst) = self.heap.get(id) else {
            return self.repr_string(v, &mut Vec::new());
        };
        let class = inst.class;
        let args = inst.exception.as_ref().map(|e| e.args);
        match args {
            Some(args) => {
                let items = self.sequence_items(args)?;
                let r = self.join_reprs(&items, &mut Vec::new())?;
                Ok(format!("{}({r})", self.class_name(class)))
            }
            None => Ok(format!(
                "<{} object at 0x{:x}>",
                self.qualified_class_name(class),
                address(id)
            )),
        }
    }

    /// `object.__str__` / `BaseException.__str__`.
    pub(crate) fn default_str(&mut self, v: Value) -> PyResult<String> {
        if let Some(base) = self.builtin_base(v) {
            return self.str_string(base);
        }
        match v {
            Value::Obj(id) if matches!(self.heap.get(id), Object::Instance(i) if i.exception.is_some()) => {
                self.exception_str(id)
            }
            _ => self.repr_string(v, &mut Vec::new()),
        }
    }

    fn join_reprs(&mut self, items: &[Value], seen: &mut Vec<ObjId>) -> PyResult<String> {
        let mut out = String::new();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&self.repr_string(*item, seen)?);
        }
        Ok(out)
    }

    /// `format(v, spec)`.
    pub(crate) fn format(&mut self, v: Value, spec: Option<Value>) -> PyResult<Value> {
        let spec_text = spec.map(|s| self.str_of(s).to_owned()).unwrap_or_default();
        if spec_text.is_empty()
            && let Value::Obj(id) = v
            && matches!(self.heap.get(id), Object::Str(_))
        {
            return Ok(v);
        }
        if let Some(r) =
            self.call_user_special(v, "__format__", vec![spec.unwrap_or(Value::None)])?
        {
            return Ok(r);
        }
        let v = self.unwrap_builtin(v);
        let result = match v {
            Value::Bool(_) if spec_text.is_empty() => Ok(self.str_string(v)?),
            Value::Int(_) | Value::Bool(_) => {
                format::format_int(&self.as_bigint(v).unwrap_or_default(), &spec_text)
            }
            Value::Float(f) => format::format_float(f, &spec_text),
            Value::Obj(id) => match self.heap.get(id) {
                Object::BigInt(b) => format::format_int(&b.clone(), &spec_text),
                Object::Str(s) => format::format_str(&s.clone(), &spec_text),
                _ => {
                    let s = self.str_string(v)?;
                    if spec_text.is_empty() {
                        Ok(s)
                    } else {
                        let msg = format!(
                            "unsupported format string passed to {}.__format__",
                            self.type_name(v)
                        );
                        return self.raise("TypeError", msg);
                    }
                }
            },
            _ => {
                let s = self.str_string(v)?;
                format::format_str(&s, &spec_text)
            }
        };
        match result {
            Ok(s) => Ok(self.new_str(s)),
            Err(e) => {
                let kind = e.kind().name();
                self.raise(kind, e.to_string())
            }
        }
    }

    /// `template % args`.
    pub(crate) fn percent_format(&mut self, template: &str, args: Value) -> PyResult<Value> {
        let is_mapping =
            matches!(args, Value::Obj(id) if matches!(self.heap.get(id), Object::Dict(_)));
        let (template, items) = if is_mapping && template.contains("%(") {
            self.resolve_mapping_keys(template, args)?
        } else {
            let items = match args {
                Value::Obj(id) if matches!(self.heap.get(id), Object::Tuple(_)) => {
                    self.sequence_items(args)?
                }
                other => vec![other],
            };
            (template.to_owned(), items)
        };
        let template = template.as_str();
        let mut ints = Vec::new();
        let mut strs = Vec::new();
        for item in &items {
            ints.push(self.as_bigint(*item));
            let s = self.str_string(*item)?;
            let r = self.repr_string(*item, &mut Vec::new())?;
            strs.push((s, r));
        }
        let format_args: Vec<FormatArg<'_>> = items
            .iter()
            .enumerate()
            .map(|(i, item)| match (item, &ints[i]) {
                (Value::Float(f), _) => FormatArg::Float(*f),
                (Value::Bool(_), _) | (_, None) => FormatArg::Str {
                    str_form: &strs[i].0,
                    repr_form: &strs[i].1,
                },
                (_, Some(b)) => FormatArg::Int(b),
            })
            .collect();
        match format::percent_format(template, &format_args) {
            Ok(s) => Ok(self.new_str(s)),
            Err(e) => {
                let kind = e.kind().name();
                self.raise(kind, e.to_string())
            }
        }
    }

    /// `'%(name)s' % mapping`: replaces each `%(name)` by `%`, collecting
    /// `mapping[name]` as the positional arguments, in order.
    fn resolve_mapping_keys(
        &mut self,
        template: &str,
        mapping: Value,
    ) -> PyResult<(String, Vec<Value>)> {
        let mut out = String::with_capacity(template.len());
        let mut items = Vec::new();
        let mut rest = template;
        while let Some(pos) = rest.find('%') {
            out.push_str(&rest[..=pos]);
            rest = &rest[pos + 1..];
            if let Some(after) = rest.strip_prefix('%') {
                out.push('%');
                rest = after;
            } else if let Some(after) = rest.strip_prefix('(') {
                let Some(end) = after.find(')') else {
                    return self.raise("ValueError", "incomplete format key");
                };
                let key = self.new_str(&after[..end]);
                items.push(self.get_item(mapping, key)?);
                rest = &after[end + 1..];
            } else {
                return self.raise("TypeError", "format requires a mapping");
            }
        }
        out.push_str(rest);
        Ok((out, items))
    }

    /// The CPython-style report of an uncaught exception.
    pub(crate) fn format_traceback(&mut self, exc: ObjId) -> String {
        let mut out = String::new();
        self.format_exception_chain(exc, &mut out, 0);
        out
    }

    fn format_exception_chain(&mut self, exc: ObjId, out: &mut String, depth: usize) {
        let Object::Instance(inst) = self.heap.get(exc) else {
            return;
        };
        let Some(data) = &inst.exception else { return };
        let (cause, context, suppress) = (data.cause, data.context, data.suppress_context);
        let traceback = data.traceback.clone();
        if depth < 32 {
            if let Value::Obj(c) = cause {
                self.format_exception_chain(c, out, depth + 1);
                out.push_str(
                    "\nThe above exception was the direct cause of the following exception:\n\n",
                );
            } else if let (Value::Obj(c), false) = (context, suppress) {
                self.format_exception_chain(c, out, depth + 1);
                out.push_str(
                    "\nDuring handling of the above exception, another exception occurred:\n\n",
                );
            }
        }
        if !traceback.is_empty() {
            out.push_str("Traceback (most recent call last):\n");
            for (code, line) in traceback
                .iter()
                .rev()
                .filter(|(c, _)| &*c.filename != crate::exec::HELPERS_FILENAME)
            {
                let _ = writeln!(
                    out,
                    "  File \"{}\", line {line}, in {}",
                    code.filename, code.name
                );
                if let Some(text) = self
                    .source_of(&code.filename)
                    .and_then(|source| source.lines().nth(line.saturating_sub(1) as usize))
                {
                    let text = text.trim();
                    if !text.is_empty() {
                        let _ = writeln!(out, "    {text}");
                    }
                }
            }
        }
        // traceback.py: `module.qualname` unless the module is __main__.
        let class = self.type_of(Value::Obj(exc));
        let name = match self.class_module(class).as_str() {
            "__main__" | "builtins" => match self.heap.get(class) {
                Object::Class(c) => c.qualname.to_string(),
                _ => "?".to_owned(),
            },
            _ => self.qualified_class_name(class),
        };
        let message = self.exception_str(exc).unwrap_or_default();
        if message.is_empty() {
            let _ = writeln!(out, "{name}");
        } else {
            let _ = writeln!(out, "{name}: {message}");
        }
    }
}

/// A stable fake address for default reprs.
fn address(id: ObjId) -> u64 {
    0x7f00_0000_0000 + u64::from(id.0) * 0x30
}
