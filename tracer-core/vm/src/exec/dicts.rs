//! Dicts as the VM uses them: lookups that hash and compare keys (which
//! may run Python code), fast paths for interned names, and `update`.
//! The storage itself is `model::dict`.

use super::hash::str_hash;
use crate::Vm;
use crate::exec::name_cache::Cached;
use crate::model::dict::Dict;
use crate::model::error::PyResult;
use crate::model::heap::ObjId;
use crate::model::object::Object;
use crate::model::value::Value;

impl Vm {
    /// A new empty dict.
    pub(crate) fn new_dict(&mut self) -> Value {
        self.alloc(Object::Dict(Dict::new()))
    }

    /// A dict from `k1, v1, k2, v2, ...`.
    pub(crate) fn new_dict_from_pairs(&mut self, pairs: &[Value]) -> PyResult<Value> {
        let d = self.new_dict();
        for kv in pairs.chunks(2) {
            self.dict_set(d, kv[0], kv[1])?;
        }
        Ok(d)
    }

    fn find_key(&mut self, dict: ObjId, hash: u64, key: Value) -> PyResult<Option<usize>> {
        let Object::Dict(d) = self.heap.get(dict) else {
            return Ok(None);
        };
        let candidates: Vec<usize> = d.candidates(hash).collect();
        for i in candidates {
            let Object::Dict(d) = self.heap.get(dict) else {
                return Ok(None);
            };
            let k = d.entry(i).key;
            if k.is(key) || self.eq(k, key)? {
                return Ok(Some(i));
            }
        }
        Ok(None)
    }

    /// `d.get(key)`.
    pub(crate) fn dict_get(&mut self, dict: ObjId, key: Value) -> PyResult<Option<Value>> {
        let hash = self.hash(key)?;
        Ok(self
            .find_key(dict, hash, key)?
            .and_then(|i| match self.heap.get(dict) {
                Object::Dict(d) => Some(d.entry(i).value),
                _ => None,
            }))
    }

    /// `d[key] = value`.
    pub(crate) fn dict_set(&mut self, dict: Value, key: Value, value: Value) -> PyResult<()> {
        self.dict_replace(dict, key, value).map(|_| ())
    }

    /// `d[key] = value`, returning the previous value.
    pub(crate) fn dict_replace(
        &mut self,
        dict: Value,
        key: Value,
        value: Value,
    ) -> PyResult<Option<Value>> {
        let Value::Obj(id) = dict else {
            return Ok(None);
        };
        let hash = self.hash(key)?;
        let found = self.find_key(id, hash, key)?;
        let Object::Dict(d) = self.heap.get_mut(id) else {
            return Ok(None);
        };
        Ok(if let Some(i) = found {
            let old = d.entry(i).value;
            d.set_value(i, value);
            Some(old)
        } else {
            d.insert_new(hash, key, value);
            None
        })
    }

    /// `d.pop(key, None)`.
    pub(crate) fn dict_remove(&mut self, dict: ObjId, key: Value) -> PyResult<Option<Value>> {
        let hash = self.hash(key)?;
        let found = self.find_key(dict, hash, key)?;
        Ok(match (found, self.heap.get_mut(dict)) {
            (Some(i), Object::Dict(d)) => d.remove_at(i).map(|e| e.value),
            _ => None,
        })
    }

    /// Lookup by a str key (names): no Python code can run.
    pub(crate) fn dict_get_str(&self, dict: ObjId, key: Value) -> Option<Value> {
        let Object::Dict(d) = self.heap.get(dict) else {
            return None;
        };
        let name = self.str_of(key);
        let hash = str_hash(name);
        d.find(hash, |k| {
            k.is(key) || self.str_of(k) == name && self.is_str(k)
        })
        .map(|i| d.entry(i).value)
    }

    /// [`Vm::dict_get_str`] for an interned name, through the name cache
    /// (which remembers misses too).
    pub(crate) fn dict_get_name(&mut self, dict: ObjId, name: Value) -> Option<Value> {
        let Value::Obj(name_id) = name else {
            return self.dict_get_str(dict, name);
        };
        let Object::Dict(d) = self.heap.get(dict) else {
            return None;
        };
        match self.names.lookup(dict, d, name_id) {
            Cached::Found(i) => return Some(d.entry(i).value),
            Cached::Absent => return None,
            Cached::Unknown => {}
        }
        let text = self.str_of(name);
        let found = d.find(str_hash(text), |k| {
            k.is(name) || (self.is_str(k) && self.str_of(k) == text)
        });
        if let Some(i) = found {
            let value = d.entry(i).value;
            self.names.remember(dict, name_id, i);
            Some(value)
        } else {
            self.names.remember_absent(dict, d, name_id);
            None
        }
    }

    /// [`Vm::dict_set_str`] for an interned name, through the name cache.
    pub(crate) fn dict_set_name(
        &mut self,
        dict: ObjId,
        name: Value,
        value: Value,
    ) -> Option<Value> {
        if let Value::Obj(name_id) = name
            && let Object::Dict(d) = self.heap.get(dict)
            && let Some(i) = self.names.find(dict, d, name_id)
            && let Object::Dict(d) = self.heap.get_mut(dict)
        {
            let old = d.entry(i).value;
            d.set_value(i, value);
            return Some(old);
        }
        self.dict_set_str(dict, name, value)
    }

    /// Store by a str key (names); returns the previous value.
    pub(crate) fn dict_set_str(&mut self, dict: ObjId, key: Value, value: Value) -> Option<Value> {
        let name = self.str_of(key);
        let hash = str_hash(name);
        let Object::Dict(d) = self.heap.get(dict) else {
            return None;
        };
        let found = d.find(hash, |k| {
            k.is(key) || (self.is_str(k) && self.str_of(k) == name)
        });
        let Object::Dict(d) = self.heap.get_mut(dict) else {
            return None;
        };
        if let Some(i) = found {
            let old = d.entry(i).value;
            d.set_value(i, value);
            Some(old)
        } else {
            d.insert_new(hash, key, value);
            None
        }
    }

    /// Delete by a str key; `false` if absent.
    pub(crate) fn dict_del_str(&mut self, dict: ObjId, key: Value) -> bool {
        let name = self.str_of(key);
        let hash = str_hash(name);
        let Object::Dict(d) = self.heap.get(dict) else {
            return false;
        };
        let found = d.find(hash, |k| {
            k.is(key) || (self.is_str(k) && self.str_of(k) == name)
        });
        match (found, self.heap.get_mut(dict)) {
            (Some(i), Object::Dict(d)) => d.remove_at(i).is_some(),
            _ => false,
        }
    }

    /// `d.update(other)` for a dict or an iterable of pairs.
    pub(crate) fn dict_update(&mut self, d: Value, other: Value) -> PyResult<()> {
        if let Value::Obj(o) = other
            && let Object::Dict(src) = self.heap.get(o)
        {
            let entries: Vec<_> = src.iter().collect();
            for e in entries {
                self.dict_set(d, e.key, e.value)?;
            }
            return Ok(());
        }
        for pair in self.collect_iterable(other)? {
            let kv = self.sequence_items(pair)?;
            if kv.len() != 2 {
                let msg = format!(
                    "dictionary update sequence element has length {}; 2 is required",
                    kv.len()
                );
                return self.raise("ValueError", msg);
            }
            self.dict_set(d, kv[0], kv[1])?;
        }
        Ok(())
    }

    /// `f(**m)`: merges keyword arguments, rejecting duplicates like CPython.
    pub(crate) fn dict_merge(&mut self, func: Value, d: Value, other: Value) -> PyResult<()> {
        let Value::Obj(target) = d else { return Ok(()) };
        let entries: Vec<(Value, Value)> = match other {
            Value::Obj(o) if matches!(self.heap.get(o), Object::Dict(_)) => {
                let Object::Dict(src) = self.heap.get(o) else {
                    unreachable!()
                };
                src.iter().map(|e| (e.key, e.value)).collect()
            }
            _ => {
                let msg = format!(
                    "{} argument after ** must be a mapping, not {}",
                    self.function_str(func),
                    self.type_name(other)
                );
                return self.raise("TypeError", msg);
            }
        };
        for (k, v) in entries {
            if !self.is_str(k) {
                return self.raise("TypeError", "keywords must be strings");
            }
            if self.dict_get(target, k)?.is_some() {
                let msg = format!(
                    "{} got multiple values for keyword argument '{}'",
                    self.function_str(func),
                    self.str_of(k)
                );
                return self.raise("TypeError", msg);
            }
            self.dict_set(d, k, v)?;
        }
        Ok(())
    }

    /// CPython's `_PyObject_FunctionStr`: `module.qualname()` for functions.
    fn function_str(&mut self, func: Value) -> String {
        match func {
            Value::Obj(id) => match self.heap.get(id) {
                Object::Function(f) => {
                    let (globals, qualname) = (f.globals, f.qualname.clone());
                    format!("{}.{qualname}()", self.function_module(globals))
                }
                Object::Native { func, .. } => format!("{}()", func.name),
                Object::Class(_) => format!("{}()", self.qualified_class_name(id)),
                _ => format!("{} object", self.type_name(func)),
            },
            _ => format!("{} object", self.type_name(func)),
        }
    }
}
