//! The value a VM register or stack slot holds.

use crate::model::heap::ObjId;

/// A Python value. Immediate for `None`, bools, small ints and floats;
/// everything else lives in the heap arena and is referred to by id, so a
/// `Value` is `Copy` and small ints and floats never allocate.
///
/// A word-sized tag puts every payload at offset 8, so a copy is two aligned
/// words (with a byte tag, copies move bytes 1..16 in overlapping loads
/// that stall store forwarding in the interpreter's hot loop).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[repr(u64)]
pub enum Value {
    /// CPython's `NULL` stack marker (below a callable without `self`).
    Null,
    /// `None`
    #[default]
    None,
    /// `True` / `False`
    Bool(bool),
    /// An int that fits in 64 bits (bigger ones are heap `BigInt`s).
    Int(i64),
    /// A float.
    Float(f64),
    /// `NotImplemented`
    NotImplemented,
    /// `...`
    Ellipsis,
    /// A heap object.
    Obj(ObjId),
}

impl Value {
    /// The heap id, if the value is a heap object.
    #[must_use]
    pub const fn as_obj(self) -> Option<ObjId> {
        match self {
            Self::Obj(id) => Some(id),
            _ => None,
        }
    }

    /// `true` for the `NULL` marker.
    #[must_use]
    pub const fn is_null(self) -> bool {
        matches!(self, Self::Null)
    }

    /// Identity (`is`): same immediate value or same object.
    #[must_use]
    pub fn is(self, other: Self) -> bool {
        match (self, other) {
            (Self::Float(a), Self::Float(b)) => a.to_bits() == b.to_bits(),
            (a, b) => a == b,
        }
    }
}

#[cfg(test)]
mod layout_tests {
    use super::Value;

    #[test]
    fn values_and_optional_values_are_two_words() {
        assert_eq!(size_of::<Value>(), 16);
        assert_eq!(size_of::<Option<Value>>(), 16);
        assert_eq!(size_of::<Option<Option<Value>>>(), 16);
    }
}
