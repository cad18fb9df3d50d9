//! The heap: an arena of objects with stable ids, reclaimed by a
//! deterministic mark-and-sweep collector that runs only at safe points.

use std::sync::Arc;

use crate::model::headroom::clone_with_headroom;
use crate::model::object::Object;
use crate::model::value::Value;

/// Stable identity of a heap object (its slot in the arena). Ids of dead
/// objects are reused in a deterministic (LIFO) order, like CPython's `id()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjId(pub u32);

/// The object arena.
///
/// Objects frozen by [`Heap::share`] live in a base that copies of the heap
/// share: a copy costs a few bytes per base object (where its object is
/// now), and an object is copied into the heap that writes it on its first
/// write (explore starts every seed from one shared copy of the VM this
/// way). Ids from the base's length on are stored inline.
#[derive(Debug, Default)]
pub struct Heap {
    /// The shared objects, by id ([`Object::Unreachable`] where none).
    base: Arc<[Object]>,
    /// Where the object of each id below `base.len()` is.
    base_slots: Vec<BaseSlot>,
    /// Objects in base ids that this heap wrote (or allocated anew after
    /// the base's object was freed), indexed by [`BaseSlot::Written`].
    written: Vec<Object>,
    /// Indexes into `written` whose object was freed, for reuse.
    spare_written: Vec<u32>,
    /// The objects of ids from `base.len()` on (`None`: free).
    young: Vec<Option<Object>>,
    free: Vec<u32>,
    allocated_since_collect: usize,
    live_after_collect: usize,
}

impl Clone for Heap {
    fn clone(&self) -> Self {
        Self {
            base: self.base.clone(),
            base_slots: self.base_slots.clone(),
            written: clone_with_headroom(&self.written),
            spare_written: self.spare_written.clone(),
            young: clone_with_headroom(&self.young),
            free: self.free.clone(),
            allocated_since_collect: self.allocated_since_collect,
            live_after_collect: self.live_after_collect,
        }
    }
}

/// Where the object of an id below the base's length is.
#[derive(Clone, Copy, Debug)]
enum BaseSlot {
    /// No object: the id is on the free list.
    Free,
    /// The base's object, unchanged so far.
    Shared,
    /// This heap's own object, at this index of [`Heap::written`].
    Written(u32),
}

/// Objects allocated between collections before the first one runs.
const MIN_COLLECT_INTERVAL: usize = 100_000;

impl Heap {
    /// Allocates an object and returns its id.
    pub fn alloc(&mut self, obj: Object) -> ObjId {
        self.allocated_since_collect += 1;
        let Some(id) = self.free.pop() else {
            self.young.push(Some(obj));
            let id = self.base_slots.len() + self.young.len() - 1;
            return ObjId(u32::try_from(id).expect("heap fits in u32 ids"));
        };
        let i = id as usize;
        if let Some(young) = i.checked_sub(self.base_slots.len()) {
            self.young[young] = Some(obj);
        } else {
            self.base_slots[i] = BaseSlot::Written(self.keep_written(obj));
        }
        ObjId(id)
    }

    /// Stores `obj` in [`Heap::written`] and returns its index there.
    fn keep_written(&mut self, obj: Object) -> u32 {
        if let Some(n) = self.spare_written.pop() {
            self.written[n as usize] = obj;
            n
        } else {
            self.written.push(obj);
            u32::try_from(self.written.len() - 1).expect("heap fits in u32 ids")
        }
    }

    /// Number of ids handed out so far (live or free).
    fn id_count(&self) -> usize {
        self.base_slots.len() + self.young.len()
    }

    /// The object in slot `i`, if it holds one.
    #[inline]
    fn slot(&self, i: usize) -> Option<&Object> {
        match i.checked_sub(self.base_slots.len()) {
            Some(young) => self.young[young].as_ref(),
            None => match self.base_slots[i] {
                BaseSlot::Shared => Some(&self.base[i]),
                BaseSlot::Written(n) => Some(&self.written[n as usize]),
                BaseSlot::Free => None,
            },
        }
    }

    /// The object in slot `i` if this heap owns it (created or written
    /// since the last [`Heap::share`]).
    fn owned_slot(&self, i: usize) -> Option<&Object> {
        match i.checked_sub(self.base_slots.len()) {
            Some(young) => self.young[young].as_ref(),
            None => match self.base_slots[i] {
                BaseSlot::Written(n) => Some(&self.written[n as usize]),
                BaseSlot::Shared | BaseSlot::Free => None,
            },
        }
    }

    /// The object with id `id`.
    ///
    /// # Panics
    /// If `id` refers to a collected object (an interpreter bug).
    #[inline]
    #[must_use]
    pub fn get(&self, id: ObjId) -> &Object {
        self.slot(id.0 as usize).expect("live object")
    }

    /// `true` if `id` holds an object (it was not freed, or was reused).
    #[must_use]
    pub fn is_live(&self, id: ObjId) -> bool {
        (id.0 as usize) < self.id_count() && self.slot(id.0 as usize).is_some()
    }

    /// Every live object with its id, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (ObjId, &Object)> {
        (0..self.id_count()).filter_map(|i| Some((ObjId(u32::try_from(i).ok()?), self.slot(i)?)))
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
        matches!(self.base_slots.get(id.0 as usize), Some(BaseSlot::Shared))
    }

    /// The objects created or written since the last [`Heap::share`], with
    /// their ids, in id order.
    pub fn iter_owned(&self) -> impl Iterator<Item = (ObjId, &Object)> {
        (0..self.id_count())
            .filter_map(|i| Some((ObjId(u32::try_from(i).ok()?), self.owned_slot(i)?)))
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
    #[inline]
    pub fn get_mut(&mut self, id: ObjId) -> &mut Object {
        let i = id.0 as usize;
        if let Some(young) = i.checked_sub(self.base_slots.len()) {
            return self.young[young].as_mut().expect("live object");
        }
        let n = match self.base_slots[i] {
            BaseSlot::Written(n) => n,
            BaseSlot::Shared => {
                let n = self.keep_written(self.base[i].clone());
                self.base_slots[i] = BaseSlot::Written(n);
                n
            }
            BaseSlot::Free => panic!("live object"),
        };
        &mut self.written[n as usize]
    }

    /// Frees the object in slot `i`, which holds one.
    fn free_slot(&mut self, i: usize) {
        if let Some(young) = i.checked_sub(self.base_slots.len()) {
            self.young[young] = None;
            return;
        }
        if let BaseSlot::Written(n) = self.base_slots[i] {
            self.written[n as usize] = Object::Unreachable;
            self.spare_written.push(n);
        }
        self.base_slots[i] = BaseSlot::Free;
    }

    /// Moves every object into a new shared base, so that copies of the
    /// heap made from now on share them until they write them.
    pub fn share(&mut self) {
        let ids = self.id_count();
        let mut base = Vec::with_capacity(ids);
        let mut base_slots = Vec::with_capacity(ids);
        let mut written = std::mem::take(&mut self.written);
        for (i, slot) in self.base_slots.iter().enumerate() {
            base.push(match *slot {
                BaseSlot::Shared => self.base[i].clone(),
                BaseSlot::Written(n) => {
                    std::mem::replace(&mut written[n as usize], Object::Unreachable)
                }
                BaseSlot::Free => Object::Unreachable,
            });
            base_slots.push(match slot {
                BaseSlot::Free => BaseSlot::Free,
                BaseSlot::Shared | BaseSlot::Written(_) => BaseSlot::Shared,
            });
        }
        for obj in std::mem::take(&mut self.young) {
            base_slots.push(if obj.is_some() {
                BaseSlot::Shared
            } else {
                BaseSlot::Free
            });
            base.push(obj.unwrap_or(Object::Unreachable));
        }
        self.base = base.into();
        self.base_slots = base_slots;
        self.spare_written.clear();
    }

    /// Number of live objects (after the last collection, plus allocations since).
    #[must_use]
    pub fn live_count(&self) -> usize {
        self.id_count() - self.free.len()
    }

    /// A rough size of the arena in bytes (slots plus a typical payload
    /// per object this heap owns), for memory budgets.
    #[must_use]
    pub fn estimated_bytes(&self) -> usize {
        /// Typical out-of-line payload of an object (strings, small lists).
        const PAYLOAD: usize = 48;
        let owned = self
            .young
            .iter()
            .flatten()
            .chain(&self.written)
            .filter(|obj| !matches!(obj, Object::Unreachable))
            .count();
        self.young.len() * std::mem::size_of::<Option<Object>>()
            + self.written.len() * std::mem::size_of::<Object>()
            + self.base_slots.len() * std::mem::size_of::<BaseSlot>()
            + owned * PAYLOAD
    }

    /// `true` when enough has been allocated that a collection is due.
    #[must_use]
    pub fn should_collect(&self) -> bool {
        self.allocated_since_collect >= MIN_COLLECT_INTERVAL.max(self.live_after_collect)
    }

    /// Which slots hold objects reachable from `roots`.
    pub(crate) fn mark(&self, roots: impl IntoIterator<Item = Value>) -> Vec<bool> {
        let mut marked = vec![false; self.id_count()];
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
        let mut written = vec![Object::Unreachable; self.written.len()];
        for (slot, &reachable) in self.base_slots.iter().zip(&marked) {
            if let BaseSlot::Written(n) = *slot
                && reachable
            {
                written[n as usize] = self.written[n as usize].clone();
            }
        }
        let young = self
            .young
            .iter()
            .zip(&marked[self.base_slots.len()..])
            .map(|(obj, &reachable)| {
                obj.as_ref().map(|obj| {
                    if reachable {
                        obj.clone()
                    } else {
                        Object::Unreachable
                    }
                })
            })
            .collect();
        Self {
            base: self.base.clone(),
            base_slots: self.base_slots.clone(),
            written,
            spare_written: self.spare_written.clone(),
            young,
            free: self.free.clone(),
            allocated_since_collect: self.allocated_since_collect,
            live_after_collect: self.live_after_collect,
        }
    }

    /// Frees every object not reachable from `roots`.
    pub fn collect(&mut self, roots: impl IntoIterator<Item = Value>) {
        let marked = self.mark(roots);
        // Free in descending order so that the free list hands out low ids first.
        for i in (0..self.id_count()).rev() {
            if !marked[i] && self.slot(i).is_some() {
                self.free_slot(i);
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
    use crate::model::object::Object;

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
        *heap.get_mut(old) = Object::List(vec![crate::model::value::Value::Obj(new)]);
        assert!(heap.could_refer_to(old, new), "written since sharing");
        assert!(
            !heap.could_refer_to(unchanged, new),
            "unchanged since sharing"
        );
        assert!(heap.could_refer_to(unchanged, old), "both in the base");
        assert!(heap.could_refer_to(new, new));
    }

    #[test]
    fn freed_shared_ids_are_reused_by_the_copy_alone() {
        let mut heap = Heap::default();
        let keep = heap.alloc(Object::Str("keep".into()));
        let gone = heap.alloc(Object::Str("gone".into()));
        heap.share();
        let mut copy = heap.clone();
        *copy.get_mut(gone) = Object::Str("written".into());
        copy.collect([crate::model::value::Value::Obj(keep)]);
        assert_eq!(copy.live_count(), 1);
        let again = copy.alloc(Object::Str("again".into()));
        assert_eq!(again, gone, "the freed base id is reused");
        assert_eq!(text(&copy, again), "again");
        assert_eq!(text(&heap, gone), "gone", "the original keeps its object");
        let young = copy.alloc(Object::Str("young".into()));
        assert_eq!(young, ObjId(2));
        assert_eq!(
            copy.iter_owned().map(|(id, _)| id).collect::<Vec<_>>(),
            [gone, young]
        );
    }

    #[test]
    fn sharing_keeps_ids_and_the_free_list() {
        let mut heap = Heap::default();
        let keep = heap.alloc(Object::Str("keep".into()));
        let _dropped = heap.alloc(Object::Str("dropped".into()));
        heap.collect([crate::model::value::Value::Obj(keep)]);
        heap.share();
        assert_eq!(heap.live_count(), 1);
        assert_eq!(text(&heap, keep), "keep");
        assert_eq!(
            heap.alloc(Object::Str("new".into())),
            ObjId(1),
            "the freed id is reused"
        );
        heap.collect([crate::model::value::Value::Obj(keep)]);
        heap.share();
        assert_eq!(heap.iter().map(|(id, _)| id).collect::<Vec<_>>(), [keep]);
    }
}
