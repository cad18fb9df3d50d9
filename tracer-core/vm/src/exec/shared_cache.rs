//! Caches that copies of the VM share. Entries found before the heap was
//! last shared (see [`crate::Vm::share_heap`]) live in a frozen base every
//! copy points to; a copy adds its own entries beside it, so that adding
//! one copies at most the entries added since (explore starts every seed
//! from one copy of the VM). Copying the cache itself costs two pointers.

use std::borrow::Borrow;
use std::hash::Hash;
use std::sync::Arc;

use rustc_hash::FxHashMap;

/// A map with a shared, frozen base and entries of its own.
#[derive(Clone, Debug)]
pub(crate) struct SharedCache<K, V> {
    base: Arc<FxHashMap<K, V>>,
    own: Arc<FxHashMap<K, V>>,
}

impl<K, V> Default for SharedCache<K, V> {
    fn default() -> Self {
        Self {
            base: Arc::default(),
            own: Arc::default(),
        }
    }
}

impl<K: Hash + Eq + Clone, V: Clone> SharedCache<K, V> {
    /// The value for `key`.
    pub(crate) fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.base.get(key).or_else(|| self.own.get(key))
    }

    /// Adds an entry (`key` must not be in the map yet).
    pub(crate) fn insert(&mut self, key: K, value: V) {
        Arc::make_mut(&mut self.own).insert(key, value);
    }

    /// Every value, the base's first.
    pub(crate) fn values(&self) -> impl Iterator<Item = &V> {
        self.base.values().chain(self.own.values())
    }

    /// Moves this copy's entries into the base, which copies made from
    /// now on share.
    pub(crate) fn freeze(&mut self) {
        if !self.own.is_empty() {
            let own = std::mem::take(&mut self.own);
            let own = Arc::try_unwrap(own).unwrap_or_else(|shared| (*shared).clone());
            Arc::make_mut(&mut self.base).extend(own);
        }
    }
}
