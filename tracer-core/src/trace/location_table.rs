//! Per-location state for the online analyses, looked up once or twice
//! per shared read or write.

use rustc_hash::FxHashMap;

use super::Location;
use crate::headroom::clone_with_headroom;

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

    /// Every location and its state, in order of first use.
    pub fn iter(&self) -> impl Iterator<Item = (Location, &S)> {
        self.states
            .iter()
            .map(|(location, state)| (*location, state))
    }
}
