//! Where names were last found in namespace dicts (module globals, class
//! and instance dicts), and that they were not found, so `LOAD_GLOBAL`,
//! `STORE_GLOBAL` and attribute lookups along a class's MRO skip hashing
//! and probing, as CPython's inline caches and type version tags do. A hit
//! is checked against the dict itself — the remembered slot must still
//! hold the very same interned name — and a miss against the dict's keys
//! version, so a stale entry can only miss, never answer wrongly.

use crate::model::dict::Dict;
use crate::model::heap::ObjId;

/// Entries in the direct-mapped cache (a power of two).
const SLOTS: usize = 1024;

/// What the cache knows of a name in a dict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cached {
    /// The name is entry `.0`.
    Found(usize),
    /// The name is not a key.
    Absent,
    /// Look it up.
    Unknown,
}

/// One remembered lookup.
#[derive(Clone, Copy, Debug)]
struct Slot {
    dict: ObjId,
    name: ObjId,
    /// Entry index, or [`ABSENT`].
    index: u32,
    /// The dict's keys version when it was remembered absent.
    keys_version: u64,
}

/// `Slot::index` of a name remembered absent.
const ABSENT: u32 = u32::MAX;

/// The cache.
#[derive(Clone, Debug)]
pub(crate) struct NameCache {
    slots: Box<[Slot]>,
}

impl Default for NameCache {
    fn default() -> Self {
        let empty = Slot {
            dict: ObjId(u32::MAX),
            name: ObjId(u32::MAX),
            index: ABSENT,
            keys_version: u64::MAX,
        };
        Self {
            slots: vec![empty; SLOTS].into_boxed_slice(),
        }
    }
}

impl NameCache {
    fn slot(dict: ObjId, name: ObjId) -> usize {
        (dict.0.wrapping_mul(31) ^ name.0.wrapping_mul(0x9e37)) as usize % SLOTS
    }

    /// What is known of `name` in `d` (the dict object `dict`).
    pub(crate) fn lookup(&self, dict: ObjId, d: &Dict, name: ObjId) -> Cached {
        let slot = self.slots[Self::slot(dict, name)];
        if slot.dict != dict || slot.name != name {
            return Cached::Unknown;
        }
        if slot.index == ABSENT {
            return if slot.keys_version == d.keys_version() {
                Cached::Absent
            } else {
                Cached::Unknown
            };
        }
        let index = slot.index as usize;
        if d.slot(index).is_some_and(|e| e.key.as_obj() == Some(name)) {
            Cached::Found(index)
        } else {
            Cached::Unknown
        }
    }

    /// The index of `name`'s entry in `d`, if remembered and still there.
    pub(crate) fn find(&self, dict: ObjId, d: &Dict, name: ObjId) -> Option<usize> {
        match self.lookup(dict, d, name) {
            Cached::Found(index) => Some(index),
            Cached::Absent | Cached::Unknown => None,
        }
    }

    /// Remembers that `name` is entry `index` of `dict`.
    pub(crate) fn remember(&mut self, dict: ObjId, name: ObjId, index: usize) {
        if let Ok(index) = u32::try_from(index)
            && index != ABSENT
        {
            self.slots[Self::slot(dict, name)] = Slot {
                dict,
                name,
                index,
                keys_version: 0,
            };
        }
    }

    /// Remembers that `name` is not a key of `d` (the dict object `dict`).
    pub(crate) fn remember_absent(&mut self, dict: ObjId, d: &Dict, name: ObjId) {
        self.slots[Self::slot(dict, name)] = Slot {
            dict,
            name,
            index: ABSENT,
            keys_version: d.keys_version(),
        };
    }
}
