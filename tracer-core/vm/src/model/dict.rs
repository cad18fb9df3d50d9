//! An insertion-ordered hash map keyed by Python values (the storage of
//! `dict`, instance and class namespaces). Hashing and key equality are
//! Python's and need the VM, so callers compute hashes and test candidates.

use hashbrown::HashTable;

use crate::model::heap::ObjId;
use crate::model::object::remap_value;
use crate::model::value::Value;

/// One key/value pair with the key's Python hash.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    /// `hash(key)`.
    pub hash: u64,
    /// The key.
    pub key: Value,
    /// The value.
    pub value: Value,
}

/// The map. Removed entries leave holes that are compacted lazily, so
/// iteration follows insertion order like CPython's dict.
#[derive(Clone, Debug, Default)]
pub struct Dict {
    entries: Vec<Option<Entry>>,
    table: HashTable<u32>,
    len: usize,
    /// Bumped whenever a key is added: a key found absent stays absent
    /// while this is unchanged (what the name cache's misses rely on).
    keys_version: u64,
}

impl Dict {
    /// An empty map.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of live entries.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.len
    }

    /// `true` when empty.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Indices of entries whose hash equals `hash` (candidates for equality).
    pub fn candidates(&self, hash: u64) -> impl Iterator<Item = usize> + '_ {
        self.table
            .iter_hash(hash)
            .map(|&i| i as usize)
            .filter(move |&i| self.entries[i].is_some_and(|e| e.hash == hash))
    }

    /// The index of the entry with hash `hash` whose key satisfies `eq`
    /// (the key comparison must not need Python code).
    pub fn find(&self, hash: u64, mut eq: impl FnMut(Value) -> bool) -> Option<usize> {
        self.table
            .find(hash, |&i| {
                self.entries[i as usize].is_some_and(|e| e.hash == hash && eq(e.key))
            })
            .map(|&i| i as usize)
    }

    /// The entry at index `i` (from [`Dict::candidates`]).
    ///
    /// # Panics
    /// If `i` is not a live entry.
    #[must_use]
    pub fn entry(&self, i: usize) -> Entry {
        self.entries[i].expect("live entry")
    }

    /// Replaces the value of entry `i`.
    pub fn set_value(&mut self, i: usize, value: Value) {
        if let Some(e) = &mut self.entries[i] {
            e.value = value;
        }
    }

    /// Changes whenever a key is added (see the field).
    #[must_use]
    pub const fn keys_version(&self) -> u64 {
        self.keys_version
    }

    /// Appends a key known to be absent.
    pub fn insert_new(&mut self, hash: u64, key: Value, value: Value) {
        self.keys_version += 1;
        let index = u32::try_from(self.entries.len()).expect("dict fits in u32 entries");
        self.entries.push(Some(Entry { hash, key, value }));
        let entries = &self.entries;
        self.table
            .insert_unique(hash, index, |&i| entries[i as usize].map_or(0, |e| e.hash));
        self.len += 1;
    }

    /// Removes entry `i` and returns it.
    pub fn remove_at(&mut self, i: usize) -> Option<Entry> {
        let entry = self.entries[i].take()?;
        let index = u32::try_from(i).expect("fits");
        if let Ok(found) = self.table.find_entry(entry.hash, |&j| j == index) {
            found.remove();
        }
        self.len -= 1;
        if self.entries.len() > 16 && self.len * 2 < self.entries.len() {
            self.compact();
        }
        Some(entry)
    }

    /// Rewrites every object id in keys and values with `f`; `rehash`
    /// gives a remapped key's new hash from `(old key, new key, old hash)`.
    pub fn remap(
        &mut self,
        f: &mut dyn FnMut(ObjId) -> ObjId,
        rehash: &dyn Fn(Value, Value, u64) -> u64,
    ) {
        let live: Vec<Entry> = self.entries.drain(..).flatten().collect();
        self.table.clear();
        self.len = 0;
        for mut e in live {
            let old_key = e.key;
            remap_value(&mut e.key, f);
            remap_value(&mut e.value, f);
            let hash = rehash(old_key, e.key, e.hash);
            self.insert_new(hash, e.key, e.value);
        }
    }

    fn compact(&mut self) {
        let live: Vec<Entry> = self.entries.drain(..).flatten().collect();
        self.table.clear();
        self.len = 0;
        for e in live {
            self.insert_new(e.hash, e.key, e.value);
        }
    }

    /// Live entries in insertion order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Entry> + '_ {
        self.entries.iter().flatten().copied()
    }

    /// Entry slots including holes; with [`Dict::slot`] lets iterators keep
    /// a position that survives unrelated insertions.
    #[must_use]
    pub fn slot_count(&self) -> usize {
        self.entries.len()
    }

    /// The entry at slot `i`, if live.
    #[must_use]
    pub fn slot(&self, i: usize) -> Option<Entry> {
        self.entries.get(i).copied().flatten()
    }

    /// The last live entry's index.
    #[must_use]
    pub fn last_index(&self) -> Option<usize> {
        self.entries.iter().rposition(Option::is_some)
    }

    /// Removes everything.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.table.clear();
        self.len = 0;
    }

    /// Every key and value (for the garbage collector).
    pub fn trace(&self, visit: &mut dyn FnMut(Value)) {
        for e in self.entries.iter().flatten() {
            visit(e.key);
            visit(e.value);
        }
    }
}
