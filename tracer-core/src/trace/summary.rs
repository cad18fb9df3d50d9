//! Counts and a digest of a recording, for `--summary` and determinism tests.

use std::collections::BTreeMap;

use super::{Event, EventKind, Location};
use crate::sched::ThreadId;
use crate::vm::value::Value;

/// Aggregate figures of a recording.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Events per kind name.
    pub per_kind: BTreeMap<&'static str, u64>,
    /// Events per thread.
    pub per_thread: BTreeMap<ThreadId, u64>,
    /// Context switches.
    pub switches: u64,
    /// FNV-1a digest of every event: equal runs have equal digests.
    pub digest: u64,
}

impl EventKind {
    /// A short name for the kind.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            Self::ThreadStart { .. } => "thread-start",
            Self::ThreadExit => "thread-exit",
            Self::Switch { .. } => "switch",
            Self::GilAcquire => "gil-acquire",
            Self::GilRelease => "gil-release",
            Self::LockAcquire { .. } => "lock-acquire",
            Self::LockRelease { .. } => "lock-release",
            Self::LockBlock { .. } => "lock-block",
            Self::Sleep { .. } => "sleep",
            Self::FramePush { .. } => "frame-push",
            Self::FramePop => "frame-pop",
            Self::Read { .. } => "read",
            Self::Write { .. } => "write",
            Self::Output { .. } => "output",
        }
    }
}

/// Incremental FNV-1a.
struct Fnv(u64);

impl Fnv {
    fn add(&mut self, x: u64) {
        for b in x.to_le_bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn value(&mut self, v: Value) {
        let (tag, bits) = match v {
            Value::Null => (0, 0),
            Value::None => (1, 0),
            Value::Bool(b) => (2, u64::from(b)),
            #[allow(clippy::cast_sign_loss)]
            Value::Int(i) => (3, i as u64),
            Value::Float(f) => (4, f.to_bits()),
            Value::NotImplemented => (5, 0),
            Value::Ellipsis => (6, 0),
            Value::Obj(id) => (7, u64::from(id.0)),
        };
        self.add(tag);
        self.add(bits);
    }

    fn location(&mut self, l: Location) {
        match l {
            Location::Global { namespace, name } => {
                self.add(1);
                self.add(u64::from(namespace.0));
                self.add(u64::from(name.0));
            }
            Location::Item { container, key } => {
                self.add(2);
                self.add(u64::from(container.0));
                match key {
                    super::KeyId::Int(i) => self.add(i.cast_unsigned()),
                    super::KeyId::Object(o) => self.add(u64::from(o.0)),
                    super::KeyId::Bits(b) => self.add(b),
                }
            }
            Location::Attr { object, name } => {
                self.add(3);
                self.add(u64::from(object.0));
                self.add(u64::from(name.0));
            }
        }
    }
}

impl Summary {
    /// Summarises `events`.
    #[must_use]
    pub fn of(events: &[Event]) -> Self {
        let mut summary = Self::default();
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        for e in events {
            *summary.per_kind.entry(e.kind.name()).or_default() += 1;
            *summary.per_thread.entry(e.thread).or_default() += 1;
            h.add(e.step);
            h.add(e.time_ns);
            h.add(e.thread as u64);
            h.add(e.kind.name().len() as u64);
            match e.kind {
                EventKind::ThreadStart { parent } => h.add(parent as u64),
                EventKind::Switch { to, reason } => {
                    summary.switches += 1;
                    h.add(to as u64);
                    h.add(reason as u64);
                }
                EventKind::LockAcquire { lock }
                | EventKind::LockRelease { lock }
                | EventKind::LockBlock { lock } => {
                    h.add(u64::from(lock.0));
                }
                EventKind::Sleep { until_ns } => h.add(until_ns),
                EventKind::FramePush { code } => h.add(u64::from(code)),
                EventKind::Read { location, value } => {
                    h.location(location);
                    h.value(value);
                }
                EventKind::Write { location, old, new } => {
                    h.location(location);
                    h.value(old);
                    h.value(new);
                }
                EventKind::Output { len } => h.add(u64::from(len)),
                EventKind::ThreadExit
                | EventKind::GilAcquire
                | EventKind::GilRelease
                | EventKind::FramePop => {}
            }
        }
        summary.digest = h.0;
        summary
    }
}
