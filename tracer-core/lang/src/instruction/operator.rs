//! The operands of `BINARY_OP` and `COMPARE_OP`: CPython's numbering,
//! symbols and special-method names.

/// A binary operator, as `BINARY_OP`'s operand (CPython's `NB_*` numbering).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum BinaryOperator {
    /// `+`
    Add = 0,
    /// `&`
    And = 1,
    /// `//`
    FloorDivide = 2,
    /// `<<`
    LeftShift = 3,
    /// `@`
    MatrixMultiply = 4,
    /// `*`
    Multiply = 5,
    /// `%`
    Remainder = 6,
    /// `|`
    Or = 7,
    /// `**`
    Power = 8,
    /// `>>`
    RightShift = 9,
    /// `-`
    Subtract = 10,
    /// `/`
    TrueDivide = 11,
    /// `^`
    Xor = 12,
}

impl BinaryOperator {
    /// All operators in `NB_*` order.
    pub const ALL: [Self; 13] = [
        Self::Add,
        Self::And,
        Self::FloorDivide,
        Self::LeftShift,
        Self::MatrixMultiply,
        Self::Multiply,
        Self::Remainder,
        Self::Or,
        Self::Power,
        Self::RightShift,
        Self::Subtract,
        Self::TrueDivide,
        Self::Xor,
    ];

    /// The operator's Python spelling, e.g. `"//"`.
    #[must_use]
    pub const fn symbol(self) -> &'static str {
        match self {
            Self::Add => "+",
            Self::And => "&",
            Self::FloorDivide => "//",
            Self::LeftShift => "<<",
            Self::MatrixMultiply => "@",
            Self::Multiply => "*",
            Self::Remainder => "%",
            Self::Or => "|",
            Self::Power => "**",
            Self::RightShift => ">>",
            Self::Subtract => "-",
            Self::TrueDivide => "/",
            Self::Xor => "^",
        }
    }

    /// The dunder method implementing the operator, e.g. `"__add__"`.
    #[must_use]
    pub const fn dunder(self) -> &'static str {
        match self {
            Self::Add => "__add__",
            Self::And => "__and__",
            Self::FloorDivide => "__floordiv__",
            Self::LeftShift => "__lshift__",
            Self::MatrixMultiply => "__matmul__",
            Self::Multiply => "__mul__",
            Self::Remainder => "__mod__",
            Self::Or => "__or__",
            Self::Power => "__pow__",
            Self::RightShift => "__rshift__",
            Self::Subtract => "__sub__",
            Self::TrueDivide => "__truediv__",
            Self::Xor => "__xor__",
        }
    }

    /// The reflected dunder method, e.g. `"__radd__"`.
    #[must_use]
    pub const fn reflected_dunder(self) -> &'static str {
        match self {
            Self::Add => "__radd__",
            Self::And => "__rand__",
            Self::FloorDivide => "__rfloordiv__",
            Self::LeftShift => "__rlshift__",
            Self::MatrixMultiply => "__rmatmul__",
            Self::Multiply => "__rmul__",
            Self::Remainder => "__rmod__",
            Self::Or => "__ror__",
            Self::Power => "__rpow__",
            Self::RightShift => "__rrshift__",
            Self::Subtract => "__rsub__",
            Self::TrueDivide => "__rtruediv__",
            Self::Xor => "__rxor__",
        }
    }

    /// The in-place dunder method, e.g. `"__iadd__"`.
    #[must_use]
    pub const fn inplace_dunder(self) -> &'static str {
        match self {
            Self::Add => "__iadd__",
            Self::And => "__iand__",
            Self::FloorDivide => "__ifloordiv__",
            Self::LeftShift => "__ilshift__",
            Self::MatrixMultiply => "__imatmul__",
            Self::Multiply => "__imul__",
            Self::Remainder => "__imod__",
            Self::Or => "__ior__",
            Self::Power => "__ipow__",
            Self::RightShift => "__irshift__",
            Self::Subtract => "__isub__",
            Self::TrueDivide => "__itruediv__",
            Self::Xor => "__ixor__",
        }
    }
}

/// `BINARY_OP`'s operand: an operator and whether it is the augmented form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BinaryOpArg {
    /// The operator.
    pub op: BinaryOperator,
    /// `true` for `+=` and friends (oparg + 13 in CPython).
    pub inplace: bool,
}

impl BinaryOpArg {
    /// CPython's oparg for this operation.
    #[must_use]
    pub const fn oparg(self) -> u32 {
        self.op as u32 + if self.inplace { 13 } else { 0 }
    }
}

/// A rich comparison, as `COMPARE_OP`'s operand (CPython's `Py_LT`.. order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum ComparisonOperator {
    /// `<`
    Less = 0,
    /// `<=`
    LessEqual = 1,
    /// `==`
    Equal = 2,
    /// `!=`
    NotEqual = 3,
    /// `>`
    Greater = 4,
    /// `>=`
    GreaterEqual = 5,
}

impl ComparisonOperator {
    /// The operator's Python spelling.
    #[must_use]
    pub const fn symbol(self) -> &'static str {
        match self {
            Self::Less => "<",
            Self::LessEqual => "<=",
            Self::Equal => "==",
            Self::NotEqual => "!=",
            Self::Greater => ">",
            Self::GreaterEqual => ">=",
        }
    }

    /// The dunder method, e.g. `"__lt__"`.
    #[must_use]
    pub const fn dunder(self) -> &'static str {
        match self {
            Self::Less => "__lt__",
            Self::LessEqual => "__le__",
            Self::Equal => "__eq__",
            Self::NotEqual => "__ne__",
            Self::Greater => "__gt__",
            Self::GreaterEqual => "__ge__",
        }
    }

    /// The operator with its operands swapped (`a < b` ⇔ `b > a`).
    #[must_use]
    pub const fn swapped(self) -> Self {
        match self {
            Self::Less => Self::Greater,
            Self::LessEqual => Self::GreaterEqual,
            Self::Equal => Self::Equal,
            Self::NotEqual => Self::NotEqual,
            Self::Greater => Self::Less,
            Self::GreaterEqual => Self::LessEqual,
        }
    }
}
