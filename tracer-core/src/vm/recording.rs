//! The VM's side of recording: stamping events with step, time and thread.

use super::Vm;
use super::value::Value;
use crate::trace::{Event, EventKind, Location, Recorder, Stamp};

impl Vm {
    /// Records an event of the running thread.
    #[inline]
    pub(super) fn record(&mut self, kind: EventKind) {
        self.recorder.record(Event {
            step: self.steps,
            time_ns: self.clock_ns,
            thread: self.current,
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
    pub(super) fn record_read(&mut self, location: Location, value: Value) {
        let at = self.stamp();
        self.recorder.read(at, location, value);
    }

    /// Records a heap mutation.
    #[inline]
    pub(super) fn record_write(&mut self, location: Location, old: Value, new: Value) {
        let at = self.stamp();
        self.recorder.write(at, location, old, new);
    }

    /// Appends program output (stdout) and records it.
    pub(super) fn write_output(&mut self, text: &str) {
        self.output.extend_from_slice(text.as_bytes());
        self.record(EventKind::Output {
            len: u32::try_from(text.len()).unwrap_or(u32::MAX),
        });
    }

    /// From now on, records only what the lost-update analysis (and the
    /// race analysis, if `races`) needs: no events, counts, digest or lock
    /// names (see [`Recorder::keep_only_analyses`]). Execution is unchanged.
    pub fn record_analyses_only(&mut self, races: bool) {
        self.recorder.keep_only_analyses(races);
    }

    /// The recording so far.
    #[must_use]
    pub const fn recorder(&self) -> &Recorder {
        &self.recorder
    }

    /// Takes the sparse events recorded since the last call.
    pub fn take_events(&mut self) -> Vec<Event> {
        self.recorder.take_events()
    }

    /// A sentence describing lost update number `index` of the recording,
    /// e.g. `T2 read count=41 (step 1203), T3 wrote 42 (step 1207), T2
    /// wrote 42 (step 1210): T3's update was lost`.
    #[must_use]
    pub fn describe_lost_update(&mut self, index: usize) -> Option<String> {
        let r = *self.recorder.lost_updates().get(index)?;
        let name = self.location_name(r.location);
        let show = |vm: &mut Self, v: Value| {
            vm.repr(v)
                .map(|s| vm.str_of(s).to_owned())
                .unwrap_or_default()
        };
        let read = show(self, r.read_value);
        let lost = show(self, r.lost_value);
        let wrote = show(self, r.write_value);
        let others = if r.overwritten > 1 {
            format!(" (and {} more)", r.overwritten - 1)
        } else {
            String::new()
        };
        Some(format!(
            "T{} read {name}={read} (step {}), T{} wrote {lost} (step {}), T{} wrote {wrote} (step {}): T{}'s update was lost{others}",
            r.writer,
            r.read_step,
            r.lost_thread,
            r.lost_step,
            r.writer,
            r.write_step,
            r.lost_thread
        ))
    }

    /// A readable name for a location (`count`, `shared['count']`, `obj.x`).
    pub(super) fn location_name(&mut self, location: Location) -> String {
        match location {
            Location::Global { name, .. } => self.str_of(Value::Obj(name)).to_owned(),
            Location::Attr { name, .. } => format!(".{}", self.str_of(Value::Obj(name))),
            Location::Item { key, .. } => match key {
                crate::trace::KeyId::Int(i) => format!("[{i}]"),
                crate::trace::KeyId::Object(o) => {
                    let r = self
                        .repr(Value::Obj(o))
                        .map(|s| self.str_of(s).to_owned())
                        .unwrap_or_default();
                    format!("[{r}]")
                }
                crate::trace::KeyId::Bits(b) => format!("[{b:#x}]"),
            },
        }
    }
}
