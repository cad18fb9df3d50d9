//! The VM's one outward interface while it runs: everything it does that
//! someone may want to record, analyse or show is reported to an
//! [`Observer`]. The VM never reads anything back that could change what
//! it executes, so what an observer keeps cannot steer a run.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use interleave_lang::CodeObject;

use crate::event::{Event, Location, Stamp, WriteStamp};
use crate::model::heap::ObjId;
use crate::model::value::Value;

/// Receives a run's events as the VM executes. It is copied with the VM
/// (a checkpoint or a copy to explore from), so a copy continues with the
/// observer's state as it was; [`Any`] lets its owner get its own type back.
pub trait Observer: Any + Send + Sync + fmt::Debug {
    /// A sparse event: a switch, a lock operation, a frame, output, ...
    fn event(&mut self, event: Event);

    /// A thread read `value` at a shared `location`.
    fn read(&mut self, at: Stamp, location: Location, value: Value);

    /// A thread wrote `new` over `old` at a shared `location`.
    fn write(&mut self, at: Stamp, location: Location, old: Value, new: Value);

    /// A small number naming `code` in `FramePush` events: the same code
    /// object always gets the same number.
    fn code_id(&mut self, code: &Arc<CodeObject>) -> u32;

    /// `lock` is bookkeeping (the prelude's own) and orders nothing the
    /// script does.
    fn internal_lock(&mut self, lock: ObjId);

    /// The collector freed every object for which `is_live` is `false`;
    /// their ids will name new objects that share no history with them.
    fn forget_freed(&mut self, is_live: &dyn Fn(ObjId) -> bool);

    /// The last write to `location` the observer knows of, shown with the
    /// state ([`Vm::inspect`](crate::Vm::inspect)); never consulted while
    /// executing.
    fn last_write(&self, location: Location) -> Option<WriteStamp>;

    /// A copy of this observer, for a copy of the VM.
    fn clone_box(&self) -> Box<dyn Observer>;
}

impl Clone for Box<dyn Observer> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}
