//! `set`/`frozenset` storage with CPython 3.11's open-addressing layout
//! (`Objects/setobject.c`: linear probes, perturbation, resize policy), so
//! sets iterate, and therefore print, in the same order as CPython's.

use crate::model::heap::ObjId;
use crate::model::object::remap_value;
use crate::model::value::Value;

const MIN_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

#[derive(Clone, Copy, Debug)]
enum Slot {
    Empty,
    Dummy,
    Active { hash: u64, key: Value },
}

/// The table.
#[derive(Clone, Debug)]
pub struct Set {
    table: Vec<Slot>,
    fill: usize,
    used: usize,
}

impl Default for Set {
    fn default() -> Self {
        Self {
            table: vec![Slot::Empty; MIN_SIZE],
            fill: 0,
            used: 0,
        }
    }
}

/// CPython's probe sequence: from `hash & mask`, up to `LINEAR_PROBES`
/// neighbours when they fit, then a perturbed jump. Endless; a table always
/// has an empty slot, so callers stop.
struct Probe {
    mask: usize,
    perturb: u64,
    base: usize,
    offset: usize,
    run: usize,
}

impl Probe {
    #[allow(clippy::cast_possible_truncation)] // masked to the table size
    fn new(hash: u64, mask: usize) -> Self {
        let base = (hash as usize) & mask;
        Self {
            mask,
            perturb: hash,
            base,
            offset: 0,
            run: Self::run_at(base, mask),
        }
    }

    const fn run_at(base: usize, mask: usize) -> usize {
        if base + LINEAR_PROBES <= mask {
            LINEAR_PROBES
        } else {
            0
        }
    }
}

impl Iterator for Probe {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if self.offset > self.run {
            self.perturb >>= PERTURB_SHIFT;
            #[allow(clippy::cast_possible_truncation)]
            let jump = self.perturb as usize;
            self.base = self.base.wrapping_mul(5).wrapping_add(1).wrapping_add(jump) & self.mask;
            self.offset = 0;
            self.run = Self::run_at(self.base, self.mask);
        }
        let slot = self.base + self.offset;
        self.offset += 1;
        Some(slot)
    }
}

/// Key equality supplied by the VM (identity is checked first).
pub type KeyEq<'a> = dyn FnMut(Value, Value) -> bool + 'a;

impl Set {
    /// An empty set.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of members.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.used
    }

    /// `true` when empty.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.used == 0
    }

    const fn mask(&self) -> usize {
        self.table.len() - 1
    }

    /// Finds the slot of `key`, if present.
    fn find(&self, hash: u64, key: Value, eq: &mut KeyEq<'_>) -> Option<usize> {
        for j in Probe::new(hash, self.mask()) {
            match self.table[j] {
                Slot::Empty => return None,
                Slot::Active { hash: h, key: k } if h == hash && (k.is(key) || eq(k, key)) => {
                    return Some(j);
                }
                _ => {}
            }
        }
        unreachable!("the probe sequence never ends")
    }

    /// `true` if `key` is a member.
    pub fn contains(&self, hash: u64, key: Value, eq: &mut KeyEq<'_>) -> bool {
        self.find(hash, key, eq).is_some()
    }

    /// Adds `key`; returns `false` if it was already present.
    pub fn insert(&mut self, hash: u64, key: Value, eq: &mut KeyEq<'_>) -> bool {
        let mask = self.mask();
        let mut free_slot = None;
        let mut target = 0;
        for j in Probe::new(hash, mask) {
            match self.table[j] {
                Slot::Empty => {
                    target = j;
                    break;
                }
                Slot::Active { hash: h, key: k } if h == hash && (k.is(key) || eq(k, key)) => {
                    return false;
                }
                Slot::Dummy if free_slot.is_none() => free_slot = Some(j),
                _ => {}
            }
        }
        if let Some(free) = free_slot {
            self.table[free] = Slot::Active { hash, key };
            self.used += 1;
            return true;
        }
        self.table[target] = Slot::Active { hash, key };
        self.fill += 1;
        self.used += 1;
        if self.fill * 5 >= mask * 3 {
            self.resize(if self.used > 50_000 {
                self.used * 2
            } else {
                self.used * 4
            });
        }
        true
    }

    /// Removes `key`; returns `false` if it was absent.
    pub fn remove(&mut self, hash: u64, key: Value, eq: &mut KeyEq<'_>) -> bool {
        match self.find(hash, key, eq) {
            Some(i) => {
                self.table[i] = Slot::Dummy;
                self.used -= 1;
                true
            }
            None => false,
        }
    }

    /// Removes and returns an arbitrary member (CPython's `set.pop` order).
    pub fn pop(&mut self) -> Option<Value> {
        let i = self
            .table
            .iter()
            .position(|s| matches!(s, Slot::Active { .. }))?;
        let Slot::Active { key, .. } = self.table[i] else {
            return None;
        };
        self.table[i] = Slot::Dummy;
        self.used -= 1;
        Some(key)
    }

    fn resize(&mut self, min_used: usize) {
        let mut size = MIN_SIZE;
        while size <= min_used {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.table, vec![Slot::Empty; size]);
        self.fill = self.used;
        for slot in old {
            if let Slot::Active { hash, key } = slot {
                self.insert_clean(hash, key);
            }
        }
    }

    /// Inserts into a table known to hold neither `key` nor dummies.
    fn insert_clean(&mut self, hash: u64, key: Value) {
        for j in Probe::new(hash, self.mask()) {
            if matches!(self.table[j], Slot::Empty) {
                self.table[j] = Slot::Active { hash, key };
                return;
            }
        }
    }

    /// A copy laid out as CPython's `set(other)` would be.
    #[must_use]
    pub fn copied(&self) -> Self {
        let mut out = Self::new();
        if (self.used) * 5 >= out.mask() * 3 {
            out.resize(self.used * 2);
        }
        if out.table.len() == self.table.len() && self.fill == self.used {
            out.table.clone_from(&self.table);
        } else {
            for (hash, key) in self.entries() {
                out.insert_clean(hash, key);
            }
        }
        out.fill = self.used;
        out.used = self.used;
        out
    }

    /// Members with their hashes, in table order.
    pub fn entries(&self) -> impl Iterator<Item = (u64, Value)> + '_ {
        self.table.iter().filter_map(|s| match *s {
            Slot::Active { hash, key } => Some((hash, key)),
            _ => None,
        })
    }

    /// Slot count, for iterators that walk the table by position.
    #[must_use]
    pub fn slot_count(&self) -> usize {
        self.table.len()
    }

    /// The member in slot `i`, if any.
    #[must_use]
    pub fn slot(&self, i: usize) -> Option<Value> {
        match self.table.get(i) {
            Some(Slot::Active { key, .. }) => Some(*key),
            _ => None,
        }
    }

    /// Removes everything.
    pub fn clear(&mut self) {
        *self = Self::new();
    }

    /// A copy with every object id rewritten by `f`; `rehash` gives a
    /// remapped member's new hash from `(old member, new member, old hash)`.
    #[must_use]
    pub fn remapped(
        &self,
        f: &mut dyn FnMut(ObjId) -> ObjId,
        rehash: &dyn Fn(Value, Value, u64) -> u64,
    ) -> Self {
        let mut out = Self::new();
        for (hash, old) in self.entries() {
            let mut key = old;
            remap_value(&mut key, f);
            out.insert(rehash(old, key, hash), key, &mut |a, b| a.is(b));
        }
        out
    }

    /// Every member (for the garbage collector).
    pub fn trace(&self, visit: &mut dyn FnMut(Value)) {
        for (_, key) in self.entries() {
            visit(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int_set(items: &[i64]) -> Set {
        let mut s = Set::new();
        for &i in items {
            #[allow(clippy::cast_sign_loss)]
            s.insert(i as u64, Value::Int(i), &mut |a, b| a == b);
        }
        s
    }

    fn order(s: &Set) -> Vec<i64> {
        s.entries()
            .map(|(_, v)| match v {
                Value::Int(i) => i,
                _ => unreachable!(),
            })
            .collect()
    }

    #[test]
    fn small_ints_iterate_in_slot_order_like_cpython() {
        assert_eq!(order(&int_set(&[3, 1, 2])), vec![1, 2, 3]);
        // python3 -c "print({9, 1, 4, 0})" prints {0, 9, 4, 1}.
        assert_eq!(order(&int_set(&[9, 1, 4, 0])), vec![0, 9, 4, 1]);
    }

    #[test]
    fn remove_then_reinsert() {
        let mut s = int_set(&[1, 2, 3]);
        assert!(s.remove(2, Value::Int(2), &mut |a, b| a == b));
        assert_eq!(s.len(), 2);
        assert!(s.insert(2, Value::Int(2), &mut |a, b| a == b));
        assert_eq!(order(&s), vec![1, 2, 3]);
    }
}
