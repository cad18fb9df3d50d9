//! Containers: `len`, iteration, membership, indexing and slicing of
//! builtin sequences and mappings (recording shared reads and writes).

#![expect(
    clippy::cast_possible_wrap,
    reason = "list lengths stay far below i64::MAX"
)]

use crate::Vm;
use crate::event::{KeyId, Location};
use crate::model::error::{PyResult, VmError};
use crate::model::heap::ObjId;
use crate::model::object::{DictIterKind, Iter, Object};
use crate::model::value::Value;

impl Vm {
    /// The `str` contents of a str object (empty for anything else).
    pub(crate) fn str_of(&self, v: Value) -> &str {
        match v {
            Value::Obj(id) => match self.heap.get(id) {
                Object::Str(s) => s,
                _ => "",
            },
            _ => "",
        }
    }

    /// `true` if `v` is a str object.
    pub(crate) fn is_str(&self, v: Value) -> bool {
        matches!(v, Value::Obj(id) if matches!(self.heap.get(id), Object::Str(_)))
    }

    /// The builtin value an instance of a user subclass of a builtin type
    /// (`class MyList(list)`) extends.
    pub(crate) fn builtin_base(&self, v: Value) -> Option<Value> {
        match v {
            Value::Obj(id) => match self.heap.get(id) {
                Object::Instance(i) => i.base,
                _ => None,
            },
            _ => None,
        }
    }

    /// `v`, or the builtin value it extends.
    pub(crate) fn unwrap_builtin(&self, v: Value) -> Value {
        self.builtin_base(v).unwrap_or(v)
    }

    /// `sub[key]` for a builtin subclass: the builtin's lookup, then
    /// `__missing__` for dict subclasses, as `dict.__getitem__` does.
    fn base_get_item(&mut self, container: Value, base: Value, key: Value) -> PyResult<Value> {
        match self.get_item(base, key) {
            Err(VmError::Exception(e)) if self.is_instance_of_name(e, "KeyError") => {
                match self.call_user_special(container, "__missing__", vec![key])? {
                    Some(v) => Ok(v),
                    None => Err(VmError::Exception(e)),
                }
            }
            other => other,
        }
    }

    /// `len(v)`.
    pub(crate) fn len(&mut self, v: Value) -> PyResult<i64> {
        let n = match v {
            Value::Obj(id) => match self.heap.get(id) {
                Object::Str(s) => s.chars().count(),
                Object::Bytes(b) => b.len(),
                Object::List(l) => l.len(),
                Object::Tuple(t) => t.len(),
                Object::Dict(d) => d.len(),
                Object::Set { set, .. } => set.len(),
                Object::Range { start, stop, step } => return Ok(range_len(*start, *stop, *step)),
                Object::Instance(_) => {
                    if let Some(r) = self.call_user_special(v, "__len__", Vec::new())? {
                        return Ok(self.as_i64(r).unwrap_or(0));
                    }
                    if let Some(base) = self.builtin_base(v) {
                        return self.len(base);
                    }
                    usize::MAX
                }
                _ => usize::MAX,
            },
            _ => usize::MAX,
        };
        if n == usize::MAX {
            let msg = format!("object of type '{}' has no len()", self.type_name(v));
            return self.raise("TypeError", msg);
        }
        Ok(i64::try_from(n).unwrap_or(i64::MAX))
    }

    /// Items of a list or tuple (copied).
    pub(crate) fn sequence_items(&mut self, v: Value) -> PyResult<Vec<Value>> {
        let v = self.unwrap_builtin(v);
        if let Value::Obj(id) = v {
            match self.heap.get(id) {
                Object::List(l) => return Ok(l.clone()),
                Object::Tuple(t) => return Ok(t.to_vec()),
                _ => {}
            }
        }
        self.collect_iterable(v)
    }

    /// Every item of an iterable.
    pub(crate) fn collect_iterable(&mut self, v: Value) -> PyResult<Vec<Value>> {
        let v = self.unwrap_builtin(v);
        if let Value::Obj(id) = v {
            match self.heap.get(id) {
                Object::List(l) => return Ok(l.clone()),
                Object::Tuple(t) => return Ok(t.to_vec()),
                Object::Dict(d) => return Ok(d.iter().map(|e| e.key).collect()),
                Object::Set { set, .. } => return Ok(set.entries().map(|(_, k)| k).collect()),
                _ => {}
            }
        }
        let it = self.get_iter(v)?;
        let mut out = Vec::new();
        while let Some(x) = self.iter_next(it)? {
            out.push(x);
        }
        Ok(out)
    }

    /// Item `index` of a list, tuple or str (by char) for iterators.
    pub(crate) fn seq_item_at(&mut self, seq: ObjId, index: usize) -> Option<Value> {
        match self.heap.get(seq) {
            Object::List(l) => l.get(index).copied(),
            Object::Tuple(t) => t.get(index).copied(),
            Object::Str(s) => {
                let c = s.chars().nth(index)?;
                Some(self.new_str(c.to_string()))
            }
            Object::Bytes(b) => b.get(index).map(|&x| Value::Int(i64::from(x))),
            _ => None,
        }
    }

    /// `iter(v)`.
    pub(crate) fn get_iter(&mut self, v: Value) -> PyResult<Value> {
        let state = if let Value::Obj(id) = v {
            match self.heap.get(id) {
                Object::List(_) | Object::Tuple(_) | Object::Str(_) | Object::Bytes(_) => {
                    Iter::Seq { seq: id, index: 0 }
                }
                Object::Range { start, stop, step } => Iter::Range {
                    next: *start,
                    stop: *stop,
                    step: *step,
                },
                Object::Dict(d) => Iter::Dict {
                    dict: id,
                    slot: 0,
                    kind: DictIterKind::Keys,
                    len: d.len(),
                },
                Object::Set { set, .. } => Iter::Set {
                    set: id,
                    slot: 0,
                    len: set.len(),
                },
                Object::Iter(_) | Object::Generator(_) => return Ok(v),
                Object::Instance(_) => {
                    if let Some(r) = self.call_user_special(v, "__iter__", Vec::new())? {
                        return Ok(r);
                    }
                    if let Some(base) = self.builtin_base(v) {
                        return self.get_iter(base);
                    }
                    if self.user_special(v, "__getitem__").is_some() {
                        return Ok(self.alloc(Object::Iter(Iter::GetItem { obj: v, index: 0 })));
                    }
                    let msg = format!("'{}' object is not iterable", self.type_name(v));
                    return self.raise("TypeError", msg);
                }
                _ => {
                    let msg = format!("'{}' object is not iterable", self.type_name(v));
                    return self.raise("TypeError", msg);
                }
            }
        } else {
            let msg = format!("'{}' object is not iterable", self.type_name(v));
            return self.raise("TypeError", msg);
        };
        Ok(self.alloc(Object::Iter(state)))
    }

    pub(crate) fn dict_iter_next(
        &mut self,
        it: ObjId,
        dict: ObjId,
        mut slot: usize,
        kind: DictIterKind,
        len: usize,
    ) -> PyResult<Option<Value>> {
        let Object::Dict(d) = self.heap.get(dict) else {
            return Ok(None);
        };
        if d.len() != len {
            return self.raise("RuntimeError", "dictionary changed size during iteration");
        }
        while slot < d.slot_count() {
            if let Some(e) = d.slot(slot) {
                if let Object::Iter(Iter::Dict { slot: s, .. }) = self.heap.get_mut(it) {
                    *s = slot + 1;
                }
                return Ok(Some(match kind {
                    DictIterKind::Keys => e.key,
                    DictIterKind::Values => e.value,
                    DictIterKind::Items => self.new_tuple(vec![e.key, e.value]),
                }));
            }
            slot += 1;
        }
        self.set_iter_exhausted(it);
        Ok(None)
    }

    pub(crate) fn set_iter_next(
        &mut self,
        it: ObjId,
        set: ObjId,
        mut slot: usize,
        len: usize,
    ) -> PyResult<Option<Value>> {
        let Object::Set { set: s, .. } = self.heap.get(set) else {
            return Ok(None);
        };
        if s.len() != len {
            return self.raise("RuntimeError", "Set changed size during iteration");
        }
        while slot < s.slot_count() {
            if let Some(v) = s.slot(slot) {
                if let Object::Iter(Iter::Set { slot: cur, .. }) = self.heap.get_mut(it) {
                    *cur = slot + 1;
                }
                return Ok(Some(v));
            }
            slot += 1;
        }
        self.set_iter_exhausted(it);
        Ok(None)
    }

    fn set_iter_exhausted(&mut self, it: ObjId) {
        if let Object::Iter(state) = self.heap.get_mut(it) {
            *state = Iter::Exhausted;
        }
    }

    /// `item in container`.
    pub(crate) fn contains(&mut self, container: Value, item: Value) -> PyResult<bool> {
        if let Value::Obj(id) = container {
            match self.heap.get(id) {
                Object::Str(s) => {
                    if !self.is_str(item) {
                        let msg = format!(
                            "'in <string>' requires string as left operand, not {}",
                            self.type_name(item)
                        );
                        return self.raise("TypeError", msg);
                    }
                    return Ok(s.contains(self.str_of(item)));
                }
                Object::Dict(_) => return Ok(self.dict_get(id, item)?.is_some()),
                Object::Set { .. } => {
                    let h = self.hash(item)?;
                    return self.set_contains_hashed(id, h, item);
                }
                Object::Range { start, stop, step } => {
                    let (start, stop, step) = (*start, *stop, *step);
                    let Some(i) = self.as_i64(item) else {
                        return Ok(false);
                    };
                    let inside = if step > 0 {
                        i >= start && i < stop
                    } else {
                        i <= start && i > stop
                    };
                    return Ok(inside && (i - start) % step == 0);
                }
                Object::Instance(_) => {
                    if let Some(r) =
                        self.call_user_special(container, "__contains__", vec![item])?
                    {
                        return self.truthy(r);
                    }
                    if let Some(base) = self.builtin_base(container) {
                        return self.contains(base, item);
                    }
                }
                _ => {}
            }
        }
        let items = self.collect_iterable(container)?;
        for x in items {
            if self.eq(x, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Normalises an index into `0..len`.
    fn index(&mut self, key: Value, len: usize, what: &str) -> PyResult<usize> {
        let Some(i) = self.as_i64(key) else {
            let msg = format!(
                "{what} indices must be integers or slices, not {}",
                self.type_name(key)
            );
            return self.raise("TypeError", msg);
        };
        let n = i64::try_from(len).unwrap_or(i64::MAX);
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            let msg = format!("{what} index out of range");
            return self.raise("IndexError", msg);
        }
        Ok(usize::try_from(j).unwrap_or(0))
    }

    /// `(start, stop, step)` of a slice applied to a length, as `slice.indices`.
    pub(crate) fn slice_indices(&mut self, slice: ObjId, len: usize) -> PyResult<(i64, i64, i64)> {
        let Object::Slice { start, stop, step } = *self.heap.get(slice) else {
            unreachable!("checked")
        };
        let len = i64::try_from(len).unwrap_or(i64::MAX);
        let step = if step == Value::None {
            1
        } else {
            self.as_i64(step).unwrap_or(1)
        };
        if step == 0 {
            return self.raise("ValueError", "slice step cannot be zero");
        }
        let clamp = |v: Value, default: i64, this: &Self| -> i64 {
            if v == Value::None {
                return default;
            }
            let i = this.as_i64(v).unwrap_or(0);
            if i < 0 {
                let j = i + len;
                if j < 0 {
                    if step < 0 { -1 } else { 0 }
                } else {
                    j
                }
            } else if i >= len {
                if step < 0 { len - 1 } else { len }
            } else {
                i
            }
        };
        let (ds, de) = if step < 0 { (len - 1, -1) } else { (0, len) };
        Ok((clamp(start, ds, self), clamp(stop, de, self), step))
    }

    fn slice_positions(&mut self, slice: ObjId, len: usize) -> PyResult<Vec<usize>> {
        let (start, stop, step) = self.slice_indices(slice, len)?;
        let mut out = Vec::new();
        let mut i = start;
        while (step > 0 && i < stop) || (step < 0 && i > stop) {
            out.push(usize::try_from(i).unwrap_or(0));
            i += step;
        }
        Ok(out)
    }

    fn is_slice(&self, v: Value) -> Option<ObjId> {
        match v {
            Value::Obj(id) if matches!(self.heap.get(id), Object::Slice { .. }) => Some(id),
            _ => None,
        }
    }

    /// `container[key]`.
    pub(crate) fn get_item(&mut self, container: Value, key: Value) -> PyResult<Value> {
        let Value::Obj(id) = container else {
            let msg = format!(
                "'{}' object is not subscriptable",
                self.type_name(container)
            );
            return self.raise("TypeError", msg);
        };
        if let Some(slice) = self.is_slice(key) {
            return self.get_slice(id, slice);
        }
        match self.heap.get(id) {
            Object::List(l) => {
                let len = l.len();
                let i = self.index(key, len, "list")?;
                let Object::List(l) = self.heap.get(id) else {
                    unreachable!()
                };
                let v = l[i];
                self.record_read(
                    Location::Item {
                        container: id,
                        key: KeyId::Int(i64::try_from(i).unwrap_or(0)),
                    },
                    v,
                );
                Ok(v)
            }
            Object::Tuple(t) => {
                let len = t.len();
                let i = self.index(key, len, "tuple")?;
                let Object::Tuple(t) = self.heap.get(id) else {
                    unreachable!()
                };
                Ok(t[i])
            }
            Object::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                let i = self.index(key, chars.len(), "string")?;
                Ok(self.new_str(chars[i].to_string()))
            }
            Object::Bytes(b) => {
                let bytes = b.clone();
                let i = self.index(key, bytes.len(), "index")?;
                Ok(Value::Int(i64::from(bytes[i])))
            }
            Object::Range { start, step, .. } => {
                let (start, step) = (*start, *step);
                let len = usize::try_from(self.len(container)?).unwrap_or(0);
                let i = self.index(key, len, "range object")?;
                Ok(Value::Int(start + step * i64::try_from(i).unwrap_or(0)))
            }
            Object::Dict(_) => {
                if let Some(v) = self.dict_get(id, key)? {
                    self.record_read(
                        Location::Item {
                            container: id,
                            key: KeyId::of(key),
                        },
                        v,
                    );
                    Ok(v)
                } else {
                    let class = self.types.exception("KeyError");
                    Err(VmError::Exception(self.new_exception(class, vec![key])))
                }
            }
            Object::Class(_) => Ok(container),
            Object::Instance(_) => {
                if let Some(v) = self.call_user_special(container, "__getitem__", vec![key])? {
                    Ok(v)
                } else if let Some(base) = self.builtin_base(container) {
                    self.base_get_item(container, base, key)
                } else {
                    let msg = format!(
                        "'{}' object is not subscriptable",
                        self.type_name(container)
                    );
                    self.raise("TypeError", msg)
                }
            }
            _ => {
                let msg = format!(
                    "'{}' object is not subscriptable",
                    self.type_name(container)
                );
                self.raise("TypeError", msg)
            }
        }
    }

    fn get_slice(&mut self, id: ObjId, slice: ObjId) -> PyResult<Value> {
        match self.heap.get(id) {
            Object::List(l) => {
                let items = l.clone();
                let pos = self.slice_positions(slice, items.len())?;
                Ok(self.new_list(pos.into_iter().map(|i| items[i]).collect()))
            }
            Object::Tuple(t) => {
                let items = t.to_vec();
                let pos = self.slice_positions(slice, items.len())?;
                Ok(self.new_tuple(pos.into_iter().map(|i| items[i]).collect()))
            }
            Object::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                let pos = self.slice_positions(slice, chars.len())?;
                Ok(self.new_str(pos.into_iter().map(|i| chars[i]).collect::<String>()))
            }
            Object::Bytes(b) => {
                let bytes = b.clone();
                let pos = self.slice_positions(slice, bytes.len())?;
                let sliced: Vec<u8> = pos.into_iter().map(|i| bytes[i]).collect();
                Ok(self.alloc(Object::Bytes(sliced.into_boxed_slice())))
            }
            Object::Range { start, step, .. } => {
                let (start, rstep) = (*start, *step);
                let len = usize::try_from(self.len(Value::Obj(id))?).unwrap_or(0);
                let (s, e, st) = self.slice_indices(slice, len)?;
                Ok(self.alloc(Object::Range {
                    start: start + s * rstep,
                    stop: start + e * rstep,
                    step: st * rstep,
                }))
            }
            _ => {
                let v = Value::Obj(id);
                let s = Value::Obj(slice);
                if let Some(r) = self.call_user_special(v, "__getitem__", vec![s])? {
                    Ok(r)
                } else {
                    let msg = format!("'{}' object is not subscriptable", self.type_name(v));
                    self.raise("TypeError", msg)
                }
            }
        }
    }

    /// `container[key] = value`.
    pub(crate) fn set_item(&mut self, container: Value, key: Value, value: Value) -> PyResult<()> {
        let Value::Obj(id) = container else {
            return self.unsupported_item(container, "assignment");
        };
        match self.heap.get(id) {
            Object::List(l) => {
                let len = l.len();
                if let Some(slice) = self.is_slice(key) {
                    let items = self.collect_iterable(value)?;
                    let (start, stop, step) = self.slice_indices(slice, len)?;
                    if step == 1 {
                        let start = usize::try_from(start).unwrap_or(0);
                        let stop = usize::try_from(stop.max(start as i64)).unwrap_or(0);
                        if let Object::List(l) = self.heap.get_mut(id) {
                            l.splice(start..stop, items);
                        }
                        return Ok(());
                    }
                    let pos = self.slice_positions(slice, len)?;
                    if pos.len() != items.len() {
                        let msg = format!(
                            "attempt to assign sequence of size {} to extended slice of size {}",
                            items.len(),
                            pos.len()
                        );
                        return self.raise("ValueError", msg);
                    }
                    if let Object::List(l) = self.heap.get_mut(id) {
                        for (p, v) in pos.into_iter().zip(items) {
                            l[p] = v;
                        }
                    }
                    return Ok(());
                }
                let i = self.index(key, len, "list assignment")?;
                let mut old = Value::Null;
                if let Object::List(l) = self.heap.get_mut(id) {
                    old = std::mem::replace(&mut l[i], value);
                }
                let key = KeyId::Int(i64::try_from(i).unwrap_or(0));
                self.record_write(Location::Item { container: id, key }, old, value);
                Ok(())
            }
            Object::Dict(_) => {
                let old = self.dict_replace(id_value(id), key, value)?;
                self.record_write(
                    Location::Item {
                        container: id,
                        key: KeyId::of(key),
                    },
                    old.unwrap_or(Value::Null),
                    value,
                );
                Ok(())
            }
            Object::Instance(_) => {
                match self.call_user_special(container, "__setitem__", vec![key, value])? {
                    Some(_) => Ok(()),
                    None => match self.builtin_base(container) {
                        Some(base) => self.set_item(base, key, value),
                        None => self.unsupported_item(container, "assignment"),
                    },
                }
            }
            _ => self.unsupported_item(container, "assignment"),
        }
    }

    /// `TypeError: 'T' object does not support item {what}`.
    fn unsupported_item<T>(&mut self, container: Value, what: &str) -> PyResult<T> {
        let msg = format!(
            "'{}' object does not support item {what}",
            self.type_name(container)
        );
        self.raise("TypeError", msg)
    }

    /// `del container[key]`.
    pub(crate) fn del_item(&mut self, container: Value, key: Value) -> PyResult<()> {
        let Value::Obj(id) = container else {
            return self.unsupported_item(container, "deletion");
        };
        match self.heap.get(id) {
            Object::List(l) => {
                let len = l.len();
                if let Some(slice) = self.is_slice(key) {
                    let pos = self.slice_positions(slice, len)?;
                    if let Object::List(l) = self.heap.get_mut(id) {
                        for p in pos.into_iter().rev() {
                            l.remove(p);
                        }
                    }
                    return Ok(());
                }
                let i = self.index(key, len, "list assignment")?;
                if let Object::List(l) = self.heap.get_mut(id) {
                    l.remove(i);
                }
                Ok(())
            }
            Object::Dict(_) => {
                if self.dict_remove(id, key)?.is_none() {
                    let class = self.types.exception("KeyError");
                    return Err(VmError::Exception(self.new_exception(class, vec![key])));
                }
                Ok(())
            }
            Object::Instance(_) => {
                match self.call_user_special(container, "__delitem__", vec![key])? {
                    Some(_) => Ok(()),
                    None => match self.builtin_base(container) {
                        Some(base) => self.del_item(base, key),
                        None => self.unsupported_item(container, "deletion"),
                    },
                }
            }
            _ => self.unsupported_item(container, "deletion"),
        }
    }

    /// `list.append(v)`.
    pub(crate) fn list_append(&mut self, list: Value, v: Value) {
        if let Value::Obj(id) = list
            && let Object::List(l) = self.heap.get_mut(id)
        {
            let index = i64::try_from(l.len()).unwrap_or(i64::MAX);
            l.push(v);
            self.record_write(
                Location::Item {
                    container: id,
                    key: KeyId::Int(index),
                },
                Value::Null,
                v,
            );
        }
    }
}

fn id_value(id: ObjId) -> Value {
    Value::Obj(id)
}

/// Number of values in `range(start, stop, step)`.
pub(crate) fn range_len(start: i64, stop: i64, step: i64) -> i64 {
    if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    }
}
