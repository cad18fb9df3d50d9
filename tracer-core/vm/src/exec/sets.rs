//! Sets as the VM uses them: membership and updates that hash and compare
//! members, and the set operators. The storage itself is `model::set`.

use crate::Vm;
use crate::model::error::PyResult;
use crate::model::heap::ObjId;
use crate::model::object::Object;
use crate::model::set::Set;
use crate::model::value::Value;
use interleave_lang::instruction::BinaryOperator as B;

impl Vm {
    /// A new set (or frozenset) of `items`.
    pub(crate) fn new_set(&mut self, items: Vec<Value>, frozen: bool) -> PyResult<Value> {
        let s = self.alloc(Object::Set {
            set: Set::new(),
            frozen,
        });
        for v in items {
            self.set_add(s, v)?;
        }
        Ok(s)
    }

    /// `s.add(v)`.
    pub(crate) fn set_add(&mut self, set: Value, v: Value) -> PyResult<()> {
        let Value::Obj(id) = set else { return Ok(()) };
        let hash = self.hash(v)?;
        self.with_set(id, |vm, s| {
            s.insert(hash, v, &mut |a, b| vm.eq(a, b).unwrap_or(false));
        });
        Ok(())
    }

    /// `v in s` with a precomputed hash.
    pub(crate) fn set_contains_hashed(
        &mut self,
        set: ObjId,
        hash: u64,
        v: Value,
    ) -> PyResult<bool> {
        let mut found = false;
        self.with_set(set, |vm, s| {
            found = s.contains(hash, v, &mut |a, b| vm.eq(a, b).unwrap_or(false));
        });
        Ok(found)
    }

    /// `s.discard(v)`; returns whether it was present.
    pub(crate) fn set_discard(&mut self, set: ObjId, v: Value) -> PyResult<bool> {
        let hash = self.hash(v)?;
        let mut removed = false;
        self.with_set(set, |vm, s| {
            removed = s.remove(hash, v, &mut |a, b| vm.eq(a, b).unwrap_or(false));
        });
        Ok(removed)
    }

    /// Runs `f` with the set's storage taken out of the heap (so equality
    /// checks may read other objects).
    fn with_set(&mut self, id: ObjId, f: impl FnOnce(&mut Self, &mut Set)) {
        let mut set = match self.heap.get_mut(id) {
            Object::Set { set, .. } => std::mem::take(set),
            _ => return,
        };
        f(self, &mut set);
        if let Object::Set { set: slot, .. } = self.heap.get_mut(id) {
            *slot = set;
        }
    }

    pub(super) fn set_operator(
        &mut self,
        a: Value,
        b: Value,
        op: B,
        inplace: bool,
    ) -> PyResult<Value> {
        let (Value::Obj(ai), Value::Obj(bi)) = (a, b) else {
            return self.raise("TypeError", "unsupported operand for set operation");
        };
        let Object::Set { set: sa, frozen } = self.heap.get(ai) else {
            unreachable!("checked")
        };
        let frozen = *frozen;
        let Object::Set { set: sb, .. } = self.heap.get(bi) else {
            let msg = format!(
                "unsupported operand type(s) for {}: 'set' and '{}'",
                op.symbol(),
                self.type_name(b)
            );
            return self.raise("TypeError", msg);
        };
        let xs: Vec<(u64, Value)> = sa.entries().collect();
        let ys: Vec<(u64, Value)> = sb.entries().collect();
        let copy = sa.copied();
        let result = if inplace {
            a
        } else {
            self.alloc(Object::Set {
                set: Set::new(),
                frozen,
            })
        };
        let Value::Obj(rid) = result else {
            unreachable!()
        };
        match op {
            B::Or => {
                if !inplace && let Object::Set { set, .. } = self.heap.get_mut(rid) {
                    *set = copy;
                }
                for (_, v) in ys {
                    self.set_add(result, v)?;
                }
            }
            B::And => {
                let keep = self.members_in(&xs, bi, true)?;
                self.refill_set(rid, result, keep)?;
            }
            B::Subtract => {
                let keep = self.members_in(&xs, bi, false)?;
                self.refill_set(rid, result, keep)?;
            }
            _ => {
                let mut keep = self.members_in(&xs, bi, false)?;
                keep.extend(self.members_in(&ys, ai, false)?);
                self.refill_set(rid, result, keep)?;
            }
        }
        Ok(result)
    }

    /// The members of `items` that are (`present`) or are not in set `other`.
    fn members_in(
        &mut self,
        items: &[(u64, Value)],
        other: ObjId,
        present: bool,
    ) -> PyResult<Vec<Value>> {
        let mut out = Vec::new();
        for &(h, v) in items {
            if self.set_contains_hashed(other, h, v)? == present {
                out.push(v);
            }
        }
        Ok(out)
    }

    /// Empties set `id` (the object `set`) and adds `members` in order.
    fn refill_set(&mut self, id: ObjId, set: Value, members: Vec<Value>) -> PyResult<()> {
        if let Object::Set { set, .. } = self.heap.get_mut(id) {
            set.clear();
        }
        for v in members {
            self.set_add(set, v)?;
        }
        Ok(())
    }
}
