//! The heap: an arena of objects with stable ids, reclaimed by a
//! deterministic mark-and-sweep collector that runs only at safe points.

use super::object::Object;
use super::value::Value;

/// Stable identity of a heap object (its slot in the arena). Ids of dead
/// objects are reused in a deterministic (LIFO) order, like CPython's `id()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjId(pub u32);

/// The object arena.
#[derive(Clone, Debug, Default)]
pub struct Heap {
    slots: Vec<Option<Object>>,
    free: Vec<u32>,
    allocated_since_collect: usize,
    live_after_collect: usize,
}

/// Objects allocated between collections before the first one runs.
const MIN_COLLECT_INTERVAL: usize = 100_000;

impl Heap {
    /// Allocates an object and returns its id.
    pub fn alloc(&mut self, obj: Object) -> ObjId {
        self.allocated_since_collect += 1;
        if let Some(i) = self.free.pop() {
            self.slots[i as usize] = Some(obj);
            ObjId(i)
        } else {
            self.slots.push(Some(obj));
            ObjId(u32::try_from(self.slots.len() - 1).expect("heap fits in u32 ids"))
        }
    }

    /// The object with id `id`.
    ///
    /// # Panics
    /// If `id` refers to a collected object (an interpreter bug).
    #[must_use]
    pub fn get(&self, id: ObjId) -> &Object {
        self.slots[id.0 as usize].as_ref().expect("live object")
    }

    /// Every live object with its id, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (ObjId, &Object)> {
        self.slots.iter().enumerate().filter_map(|(i, slot)| {
            let obj = slot.as_ref()?;
            Some((ObjId(u32::try_from(i).ok()?), obj))
        })
    }

    /// Mutable access to an object.
    ///
    /// # Panics
    /// If `id` refers to a collected object (an interpreter bug).
    pub fn get_mut(&mut self, id: ObjId) -> &mut Object {
        self.slots[id.0 as usize].as_mut().expect("live object")
    }

    /// Number of live objects (after the last collection, plus allocations since).
    #[must_use]
    pub fn live_count(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    /// A rough size of the arena in bytes (slots plus a typical payload
    /// per live object), for memory budgets.
    #[must_use]
    pub fn estimated_bytes(&self) -> usize {
        /// Typical out-of-line payload of an object (strings, small lists).
        const PAYLOAD: usize = 48;
        let payloads = self
            .slots
            .iter()
            .filter(|slot| !matches!(slot, None | Some(Object::Unreachable)))
            .count()
            * PAYLOAD;
        self.slots.len() * std::mem::size_of::<Option<Object>>() + payloads
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
            if let Some(obj) = &self.slots[i] {
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
    #[must_use]
    pub fn clone_reachable(&self, roots: impl IntoIterator<Item = Value>) -> Self {
        let marked = self.mark(roots);
        let slots = self
            .slots
            .iter()
            .zip(marked)
            .map(|(slot, reachable)| match slot {
                Some(obj) if reachable => Some(obj.clone()),
                Some(_) => Some(Object::Unreachable),
                None => None,
            })
            .collect();
        Self {
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
            if !marked[i] && self.slots[i].is_some() {
                self.slots[i] = None;
                self.free.push(u32::try_from(i).expect("fits"));
            }
        }
        self.free.sort_unstable_by(|a, b| b.cmp(a));
        self.allocated_since_collect = 0;
        self.live_after_collect = self.live_count();
    }
}
