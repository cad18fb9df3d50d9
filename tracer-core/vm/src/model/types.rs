//! The builtin classes and the exception hierarchy, created at start-up.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::dict::Dict;
use crate::model::heap::{Heap, ObjId};
use crate::model::object::{BuiltinType, Class, Object};

/// Ids of the builtin classes.
#[derive(Clone, Debug)]
pub struct Types {
    /// `object`
    pub object: ObjId,
    /// Every builtin type by its tag.
    pub by_builtin: BTreeMap<BuiltinTag, ObjId>,
    /// Exception classes by name.
    pub exceptions: BTreeMap<&'static str, ObjId>,
    /// Every class above, for O(log n) "is this builtin?" checks.
    builtin_classes: BTreeSet<ObjId>,
}

/// `BuiltinType` as an orderable key.
pub type BuiltinTag = u8;

/// The exception hierarchy: `(name, base)`, bases first.
const EXCEPTIONS: &[(&str, &str)] = &[
    ("BaseException", ""),
    ("SystemExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("Exception", "BaseException"),
    ("StopIteration", "Exception"),
    ("ArithmeticError", "Exception"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("RuntimeError", "Exception"),
    ("RecursionError", "RuntimeError"),
    ("NotImplementedError", "RuntimeError"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("OSError", "Exception"),
    ("FileNotFoundError", "OSError"),
    ("PermissionError", "OSError"),
    ("TimeoutError", "OSError"),
    ("MemoryError", "Exception"),
    ("BufferError", "Exception"),
    ("EOFError", "Exception"),
    ("SyntaxError", "Exception"),
    ("Warning", "Exception"),
    ("UserWarning", "Warning"),
    ("DeprecationWarning", "Warning"),
    ("RuntimeWarning", "Warning"),
];

/// Builtin types and their Python names.
const BUILTINS: &[(BuiltinType, &str)] = &[
    (BuiltinType::NoneType, "NoneType"),
    (BuiltinType::Int, "int"),
    (BuiltinType::Bool, "bool"),
    (BuiltinType::Float, "float"),
    (BuiltinType::Str, "str"),
    (BuiltinType::Bytes, "bytes"),
    (BuiltinType::List, "list"),
    (BuiltinType::Tuple, "tuple"),
    (BuiltinType::Dict, "dict"),
    (BuiltinType::Set, "set"),
    (BuiltinType::FrozenSet, "frozenset"),
    (BuiltinType::Range, "range"),
    (BuiltinType::Slice, "slice"),
    (BuiltinType::Function, "function"),
    (BuiltinType::NativeFunction, "builtin_function_or_method"),
    (BuiltinType::Method, "method"),
    (BuiltinType::Cell, "cell"),
    (BuiltinType::Generator, "generator"),
    (BuiltinType::Module, "module"),
    (BuiltinType::Iterator, "iterator"),
    (BuiltinType::Property, "property"),
    (BuiltinType::StaticMethod, "staticmethod"),
    (BuiltinType::ClassMethod, "classmethod"),
    (BuiltinType::Super, "super"),
    (BuiltinType::Code, "code"),
    (BuiltinType::Frame, "frame"),
    (BuiltinType::NotImplementedType, "NotImplementedType"),
    (BuiltinType::Ellipsis, "ellipsis"),
    (BuiltinType::Lock, "lock"),
    (BuiltinType::RLock, "RLock"),
    (BuiltinType::Complex, "complex"),
];

fn class(
    heap: &mut Heap,
    name: &str,
    builtin: BuiltinType,
    bases: &[ObjId],
    is_exception: bool,
) -> ObjId {
    let dict = heap.alloc(Object::Dict(Dict::new()));
    let id = heap.alloc(Object::Class(Box::new(Class {
        name: name.into(),
        qualname: name.into(),
        bases: bases.to_vec(),
        mro: Vec::new(),
        dict,
        builtin,
        is_exception,
    })));
    let mut mro = vec![id];
    if let Some(&base) = bases.first()
        && let Object::Class(b) = heap.get(base)
    {
        mro.extend(b.mro.iter().copied());
    }
    if let Object::Class(c) = heap.get_mut(id) {
        c.mro = mro;
    }
    id
}

impl Types {
    /// Creates every builtin class in `heap`.
    pub fn bootstrap(heap: &mut Heap) -> Self {
        let object = class(heap, "object", BuiltinType::Object, &[], false);
        let type_ = class(heap, "type", BuiltinType::Type, &[object], false);
        let mut by_builtin = BTreeMap::new();
        by_builtin.insert(BuiltinType::Object as BuiltinTag, object);
        by_builtin.insert(BuiltinType::Type as BuiltinTag, type_);
        for &(builtin, name) in BUILTINS {
            let base = if builtin == BuiltinType::Bool {
                by_builtin[&(BuiltinType::Int as BuiltinTag)]
            } else {
                object
            };
            let id = class(heap, name, builtin, &[base], false);
            by_builtin.insert(builtin as BuiltinTag, id);
        }
        let mut exceptions = BTreeMap::new();
        for &(name, base) in EXCEPTIONS {
            let base = if base.is_empty() {
                object
            } else {
                exceptions[base]
            };
            let id = class(heap, name, BuiltinType::Object, &[base], true);
            exceptions.insert(name, id);
        }
        let builtin_classes = by_builtin
            .values()
            .chain(exceptions.values())
            .copied()
            .collect();
        Self {
            object,
            by_builtin,
            exceptions,
            builtin_classes,
        }
    }

    /// The class of a builtin type.
    #[must_use]
    pub fn get(&self, builtin: BuiltinType) -> ObjId {
        self.by_builtin[&(builtin as BuiltinTag)]
    }

    /// An exception class by name.
    ///
    /// # Panics
    /// If `name` is not in the builtin hierarchy (an interpreter bug).
    #[must_use]
    pub fn exception(&self, name: &str) -> ObjId {
        self.exceptions[name]
    }

    /// Every builtin class id (GC roots).
    pub fn all(&self) -> impl Iterator<Item = ObjId> + '_ {
        self.builtin_classes.iter().copied()
    }

    /// `true` if `class` was created at start-up.
    #[must_use]
    pub fn is_builtin(&self, class: ObjId) -> bool {
        self.builtin_classes.contains(&class)
    }
}
