//! The heap: an arena of objects with stable ids, reclaimed by a
//! deterministic mark-and-sweep collector that runs only at safe points.

use std::sync::Arc;

use super::object::Object;
use super::value::Value;
use crate::headroom::clone_with_headroom;

/// Stable identity of a heap object (its slot in the arena). Ids of dead
/// objects are reused in a deterministic (LIFO) order, like CPython's `id()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjId(pub u32);

/// The object arena.
///
/// Objects frozen by [`Heap::share`] live in a base that copies of the heap
/// share: a copy costs one slot per object, and an object is copied into
/// the heap that writes it on its first write (explore starts every seed
/// from one shared copy of the VM this way).
#[derive(Debug, Default)]
pub struct Heap {
    /// The shared objects, by id ([`Object::Unreachable`] where none).
    base: Arc<[Object]>,
    slots: Vec<Slot>,
    free: Vec<u32>,
    allocated_since_collect: usize,
    live_after_collect: usize,
}

impl Clone for Heap {
    fn clone(&self) -> Self {
        Self {
            base: self.base.clone(),
            slots: clone_with_headroom(&self.slots),
            free: self.free.clone(),
            allocated_since_collect: self.allocated_since_collect,
            live_after_collect: self.live_after_collect,
        }
    }
}

/// One id's slot.
#[derive(Clone, Debug)]
enum Slot {
    /// No object: the id is on the free list.
    Free,
    /// An object this heap owns.
    Own(Object),
    /// The object is the base's, unchanged so far.
    Shared,
}

/// Objects allocated between collections before the first one runs.
const MIN_COLLECT_INTERVAL: usize = 100_000;

impl Heap {
    /// Allocates an object and returns its id.
    pub fn alloc(&mut self, obj: Object) -> ObjId {
        self.allocated_since_collect += 1;
        if let Some(i) = self.free.pop() {
            self.slots[i as usize] = Slot::Own(obj);
            ObjId(i)
        } else {
            self.slots.push(Slot::Own(obj));
            ObjId(u32::try_from(self.slots.len() - 1).expect("heap fits in u32 ids"))
        }
    }

    /// The object in slot `i`, if it holds one.
    fn slot(&self, i: usize) -> Option<&Object> {
        match &self.slots[i] {
            Slot::Own(obj) => Some(obj),
            Slot::Shared => Some(&self.base[i]),
            Slot::Free => None,
        }
    }

    /// The object with id `id`.
    ///
    /// # Panics
    /// If `id` refers to a collected object (an interpreter bug).
    #[must_use]
    pub fn get(&self, id: ObjId) -> &Object {
        self.slot(id.0 as usize).expect("live object")
    }

    /// Every live object with its id, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (ObjId, &Object)> {
        (0..self.slots.len()).filter_map(|i| Some((ObjId(u32::try_from(i).ok()?), self.slot(i)?)))
    }

    /// `true` if `id` was allocated after the last [`Heap::share`] (or
    /// the heap was never shared).
    #[must_use]
    pub fn born_after_share(&self, id: ObjId) -> bool {
        !self
            .base
            .get(id.0 as usize)
            .is_some_and(|obj| !matches!(obj, Object::Unreachable))
    }

    /// `true` if `id` is still the shared base's object, unwritten since
    /// the last [`Heap::share`].
    #[must_use]
    pub fn is_unchanged(&self, id: ObjId) -> bool {
        matches!(self.slots.get(id.0 as usize), Some(Slot::Shared))
    }

    /// The objects created or written since the last [`Heap::share`], with
    /// their ids, in id order.
    pub fn iter_owned(&self) -> impl Iterator<Item = (ObjId, &Object)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, slot)| match slot {
                Slot::Own(obj) => Some((ObjId(u32::try_from(i).ok()?), obj)),
                Slot::Shared | Slot::Free => None,
            })
    }

    /// `false` when `holder` cannot refer to `target` directly: `holder`
    /// is unchanged since the last [`Heap::share`] and `target` was
    /// allocated after it.
    #[must_use]
    pub fn could_refer_to(&self, holder: ObjId, target: ObjId) -> bool {
        !self.is_unchanged(holder) || !self.born_after_share(target)
    }

    /// Mutable access to an object (copied out of the shared base first if
    /// it is still there).
    ///
    /// # Panics
    /// If `id` refers to a collected object (an interpreter bug).
    pub fn get_mut(&mut self, id: ObjId) -> &mut Object {
        let i = id.0 as usize;
        let slot = &mut self.slots[i];
        if let Slot::Shared = slot {
            *slot = Slot::Own(self.base[i].clone());
        }
        match slot {
            Slot::Own(obj) => obj,
            Slot::Free | Slot::Shared => panic!("live object"),
        }
    }

    /// Moves every object into a new shared base, so that copies of the
    /// heap made from now on share them until they write them.
    pub fn share(&mut self) {
        let old_base = std::mem::take(&mut self.base);
        let mut base = Vec::with_capacity(self.slots.len());
        for (i, slot) in self.slots.iter_mut().enumerate() {
            base.push(match std::mem::replace(slot, Slot::Shared) {
                Slot::Own(obj) => obj,
                Slot::Shared => old_base[i].clone(),
                Slot::Free => {
                    *slot = Slot::Free;
                    Object::Unreachable
                }
            });
        }
        self.base = base.into();
    }

    /// Number of live objects (after the last collection, plus allocations since).
    #[must_use]
    pub fn live_count(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    /// A rough size of the arena in bytes (slots plus a typical payload
    /// per object this heap owns), for memory budgets.
    #[must_use]
    pub fn estimated_bytes(&self) -> usize {
        /// Typical out-of-line payload of an object (strings, small lists).
        const PAYLOAD: usize = 48;
        let payloads = self
            .slots
            .iter()
            .filter(|slot| !matches!(slot, Slot::Free | Slot::Own(Object::Unreachable)))
            .count()
            * PAYLOAD;
        self.slots.len() * std::mem::size_of::<Slot>() + payloads
    }

    /// `true` when enough has been allocated that a collection is due.
    #[must_use]
    pub fn should_collect(&self) -> bool {
        self.allocated_since_collect >= MIN_COLLECT_INTERVAL.max(self.live_after_collect)
    }

    /// Which slots hold objects reachable from `roots`.
    pub(super) fn mark(&self, roots: impl IntoIterator<Item = Value>) -> Vec<bool> {
        let mut marked = vec![false; self.slots.len()];
        let mut work: Vec<ObjId> = roots.into_iter().filter_map(Value::as_obj).collect();
        while let Some(id) = work.pop() {
            let i = id.0 as usize;
            if marked[i] {
                continue;
            }
            marked[i] = true;
            if let Some(obj) = self.slot(i) {
                obj.trace(&mut |v| {
                    if let Value::Obj(child) = v
                        && !marked[child.0 as usize]
                    {
                        work.push(child);
                    }
                });
            }
        }
        marked
    }

    /// A copy holding only the objects reachable from `roots`; the slots of
    /// unreachable ones keep an [`Object::Unreachable`] placeholder, so ids,
    /// the free list and the next collection stay exactly as in `self`.
    /// Shared objects stay shared.
    #[must_use]
    pub fn clone_reachable(&self, roots: impl IntoIterator<Item = Value>) -> Self {
        let marked = self.mark(roots);
        let slots = self
            .slots
            .iter()
            .zip(marked)
            .map(|(slot, reachable)| match slot {
                Slot::Own(obj) if reachable => Slot::Own(obj.clone()),
                Slot::Own(_) => Slot::Own(Object::Unreachable),
                Slot::Shared => Slot::Shared,
                Slot::Free => Slot::Free,
            })
            .collect();
        Self {
            base: self.base.clone(),
            slots,
            free: self.free.clone(),
            allocated_since_collect: self.allocated_since_collect,
            live_after_collect: self.live_after_collect,
        }
    }

    /// Frees every object not reachable from `roots`.
    pub fn collect(&mut self, roots: impl IntoIterator<Item = Value>) {
        let marked = self.mark(roots);
        // Free in descending order so that the free list hands out low ids first.
        for i in (0..self.slots.len()).rev() {
            if !marked[i] && !matches!(self.slots[i], Slot::Free) {
                self.slots[i] = Slot::Free;
                self.free.push(u32::try_from(i).expect("fits"));
            }
        }
        self.free.sort_unstable_by(|a, b| b.cmp(a));
        self.allocated_since_collect = 0;
        self.live_after_collect = self.live_count();
    }
}

#[cfg(test)]
mod tests {
    use super::{Heap, ObjId};
    use crate::vm::object::Object;

    fn text(heap: &Heap, id: ObjId) -> &str {
        match heap.get(id) {
            Object::Str(s) => s,
            other => panic!("not a str: {other:?}"),
        }
    }

    #[test]
    fn copies_of_a_shared_heap_write_their_own_objects() {
        let mut heap = Heap::default();
        let a = heap.alloc(Object::Str("a".into()));
        let b = heap.alloc(Object::Str("b".into()));
        heap.share();
        let mut copy = heap.clone();
        *copy.get_mut(a) = Object::Str("changed".into());
        assert_eq!(text(&copy, a), "changed");
        assert_eq!(text(&heap, a), "a", "the original keeps its object");
        assert_eq!(text(&copy, b), "b", "unwritten objects are read through");
        let c = copy.alloc(Object::Str("c".into()));
        assert_eq!(c, ObjId(2));
        assert_eq!(copy.iter().count(), 3);
        assert_eq!(heap.iter().count(), 2);
    }

    #[test]
    fn only_changed_objects_can_refer_to_objects_newer_than_the_base() {
        let mut heap = Heap::default();
        let old = heap.alloc(Object::List(Vec::new()));
        let unchanged = heap.alloc(Object::List(Vec::new()));
        heap.share();
        let new = heap.alloc(Object::Str("new".into()));
        *heap.get_mut(old) = Object::List(vec![crate::vm::value::Value::Obj(new)]);
        assert!(heap.could_refer_to(old, new), "written since sharing");
        assert!(
            !heap.could_refer_to(unchanged, new),
            "unchanged since sharing"
        );
        assert!(heap.could_refer_to(unchanged, old), "both in the base");
        assert!(heap.could_refer_to(new, new));
    }

    #[test]
    fn sharing_keeps_ids_and_the_free_list() {
        let mut heap = Heap::default();
        let keep = heap.alloc(Object::Str("keep".into()));
        let _dropped = heap.alloc(Object::Str("dropped".into()));
        heap.collect([crate::vm::value::Value::Obj(keep)]);
        heap.share();
        assert_eq!(heap.live_count(), 1);
        assert_eq!(text(&heap, keep), "keep");
        assert_eq!(
            heap.alloc(Object::Str("new".into())),
            ObjId(1),
            "the freed id is reused"
        );
        heap.collect([crate::vm::value::Value::Obj(keep)]);
        heap.share();
        assert_eq!(heap.iter().map(|(id, _)| id).collect::<Vec<_>>(), [keep]);
    }
}
