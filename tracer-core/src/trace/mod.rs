//! Recording: the events of a run, in execution order, and the analyses
//! computed from them (lost updates, summaries, a digest of the whole
//! recording for determinism checks).

mod lost_update;
mod summary;

pub use self::lost_update::{LostUpdate, LostUpdateDetector};
pub use self::summary::Summary;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::lang::CodeObject;
use crate::sched::{Reason, ThreadId};
use crate::vm::heap::ObjId;
use crate::vm::value::Value;

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

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq)]
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
        /// The code object's index in [`Recorder::codes`].
        code: u32,
    },
    /// A frame returned or unwound.
    FramePop,
    /// `thread` read `location` and saw `value`.
    Read {
        /// Where.
        location: Location,
        /// What was read.
        value: Value,
    },
    /// `thread` wrote `new` over `old` at `location`.
    Write {
        /// Where.
        location: Location,
        /// The previous value (`Null` if none).
        old: Value,
        /// The new value.
        new: Value,
    },
    /// `thread` wrote `len` bytes to stdout.
    Output {
        /// Byte count.
        len: u32,
    },
}

/// An event with its position in the run.
#[derive(Clone, Copy, Debug, PartialEq)]
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

/// Collects events and runs the online analyses.
#[derive(Debug, Default)]
pub struct Recorder {
    events: Vec<Event>,
    lost_updates: LostUpdateDetector,
    codes: Vec<Arc<CodeObject>>,
    code_index: BTreeMap<usize, u32>,
}

impl Recorder {
    /// Records an event.
    pub fn record(&mut self, event: Event) {
        match event.kind {
            EventKind::Read { location, value } => {
                self.lost_updates
                    .read(event.thread, event.step, location, value);
            }
            EventKind::Write { location, new, .. } => {
                self.lost_updates
                    .write(event.thread, event.step, location, new);
            }
            _ => {}
        }
        self.events.push(event);
    }

    /// Every event so far.
    #[must_use]
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The index of a code object in [`Recorder::codes`], registering it.
    pub fn code_id(&mut self, code: &Arc<CodeObject>) -> u32 {
        let key = Arc::as_ptr(code) as usize;
        if let Some(&id) = self.code_index.get(&key) {
            return id;
        }
        let id = u32::try_from(self.codes.len()).unwrap_or(u32::MAX);
        self.codes.push(code.clone());
        self.code_index.insert(key, id);
        id
    }

    /// Code objects referred to by `FramePush` events.
    #[must_use]
    pub fn codes(&self) -> &[Arc<CodeObject>] {
        &self.codes
    }

    /// Lost updates found so far.
    #[must_use]
    pub fn lost_updates(&self) -> &LostUpdateDetector {
        &self.lost_updates
    }
}
