//! The VM's side of recording: stamping events with step, time and thread.

use crate::Observer;
use crate::Vm;
use crate::event::{Event, EventKind, KeyId, Location, Stamp};
use crate::model::value::Value;
use crate::sched::ThreadId;

impl Vm {
    /// Records an event of the running thread.
    #[inline]
    pub(crate) fn record(&mut self, kind: EventKind) {
        self.record_for(self.current, kind);
    }

    /// Records an event of `thread` (a thread starting or ending on
    /// another's behalf).
    #[inline]
    pub(crate) fn record_for(&mut self, thread: ThreadId, kind: EventKind) {
        self.note_event_for_driver(kind);
        self.observer.event(Event {
            step: self.steps,
            time_ns: self.clock_ns,
            thread,
            kind,
        });
    }

    /// The running thread's position, for dense events.
    #[inline]
    const fn stamp(&self) -> Stamp {
        Stamp {
            step: self.steps,
            time_ns: self.clock_ns,
            thread: self.current,
        }
    }

    /// Records a read of shared state.
    #[inline]
    pub(crate) fn record_read(&mut self, location: Location, value: Value) {
        self.pull.visible |= self.pull.in_script;
        let at = self.stamp();
        self.observer.read(at, location, value);
    }

    /// Records a heap mutation.
    #[inline]
    pub(crate) fn record_write(&mut self, location: Location, old: Value, new: Value) {
        self.pull.visible |= self.pull.in_script;
        let at = self.stamp();
        self.observer.write(at, location, old, new);
    }

    /// Appends program output (stdout) and records it.
    pub(crate) fn write_output(&mut self, text: &str) {
        self.output.extend_from_slice(text.as_bytes());
        self.record(EventKind::Output {
            len: u32::try_from(text.len()).unwrap_or(u32::MAX),
        });
    }

    /// The observer this VM reports to.
    #[must_use]
    pub fn observer(&self) -> &dyn Observer {
        &*self.observer
    }

    /// The observer this VM reports to, to change what it keeps.
    pub fn observer_mut(&mut self) -> &mut dyn Observer {
        &mut *self.observer
    }

    /// From now on, contended locks are not named (naming scans the heap;
    /// a run that is checked and dropped needs no names). Execution is
    /// unchanged.
    pub fn stop_naming_locks(&mut self) {
        self.names_locks = false;
    }

    /// `repr(value)` as text (empty if `__repr__` raised).
    pub fn repr_text(&mut self, value: Value) -> String {
        self.repr(value)
            .map(|s| self.str_of(s).to_owned())
            .unwrap_or_default()
    }

    /// A readable name for a location (`count`, `shared['count']`, `obj.x`).
    pub fn location_name(&mut self, location: Location) -> String {
        match location {
            Location::Global { name, .. } => self.str_of(Value::Obj(name)).to_owned(),
            Location::Attr { name, .. } => format!(".{}", self.str_of(Value::Obj(name))),
            Location::Item { key, .. } => match key {
                KeyId::Int(i) => format!("[{i}]"),
                KeyId::Object(o) => format!("[{}]", self.repr_text(Value::Obj(o))),
                KeyId::Bits(b) => format!("[{b:#x}]"),
            },
        }
    }
}
