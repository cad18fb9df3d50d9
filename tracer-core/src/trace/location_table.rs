//! Per-location state for the online analyses, looked up once or twice
//! per shared read or write.

use rustc_hash::FxHashMap;

use super::Location;
use interleave_vm::clone_with_headroom;

/// A state `S` per location, created on first use.
#[derive(Debug)]
pub struct LocationTable<S> {
    /// Index of each location's state in `states`.
    index: FxHashMap<Location, usize>,
    states: Vec<(Location, S)>,
    /// The location touched last and its index: `count += 1` reads and
    /// then writes the same location, so most lookups hit this.
    last: Option<(Location, usize)>,
}

impl<S: Clone> Clone for LocationTable<S> {
    fn clone(&self) -> Self {
        Self {
            index: self.index.clone(),
            states: clone_with_headroom(&self.states),
            last: self.last,
        }
    }
}

impl<S> Default for LocationTable<S> {
    fn default() -> Self {
        Self {
            index: FxHashMap::default(),
            states: Vec::new(),
            last: None,
        }
    }
}

impl<S: Default> LocationTable<S> {
    /// The state of `location`, created on first use.
    pub fn entry(&mut self, location: Location) -> &mut S {
        let i = match self.last {
            Some((last, i)) if last == location => i,
            _ => {
                let next = self.states.len();
                let i = *self.index.entry(location).or_insert(next);
                if i == next {
                    self.states.push((location, S::default()));
                }
                self.last = Some((location, i));
                i
            }
        };
        &mut self.states[i].1
    }

    /// The state of `location`, if it was ever touched.
    pub fn get(&self, location: Location) -> Option<&S> {
        self.index.get(&location).map(|&i| &self.states[i].1)
    }

    /// Keeps only the locations `keep` accepts (in order of first use).
    pub fn retain(&mut self, mut keep: impl FnMut(&Location) -> bool) {
        self.states.retain(|(location, _)| keep(location));
        self.index = self
            .states
            .iter()
            .enumerate()
            .map(|(i, (location, _))| (*location, i))
            .collect();
        self.last = None;
    }

    /// Every location and its state, in order of first use.
    pub fn iter(&self) -> impl Iterator<Item = (Location, &S)> {
        self.states
            .iter()
            .map(|(location, state)| (*location, state))
    }
}

#[cfg(test)]
mod tests {
    use super::LocationTable;
    use crate::trace::{KeyId, Location};
    use interleave_vm::ObjId;

    fn attr(object: u32) -> Location {
        Location::Attr {
            object: ObjId(object),
            name: ObjId(1),
        }
    }

    #[test]
    fn retained_locations_keep_their_state_and_order() {
        let mut table: LocationTable<u32> = LocationTable::default();
        for object in [10, 11, 12] {
            *table.entry(attr(object)) = object;
        }
        table.retain(|location| location.objects_are(&|id| id != ObjId(11)));
        assert_eq!(
            table.iter().map(|(l, s)| (l, *s)).collect::<Vec<_>>(),
            [(attr(10), 10), (attr(12), 12)]
        );
        assert_eq!(table.get(attr(11)), None);
        assert_eq!(
            *table.entry(attr(11)),
            0,
            "a forgotten location starts afresh"
        );
        assert_eq!(*table.entry(attr(12)), 12);
    }

    #[test]
    fn an_item_location_needs_its_container_and_key_object_alive() {
        let item = Location::Item {
            container: ObjId(5),
            key: KeyId::Object(ObjId(6)),
        };
        assert!(item.objects_are(&|_| true));
        assert!(!item.objects_are(&|id| id != ObjId(6)));
        assert!(!item.objects_are(&|id| id != ObjId(5)));
        let int_key = Location::Item {
            container: ObjId(5),
            key: KeyId::Int(6),
        };
        assert!(int_key.objects_are(&|id| id != ObjId(6)));
    }
}
