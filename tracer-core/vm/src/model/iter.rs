//! `next()` on builtin iterators (ranges, sequences, dicts, sets, and the
//! `enumerate`/`zip`/`map`/`filter`/`reversed` adapters).

use crate::Vm;
use crate::model::error::{PyResult, VmError};
use crate::model::heap::ObjId;
use crate::model::object::{Iter, Object};
use crate::model::value::Value;

impl Vm {
    /// `next()` for range and list/tuple iterators without cloning their
    /// state; `None` when `id` is another kind of iterator.
    pub(crate) fn fast_iter_next(&mut self, id: ObjId) -> Option<Option<Value>> {
        match self.heap.get(id) {
            Object::Iter(Iter::Range { next, stop, step }) => {
                let (value, stop, step) = (*next, *stop, *step);
                let more = (step > 0 && value < stop) || (step < 0 && value > stop);
                if let Object::Iter(state) = self.heap.get_mut(id) {
                    *state = if more {
                        Iter::Range {
                            next: value + step,
                            stop,
                            step,
                        }
                    } else {
                        Iter::Exhausted
                    };
                }
                Some(more.then_some(Value::Int(value)))
            }
            Object::Iter(Iter::Seq { seq, index }) => {
                let (seq, index) = (*seq, *index);
                let item = match self.heap.get(seq) {
                    Object::List(l) => l.get(index).copied(),
                    Object::Tuple(t) => t.get(index).copied(),
                    _ => return None,
                };
                if let Object::Iter(state) = self.heap.get_mut(id) {
                    *state = if item.is_some() {
                        Iter::Seq {
                            seq,
                            index: index + 1,
                        }
                    } else {
                        Iter::Exhausted
                    };
                }
                Some(item)
            }
            _ => None,
        }
    }

    /// `next(it)` for builtin iterators; `None` when exhausted.
    pub(crate) fn iter_next(&mut self, it: Value) -> PyResult<Option<Value>> {
        let Value::Obj(id) = it else {
            let msg = format!("'{}' object is not an iterator", self.type_name(it));
            return self.raise("TypeError", msg);
        };
        if let Some(result) = self.fast_iter_next(id) {
            return Ok(result);
        }
        match self.heap.get(id) {
            Object::Iter(_) => self.builtin_iter_next(id),
            Object::Generator(_) => self.generator_next(id),
            _ => {
                let next = self.special_method(it, "__next__")?;
                match self.call_sync(next, Vec::new()) {
                    Ok(v) => Ok(Some(v)),
                    Err(VmError::Exception(e)) if self.is_instance_of_name(e, "StopIteration") => {
                        Ok(None)
                    }
                    Err(e) => Err(e),
                }
            }
        }
    }

    #[expect(clippy::too_many_lines, reason = "one arm per iterator kind")]
    fn builtin_iter_next(&mut self, id: ObjId) -> PyResult<Option<Value>> {
        let Object::Iter(state) = self.heap.get(id) else {
            return Ok(None);
        };
        let state = state.clone();
        let (result, new_state) = match state {
            Iter::Range { next, stop, step } => {
                if (step > 0 && next < stop) || (step < 0 && next > stop) {
                    (
                        Some(Value::Int(next)),
                        Iter::Range {
                            next: next + step,
                            stop,
                            step,
                        },
                    )
                } else {
                    (None, Iter::Exhausted)
                }
            }
            Iter::Seq { seq, index } => {
                let item = self.seq_item_at(seq, index);
                match item {
                    Some(v) => (
                        Some(v),
                        Iter::Seq {
                            seq,
                            index: index + 1,
                        },
                    ),
                    None => (None, Iter::Exhausted),
                }
            }
            Iter::Reversed { seq, remaining } => {
                if remaining == 0 {
                    (None, Iter::Exhausted)
                } else {
                    let v = self.seq_item_at(seq, remaining - 1);
                    (
                        v,
                        Iter::Reversed {
                            seq,
                            remaining: remaining - 1,
                        },
                    )
                }
            }
            Iter::Dict {
                dict,
                slot,
                kind,
                len,
            } => return self.dict_iter_next(id, dict, slot, kind, len),
            Iter::Set { set, slot, len } => return self.set_iter_next(id, set, slot, len),
            Iter::Enumerate { inner, count } => match self.iter_next(inner)? {
                Some(v) => {
                    let t = self.new_tuple(vec![Value::Int(count), v]);
                    (
                        Some(t),
                        Iter::Enumerate {
                            inner,
                            count: count + 1,
                        },
                    )
                }
                None => (None, Iter::Exhausted),
            },
            Iter::Zip { inners } => {
                let mut items = Vec::with_capacity(inners.len());
                for inner in &inners {
                    if let Some(v) = self.iter_next(*inner)? {
                        items.push(v);
                    } else {
                        self.set_iter_state(id, Iter::Exhausted);
                        return Ok(None);
                    }
                }
                if items.is_empty() {
                    (None, Iter::Exhausted)
                } else {
                    let t = self.new_tuple(items);
                    (Some(t), Iter::Zip { inners })
                }
            }
            Iter::Map { func, inners } => {
                let mut args = Vec::with_capacity(inners.len());
                for inner in &inners {
                    if let Some(v) = self.iter_next(*inner)? {
                        args.push(v);
                    } else {
                        self.set_iter_state(id, Iter::Exhausted);
                        return Ok(None);
                    }
                }
                let v = self.call_sync(func, args)?;
                (Some(v), Iter::Map { func, inners })
            }
            Iter::Filter { func, inner } => loop {
                match self.iter_next(inner)? {
                    Some(v) => {
                        let keep = if func == Value::None {
                            self.truthy(v)?
                        } else {
                            let r = self.call_sync(func, vec![v])?;
                            self.truthy(r)?
                        };
                        if keep {
                            break (Some(v), Iter::Filter { func, inner });
                        }
                    }
                    None => break (None, Iter::Exhausted),
                }
            },
            Iter::GetItem { obj, index } => {
                match self.call_user_special(obj, "__getitem__", vec![Value::Int(index)]) {
                    Ok(v) => (
                        v,
                        Iter::GetItem {
                            obj,
                            index: index + 1,
                        },
                    ),
                    Err(VmError::Exception(e))
                        if self.is_instance_of_name(e, "IndexError")
                            || self.is_instance_of_name(e, "StopIteration") =>
                    {
                        (None, Iter::Exhausted)
                    }
                    Err(e) => return Err(e),
                }
            }
            Iter::Exhausted => (None, Iter::Exhausted),
        };
        self.set_iter_state(id, new_state);
        Ok(result)
    }

    fn set_iter_state(&mut self, id: ObjId, state: Iter) {
        if let Object::Iter(s) = self.heap.get_mut(id) {
            *s = state;
        }
    }
}
