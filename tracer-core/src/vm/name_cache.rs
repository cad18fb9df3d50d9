//! Where names were last found in namespace dicts (module globals, class
//! and instance dicts), so `LOAD_GLOBAL` and `STORE_GLOBAL` skip hashing
//! and probing, as CPython's inline caches do. A hit is checked against
//! the dict itself — the remembered slot must still hold the very same
//! interned name — so a stale entry can only miss, never answer wrongly.

use super::dict::Dict;
use super::heap::ObjId;

/// Entries in the direct-mapped cache (a power of two).
const SLOTS: usize = 256;

/// `(dict, name, entry index)` per slot.
#[derive(Clone, Debug)]
pub(super) struct NameCache {
    slots: Box<[(ObjId, ObjId, u32)]>,
}

impl Default for NameCache {
    fn default() -> Self {
        Self {
            slots: vec![(ObjId(u32::MAX), ObjId(u32::MAX), 0); SLOTS].into_boxed_slice(),
        }
    }
}

impl NameCache {
    fn slot(dict: ObjId, name: ObjId) -> usize {
        (dict.0.wrapping_mul(31) ^ name.0.wrapping_mul(0x9e37)) as usize % SLOTS
    }

    /// The index of `name`'s entry in `d` (the dict object `dict`), if
    /// remembered and still there.
    pub(super) fn find(&self, dict: ObjId, d: &Dict, name: ObjId) -> Option<usize> {
        let (cached_dict, cached_name, index) = self.slots[Self::slot(dict, name)];
        if cached_dict != dict || cached_name != name {
            return None;
        }
        let index = index as usize;
        d.slot(index)
            .is_some_and(|e| e.key.as_obj() == Some(name))
            .then_some(index)
    }

    /// Remembers that `name` is entry `index` of `dict`.
    pub(super) fn remember(&mut self, dict: ObjId, name: ObjId, index: usize) {
        if let Ok(index) = u32::try_from(index) {
            self.slots[Self::slot(dict, name)] = (dict, name, index);
        }
    }
}
