//! What the analyses found, put in the program's own terms by the VM at
//! the end of a run: deadlock cycles with the locks involved, data races
//! on the script's own state described in words, names of locks.

use std::collections::{BTreeSet, VecDeque};

use crate::Vm;
use crate::event::Location;
use crate::exec::thread::{Status, Wait};
use crate::model::heap::ObjId;
use crate::model::object::Object;
use crate::model::value::Value;
use crate::sched::ThreadId;

/// A thread waiting for a lock when the run deadlocked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockWait {
    /// The waiting thread.
    pub thread: ThreadId,
    /// The lock (object id).
    pub lock: u32,
    /// The thread holding it.
    pub holder: Option<ThreadId>,
}

/// The state of a deadlocked run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadlock {
    /// Every thread blocked on a lock.
    pub waits: Vec<LockWait>,
    /// A cycle in the wait-for graph (each waits for the next's lock).
    pub cycle: Vec<ThreadId>,
}

/// The locations that belong to the script (see [`Vm::script_state`]).
#[derive(Clone, Debug)]
pub struct ScriptState {
    globals: ObjId,
    objects: BTreeSet<ObjId>,
}

impl ScriptState {
    /// `true` if `location` is part of the script's own state.
    #[must_use]
    pub fn contains(&self, location: Location) -> bool {
        match location {
            Location::Global { namespace, .. } => namespace == self.globals,
            Location::Attr { object, .. } => self.objects.contains(&object),
            Location::Item { container, .. } => self.objects.contains(&container),
        }
    }
}

/// Contended locks named when first waited for.
const NAMED_LOCKS: usize = 32;

/// How far from `__main__`'s globals objects count as the script's own.
const USER_DEPTH: usize = 4;

impl Vm {
    /// Who waits for which lock held by whom, and the wait-for cycle.
    #[must_use]
    pub fn deadlock(&self) -> Deadlock {
        let waits = self
            .threads
            .iter()
            .enumerate()
            .filter_map(|(thread, state)| match state.status {
                Status::Blocked(Wait::Lock { lock, .. }) => Some(LockWait {
                    thread,
                    lock: lock.0,
                    holder: self.lock_owner(lock),
                }),
                _ => None,
            })
            .collect();
        Deadlock {
            waits,
            cycle: self.wait_cycle().unwrap_or_default(),
        }
    }

    /// The script's own state now: which locations are its globals or
    /// belong to objects it reaches through its own containers and
    /// instances (the prelude's internals are not).
    #[must_use]
    pub fn script_state(&self) -> ScriptState {
        ScriptState {
            globals: self.main_globals,
            objects: self.user_objects(),
        }
    }

    /// Objects reachable from `__main__`'s globals within [`USER_DEPTH`]
    /// hops through lists, tuples, dicts, sets and instances of classes
    /// defined in the script.
    fn user_objects(&self) -> BTreeSet<ObjId> {
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from([(self.main_globals, 0)]);
        while let Some((id, depth)) = queue.pop_front() {
            if depth > USER_DEPTH || !seen.insert(id) {
                continue;
            }
            let mut push = |v: Value| {
                if let Value::Obj(child) = v {
                    queue.push_back((child, depth + 1));
                }
            };
            match self.heap.get(id) {
                Object::List(items) => items.iter().copied().for_each(&mut push),
                Object::Tuple(items) => items.iter().copied().for_each(&mut push),
                Object::Dict(d) => d.iter().for_each(|e| push(e.value)),
                Object::Set { set, .. } => set.entries().for_each(|(_, v)| push(v)),
                Object::Instance(instance) if self.is_script_class(instance.class) => {
                    push(Value::Obj(instance.dict));
                }
                _ => {}
            }
        }
        seen
    }

    /// `true` for classes whose `__module__` is `__main__`.
    fn is_script_class(&self, class: ObjId) -> bool {
        let Object::Class(c) = self.heap.get(class) else {
            return false;
        };
        let Object::Dict(d) = self.heap.get(c.dict) else {
            return false;
        };
        d.iter()
            .any(|e| self.str_equals(e.key, "__module__") && self.str_equals(e.value, "__main__"))
    }

    fn str_equals(&self, v: Value, text: &str) -> bool {
        matches!(v, Value::Obj(id) if matches!(self.heap.get(id), Object::Str(s) if &**s == text))
    }

    /// Names `lock` the first time a thread waits for it, while the objects
    /// holding it are still alive (a finished thread drops its state lock).
    /// Naming scans the heap, so only the first [`NAMED_LOCKS`] locks are
    /// named this way (a pool's thousands of futures each have one), and
    /// none after [`Vm::stop_naming_locks`].
    pub(crate) fn name_contended_lock(&mut self, lock: ObjId) {
        if !self.names_locks {
            return;
        }
        let reused = self.freed_lock_names.remove(&lock);
        if reused || (self.lock_names.len() < NAMED_LOCKS && !self.lock_names.contains_key(&lock)) {
            let name = self.find_lock_name(lock.0);
            self.lock_names.insert(lock, name);
        }
    }

    /// The name of a lock some thread waited for (see
    /// [`Vm::name_contended_lock`]), else its name now.
    #[must_use]
    pub fn lock_name(&self, lock: u32) -> String {
        self.lock_names
            .get(&ObjId(lock))
            .cloned()
            .unwrap_or_else(|| self.find_lock_name(lock))
    }

    /// The name a lock has: the global that holds it (`lock`), else the
    /// attribute of an object that holds it (`Thread-1 (race)._tstate_lock`,
    /// `Condition._lock`), else its id.
    fn find_lock_name(&self, lock: u32) -> String {
        let target = Value::Obj(ObjId(lock));
        let key_holding = |dict: ObjId| match self.heap.get(dict) {
            Object::Dict(d) if self.heap.could_refer_to(dict, ObjId(lock)) => d
                .iter()
                .find(|e| e.value == target)
                .and_then(|e| self.str_text(e.key)),
            _ => None,
        };
        if let Some(name) = key_holding(self.main_globals) {
            return name;
        }
        let named_by = |id: ObjId| {
            let Object::Instance(instance) = self.heap.get(id) else {
                return None;
            };
            let attr = key_holding(instance.dict)?;
            let owner = self
                .attribute_text(instance.dict, "_name")
                .unwrap_or_else(|| self.class_name(instance.class));
            Some(format!("{owner}.{attr}"))
        };
        let found = match &self.lock_holders {
            Some(index) => index
                .candidates(&self.heap, ObjId(lock))
                .into_iter()
                .find_map(named_by),
            None => self.heap.iter().find_map(|(id, _)| named_by(id)),
        };
        found.unwrap_or_else(|| format!("lock {lock:#x}"))
    }

    /// The text of a `str` value.
    fn str_text(&self, v: Value) -> Option<String> {
        match v {
            Value::Obj(id) => match self.heap.get(id) {
                Object::Str(s) => Some(s.to_string()),
                _ => None,
            },
            _ => None,
        }
    }

    /// The `str` value of entry `name` of namespace `dict`.
    fn attribute_text(&self, dict: ObjId, name: &str) -> Option<String> {
        let Object::Dict(d) = self.heap.get(dict) else {
            return None;
        };
        d.iter()
            .find(|e| self.str_equals(e.key, name))
            .and_then(|e| self.str_text(e.value))
    }
}
