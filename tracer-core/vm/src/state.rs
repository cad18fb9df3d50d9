//! The read model of one moment of a run: what the cursor returns for a
//! step and what the GUI's panels show. Plain data, detached from the VM.

use crate::event::WriteStamp;
use crate::sched::ThreadId;

/// Everything visible at one step.
#[derive(Clone, Debug, PartialEq)]
pub struct StepState {
    /// Instructions executed before this moment.
    pub step: u64,
    /// Virtual time, in nanoseconds.
    pub time_ns: u64,
    /// The thread that executes the next instruction.
    pub running: ThreadId,
    /// Every thread, in creation order.
    pub threads: Vec<ThreadView>,
    /// The `__main__` module's globals, in definition order.
    pub globals: Vec<Binding>,
    /// Heap objects reachable from the frames and globals (breadth first,
    /// at most [`MAX_OBJECTS`]), by id.
    pub objects: Vec<ObjectView>,
    /// Bytes of stdout written so far.
    pub output_len: usize,
}

/// Heap objects listed per state at most.
pub const MAX_OBJECTS: usize = 500;

/// One thread at a step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThreadView {
    /// Its index (`T0` is the main thread).
    pub id: ThreadId,
    /// `threading.get_ident()`.
    pub ident: i64,
    /// What it is doing.
    pub status: ThreadStatus,
    /// Locks it holds (object ids).
    pub locks_held: Vec<u32>,
    /// Call stack, outermost first.
    pub frames: Vec<FrameView>,
}

/// What a thread is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThreadStatus {
    /// It holds the CPU (and the GIL, under a GIL model).
    Running,
    /// It could run and waits for the CPU/GIL.
    Runnable,
    /// It waits for a lock (object id).
    BlockedOnLock(u32),
    /// It sleeps until this virtual time.
    Sleeping(u64),
    /// It waits for the child process with this pid to exit.
    WaitingForProcess(i64),
    /// Its code finished.
    Finished,
}

/// One frame of a call stack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameView {
    /// `co_qualname` of its code.
    pub function: String,
    /// `co_filename`.
    pub file: String,
    /// Source line of the next instruction (0 when synthetic).
    pub line: u32,
    /// CPython byte offset of the next instruction.
    pub offset: u32,
    /// Index of the next instruction.
    pub instruction: u32,
    /// The next instruction, e.g. `LOAD_GLOBAL 1 (count)`.
    pub instruction_text: String,
    /// Fast locals that are bound, in `co_varnames` order.
    pub locals: Vec<Binding>,
    /// The value stack, bottom first.
    pub stack: Vec<ValueView>,
}

/// A name bound to a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The name (or, for container items, the key's repr).
    pub name: String,
    /// The value.
    pub value: ValueView,
    /// The last write to it, when it is shared state the observer tracks.
    pub last_write: Option<WriteStamp>,
}

/// A value as shown to the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueView {
    /// Its type's name.
    pub type_name: String,
    /// A repr-like rendering, shortened for large values.
    pub text: String,
    /// The heap object, unless the value is immediate (small int, float,
    /// bool, `None`).
    pub object: Option<u32>,
}

/// A heap object and what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectView {
    /// Its id.
    pub id: u32,
    /// The value itself.
    pub value: ValueView,
    /// Attributes, items or members.
    pub fields: Vec<Binding>,
}
