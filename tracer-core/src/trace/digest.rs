//! The digest of a recording: one 64-bit word-wise hash over every event,
//! dense (reads, writes) and sparse alike, so equal runs have equal digests
//! and a replay that diverges anywhere is caught.
//!
//! The mixing step is fixed here (not taken from a hashing crate) because
//! digests are stored in trace files: it must never change within a
//! format version.

use super::{Event, EventKind, KeyId, Location, Stamp};
use interleave_vm::Value;
use interleave_vm::sched::ThreadId;

/// A running digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Digest(u64);

impl Default for Digest {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Digest {
    /// The digest so far.
    #[must_use]
    pub const fn value(self) -> u64 {
        self.0
    }

    #[inline]
    fn word(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    #[inline]
    fn stamp(&mut self, tag: u64, step: u64, time_ns: u64, thread: ThreadId) {
        self.word(tag);
        self.word(step);
        self.word(time_ns);
        self.word(thread as u64);
    }

    fn value_word(&mut self, v: Value) {
        let (tag, bits) = match v {
            Value::Null => (0, 0),
            Value::None => (1, 0),
            Value::Bool(b) => (2, u64::from(b)),
            Value::Int(i) => (3, i.cast_unsigned()),
            Value::Float(f) => (4, f.to_bits()),
            Value::NotImplemented => (5, 0),
            Value::Ellipsis => (6, 0),
            Value::Obj(id) => (7, u64::from(id.0)),
        };
        self.word(tag);
        self.word(bits);
    }

    fn location(&mut self, l: Location) {
        match l {
            Location::Global { namespace, name } => {
                self.word(1);
                self.word(u64::from(namespace.0));
                self.word(u64::from(name.0));
            }
            Location::Item { container, key } => {
                self.word(2);
                self.word(u64::from(container.0));
                match key {
                    KeyId::Int(i) => self.word(i.cast_unsigned()),
                    KeyId::Object(o) => self.word(u64::from(o.0)),
                    KeyId::Bits(b) => self.word(b),
                }
            }
            Location::Attr { object, name } => {
                self.word(3);
                self.word(u64::from(object.0));
                self.word(u64::from(name.0));
            }
        }
    }

    /// Absorbs a sparse event.
    pub fn event(&mut self, e: &Event) {
        self.stamp(e.kind.index() as u64, e.step, e.time_ns, e.thread);
        match e.kind {
            EventKind::ThreadStart { parent } => self.word(parent as u64),
            EventKind::Switch { to, reason } => {
                self.word(to as u64);
                self.word(reason as u64);
            }
            EventKind::LockAcquire { lock }
            | EventKind::LockRelease { lock }
            | EventKind::LockBlock { lock } => self.word(u64::from(lock.0)),
            EventKind::Sleep { until_ns } => self.word(until_ns),
            EventKind::FramePush { code } => self.word(u64::from(code)),
            EventKind::Output { len } => self.word(u64::from(len)),
            EventKind::ThreadExit
            | EventKind::GilAcquire
            | EventKind::GilRelease
            | EventKind::FramePop => {}
        }
    }

    /// Absorbs a read of shared state.
    pub fn read(&mut self, at: Stamp, location: Location, value: Value) {
        self.stamp(READ_TAG, at.step, at.time_ns, at.thread);
        self.location(location);
        self.value_word(value);
    }

    /// Absorbs a heap write.
    pub fn write(&mut self, at: Stamp, location: Location, old: Value, new: Value) {
        self.stamp(WRITE_TAG, at.step, at.time_ns, at.thread);
        self.location(location);
        self.value_word(old);
        self.value_word(new);
    }
}

/// Digest tags of the dense accesses (after the sparse kinds' indices).
const READ_TAG: u64 = 100;
const WRITE_TAG: u64 = 101;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mixing_function_is_fixed() {
        // Trace files store digests: this value must not change within a
        // format version.
        let mut d = Digest::default();
        d.event(&Event {
            step: 1,
            time_ns: 2,
            thread: 3,
            kind: EventKind::Output { len: 4 },
        });
        assert_eq!(d.value(), 0x75c9_37c1_2763_87c3, "{:#x}", d.value());
    }

    #[test]
    fn order_matters() {
        let at = |step| Stamp {
            step,
            time_ns: 0,
            thread: 0,
        };
        let loc = Location::Global {
            namespace: interleave_vm::ObjId(1),
            name: interleave_vm::ObjId(2),
        };
        let mut a = Digest::default();
        a.read(at(1), loc, Value::Int(1));
        a.write(at(2), loc, Value::Int(1), Value::Int(2));
        let mut b = Digest::default();
        b.write(at(2), loc, Value::Int(1), Value::Int(2));
        b.read(at(1), loc, Value::Int(1));
        assert_ne!(a, b);
    }
}
