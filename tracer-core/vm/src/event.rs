//! What the VM reports while it runs: the events of a run, the shared
//! locations threads read and write, and who wrote one last. The VM emits
//! them to its [`Observer`](crate::Observer); the recorder above it keeps,
//! digests and analyses them.

use crate::model::heap::ObjId;
use crate::model::value::Value;
use crate::sched::{Reason, ThreadId};

/// A shared location a thread can read or write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// A module-level name: `(globals dict, interned name)`.
    Global {
        /// The namespace dict.
        namespace: ObjId,
        /// The name (an interned str object).
        name: ObjId,
    },
    /// An item of a dict or list: `(container, key)`.
    Item {
        /// The container.
        container: ObjId,
        /// The key (ints by value, other keys by identity).
        key: KeyId,
    },
    /// An attribute of an object: `(object, interned name)`.
    Attr {
        /// The object.
        object: ObjId,
        /// The name (an interned str object).
        name: ObjId,
    },
}

impl Location {
    /// `true` if every object the location names (namespace, container,
    /// key object, attribute holder) satisfies `is_live`.
    pub fn objects_are(&self, is_live: &dyn Fn(ObjId) -> bool) -> bool {
        match *self {
            Self::Global { namespace, .. } => is_live(namespace),
            Self::Attr { object, .. } => is_live(object),
            Self::Item { container, key } => {
                is_live(container) && !matches!(key, KeyId::Object(k) if !is_live(k))
            }
        }
    }
}

/// A hashable identity for a container key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyId {
    /// An int key.
    Int(i64),
    /// Any other key, by object identity.
    Object(ObjId),
    /// `None`, `True`, `False` and floats, by bit pattern.
    Bits(u64),
}

impl KeyId {
    /// The key identity of a value.
    #[must_use]
    pub fn of(v: Value) -> Self {
        match v {
            Value::Int(i) => Self::Int(i),
            Value::Bool(b) => Self::Int(i64::from(b)),
            Value::Obj(id) => Self::Object(id),
            Value::Float(f) => Self::Bits(f.to_bits()),
            Value::None | Value::Null => Self::Bits(0),
            Value::NotImplemented => Self::Bits(1),
            Value::Ellipsis => Self::Bits(2),
        }
    }
}

/// What happened: the sparse events a trace keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A thread was created by `parent`.
    ThreadStart {
        /// The creating thread.
        parent: ThreadId,
    },
    /// The thread's code finished.
    ThreadExit,
    /// The scheduler moved the CPU (and the GIL) from `thread` to `to`.
    Switch {
        /// The thread that runs next.
        to: ThreadId,
        /// Why.
        reason: Reason,
    },
    /// `thread` took the GIL.
    GilAcquire,
    /// `thread` released the GIL.
    GilRelease,
    /// `thread` acquired `lock`.
    LockAcquire {
        /// The lock.
        lock: ObjId,
    },
    /// `thread` released `lock`.
    LockRelease {
        /// The lock.
        lock: ObjId,
    },
    /// `thread` blocked on `lock`.
    LockBlock {
        /// The lock.
        lock: ObjId,
    },
    /// `thread` went to sleep until virtual time `until_ns`.
    Sleep {
        /// Wake-up time.
        until_ns: u64,
    },
    /// A frame of a code object was entered.
    FramePush {
        /// The code object's index, as [`Observer::code_id`](crate::Observer::code_id) numbered it.
        code: u32,
    },
    /// A frame returned or unwound.
    FramePop,
    /// `thread` wrote `len` bytes to stdout.
    Output {
        /// Byte count.
        len: u32,
    },
}

/// Names of the event kinds, sparse and dense, in counting order.
pub const KIND_NAMES: [&str; 14] = [
    "thread-start",
    "thread-exit",
    "switch",
    "gil-acquire",
    "gil-release",
    "lock-acquire",
    "lock-release",
    "lock-block",
    "sleep",
    "frame-push",
    "frame-pop",
    "output",
    "read",
    "write",
];

impl EventKind {
    /// `true` for frame pushes and pops.
    #[must_use]
    pub const fn is_frame(&self) -> bool {
        matches!(self, Self::FramePush { .. } | Self::FramePop)
    }

    /// The kind's index in [`KIND_NAMES`].
    #[must_use]
    pub const fn index(&self) -> usize {
        match self {
            Self::ThreadStart { .. } => 0,
            Self::ThreadExit => 1,
            Self::Switch { .. } => 2,
            Self::GilAcquire => 3,
            Self::GilRelease => 4,
            Self::LockAcquire { .. } => 5,
            Self::LockRelease { .. } => 6,
            Self::LockBlock { .. } => 7,
            Self::Sleep { .. } => 8,
            Self::FramePush { .. } => 9,
            Self::FramePop => 10,
            Self::Output { .. } => 11,
        }
    }

    /// A short name for the kind.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        KIND_NAMES[self.index()]
    }
}

/// An event with its position in the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    /// Instructions executed before it.
    pub step: u64,
    /// Virtual time.
    pub time_ns: u64,
    /// The acting thread.
    pub thread: ThreadId,
    /// What happened.
    pub kind: EventKind,
}

/// When and by whom a dense access happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// Instructions executed so far.
    pub step: u64,
    /// Virtual time.
    pub time_ns: u64,
    /// The acting thread.
    pub thread: ThreadId,
}

/// Who wrote a location, and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteStamp {
    /// The writing thread.
    pub thread: ThreadId,
    /// Instructions executed before the write's instruction finished.
    pub step: u64,
}
