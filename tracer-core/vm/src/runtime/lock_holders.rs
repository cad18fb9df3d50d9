//! Which instances held each lock when the heap was shared, so that naming
//! a lock in a run continued from a shared prefix (explore) looks only at
//! the instances and namespace dicts written since, not the whole heap.

use rustc_hash::FxHashMap;

use crate::model::heap::{Heap, ObjId};
use crate::model::object::Object;
use crate::model::value::Value;

/// The index, built when the heap is shared.
#[derive(Debug, Default)]
pub(crate) struct LockHolders {
    /// For each object, the instances whose namespace dict held it.
    holders: FxHashMap<ObjId, Vec<ObjId>>,
    /// The instance each namespace dict belongs to.
    dict_owner: FxHashMap<ObjId, ObjId>,
}

impl LockHolders {
    /// Indexes the instances of `heap` (just shared).
    pub(crate) fn index(heap: &Heap) -> Self {
        let mut index = Self::default();
        for (id, obj) in heap.iter() {
            let Object::Instance(instance) = obj else {
                continue;
            };
            index.dict_owner.insert(instance.dict, id);
            let Object::Dict(dict) = heap.get(instance.dict) else {
                continue;
            };
            // Every object value, not only locks: what counts as a lock is
            // the caller's business.
            for entry in dict.iter() {
                if let Value::Obj(value) = entry.value {
                    index.holders.entry(value).or_default().push(id);
                }
            }
        }
        index
    }

    /// The instances that may hold `lock` in `heap` (a copy of the indexed
    /// one, perhaps written since), in id order: those that held it and
    /// are unchanged, and every instance that changed or whose namespace
    /// dict did. Any instance not listed certainly does not hold it.
    pub(crate) fn candidates(&self, heap: &Heap, lock: ObjId) -> Vec<ObjId> {
        let unchanged = |instance: ObjId| match heap.get(instance) {
            Object::Instance(i) => heap.is_unchanged(instance) && heap.is_unchanged(i.dict),
            _ => false,
        };
        let mut candidates: Vec<ObjId> = self
            .holders
            .get(&lock)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| unchanged(i))
            .collect();
        for (id, obj) in heap.iter_owned() {
            match obj {
                Object::Instance(_) => candidates.push(id),
                Object::Dict(_) => {
                    if let Some(&owner) = self.dict_owner.get(&id)
                        && heap.is_unchanged(owner)
                    {
                        candidates.push(owner);
                    }
                }
                _ => {}
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
    }
}

#[cfg(test)]
mod tests {
    use super::LockHolders;
    use crate::model::dict::Dict;
    use crate::model::heap::{Heap, ObjId};
    use crate::model::object::{Instance, Object};
    use crate::model::value::Value;

    fn lock(heap: &mut Heap) -> ObjId {
        heap.alloc(Object::Lock {
            owner: None,
            released_ns: 0,
            recursion: None,
        })
    }

    /// An instance whose namespace holds `value` (if any) under key 0.
    fn instance(heap: &mut Heap, value: Option<ObjId>) -> (ObjId, ObjId) {
        let mut dict = Dict::new();
        if let Some(v) = value {
            dict.insert_new(0, Value::Int(0), Value::Obj(v));
        }
        let dict = heap.alloc(Object::Dict(dict));
        let instance = heap.alloc(Object::Instance(Box::new(Instance {
            class: ObjId(0),
            dict,
            exception: None,
            base: None,
        })));
        (instance, dict)
    }

    #[test]
    fn candidates_are_unchanged_holders_and_whatever_changed() {
        let mut heap = Heap::default();
        let old_lock = lock(&mut heap);
        let (holder, _) = instance(&mut heap, Some(old_lock));
        let (other, other_dict) = instance(&mut heap, None);
        heap.share();
        let index = LockHolders::index(&heap);
        assert_eq!(index.candidates(&heap, old_lock), [holder]);

        let mut run = heap.clone();
        let new_lock = lock(&mut run);
        if let Object::Dict(d) = run.get_mut(other_dict) {
            d.insert_new(1, Value::Int(1), Value::Obj(new_lock));
        }
        assert_eq!(index.candidates(&run, old_lock), [holder, other]);
        assert_eq!(
            index.candidates(&run, new_lock),
            [other],
            "the unchanged holder cannot hold a newer lock"
        );
    }
}
