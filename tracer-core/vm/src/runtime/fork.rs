//! `os.fork()`: a new process starting from a copy of the forking
//! process, as Linux's default `fork` start method of `multiprocessing`
//! gives it.
//!
//! The child gets copies of every mutable object its parent can reach —
//! from the parent's modules and the forking thread's stack — with the
//! same values and shape, so later changes in either process are invisible
//! to the other. Immutable objects (`str`, `bytes`, big ints, code, ...),
//! builtin types and the builtins namespace are shared instead of copied:
//! nothing can tell the difference, and the copy stays proportional to the
//! program's own state rather than to the heap. Only the forking thread
//! exists in the child, as after a real `fork()`.

use rustc_hash::FxHashMap;

use crate::Vm;
use crate::event::EventKind;
use crate::exec::hash::identity_hash;
use crate::exec::process::{Process, ProcessId};
use crate::exec::thread::{Status, ThreadState};
use crate::model::heap::ObjId;
use crate::model::object::Object;
use crate::model::value::Value;
use crate::sched::ThreadId;

/// Old id → id of the child's copy, for the copied objects.
type CopyMap = FxHashMap<ObjId, ObjId>;

impl Vm {
    /// Forks the process of thread `tid`, which is inside `os.fork()`:
    /// creates the child process and its main thread (a copy of `tid` with
    /// the copied objects). Returns the child's thread.
    pub(crate) fn fork_process(&mut self, tid: ThreadId) -> ThreadId {
        let parent = self.threads[tid].process;
        let thread = &self.threads[tid];
        let mut roots: Vec<Value> = self.processes[parent]
            .modules
            .values()
            .map(|&id| Value::Obj(id))
            .collect();
        roots.push(Value::Obj(self.processes[parent].main_globals));
        roots.extend([thread.target, thread.trace_hook]);
        roots.extend(thread.exc_info);
        for frame in &thread.frames {
            frame.trace(&mut |v| roots.push(v));
        }
        let map = self.copy_objects(&roots);
        let child_tid = self.threads.len();
        let child = self.processes.len();
        let mut remap = |id: ObjId| map.get(&id).copied().unwrap_or(id);
        let source = &self.threads[tid];
        // The thread keeps its ident (`pthread_self()` survives a fork).
        let mut thread = ThreadState::new(source.ident, source.target, child);
        thread.frames.clone_from(&source.frames);
        thread.exc_info = source.exc_info;
        thread.trace_hook = source.trace_hook;
        for frame in &mut thread.frames {
            frame.remap(&mut remap);
        }
        for v in [&mut thread.target, &mut thread.trace_hook]
            .into_iter()
            .chain(thread.exc_info.as_mut())
        {
            crate::model::object::remap_value(v, &mut remap);
        }
        let main_globals = remap(self.processes[parent].main_globals);
        let mut process = Process::new(child, Some(parent), child_tid, main_globals);
        process.switch_interval_us = self.processes[parent].switch_interval_us;
        process.modules = self.processes[parent]
            .modules
            .iter()
            .map(|(name, &id)| (name.clone(), remap(id)))
            .collect();
        self.hand_over_locks(&map, tid, child_tid);
        self.processes.push(process);
        self.threads.push(thread);
        self.record_for(child_tid, EventKind::ThreadStart { parent: tid });
        self.scheduler.on_spawn(child_tid);
        self.note_new_contender();
        child_tid
    }

    /// Copies every mutable object reachable from `roots` (not through
    /// shared objects) and rewrites the copies' references to each other.
    fn copy_objects(&mut self, roots: &[Value]) -> CopyMap {
        let mut map = CopyMap::default();
        let mut order: Vec<ObjId> = Vec::new();
        let mut pending: Vec<ObjId> = roots.iter().filter_map(|v| v.as_obj()).collect();
        while let Some(id) = pending.pop() {
            if map.contains_key(&id) || self.is_shared_across_fork(id) {
                continue;
            }
            let copy = self.heap.alloc(Object::Unreachable);
            map.insert(id, copy);
            order.push(id);
            self.heap.get(id).trace(&mut |v| pending.extend(v.as_obj()));
        }
        let rehash = |old: Value, new: Value, hash: u64| match (old, new) {
            (Value::Obj(o), Value::Obj(n)) if o != n && hash == identity_hash(o) => {
                identity_hash(n)
            }
            _ => hash,
        };
        for &old in &order {
            let mut object = self.heap.get(old).clone();
            object.remap(&mut |id| map.get(&id).copied().unwrap_or(id), &rehash);
            *self.heap.get_mut(map[&old]) = object;
        }
        map
    }

    /// `true` for objects a fork shares instead of copying: immutable
    /// ones, builtin types, the builtins namespace, plain builtin functions
    /// and the objects made process-shared (see `_multiprocessing.share`).
    fn is_shared_across_fork(&self, id: ObjId) -> bool {
        id == self.builtins
            || self.types.is_builtin(id)
            || self.shared.contains(&id)
            || matches!(
                self.heap.get(id),
                Object::Str(_)
                    | Object::Bytes(_)
                    | Object::BigInt(_)
                    | Object::Complex { .. }
                    | Object::Code(_)
                    | Object::Range { .. }
                    | Object::Native { receiver: None, .. }
            )
    }

    /// Locks the forking thread held are held by the child's thread in
    /// the child's copies; locks other threads held stay locked there for
    /// ever, as after a real `fork()`.
    fn hand_over_locks(&mut self, map: &CopyMap, from: ThreadId, to: ThreadId) {
        let mut copies: Vec<ObjId> = map.values().copied().collect();
        copies.sort_unstable();
        for id in copies {
            if let Object::Lock { owner, .. } = self.heap.get_mut(id)
                && *owner == Some(from)
            {
                *owner = Some(to);
            }
        }
    }

    /// Ends process `process` with `code`: its threads finish and whoever
    /// waits for it may go on.
    pub(crate) fn exit_process(&mut self, process: ProcessId, code: i64) {
        self.processes[process].exit_code = Some(code);
        for t in 0..self.threads.len() {
            let thread = &mut self.threads[t];
            if thread.process != process || thread.status == Status::Finished {
                continue;
            }
            thread.status = Status::Finished;
            thread.frames.clear();
            self.record_for(t, EventKind::ThreadExit);
        }
    }
}
