//! Compilations remembered, so a script run many times (by `explore`, or
//! the threading prelude imported by every run) is parsed and compiled
//! once. A value its owner passes to whatever compiles; nothing here is
//! process-wide.

use std::sync::{Arc, Mutex, PoisonError};

use super::{CodeObject, CompileError, compile};

/// Compilations remembered.
const CAPACITY: usize = 16;

/// A remembered compilation: `(filename, source, code)`.
type Entry = (Box<str>, Box<str>, Arc<CodeObject>);

/// The last few compilations, the most recently used last. Shared between
/// threads (explore's workers) behind a lock.
#[derive(Debug, Default)]
pub struct CompileCache {
    entries: Mutex<Vec<Entry>>,
}

impl CompileCache {
    /// [`compile`], or the code compiled earlier from the same `source` as
    /// `filename`.
    ///
    /// # Errors
    /// As [`compile`] (errors are not remembered).
    pub fn compile(&self, source: &str, filename: &str) -> Result<Arc<CodeObject>, CompileError> {
        if let Some(code) = self.lookup(source, filename) {
            return Ok(code);
        }
        let code = compile(source, filename)?;
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= CAPACITY {
            entries.remove(0);
        }
        entries.push((filename.into(), source.into(), code.clone()));
        Ok(code)
    }

    /// The code compiled earlier from `source` as `filename`, if remembered.
    fn lookup(&self, source: &str, filename: &str) -> Option<Arc<CodeObject>> {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let i = entries
            .iter()
            .position(|(f, s, _)| **f == *filename && **s == *source)?;
        let entry = entries.remove(i);
        let code = entry.2.clone();
        entries.push(entry);
        Some(code)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{CAPACITY, CompileCache};

    #[test]
    fn the_same_source_gives_the_same_code_until_forgotten() {
        let cache = CompileCache::default();
        let first = cache.compile("x = 1\n", "a.py").expect("compiles");
        assert!(Arc::ptr_eq(
            &first,
            &cache.compile("x = 1\n", "a.py").expect("compiles")
        ));
        assert!(!Arc::ptr_eq(
            &first,
            &cache.compile("x = 1\n", "b.py").expect("compiles")
        ));
        for i in 0..CAPACITY {
            cache
                .compile(&format!("y = {i}\n"), "c.py")
                .expect("compiles");
        }
        assert!(!Arc::ptr_eq(
            &first,
            &cache.compile("x = 1\n", "a.py").expect("compiles")
        ));
        assert!(cache.compile("x = (\n", "a.py").is_err());
    }
}
