//! Building the read model ([`StepState`]) of a paused VM: thread stacks
//! with locals, globals and the heap objects they reach, rendered without
//! running any Python code (a user `__repr__` never runs here).

#![expect(
    clippy::cast_possible_wrap,
    reason = "list lengths stay far below i64::MAX"
)]

use std::collections::{BTreeSet, VecDeque};

use crate::Vm;
use crate::event::{KeyId, Location};
use crate::exec::thread::{Status, Wait};
use crate::model::frame::Frame;
use crate::model::heap::ObjId;
use crate::model::object::Object;
use crate::model::value::Value;
use crate::state::{
    Binding, FrameView, MAX_OBJECTS, ObjectView, StepState, ThreadStatus, ThreadView, ValueView,
};
use interleave_lang::dis::instruction_text;
use interleave_lang::format::float_repr;
use interleave_lang::repr::{bytes_repr, str_repr};

/// Longest rendering of a value before it is cut with `...`.
const MAX_TEXT: usize = 120;
/// Items shown of a container before `...`.
const MAX_ITEMS: usize = 12;
/// Fields listed per heap object.
const MAX_FIELDS: usize = 64;

impl Vm {
    /// The state of every thread, the globals and the reachable heap now.
    /// Only meaningful while paused (see [`Vm::run_until`]).
    #[must_use]
    pub fn inspect(&self) -> StepState {
        let mut locks = self.locks_by_owner();
        let threads = (0..self.threads.len())
            .map(|t| self.thread_view(t, std::mem::take(&mut locks[t])))
            .collect();
        let globals = self.namespace_bindings(self.main_globals);
        let mut state = StepState {
            step: self.steps,
            time_ns: self.clock_ns,
            running: self.current,
            threads,
            globals,
            objects: Vec::new(),
            output_len: self.output.len(),
        };
        state.objects = self.reachable_objects(&state);
        state
    }

    /// File and line of the next instruction of `thread`'s innermost
    /// frame (while paused).
    #[must_use]
    pub fn frame_line(&self, thread: usize) -> Option<(&str, u32)> {
        let frame = self.threads.get(thread)?.frames.last()?;
        let line = frame.code.line_of(frame.pc as usize)?;
        Some((&frame.code.filename, line))
    }

    fn thread_view(&self, t: usize, locks_held: Vec<u32>) -> ThreadView {
        let state = &self.threads[t];
        let status = match state.status {
            Status::Finished => ThreadStatus::Finished,
            Status::Blocked(Wait::Lock { lock, .. }) => ThreadStatus::BlockedOnLock(lock.0),
            Status::Blocked(Wait::Sleep { until }) => ThreadStatus::Sleeping(until),
            Status::Blocked(Wait::Process { process, .. }) => {
                ThreadStatus::WaitingForProcess(self.processes[process].pid)
            }
            // A fork completes before the run can pause.
            Status::Blocked(Wait::Fork) => ThreadStatus::Runnable,
            Status::Runnable if t == self.current => ThreadStatus::Running,
            Status::Runnable => ThreadStatus::Runnable,
        };
        ThreadView {
            id: t,
            ident: state.ident,
            status,
            locks_held,
            frames: state.frames.iter().map(|f| self.frame_view(f)).collect(),
        }
    }

    /// Lock objects (ids) held by each thread, among those the program
    /// can still reach (a dropped lock is nobody's concern).
    fn locks_by_owner(&self) -> Vec<Vec<u32>> {
        let mut held = vec![Vec::new(); self.threads.len()];
        let reachable = self.heap.mark(self.gc_roots());
        for (id, obj) in self.heap.iter() {
            if reachable[id.0 as usize]
                && let Object::Lock { owner: Some(t), .. } = obj
                && let Some(locks) = held.get_mut(*t)
            {
                locks.push(id.0);
            }
        }
        held
    }

    fn frame_view(&self, frame: &Frame) -> FrameView {
        let code = &frame.code;
        let pc = frame.pc as usize;
        let locals = code
            .slots
            .iter()
            .zip(&frame.fast)
            .filter(|(_, v)| !v.is_null())
            .map(|(slot, v)| {
                let value = match v {
                    Value::Obj(id) => match self.heap.get(*id) {
                        Object::Cell(inner) => inner.unwrap_or(Value::Null),
                        _ => *v,
                    },
                    _ => *v,
                };
                Binding {
                    name: slot.name.to_string(),
                    value: self.value_view(value),
                    last_write: None,
                }
            })
            .collect();
        FrameView {
            function: code.qualname.to_string(),
            file: code.filename.to_string(),
            line: code.line_of(pc).unwrap_or(0),
            offset: code.offsets.get(pc).copied().unwrap_or(0),
            instruction: frame.pc,
            instruction_text: instruction_text(code, pc),
            locals,
            stack: frame.stack.iter().map(|v| self.value_view(*v)).collect(),
        }
    }

    /// The entries of a namespace dict as bindings with their last writers.
    fn namespace_bindings(&self, dict: ObjId) -> Vec<Binding> {
        let Object::Dict(d) = self.heap.get(dict) else {
            return Vec::new();
        };
        d.iter()
            .filter(|e| !self.is_dunder(e.key))
            .map(|e| {
                let last_write = e.key.as_obj().and_then(|name| {
                    self.observer.last_write(Location::Global {
                        namespace: dict,
                        name,
                    })
                });
                Binding {
                    name: self.text_of_key(e.key),
                    value: self.value_view(e.value),
                    last_write,
                }
            })
            .collect()
    }

    fn is_dunder(&self, key: Value) -> bool {
        matches!(key, Value::Obj(id) if matches!(self.heap.get(id), Object::Str(s) if s.starts_with("__") && s.ends_with("__")))
    }

    /// A key as a name: a `str` key without quotes, anything else as repr.
    fn text_of_key(&self, key: Value) -> String {
        match key {
            Value::Obj(id) => match self.heap.get(id) {
                Object::Str(s) => s.to_string(),
                _ => self.render(key, 1),
            },
            _ => self.render(key, 1),
        }
    }

    /// Heap objects reachable from the state's frames and globals,
    /// breadth first.
    fn reachable_objects(&self, state: &StepState) -> Vec<ObjectView> {
        let mut seen = BTreeSet::new();
        let mut queue: VecDeque<u32> = state
            .threads
            .iter()
            .flat_map(|t| &t.frames)
            .flat_map(|f| &f.locals)
            .chain(&state.globals)
            .filter_map(|b| b.value.object)
            .collect();
        let mut objects = Vec::new();
        while let Some(id) = queue.pop_front() {
            if objects.len() >= MAX_OBJECTS {
                break;
            }
            if !seen.insert(id) {
                continue;
            }
            let view = self.object_view(ObjId(id));
            queue.extend(view.fields.iter().filter_map(|f| f.value.object));
            objects.push(view);
        }
        objects.sort_by_key(|o| o.id);
        objects
    }

    fn object_view(&self, id: ObjId) -> ObjectView {
        let value = self.value_view(Value::Obj(id));
        let item = |name: String, v: Value, key: KeyId| Binding {
            name,
            value: self.value_view(v),
            last_write: self
                .observer
                .last_write(Location::Item { container: id, key }),
        };
        let fields = match self.heap.get(id) {
            Object::List(items) => items
                .iter()
                .enumerate()
                .take(MAX_FIELDS)
                .map(|(i, v)| item(format!("[{i}]"), *v, KeyId::Int(i as i64)))
                .collect(),
            Object::Tuple(items) => items
                .iter()
                .enumerate()
                .take(MAX_FIELDS)
                .map(|(i, v)| Binding {
                    name: format!("[{i}]"),
                    value: self.value_view(*v),
                    last_write: None,
                })
                .collect(),
            Object::Dict(d) => d
                .iter()
                .take(MAX_FIELDS)
                .map(|e| {
                    item(
                        format!("[{}]", self.render(e.key, 1)),
                        e.value,
                        KeyId::of(e.key),
                    )
                })
                .collect(),
            Object::Instance(instance) => match self.heap.get(instance.dict) {
                Object::Dict(d) => d
                    .iter()
                    .take(MAX_FIELDS)
                    .map(|e| Binding {
                        name: self.text_of_key(e.key),
                        value: self.value_view(e.value),
                        last_write: e.key.as_obj().and_then(|name| {
                            self.observer
                                .last_write(Location::Attr { object: id, name })
                        }),
                    })
                    .collect(),
                _ => Vec::new(),
            },
            Object::Cell(Some(v)) => vec![Binding {
                name: "cell_contents".to_owned(),
                value: self.value_view(*v),
                last_write: None,
            }],
            _ => Vec::new(),
        };
        ObjectView {
            id: id.0,
            value,
            fields,
        }
    }

    /// A value's type name, rendering and object id.
    fn value_view(&self, v: Value) -> ValueView {
        ValueView {
            type_name: self.type_name(v),
            text: self.render(v, 2),
            object: v.as_obj().map(|id| id.0),
        }
    }

    /// A repr-like rendering that runs no Python code: builtin values as
    /// `repr` shows them, containers `depth` levels deep, everything else
    /// as `<type object at 0x…>`.
    fn render(&self, v: Value, depth: usize) -> String {
        let text = match v {
            Value::Null => "<unbound>".to_owned(),
            Value::None => "None".to_owned(),
            Value::Bool(b) => if b { "True" } else { "False" }.to_owned(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => float_repr(f),
            Value::NotImplemented => "NotImplemented".to_owned(),
            Value::Ellipsis => "Ellipsis".to_owned(),
            Value::Obj(id) => self.render_object(id, depth),
        };
        shorten(text)
    }

    fn render_object(&self, id: ObjId, depth: usize) -> String {
        let items = |values: &mut dyn Iterator<Item = String>, open: &str, close: &str| {
            let mut parts: Vec<String> = values.take(MAX_ITEMS + 1).collect();
            if parts.len() > MAX_ITEMS {
                parts.truncate(MAX_ITEMS);
                parts.push("...".to_owned());
            }
            format!("{open}{}{close}", parts.join(", "))
        };
        let inner = |v: Value| {
            if depth == 0 {
                "...".to_owned()
            } else {
                self.render(v, depth - 1)
            }
        };
        match self.heap.get(id) {
            Object::Str(s) => str_repr(s),
            Object::Bytes(b) => bytes_repr(b),
            Object::BigInt(i) => i.to_string(),
            Object::List(values) => items(&mut values.iter().map(|v| inner(*v)), "[", "]"),
            Object::Tuple(values) if values.len() == 1 => format!("({},)", inner(values[0])),
            Object::Tuple(values) => items(&mut values.iter().map(|v| inner(*v)), "(", ")"),
            Object::Dict(d) => items(
                &mut d
                    .iter()
                    .map(|e| format!("{}: {}", inner(e.key), inner(e.value))),
                "{",
                "}",
            ),
            Object::Set { set, .. } if set.entries().next().is_none() => {
                format!("{}()", self.type_name(Value::Obj(id)))
            }
            Object::Set { set, frozen } => {
                let body = items(&mut set.entries().map(|(_, v)| inner(v)), "{", "}");
                if *frozen {
                    format!("frozenset({body})")
                } else {
                    body
                }
            }
            Object::Range { start, stop, step } if *step == 1 => format!("range({start}, {stop})"),
            Object::Range { start, stop, step } => format!("range({start}, {stop}, {step})"),
            Object::Function(f) => format!("<function {}>", f.qualname),
            Object::Class(c) => format!("<class '{}'>", c.qualname),
            Object::Module { .. } => "<module>".to_owned(),
            Object::Lock {
                owner: Some(t),
                recursion,
                ..
            } => format!("<locked _thread.{} (T{t})>", lock_type_name(*recursion)),
            Object::Lock {
                owner: None,
                recursion,
                ..
            } => format!("<unlocked _thread.{}>", lock_type_name(*recursion)),
            Object::Cell(Some(v)) => format!("<cell: {}>", inner(*v)),
            Object::Cell(None) => "<cell: empty>".to_owned(),
            _ => format!("<{} object at {:#x}>", self.type_name(Value::Obj(id)), id.0),
        }
    }
}

/// Cuts long renderings to [`MAX_TEXT`] characters.
fn shorten(text: String) -> String {
    if text.chars().count() <= MAX_TEXT {
        return text;
    }
    let mut cut: String = text.chars().take(MAX_TEXT - 3).collect();
    cut.push_str("...");
    cut
}

/// `lock` or `RLock`, for a lock object whose recursion count is `recursion`.
const fn lock_type_name(recursion: Option<u32>) -> &'static str {
    if recursion.is_some() { "RLock" } else { "lock" }
}
