//! Code objects: the compiler's output and the VM's input.

use std::sync::Arc;

use num_bigint::BigInt;

use super::instruction::{Instruction, Target};

/// `co_flags` bits used by Interleave (CPython's values).
pub mod flags {
    /// Locals live in the fast-locals array.
    pub const OPTIMIZED: u32 = 0x01;
    /// A fresh locals namespace per call.
    pub const NEWLOCALS: u32 = 0x02;
    /// The function takes `*args`.
    pub const VARARGS: u32 = 0x04;
    /// The function takes `**kwargs`.
    pub const VARKEYWORDS: u32 = 0x08;
    /// The function is nested in another function.
    pub const NESTED: u32 = 0x10;
    /// Calling the function creates a generator.
    pub const GENERATOR: u32 = 0x20;
}

/// A constant in `co_consts`.
#[derive(Clone, Debug)]
pub enum Constant {
    /// `None`
    None,
    /// `True` / `False`
    Bool(bool),
    /// An int that fits in 64 bits.
    Int(i64),
    /// Any other int.
    BigInt(Arc<BigInt>),
    /// A float.
    Float(f64),
    /// A complex number `real + imag j`.
    Complex(f64, f64),
    /// A str.
    Str(Arc<str>),
    /// A bytes literal.
    Bytes(Arc<[u8]>),
    /// `...`
    Ellipsis,
    /// A tuple of constants (folded tuples, keyword-name tuples).
    Tuple(Arc<[Constant]>),
    /// A frozenset of constants (folded constant set displays), items
    /// distinct and in CPython's iteration order.
    FrozenSet(Arc<[Constant]>),
    /// A nested code object.
    Code(Arc<CodeObject>),
}

impl PartialEq for Constant {
    /// Identity for de-duplication in `co_consts`: same type and same value
    /// (so `1`, `1.0` and `True` stay distinct, `0.0` and `-0.0` too); code
    /// objects compare as CPython's `code_richcompare` (so compiling one
    /// node twice, as a `while` test or a `finally` body, adds one constant).
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::None, Self::None) | (Self::Ellipsis, Self::Ellipsis) => true,
            (Self::Bool(a), Self::Bool(b)) => a == b,
            (Self::Int(a), Self::Int(b)) => a == b,
            (Self::BigInt(a), Self::BigInt(b)) => a == b,
            (Self::Float(a), Self::Float(b)) => a.to_bits() == b.to_bits(),
            (Self::Complex(a, b), Self::Complex(c, d)) => {
                a.to_bits() == c.to_bits() && b.to_bits() == d.to_bits()
            }
            (Self::Str(a), Self::Str(b)) => a == b,
            (Self::Bytes(a), Self::Bytes(b)) => a == b,
            (Self::Tuple(a), Self::Tuple(b)) => a == b,
            (Self::FrozenSet(a), Self::FrozenSet(b)) => {
                a.len() == b.len() && a.iter().all(|x| b.contains(x))
            }
            (Self::Code(a), Self::Code(b)) => Arc::ptr_eq(a, b) || a.same_code(b),
            _ => false,
        }
    }
}

/// A source span, 1-based lines and 0-based UTF-8 columns like CPython's
/// `co_positions()`. [`Location::NONE`] marks synthetic instructions (CPython's
/// line -1); line 0 is the module's `RESUME`, as in CPython.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    /// First line.
    pub line: u32,
    /// Last line.
    pub end_line: u32,
    /// Start column.
    pub col: u32,
    /// End column.
    pub end_col: u32,
}

impl Location {
    /// The line value of a synthetic instruction.
    pub const NO_LINE: u32 = u32::MAX;

    /// No location at all.
    pub const NONE: Self = Self {
        line: Self::NO_LINE,
        end_line: Self::NO_LINE,
        col: 0,
        end_col: 0,
    };

    /// A location covering only the start of `line`.
    #[must_use]
    pub const fn at_line(line: u32) -> Self {
        Self {
            line,
            end_line: line,
            col: 0,
            end_col: 0,
        }
    }

    /// `true` for synthetic instructions.
    #[must_use]
    pub const fn is_none(&self) -> bool {
        self.line == Self::NO_LINE
    }
}

impl Default for Location {
    fn default() -> Self {
        Self::NONE
    }
}

/// What a fast-locals slot holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotKind {
    /// A plain local variable (or argument).
    Local,
    /// A local that lives in a cell because an inner scope captures it.
    Cell,
    /// A variable captured from an enclosing scope.
    Free,
}

/// A named slot of the fast-locals array (`co_varnames`, `co_cellvars`,
/// `co_freevars` merged, as in CPython 3.11's `localsplus`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    /// The variable's name.
    pub name: Arc<str>,
    /// Its kind.
    pub kind: SlotKind,
}

/// One row of the exception table: instructions `start..end` jump to
/// `handler` with the value stack cut to `depth` (plus the offset of the
/// raising instruction when `push_lasti`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptionTableEntry {
    /// First covered instruction.
    pub start: Target,
    /// One past the last covered instruction.
    pub end: Target,
    /// The handler's first instruction.
    pub handler: Target,
    /// Stack depth to unwind to.
    pub depth: u32,
    /// Push the raising instruction's offset before the exception.
    pub push_lasti: bool,
}

/// A compiled code object (module body, class body, function, lambda,
/// comprehension or generator expression).
#[derive(Debug)]
pub struct CodeObject {
    /// `co_name`.
    pub name: Arc<str>,
    /// `co_qualname`.
    pub qualname: Arc<str>,
    /// `co_filename`.
    pub filename: Arc<str>,
    /// `co_firstlineno`.
    pub first_line: u32,
    /// Number of positional parameters (including positional-only).
    pub arg_count: u32,
    /// Number of positional-only parameters.
    pub posonly_arg_count: u32,
    /// Number of keyword-only parameters.
    pub kwonly_arg_count: u32,
    /// `co_flags`, see [`flags`].
    pub flags: u32,
    /// The instructions.
    pub instructions: Vec<Instruction>,
    /// Source location of each instruction.
    pub locations: Vec<Location>,
    /// Byte offset of each instruction as CPython would lay it out
    /// (caches and `EXTENDED_ARG`s included); one extra entry for the end.
    pub offsets: Vec<u32>,
    /// The exception table, sorted by `start`.
    pub exception_table: Vec<ExceptionTableEntry>,
    /// `co_consts`.
    pub consts: Vec<Constant>,
    /// `co_names`.
    pub names: Vec<Arc<str>>,
    /// The fast-locals layout.
    pub slots: Vec<Slot>,
    /// Maximum value-stack depth.
    pub stack_size: u32,
}

impl CodeObject {
    /// CPython's `code_richcompare`: same name, signature, flags, first
    /// line, instructions, constants, names, locals, positions and
    /// exception table (the qualified name and file are not compared).
    #[must_use]
    pub fn same_code(&self, other: &Self) -> bool {
        self.name == other.name
            && self.arg_count == other.arg_count
            && self.posonly_arg_count == other.posonly_arg_count
            && self.kwonly_arg_count == other.kwonly_arg_count
            && self.flags == other.flags
            && self.first_line == other.first_line
            && self.instructions == other.instructions
            && self.consts == other.consts
            && self.names == other.names
            && self.slots == other.slots
            && self.locations == other.locations
            && self.exception_table == other.exception_table
    }

    /// Total number of parameters, `*args` and `**kwargs` included.
    #[must_use]
    pub fn total_arg_count(&self) -> usize {
        let mut n = self.arg_count + self.kwonly_arg_count;
        if self.flags & flags::VARARGS != 0 {
            n += 1;
        }
        if self.flags & flags::VARKEYWORDS != 0 {
            n += 1;
        }
        n as usize
    }

    /// `true` when calling the code creates a generator.
    #[must_use]
    pub fn is_generator(&self) -> bool {
        self.flags & flags::GENERATOR != 0
    }

    /// Number of free variables (the trailing slots).
    #[must_use]
    pub fn free_var_count(&self) -> usize {
        self.slots
            .iter()
            .filter(|s| s.kind == SlotKind::Free)
            .count()
    }

    /// The line of instruction `index`, or `None` for synthetic ones.
    #[must_use]
    pub fn line_of(&self, index: usize) -> Option<u32> {
        self.locations
            .get(index)
            .map(|l| l.line)
            .filter(|&l| l != Location::NO_LINE)
    }

    /// The innermost exception-table entry covering instruction `index`.
    #[must_use]
    pub fn handler_for(&self, index: Target) -> Option<&ExceptionTableEntry> {
        self.exception_table
            .iter()
            .find(|e| e.start <= index && index < e.end)
    }

    /// Every code object nested in this one, depth first, itself excluded.
    pub fn nested_code(&self) -> impl Iterator<Item = &Arc<CodeObject>> {
        self.consts.iter().filter_map(|c| match c {
            Constant::Code(code) => Some(code),
            _ => None,
        })
    }
}
