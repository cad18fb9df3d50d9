//! The deterministic virtual machine: values, heap, frames and an
//! interpreter that executes one CPython 3.11 instruction per step.
//!
//! All state lives in [`Vm`]; nothing reads the wall clock, spawns OS
//! threads or depends on hash-map iteration order, so the same program and
//! options always produce the same run.

mod event;
mod exec;
mod model;
mod modules;
mod observer;
mod runtime;
pub mod sched;
pub mod state;

use std::collections::BTreeMap;
use std::sync::Arc;

use interleave_lang::{CodeObject, CompileCache};

use self::exec::process::Process;
use self::exec::thread::ThreadState;
use self::exec::{name_cache, shared_cache};
use self::model::dict::Dict;
use self::model::error::{PyResult, VmError};
use self::model::frame::{CodeValues, Frame, ReturnAction};
use self::model::heap::Heap;
use self::model::object::{ExceptionData, Instance, Object};
use self::model::types::Types;
use self::model::{core_methods, methods};
use self::modules::{builtins, sync};
use self::runtime::{lock_holders, run};
use crate::sched::{Scheduler, ThreadId};

pub use self::event::{Event, EventKind, KIND_NAMES, KeyId, Location, Stamp, WriteStamp};
pub use self::model::error::Limit;
pub use self::model::headroom::clone_with_headroom;
pub use self::model::heap::ObjId;
pub use self::model::value::Value;
pub use self::observer::Observer;
pub use self::runtime::findings::{Deadlock, LockWait, ScriptState};
pub use self::runtime::pull::{PendingChoice, Stop};

/// Deepest Python call stack before `RecursionError` (CPython's default limit).
pub const RECURSION_LIMIT: usize = 1000;

/// Resource limits of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Stop after this many instructions.
    pub max_steps: u64,
    /// Stop when this many objects are live.
    pub max_objects: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_steps: u64::MAX,
            max_objects: 20_000_000,
        }
    }
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The program finished.
    Finished,
    /// An exception escaped the main thread; its CPython-style traceback.
    Uncaught(String),
    /// A resource limit was hit.
    LimitReached(Limit),
    /// No thread could run while some waited; the report names them.
    Deadlock(String),
}

/// A [`CodeValues`] cache entry.
#[derive(Clone)]
struct CachedCode {
    /// Keeps the code object, whose address is the cache key, alive.
    _code: Arc<CodeObject>,
    values: Arc<CodeValues>,
}

/// The virtual machine. Cloning it takes a checkpoint: the clone runs on
/// exactly as the original would.
#[derive(Clone)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent switches of the run (tracing, lock naming, ...)"
)]
pub struct Vm {
    heap: Heap,
    /// The builtin classes (fixed once the VM is built; copies share them).
    types: Arc<Types>,
    builtins: ObjId,
    /// The `__main__` module's globals.
    main_globals: ObjId,
    threads: Vec<ThreadState>,
    /// The thread executing now.
    current: ThreadId,
    scheduler: Scheduler,
    /// Virtual time, in nanoseconds since the start of the run.
    clock_ns: u64,
    /// Multiplier of the cost table for the GIL model.
    cost_factor: u64,
    /// Threads sharing the virtual cores right now (free-threaded model).
    parallelism: u64,
    /// Sub-nanosecond remainder when time is shared among cores.
    clock_remainder: u64,
    cores: u32,
    /// Virtual time at which the running thread's alarm fires.
    preempt_at_ns: u64,
    alarm: run::Alarm,
    /// What the run loop does next.
    resume: run::Resume,
    /// `run_until` pauses once this many steps have run.
    pause_at: u64,
    /// The last blocking call was `time.sleep(0)` (a voluntary switch).
    yielded: bool,
    /// Switch points passed under `Budget::AfterSwitchPoints` (what PCT
    /// counts its change points in).
    switch_points: u64,
    /// The choice a pulled run stopped at (see `runtime::pull`).
    pending: Option<runtime::pull::PendingChoice>,
    /// What a pulled run notes for its driver since the last choice.
    pull: runtime::pull::PullNotes,
    /// Every process, the program's own first.
    processes: Vec<Process>,
    /// Objects every process shares (`multiprocessing` queues, locks):
    /// a fork neither copies them nor what only they reach.
    shared: std::collections::BTreeSet<ObjId>,
    /// Names of the locks threads waited for, taken at the first wait.
    lock_names: BTreeMap<ObjId, String>,
    /// Named locks the collector freed: their names stay for the reports
    /// until a new lock with the same id is waited for and named afresh.
    freed_lock_names: std::collections::BTreeSet<ObjId>,
    /// Who held each lock when the heap was last shared (for naming locks).
    lock_holders: Option<Arc<lock_holders::LockHolders>>,
    /// What the program wrote to stderr (tracebacks of threads included).
    errput: String,
    script_name: Arc<str>,
    /// Where the prelude modules the script imports are compiled (shared
    /// with other VMs given the same cache).
    compilations: Arc<CompileCache>,
    /// Receives everything the run does (see [`Observer`]).
    observer: Box<dyn Observer>,
    /// Whether contended locks are named (a heap scan per lock).
    names_locks: bool,
    /// Interned strings (shared by copies of the VM until one adds one).
    interned: shared_cache::SharedCache<Arc<str>, ObjId>,
    /// [`CodeValues`] by code object address (shared like `interned`).
    code_cache: shared_cache::SharedCache<usize, CachedCode>,
    output: Vec<u8>,
    steps: u64,
    limits: Limits,
    source: Arc<str>,
    native_depth: usize,
    /// Depth of recursive native operations (nested comparisons, hashes).
    native_nesting: usize,
    /// Return value of the generator that finished last (for `StopIteration.value`).
    last_return: Value,
    /// The frame an instruction asked to enter (see `exec::interp::Flow::Enter`).
    entering: Option<Box<Frame>>,
    /// Some thread has called `sys.settrace` (the interpreter loop then
    /// checks for trace events before every instruction).
    tracing: bool,
    /// Something looks at every instruction before it runs: `tracing`, or
    /// a pull driver (one check on the hot path for both).
    watches_instructions: bool,
    /// `__enter__` and `__exit__`, interned once for `BEFORE_WITH`.
    with_names: (Value, Value),
    /// Special methods found on builtin classes, which never change:
    /// `(class, interned name)` → the class attribute.
    builtin_specials: shared_cache::SharedCache<(ObjId, ObjId), Value>,
    /// Where global names were found last.
    names: name_cache::NameCache,
}

impl std::fmt::Debug for Vm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vm")
            .field("steps", &self.steps)
            .finish_non_exhaustive()
    }
}

impl Vm {
    /// A VM ready to run `code` (a module compiled from `source`) as
    /// `__main__`, with threads picked by `scheduler`, reporting to
    /// `observer`.
    #[must_use]
    pub fn new(
        code: Arc<CodeObject>,
        source: &str,
        limits: Limits,
        scheduler: Scheduler,
        observer: Box<dyn Observer>,
    ) -> Self {
        let sched = scheduler.config();
        let pulled = scheduler.is_pulled();
        let mut heap = Heap::default();
        let types = Types::bootstrap(&mut heap);
        let builtins = heap.alloc(Object::Dict(Dict::new()));
        let mut vm = Self {
            heap,
            types: Arc::new(types),
            builtins,
            main_globals: builtins,
            threads: vec![ThreadState::new(sync::ident_of(0), Value::None, 0)],
            current: run::MAIN_THREAD,
            scheduler,
            clock_ns: 0,
            cost_factor: sched.gil.cost_factor(),
            parallelism: 1,
            clock_remainder: 0,
            cores: sched.cores,
            preempt_at_ns: u64::MAX,
            alarm: run::Alarm::Rearm,
            resume: run::Resume::Choose(crate::sched::Reason::Start),
            pause_at: u64::MAX,
            yielded: false,
            switch_points: 0,
            pending: None,
            pull: runtime::pull::PullNotes {
                active: pulled,
                ..runtime::pull::PullNotes::default()
            },
            processes: Vec::new(),
            shared: std::collections::BTreeSet::new(),
            lock_names: BTreeMap::new(),
            freed_lock_names: std::collections::BTreeSet::new(),
            lock_holders: None,
            errput: String::new(),
            script_name: code.filename.clone(),
            compilations: Arc::default(),
            observer,
            names_locks: true,
            interned: shared_cache::SharedCache::default(),
            code_cache: shared_cache::SharedCache::default(),
            output: Vec::new(),
            steps: 0,
            limits,
            source: Arc::from(source),
            native_depth: 0,
            native_nesting: 0,
            last_return: Value::None,
            entering: None,
            tracing: false,
            watches_instructions: pulled,
            with_names: (Value::None, Value::None),
            builtin_specials: shared_cache::SharedCache::default(),
            names: name_cache::NameCache::default(),
        };
        vm.scheduler.on_spawn(run::MAIN_THREAD);
        builtins::install(&mut vm);
        sync::install(&mut vm);
        methods::install(&mut vm);
        exec::generator::install(&mut vm);
        core_methods::install(&mut vm);
        vm.with_names = (vm.intern("__enter__"), vm.intern("__exit__"));
        let globals = vm.heap.alloc(Object::Dict(Dict::new()));
        vm.main_globals = globals;
        vm.processes
            .push(Process::new(0, None, run::MAIN_THREAD, globals));
        let name = vm.intern("__name__");
        let main = vm.intern("__main__");
        vm.dict_set_str(globals, name, main);
        let builtins_key = vm.intern("__builtins__");
        vm.dict_set_str(globals, builtins_key, Value::Obj(vm.builtins));
        let file_key = vm.intern("__file__");
        let file = vm.new_str(code.filename.as_ref());
        vm.dict_set_str(globals, file_key, file);
        let frame = vm.new_frame(code, globals, Some(globals), None, ReturnAction::Push);
        let code_id = vm.observer.code_id(&frame.code);
        vm.record(EventKind::FramePush { code: code_id });
        vm.threads[0].frames.push(frame);
        vm
    }

    /// Compiles the modules this VM imports in `compilations`, which other
    /// VMs may share (runs of one script import the same prelude).
    #[must_use]
    pub fn with_compilations(mut self, compilations: Arc<CompileCache>) -> Self {
        self.compilations = compilations;
        self
    }

    /// Everything the program has printed so far; drains the buffer.
    pub fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.output)
    }

    /// Everything written to stderr so far (`sys.stderr`, thread
    /// tracebacks); drains the buffer.
    pub fn take_errput(&mut self) -> String {
        std::mem::take(&mut self.errput)
    }

    /// Virtual time elapsed, in nanoseconds.
    #[must_use]
    pub const fn clock_ns(&self) -> u64 {
        self.clock_ns
    }

    /// The scheduling decisions made so far.
    #[must_use]
    pub fn schedule(&self) -> &crate::sched::Schedule {
        self.scheduler.schedule()
    }

    /// `true` once the scheduler has made a seeded choice: until then the
    /// run is the same under every seed.
    #[must_use]
    pub fn has_drawn(&self) -> bool {
        self.scheduler.has_drawn()
    }

    /// Continues the run as seed `seed` (only before the scheduler's first
    /// seeded choice, see [`Vm::has_drawn`]).
    pub fn reseed(&mut self, seed: u64) {
        self.scheduler.reseed(seed);
    }

    /// Makes copies of this VM share its heap objects until they write
    /// them (see [`heap::Heap::share`]): for a VM that many runs continue
    /// from.
    pub fn share_heap(&mut self) {
        self.heap.share();
        self.interned.freeze();
        self.code_cache.freeze();
        self.builtin_specials.freeze();
        self.lock_holders = Some(Arc::new(lock_holders::LockHolders::index(&self.heap)));
    }

    /// Instructions executed so far.
    #[must_use]
    pub const fn steps(&self) -> u64 {
        self.steps
    }

    /// A rough size of the VM's state in bytes (for checkpoint budgets).
    #[must_use]
    pub fn estimated_bytes(&self) -> usize {
        let frames: usize = self
            .threads
            .iter()
            .flat_map(|t| &t.frames)
            .map(|f| std::mem::size_of::<Frame>() + (f.stack.capacity() + f.fast.len()) * 16)
            .sum();
        self.heap.estimated_bytes() + frames + self.output.len()
    }

    /// The stdout written so far, without draining it.
    #[must_use]
    pub fn output(&self) -> &[u8] {
        &self.output
    }

    // ---- allocation helpers --------------------------------------------

    /// Allocates an object, enforcing the memory limit.
    fn alloc(&mut self, obj: Object) -> Value {
        Value::Obj(self.heap.alloc(obj))
    }

    /// A new `str`.
    fn new_str(&mut self, s: impl Into<Box<str>>) -> Value {
        self.alloc(Object::Str(s.into()))
    }

    /// A new `tuple`.
    fn new_tuple(&mut self, items: Vec<Value>) -> Value {
        self.alloc(Object::Tuple(items.into_boxed_slice()))
    }

    /// A new `list`.
    fn new_list(&mut self, items: Vec<Value>) -> Value {
        self.alloc(Object::List(items))
    }

    /// The interned `str` object for `s`.
    fn intern(&mut self, s: &str) -> Value {
        if let Some(&id) = self.interned.get(s) {
            return Value::Obj(id);
        }
        let id = self.heap.alloc(Object::Str(s.into()));
        self.interned.insert(Arc::from(s), id);
        Value::Obj(id)
    }

    /// Constants, interned names and instruction costs of a code object,
    /// computed once per code object.
    fn code_values(&mut self, code: &Arc<CodeObject>) -> &Arc<CodeValues> {
        let key = Arc::as_ptr(code) as usize;
        if self.code_cache.get(&key).is_none() {
            let consts: Vec<Value> = code.consts.iter().map(|c| self.constant_value(c)).collect();
            let names: Vec<Value> = code.names.iter().map(|n| self.intern(n)).collect();
            let costs: Vec<u16> = code
                .instructions
                .iter()
                .map(|i| u16::try_from(crate::sched::instruction_cost_ns(i)).unwrap_or(u16::MAX))
                .collect();
            let entry = CachedCode {
                _code: code.clone(),
                values: Arc::new(CodeValues {
                    consts: consts.into(),
                    names: names.into(),
                    costs: costs.into(),
                }),
            };
            self.code_cache.insert(key, entry);
        }
        &self
            .code_cache
            .get(&key)
            .expect("the code's values were just cached")
            .values
    }

    fn constant_value(&mut self, c: &interleave_lang::code::Constant) -> Value {
        use interleave_lang::code::Constant as C;
        match c {
            C::None => Value::None,
            C::Bool(b) => Value::Bool(*b),
            C::Int(i) => Value::Int(*i),
            C::BigInt(i) => self.alloc(Object::BigInt((**i).clone())),
            C::Float(f) => Value::Float(*f),
            C::Complex(re, im) => self.new_complex(*re, *im),
            C::Str(s) => self.intern(s),
            C::Bytes(b) => self.alloc(Object::Bytes(b.to_vec().into_boxed_slice())),
            C::Ellipsis => Value::Ellipsis,
            C::Tuple(items) => {
                let values = items.iter().map(|i| self.constant_value(i)).collect();
                self.new_tuple(values)
            }
            C::FrozenSet(items) => {
                let values = items.iter().map(|i| self.constant_value(i)).collect();
                self.new_set(values, true).unwrap_or(Value::None)
            }
            C::Code(code) => self.alloc(Object::Code(code.clone())),
        }
    }

    /// A fresh frame for `code`.
    #[expect(
        clippy::unnecessary_box_returns,
        reason = "frames move boxed between thread stacks and suspended generators"
    )]
    fn new_frame(
        &mut self,
        code: Arc<CodeObject>,
        globals: ObjId,
        locals: Option<ObjId>,
        function: Option<ObjId>,
        on_return: ReturnAction,
    ) -> Box<Frame> {
        let fast = vec![Value::Null; code.slots.len()];
        let mut frame = self.new_frame_with_locals(code, fast, globals, function, on_return);
        frame.locals = locals;
        frame
    }

    /// A frame of a function's `code` whose fast locals start as `fast`
    /// (one value per slot: the arguments, then nulls).
    #[expect(
        clippy::unnecessary_box_returns,
        reason = "frames move boxed between thread stacks and suspended generators"
    )]
    fn new_frame_with_locals(
        &mut self,
        code: Arc<CodeObject>,
        fast: Vec<Value>,
        globals: ObjId,
        function: Option<ObjId>,
        on_return: ReturnAction,
    ) -> Box<Frame> {
        debug_assert_eq!(fast.len(), code.slots.len());
        let values = self.code_values(&code).clone();
        Box::new(Frame {
            stack: Vec::with_capacity(code.stack_size as usize + 1),
            code,
            values,
            pc: 0,
            fast,
            globals,
            locals: None,
            kw_names: None,
            on_return,
            function,
            reraised_from: None,
            trace: None,
        })
    }

    // ---- exceptions ----------------------------------------------------

    /// Creates an exception instance of class `class` with `args`.
    fn new_exception(&mut self, class: ObjId, args: Vec<Value>) -> ObjId {
        let dict = self.heap.alloc(Object::Dict(Dict::new()));
        let args = self.new_tuple(args);
        self.heap.alloc(Object::Instance(Box::new(Instance {
            class,
            dict,
            exception: Some(Box::new(ExceptionData {
                args,
                traceback: Vec::new(),
                cause: Value::None,
                context: Value::None,
                suppress_context: false,
            })),
            base: None,
        })))
    }

    /// Builds the error for raising builtin exception `name` with `message`.
    fn error(&mut self, name: &str, message: impl Into<String>) -> VmError {
        let class = self.types.exception(name);
        let msg = self.new_str(message.into());
        VmError::Exception(self.new_exception(class, vec![msg]))
    }

    /// `raise name(message)` as a `PyResult`.
    fn raise<T>(&mut self, name: &str, message: impl Into<String>) -> PyResult<T> {
        Err(self.error(name, message))
    }

    /// Checks the memory limit.
    fn check_memory(&self) -> PyResult<()> {
        let live = self.heap.live_count();
        if live > self.limits.max_objects {
            return Err(VmError::Limit(Limit::Memory(live)));
        }
        Ok(())
    }

    /// Everything the program can reach objects from (valid between
    /// instructions at the top level, when every frame is in its thread).
    fn gc_roots(&self) -> Vec<Value> {
        let mut roots: Vec<Value> = Vec::new();
        roots.push(Value::Obj(self.builtins));
        roots.extend(self.types.all().map(Value::Obj));
        roots.extend(self.interned.values().map(|&id| Value::Obj(id)));
        roots.extend(self.shared.iter().map(|&id| Value::Obj(id)));
        for process in &self.processes {
            roots.extend(process.modules.values().map(|&id| Value::Obj(id)));
        }
        roots.push(self.last_return);
        for CachedCode { values, .. } in self.code_cache.values() {
            roots.extend(values.consts.iter().chain(values.names.iter()).copied());
        }
        for thread in &self.threads {
            roots.push(thread.target);
            roots.push(thread.trace_hook);
            for frame in &thread.frames {
                frame.trace(&mut |v| roots.push(v));
            }
            if let Some(e) = thread.exc_info {
                roots.push(e);
            }
        }
        roots
    }

    /// A checkpoint: a copy of the VM that runs on exactly as this one
    /// would, without the garbage awaiting collection. Only valid while
    /// paused (see [`Vm::run_until`]).
    #[must_use]
    pub fn checkpoint(&mut self) -> Self {
        let roots = self.gc_roots();
        let heap = std::mem::take(&mut self.heap);
        let mut copy = self.clone();
        copy.heap = heap.clone_reachable(roots);
        self.heap = heap;
        copy
    }

    /// Runs the garbage collector if due (only between slices, when every
    /// frame is stored in a thread).
    fn maybe_collect(&mut self) {
        if self.native_depth > 0 || !self.heap.should_collect() {
            return;
        }
        let roots = self.gc_roots();
        self.heap.collect(roots);
        // Freed ids will name new objects: nothing keyed by id may carry
        // over to them.
        let heap = &self.heap;
        let is_live = |id: ObjId| heap.is_live(id);
        self.names = name_cache::NameCache::default();
        let freed = self
            .lock_names
            .keys()
            .copied()
            .filter(|&lock| !is_live(lock));
        self.freed_lock_names.extend(freed);
        self.observer.forget_freed(&is_live);
    }
}
