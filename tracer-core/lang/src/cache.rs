//! The code objects compiled last, so a script run many times (by
//! `explore`, or the threading prelude imported by every run) is parsed
//! and compiled once.

use std::sync::{Arc, Mutex, PoisonError};

use super::CodeObject;

/// Compilations remembered.
const CAPACITY: usize = 16;

/// A remembered compilation: `(filename, source, code)`.
type Entry = (Box<str>, Box<str>, Arc<CodeObject>);

/// Remembered compilations, the most recently used last.
static CACHE: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

/// The code compiled earlier from `source` as `filename`, if remembered.
pub(super) fn lookup(source: &str, filename: &str) -> Option<Arc<CodeObject>> {
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    let i = cache
        .iter()
        .position(|(f, s, _)| **f == *filename && **s == *source)?;
    let entry = cache.remove(i);
    let code = entry.2.clone();
    cache.push(entry);
    Some(code)
}

/// Remembers `code` as compiled from `source` as `filename`, forgetting
/// the least recently used compilation when full.
pub(super) fn store(source: &str, filename: &str, code: &Arc<CodeObject>) {
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    if cache.len() >= CAPACITY {
        cache.remove(0);
    }
    cache.push((filename.into(), source.into(), code.clone()));
}
