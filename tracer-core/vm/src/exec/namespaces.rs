//! Names as instructions see them: fast locals, cells, `locals()`, module
//! globals and builtins (recording reads and writes of globals), and the
//! frame introspection some builtins need (`super()`, `locals()`).

use crate::Vm;
use crate::event::Location;
use crate::model::error::PyResult;
use crate::model::frame::Frame;
use crate::model::heap::ObjId;
use crate::model::object::Object;
use crate::model::value::Value;

impl Vm {
    pub(super) fn load_cell(&mut self, frame: &Frame, i: u32) -> PyResult<Value> {
        if let Value::Obj(cell) = frame.fast[i as usize]
            && let Object::Cell(c) = self.heap.get(cell)
            && let Some(v) = c
        {
            return Ok(*v);
        }
        let msg = format!(
            "cannot access free variable '{}' where it is not associated with a value in enclosing scope",
            frame.code.slots[i as usize].name
        );
        self.raise("NameError", msg)
    }

    pub(super) fn load_name(&mut self, frame: &Frame, name: Value) -> PyResult<Value> {
        if let Some(locals) = frame.locals
            && let Some(v) = self.dict_get_str(locals, name)
        {
            self.record_global_read(locals, name, v);
            return Ok(v);
        }
        self.load_global(frame.globals, name)
    }

    pub(super) fn load_global(&mut self, globals: ObjId, name: Value) -> PyResult<Value> {
        if let Some(v) = self.dict_get_name(globals, name) {
            self.record_global_read(globals, name, v);
            return Ok(v);
        }
        if let Some(v) = self.dict_get_str(self.builtins, name) {
            return Ok(v);
        }
        let msg = format!("name '{}' is not defined", self.str_of(name));
        self.raise("NameError", msg)
    }

    fn record_global_read(&mut self, namespace: ObjId, name: Value, value: Value) {
        if let Value::Obj(name) = name {
            self.record_read(Location::Global { namespace, name }, value);
        }
    }

    pub(super) fn record_global_write(
        &mut self,
        namespace: ObjId,
        name: Value,
        old: Option<Value>,
        new: Value,
    ) {
        if let Value::Obj(name) = name {
            self.record_write(
                Location::Global { namespace, name },
                old.unwrap_or(Value::Null),
                new,
            );
        }
    }

    /// `globals()`, `locals()`, `vars()` and `dir()` without arguments read
    /// the calling frame, which builtins cannot see: answered here.
    pub(super) fn frame_introspection(
        &mut self,
        frame: &Frame,
        callable: Value,
    ) -> PyResult<Option<Value>> {
        let Value::Obj(id) = callable else {
            return Ok(None);
        };
        let Object::Native {
            func,
            receiver: None,
        } = self.heap.get(id)
        else {
            return Ok(None);
        };
        let name = func.name;
        if !matches!(name, "globals" | "locals" | "vars" | "dir") || self.builtin(name) != callable
        {
            return Ok(None);
        }
        if name == "globals" {
            return Ok(Some(Value::Obj(frame.globals)));
        }
        let namespace = self.locals_of(frame)?;
        if name == "dir" {
            let mut keys = self.collect_iterable(namespace)?;
            let mut names: Vec<String> =
                keys.drain(..).map(|k| self.str_of(k).to_owned()).collect();
            names.sort();
            let items = names.into_iter().map(|n| self.new_str(n)).collect();
            return Ok(Some(self.new_list(items)));
        }
        Ok(Some(namespace))
    }

    /// `locals()` of `frame`: its locals mapping, or a new dict of its
    /// bound fast locals and cells.
    pub(crate) fn locals_of(&mut self, frame: &Frame) -> PyResult<Value> {
        if let Some(locals) = frame.locals {
            return Ok(Value::Obj(locals));
        }
        let d = self.new_dict();
        for (i, slot) in frame.code.slots.iter().enumerate() {
            let mut v = frame.fast[i];
            if slot.kind != interleave_lang::code::SlotKind::Local
                && let Value::Obj(cell) = v
                && let Object::Cell(content) = self.heap.get(cell)
            {
                v = content.unwrap_or(Value::Null);
            }
            if !v.is_null() {
                let key = self.intern(&slot.name);
                self.dict_set(d, key, v)?;
            }
        }
        Ok(d)
    }

    /// `super()` without arguments: the `__class__` cell and the first argument.
    pub(super) fn implicit_super_args(&mut self, frame: &Frame) -> PyResult<Vec<Value>> {
        let class_slot = frame
            .code
            .slots
            .iter()
            .position(|s| &*s.name == "__class__");
        let class = class_slot
            .and_then(|i| frame.fast[i].as_obj())
            .and_then(|cell| match self.heap.get(cell) {
                Object::Cell(Some(c)) => Some(*c),
                _ => None,
            });
        let first = frame
            .fast
            .first()
            .copied()
            .filter(|v| !v.is_null() && frame.code.arg_count > 0);
        match (class, first) {
            (Some(class), Some(first)) => {
                let first = match first.as_obj().map(|id| self.heap.get(id)) {
                    Some(Object::Cell(Some(v))) => *v,
                    _ => first,
                };
                Ok(vec![class, first])
            }
            (None, _) => self.raise("RuntimeError", "super(): __class__ cell not found"),
            (_, None) => self.raise("RuntimeError", "super(): no arguments"),
        }
    }
}
