//! The instruction set: CPython 3.11's opcodes as one typed enum.
//!
//! Every variant is one CPython 3.11 opcode with the same name (in
//! `UpperCamelCase`), the same operand and the same stack effect, so the
//! disassembly reads like `python3 -m dis`. Operands that CPython encodes as
//! small integers are kept as integers; jump operands hold the *index of the
//! target instruction* in the code object (CPython's relative byte deltas are
//! computed from it when disassembling). Inline `CACHE` entries are not
//! instructions here; [`Instruction::cache_entries`] tells how many CPython
//! would emit so byte offsets match.
//!
//! Stack effects are written `(before -- after)` like Forth, top of stack on
//! the right.

mod operator;

pub use self::operator::{BinaryOpArg, BinaryOperator, ComparisonOperator};

/// Index of an instruction inside a code object's instruction vector.
pub type Target = u32;

/// One CPython 3.11 bytecode instruction with its operand.
///
/// Naming: `Load*`/`Store*`/`Delete*` operands index the code object's
/// tables: `consts` for `LoadConst`, `names` for `*Name`/`*Global`/`*Attr`/
/// `LoadMethod`/`Import*`, and the fast-locals array (`localsplus`: locals,
/// then cells, then free variables) for `*Fast`/`*Deref`/`LoadClosure`/
/// `MakeCell`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Instruction {
    /// `NOP`: does nothing; keeps a line number alive. `( -- )`
    Nop,
    /// `POP_TOP`: discards the top of stack. `(x -- )`
    PopTop,
    /// `PUSH_NULL`: pushes the NULL that marks "no self" below a callable. `( -- NULL)`
    PushNull,
    /// `COPY(i)`: pushes a copy of the i-th item (1 = top). `(.. x .. -- .. x .. x)`
    Copy(u32),
    /// `SWAP(i)`: swaps the top with the i-th item. `(.. a .. b -- .. b .. a)`
    Swap(u32),
    /// `UNARY_POSITIVE`: `+x`. `(x -- +x)`
    UnaryPositive,
    /// `UNARY_NEGATIVE`: `-x`. `(x -- -x)`
    UnaryNegative,
    /// `UNARY_NOT`: `not x`. `(x -- bool)`
    UnaryNot,
    /// `UNARY_INVERT`: `~x`. `(x -- ~x)`
    UnaryInvert,
    /// `BINARY_OP(op)`: binary or augmented arithmetic. `(a b -- a op b)`
    BinaryOp(BinaryOpArg),
    /// `BINARY_SUBSCR`: `c[k]`. `(c k -- c[k])`
    BinarySubscr,
    /// `STORE_SUBSCR`: `c[k] = v`. `(v c k -- )`
    StoreSubscr,
    /// `DELETE_SUBSCR`: `del c[k]`. `(c k -- )`
    DeleteSubscr,
    /// `GET_ITER`: `iter(x)`. `(x -- it)`
    GetIter,
    /// `GET_YIELD_FROM_ITER`: iterator for `yield from` (generators pass through). `(x -- it)`
    GetYieldFromIter,
    /// `FOR_ITER(target)`: pushes `next(it)`, or pops the iterator and jumps
    /// to `target` when exhausted. `(it -- it x)` or `(it -- )`
    ForIter(Target),
    /// `RETURN_VALUE`: returns the top of stack to the caller. `(v -- )`
    ReturnValue,
    /// `YIELD_VALUE`: suspends the generator yielding the top of stack; on
    /// resumption the sent value replaces it. `(v -- sent)`
    YieldValue,
    /// `RETURN_GENERATOR`: creates a generator from the current frame and
    /// returns it to the caller; when resumed the sent value is on the
    /// stack (popped by the `POP_TOP` that follows). `( -- sent)`
    ReturnGenerator,
    /// `SEND(target)`: sends a value into a sub-iterator (`yield from`); when
    /// it finishes, replaces both with its return value and jumps. `(it v -- it r)` or `(it v -- r)`
    Send(Target),
    /// `GET_LEN`: pushes `len(top)`. `(x -- x n)`
    GetLen,
    /// `IMPORT_NAME(namei)`: imports a module. `(level fromlist -- module)`
    ImportName(u32),
    /// `IMPORT_FROM(namei)`: loads an attribute of the module on top. `(m -- m attr)`
    ImportFrom(u32),
    /// `IMPORT_STAR`: `from m import *`. `(m -- )`
    ImportStar,
    /// `LOAD_CONST(consti)`. `( -- const)`
    LoadConst(u32),
    /// `LOAD_NAME(namei)`: locals, then globals, then builtins. `( -- v)`
    LoadName(u32),
    /// `STORE_NAME(namei)`. `(v -- )`
    StoreName(u32),
    /// `DELETE_NAME(namei)`. `( -- )`
    DeleteName(u32),
    /// `LOAD_GLOBAL(namei<<1 | push_null)`: globals, then builtins; pushes a
    /// NULL first when the low bit is set. `( -- [NULL] v)`
    LoadGlobal(u32),
    /// `STORE_GLOBAL(namei)`. `(v -- )`
    StoreGlobal(u32),
    /// `DELETE_GLOBAL(namei)`. `( -- )`
    DeleteGlobal(u32),
    /// `LOAD_FAST(i)`: a local variable. `( -- v)`
    LoadFast(u32),
    /// `STORE_FAST(i)`. `(v -- )`
    StoreFast(u32),
    /// `DELETE_FAST(i)`. `( -- )`
    DeleteFast(u32),
    /// `MAKE_CELL(i)`: replaces slot i with a cell holding its value. `( -- )`
    MakeCell(u32),
    /// `COPY_FREE_VARS(n)`: copies the closure's cells into the frame. `( -- )`
    CopyFreeVars(u32),
    /// `LOAD_CLOSURE(i)`: pushes the cell in slot i. `( -- cell)`
    LoadClosure(u32),
    /// `LOAD_DEREF(i)`: the value inside the cell in slot i. `( -- v)`
    LoadDeref(u32),
    /// `LOAD_CLASSDEREF(i)`: class body: locals mapping first, then the cell. `( -- v)`
    LoadClassderef(u32),
    /// `STORE_DEREF(i)`. `(v -- )`
    StoreDeref(u32),
    /// `DELETE_DEREF(i)`. `( -- )`
    DeleteDeref(u32),
    /// `LOAD_ATTR(namei)`: `o.name`. `(o -- v)`
    LoadAttr(u32),
    /// `STORE_ATTR(namei)`: `o.name = v`. `(v o -- )`
    StoreAttr(u32),
    /// `DELETE_ATTR(namei)`. `(o -- )`
    DeleteAttr(u32),
    /// `LOAD_METHOD(namei)`: pushes an unbound method and `self`, or NULL and
    /// the attribute. `(o -- meth self)` or `(o -- NULL attr)`
    LoadMethod(u32),
    /// `BUILD_TUPLE(n)`. `(x1..xn -- tuple)`
    BuildTuple(u32),
    /// `BUILD_LIST(n)`. `(x1..xn -- list)`
    BuildList(u32),
    /// `BUILD_SET(n)`. `(x1..xn -- set)`
    BuildSet(u32),
    /// `BUILD_MAP(n)`. `(k1 v1 .. kn vn -- dict)`
    BuildMap(u32),
    /// `BUILD_CONST_KEY_MAP(n)`: keys come as one constant tuple. `(v1..vn keys -- dict)`
    BuildConstKeyMap(u32),
    /// `BUILD_STRING(n)`: concatenates n strings (f-strings). `(s1..sn -- s)`
    BuildString(u32),
    /// `BUILD_SLICE(n)`: n is 2 or 3. `(start stop [step] -- slice)`
    BuildSlice(u32),
    /// `LIST_APPEND(i)`: appends to the list i deep (comprehensions). `(.. l .. v -- .. l ..)`
    ListAppend(u32),
    /// `SET_ADD(i)`. `(.. s .. v -- .. s ..)`
    SetAdd(u32),
    /// `MAP_ADD(i)`. `(.. d .. k v -- .. d ..)`
    MapAdd(u32),
    /// `LIST_EXTEND(i)`. `(.. l .. it -- .. l ..)`
    ListExtend(u32),
    /// `SET_UPDATE(i)`. `(.. s .. it -- .. s ..)`
    SetUpdate(u32),
    /// `DICT_UPDATE(i)`: `{**m}`. `(.. d .. m -- .. d ..)`
    DictUpdate(u32),
    /// `DICT_MERGE(i)`: `f(**m)`, rejecting duplicate keys. `(.. d .. m -- .. d ..)`
    DictMerge(u32),
    /// `LIST_TO_TUPLE`. `(list -- tuple)`
    ListToTuple,
    /// `UNPACK_SEQUENCE(n)`: pushes the n items, last item deepest... first on top. `(seq -- xn..x1)`
    UnpackSequence(u32),
    /// `UNPACK_EX(before | after<<8)`: starred unpacking. `(seq -- ...)`
    UnpackEx(u32),
    /// `COMPARE_OP(op)`. `(a b -- a op b)`
    CompareOp(ComparisonOperator),
    /// `IS_OP(invert)`: `is` / `is not`. `(a b -- bool)`
    IsOp(u32),
    /// `CONTAINS_OP(invert)`: `in` / `not in`. `(a b -- bool)`
    ContainsOp(u32),
    /// `JUMP_FORWARD(target)`. `( -- )`
    JumpForward(Target),
    /// `JUMP_BACKWARD(target)`: a loop back-edge; an eval-breaker point. `( -- )`
    JumpBackward(Target),
    /// `JUMP_BACKWARD_NO_INTERRUPT(target)`: back-edge that is not an eval-breaker point. `( -- )`
    JumpBackwardNoInterrupt(Target),
    /// `POP_JUMP_FORWARD_IF_FALSE(target)`. `(x -- )`
    PopJumpForwardIfFalse(Target),
    /// `POP_JUMP_FORWARD_IF_TRUE(target)`. `(x -- )`
    PopJumpForwardIfTrue(Target),
    /// `POP_JUMP_FORWARD_IF_NONE(target)`. `(x -- )`
    PopJumpForwardIfNone(Target),
    /// `POP_JUMP_FORWARD_IF_NOT_NONE(target)`. `(x -- )`
    PopJumpForwardIfNotNone(Target),
    /// `POP_JUMP_BACKWARD_IF_FALSE(target)`. `(x -- )`
    PopJumpBackwardIfFalse(Target),
    /// `POP_JUMP_BACKWARD_IF_TRUE(target)`. `(x -- )`
    PopJumpBackwardIfTrue(Target),
    /// `POP_JUMP_BACKWARD_IF_NONE(target)`. `(x -- )`
    PopJumpBackwardIfNone(Target),
    /// `POP_JUMP_BACKWARD_IF_NOT_NONE(target)`. `(x -- )`
    PopJumpBackwardIfNotNone(Target),
    /// `JUMP_IF_FALSE_OR_POP(target)`: `and`: keeps x and jumps if false. `(x -- x)` or `(x -- )`
    JumpIfFalseOrPop(Target),
    /// `JUMP_IF_TRUE_OR_POP(target)`: `or`: keeps x and jumps if true. `(x -- x)` or `(x -- )`
    JumpIfTrueOrPop(Target),
    /// `PRECALL(argc)`: call preparation; an eval-breaker point in the
    /// GIL models' sense only through the following `CALL`. `( -- )`
    Precall(u32),
    /// `CALL(argc)`: calls `callable(*args)` (with `KW_NAMES` keywords). `(NULL|meth callable|self arg1..argn -- result)`
    Call(u32),
    /// `KW_NAMES(consti)`: the keyword names of the next `CALL`. `( -- )`
    KwNames(u32),
    /// `CALL_FUNCTION_EX(has_kwargs)`: `f(*args, **kwargs)`. `(NULL f args [kwargs] -- result)`
    CallFunctionEx(u32),
    /// `MAKE_FUNCTION(flags)`: 0x01 defaults, 0x02 kw defaults, 0x04
    /// annotations, 0x08 closure. `([defaults] [kwdefaults] [annotations] [closure] code -- function)`
    MakeFunction(u32),
    /// `LOAD_BUILD_CLASS`: pushes `__build_class__`. `( -- f)`
    LoadBuildClass,
    /// `FORMAT_VALUE(flags)`: f-string field; low bits: conversion (1 str,
    /// 2 repr, 3 ascii), 0x04: a format spec is on the stack. `(v [spec] -- str)`
    FormatValue(u32),
    /// `RAISE_VARARGS(argc)`: 0 re-raise, 1 `raise e`, 2 `raise e from c`. `([e [c]] -- )`
    RaiseVarargs(u32),
    /// `RERAISE(set_lasti)`: re-raises the exception on top. `(exc -- )`
    Reraise(u32),
    /// `PUSH_EXC_INFO`: handler entry: saves the previous exception. `(exc -- prev exc)`
    PushExcInfo,
    /// `POP_EXCEPT`: handler exit: restores the previous exception. `(prev -- )`
    PopExcept,
    /// `CHECK_EXC_MATCH`: `isinstance(exc, type)` for `except type`. `(exc type -- exc bool)`
    CheckExcMatch,
    /// `WITH_EXCEPT_START`: calls `__exit__(type, exc, tb)`. `(exit lasti prev exc -- exit lasti prev exc res)`
    WithExceptStart,
    /// `BEFORE_WITH`: calls `__enter__`, keeps the bound `__exit__`. `(cm -- exit enter_result)`
    BeforeWith,
    /// `LOAD_ASSERTION_ERROR`. `( -- AssertionError)`
    LoadAssertionError,
    /// `SETUP_ANNOTATIONS`: creates `__annotations__` in a module or class body. `( -- )`
    SetupAnnotations,
    /// `RESUME(where)`: frame start (0) or after a yield (1); an eval-breaker point. `( -- )`
    Resume(u32),
    /// `EXTENDED_ARG(hi)`: prefix carrying the high bits of the next oparg. `( -- )`
    ExtendedArg(u32),
}

/// The role of an instruction's operand, which decides how `dis` shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperandKind {
    /// No operand (CPython prints none).
    None,
    /// A plain number.
    Number,
    /// Index into `consts`.
    Const,
    /// Index into `names`.
    Name,
    /// `LOAD_GLOBAL`'s `namei<<1 | null`.
    GlobalName,
    /// Index into the fast-locals array.
    Local,
    /// A jump target.
    Jump,
    /// `BINARY_OP`'s operator.
    BinaryOp,
    /// `COMPARE_OP`'s operator.
    Compare,
    /// `MAKE_FUNCTION`'s flags.
    FunctionFlags,
    /// `FORMAT_VALUE`'s flags.
    FormatFlags,
}

impl Instruction {
    /// CPython's opname, e.g. `"LOAD_GLOBAL"`.
    #[must_use]
    pub const fn opname(&self) -> &'static str {
        use Instruction as I;
        match self {
            I::Nop => "NOP",
            I::PopTop => "POP_TOP",
            I::PushNull => "PUSH_NULL",
            I::Copy(_) => "COPY",
            I::Swap(_) => "SWAP",
            I::UnaryPositive => "UNARY_POSITIVE",
            I::UnaryNegative => "UNARY_NEGATIVE",
            I::UnaryNot => "UNARY_NOT",
            I::UnaryInvert => "UNARY_INVERT",
            I::BinaryOp(_) => "BINARY_OP",
            I::BinarySubscr => "BINARY_SUBSCR",
            I::StoreSubscr => "STORE_SUBSCR",
            I::DeleteSubscr => "DELETE_SUBSCR",
            I::GetIter => "GET_ITER",
            I::GetYieldFromIter => "GET_YIELD_FROM_ITER",
            I::ForIter(_) => "FOR_ITER",
            I::ReturnValue => "RETURN_VALUE",
            I::YieldValue => "YIELD_VALUE",
            I::ReturnGenerator => "RETURN_GENERATOR",
            I::Send(_) => "SEND",
            I::GetLen => "GET_LEN",
            I::ImportName(_) => "IMPORT_NAME",
            I::ImportFrom(_) => "IMPORT_FROM",
            I::ImportStar => "IMPORT_STAR",
            I::LoadConst(_) => "LOAD_CONST",
            I::LoadName(_) => "LOAD_NAME",
            I::StoreName(_) => "STORE_NAME",
            I::DeleteName(_) => "DELETE_NAME",
            I::LoadGlobal(_) => "LOAD_GLOBAL",
            I::StoreGlobal(_) => "STORE_GLOBAL",
            I::DeleteGlobal(_) => "DELETE_GLOBAL",
            I::LoadFast(_) => "LOAD_FAST",
            I::StoreFast(_) => "STORE_FAST",
            I::DeleteFast(_) => "DELETE_FAST",
            I::MakeCell(_) => "MAKE_CELL",
            I::CopyFreeVars(_) => "COPY_FREE_VARS",
            I::LoadClosure(_) => "LOAD_CLOSURE",
            I::LoadDeref(_) => "LOAD_DEREF",
            I::LoadClassderef(_) => "LOAD_CLASSDEREF",
            I::StoreDeref(_) => "STORE_DEREF",
            I::DeleteDeref(_) => "DELETE_DEREF",
            I::LoadAttr(_) => "LOAD_ATTR",
            I::StoreAttr(_) => "STORE_ATTR",
            I::DeleteAttr(_) => "DELETE_ATTR",
            I::LoadMethod(_) => "LOAD_METHOD",
            I::BuildTuple(_) => "BUILD_TUPLE",
            I::BuildList(_) => "BUILD_LIST",
            I::BuildSet(_) => "BUILD_SET",
            I::BuildMap(_) => "BUILD_MAP",
            I::BuildConstKeyMap(_) => "BUILD_CONST_KEY_MAP",
            I::BuildString(_) => "BUILD_STRING",
            I::BuildSlice(_) => "BUILD_SLICE",
            I::ListAppend(_) => "LIST_APPEND",
            I::SetAdd(_) => "SET_ADD",
            I::MapAdd(_) => "MAP_ADD",
            I::ListExtend(_) => "LIST_EXTEND",
            I::SetUpdate(_) => "SET_UPDATE",
            I::DictUpdate(_) => "DICT_UPDATE",
            I::DictMerge(_) => "DICT_MERGE",
            I::ListToTuple => "LIST_TO_TUPLE",
            I::UnpackSequence(_) => "UNPACK_SEQUENCE",
            I::UnpackEx(_) => "UNPACK_EX",
            I::CompareOp(_) => "COMPARE_OP",
            I::IsOp(_) => "IS_OP",
            I::ContainsOp(_) => "CONTAINS_OP",
            I::JumpForward(_) => "JUMP_FORWARD",
            I::JumpBackward(_) => "JUMP_BACKWARD",
            I::JumpBackwardNoInterrupt(_) => "JUMP_BACKWARD_NO_INTERRUPT",
            I::PopJumpForwardIfFalse(_) => "POP_JUMP_FORWARD_IF_FALSE",
            I::PopJumpForwardIfTrue(_) => "POP_JUMP_FORWARD_IF_TRUE",
            I::PopJumpForwardIfNone(_) => "POP_JUMP_FORWARD_IF_NONE",
            I::PopJumpForwardIfNotNone(_) => "POP_JUMP_FORWARD_IF_NOT_NONE",
            I::PopJumpBackwardIfFalse(_) => "POP_JUMP_BACKWARD_IF_FALSE",
            I::PopJumpBackwardIfTrue(_) => "POP_JUMP_BACKWARD_IF_TRUE",
            I::PopJumpBackwardIfNone(_) => "POP_JUMP_BACKWARD_IF_NONE",
            I::PopJumpBackwardIfNotNone(_) => "POP_JUMP_BACKWARD_IF_NOT_NONE",
            I::JumpIfFalseOrPop(_) => "JUMP_IF_FALSE_OR_POP",
            I::JumpIfTrueOrPop(_) => "JUMP_IF_TRUE_OR_POP",
            I::Precall(_) => "PRECALL",
            I::Call(_) => "CALL",
            I::KwNames(_) => "KW_NAMES",
            I::CallFunctionEx(_) => "CALL_FUNCTION_EX",
            I::MakeFunction(_) => "MAKE_FUNCTION",
            I::LoadBuildClass => "LOAD_BUILD_CLASS",
            I::FormatValue(_) => "FORMAT_VALUE",
            I::RaiseVarargs(_) => "RAISE_VARARGS",
            I::Reraise(_) => "RERAISE",
            I::PushExcInfo => "PUSH_EXC_INFO",
            I::PopExcept => "POP_EXCEPT",
            I::CheckExcMatch => "CHECK_EXC_MATCH",
            I::WithExceptStart => "WITH_EXCEPT_START",
            I::BeforeWith => "BEFORE_WITH",
            I::LoadAssertionError => "LOAD_ASSERTION_ERROR",
            I::SetupAnnotations => "SETUP_ANNOTATIONS",
            I::Resume(_) => "RESUME",
            I::ExtendedArg(_) => "EXTENDED_ARG",
        }
    }

    /// The raw operand (for jumps: the target instruction index), or `None`
    /// for opcodes without one.
    #[must_use]
    pub const fn operand(&self) -> Option<u32> {
        use Instruction as I;
        match *self {
            I::Copy(n)
            | I::Swap(n)
            | I::ForIter(n)
            | I::Send(n)
            | I::ImportName(n)
            | I::ImportFrom(n)
            | I::LoadConst(n)
            | I::LoadName(n)
            | I::StoreName(n)
            | I::DeleteName(n)
            | I::LoadGlobal(n)
            | I::StoreGlobal(n)
            | I::DeleteGlobal(n)
            | I::LoadFast(n)
            | I::StoreFast(n)
            | I::DeleteFast(n)
            | I::MakeCell(n)
            | I::CopyFreeVars(n)
            | I::LoadClosure(n)
            | I::LoadDeref(n)
            | I::LoadClassderef(n)
            | I::StoreDeref(n)
            | I::DeleteDeref(n)
            | I::LoadAttr(n)
            | I::StoreAttr(n)
            | I::DeleteAttr(n)
            | I::LoadMethod(n)
            | I::BuildTuple(n)
            | I::BuildList(n)
            | I::BuildSet(n)
            | I::BuildMap(n)
            | I::BuildConstKeyMap(n)
            | I::BuildString(n)
            | I::BuildSlice(n)
            | I::ListAppend(n)
            | I::SetAdd(n)
            | I::MapAdd(n)
            | I::ListExtend(n)
            | I::SetUpdate(n)
            | I::DictUpdate(n)
            | I::DictMerge(n)
            | I::UnpackSequence(n)
            | I::UnpackEx(n)
            | I::IsOp(n)
            | I::ContainsOp(n)
            | I::JumpForward(n)
            | I::JumpBackward(n)
            | I::JumpBackwardNoInterrupt(n)
            | I::PopJumpForwardIfFalse(n)
            | I::PopJumpForwardIfTrue(n)
            | I::PopJumpForwardIfNone(n)
            | I::PopJumpForwardIfNotNone(n)
            | I::PopJumpBackwardIfFalse(n)
            | I::PopJumpBackwardIfTrue(n)
            | I::PopJumpBackwardIfNone(n)
            | I::PopJumpBackwardIfNotNone(n)
            | I::JumpIfFalseOrPop(n)
            | I::JumpIfTrueOrPop(n)
            | I::Precall(n)
            | I::Call(n)
            | I::KwNames(n)
            | I::CallFunctionEx(n)
            | I::MakeFunction(n)
            | I::FormatValue(n)
            | I::RaiseVarargs(n)
            | I::Reraise(n)
            | I::Resume(n)
            | I::ExtendedArg(n) => Some(n),
            I::BinaryOp(arg) => Some(arg.oparg()),
            I::CompareOp(op) => Some(op as u32),
            I::Nop
            | I::PopTop
            | I::PushNull
            | I::UnaryPositive
            | I::UnaryNegative
            | I::UnaryNot
            | I::UnaryInvert
            | I::BinarySubscr
            | I::StoreSubscr
            | I::DeleteSubscr
            | I::GetIter
            | I::GetYieldFromIter
            | I::ReturnValue
            | I::YieldValue
            | I::ReturnGenerator
            | I::GetLen
            | I::ImportStar
            | I::ListToTuple
            | I::LoadBuildClass
            | I::PushExcInfo
            | I::PopExcept
            | I::CheckExcMatch
            | I::WithExceptStart
            | I::BeforeWith
            | I::LoadAssertionError
            | I::SetupAnnotations => None,
        }
    }

    /// How `dis` interprets the operand.
    #[must_use]
    pub const fn operand_kind(&self) -> OperandKind {
        use Instruction as I;
        match self {
            I::LoadConst(_) | I::KwNames(_) => OperandKind::Const,
            I::ImportName(_)
            | I::ImportFrom(_)
            | I::LoadName(_)
            | I::StoreName(_)
            | I::DeleteName(_)
            | I::StoreGlobal(_)
            | I::DeleteGlobal(_)
            | I::LoadAttr(_)
            | I::StoreAttr(_)
            | I::DeleteAttr(_)
            | I::LoadMethod(_) => OperandKind::Name,
            I::LoadGlobal(_) => OperandKind::GlobalName,
            I::LoadFast(_)
            | I::StoreFast(_)
            | I::DeleteFast(_)
            | I::MakeCell(_)
            | I::LoadClosure(_)
            | I::LoadDeref(_)
            | I::LoadClassderef(_)
            | I::StoreDeref(_)
            | I::DeleteDeref(_) => OperandKind::Local,
            I::BinaryOp(_) => OperandKind::BinaryOp,
            I::CompareOp(_) => OperandKind::Compare,
            I::MakeFunction(_) => OperandKind::FunctionFlags,
            I::FormatValue(_) => OperandKind::FormatFlags,
            _ if self.jump_target().is_some() => OperandKind::Jump,
            _ if self.operand().is_some() => OperandKind::Number,
            _ => OperandKind::None,
        }
    }

    /// The jump target of a jump instruction.
    #[must_use]
    pub const fn jump_target(&self) -> Option<Target> {
        use Instruction as I;
        match *self {
            I::ForIter(t)
            | I::Send(t)
            | I::JumpForward(t)
            | I::JumpBackward(t)
            | I::JumpBackwardNoInterrupt(t)
            | I::PopJumpForwardIfFalse(t)
            | I::PopJumpForwardIfTrue(t)
            | I::PopJumpForwardIfNone(t)
            | I::PopJumpForwardIfNotNone(t)
            | I::PopJumpBackwardIfFalse(t)
            | I::PopJumpBackwardIfTrue(t)
            | I::PopJumpBackwardIfNone(t)
            | I::PopJumpBackwardIfNotNone(t)
            | I::JumpIfFalseOrPop(t)
            | I::JumpIfTrueOrPop(t) => Some(t),
            _ => None,
        }
    }

    /// Returns the instruction with its jump target replaced (no-op for
    /// non-jumps).
    #[must_use]
    pub const fn with_jump_target(self, target: Target) -> Self {
        use Instruction as I;
        match self {
            I::ForIter(_) => I::ForIter(target),
            I::Send(_) => I::Send(target),
            I::JumpForward(_) => I::JumpForward(target),
            I::JumpBackward(_) => I::JumpBackward(target),
            I::JumpBackwardNoInterrupt(_) => I::JumpBackwardNoInterrupt(target),
            I::PopJumpForwardIfFalse(_) => I::PopJumpForwardIfFalse(target),
            I::PopJumpForwardIfTrue(_) => I::PopJumpForwardIfTrue(target),
            I::PopJumpForwardIfNone(_) => I::PopJumpForwardIfNone(target),
            I::PopJumpForwardIfNotNone(_) => I::PopJumpForwardIfNotNone(target),
            I::PopJumpBackwardIfFalse(_) => I::PopJumpBackwardIfFalse(target),
            I::PopJumpBackwardIfTrue(_) => I::PopJumpBackwardIfTrue(target),
            I::PopJumpBackwardIfNone(_) => I::PopJumpBackwardIfNone(target),
            I::PopJumpBackwardIfNotNone(_) => I::PopJumpBackwardIfNotNone(target),
            I::JumpIfFalseOrPop(_) => I::JumpIfFalseOrPop(target),
            I::JumpIfTrueOrPop(_) => I::JumpIfTrueOrPop(target),
            other => other,
        }
    }

    /// `true` for jumps whose target lies before them (relative operand counts backwards).
    #[must_use]
    pub const fn is_backward_jump(&self) -> bool {
        matches!(
            self,
            Self::JumpBackward(_)
                | Self::JumpBackwardNoInterrupt(_)
                | Self::PopJumpBackwardIfFalse(_)
                | Self::PopJumpBackwardIfTrue(_)
                | Self::PopJumpBackwardIfNone(_)
                | Self::PopJumpBackwardIfNotNone(_)
        )
    }

    /// `true` when control never falls through to the next instruction.
    #[must_use]
    pub const fn is_terminator(&self) -> bool {
        matches!(
            self,
            Self::ReturnValue
                | Self::RaiseVarargs(_)
                | Self::Reraise(_)
                | Self::JumpForward(_)
                | Self::JumpBackward(_)
                | Self::JumpBackwardNoInterrupt(_)
        )
    }

    /// Number of inline `CACHE` code units CPython 3.11 places after this opcode.
    #[must_use]
    pub const fn cache_entries(&self) -> u32 {
        match self {
            Self::BinarySubscr | Self::StoreAttr(_) | Self::LoadAttr(_) | Self::Call(_) => 4,
            Self::StoreSubscr | Self::UnpackSequence(_) | Self::BinaryOp(_) | Self::Precall(_) => 1,
            Self::CompareOp(_) => 2,
            Self::LoadGlobal(_) => 5,
            Self::LoadMethod(_) => 10,
            _ => 0,
        }
    }

    /// Size in bytes of the instruction with its caches and any
    /// `EXTENDED_ARG` prefixes its operand needs.
    #[must_use]
    pub fn encoded_size(&self, oparg: u32) -> u32 {
        let prefixes = match oparg {
            0..=0xff => 0,
            0x100..=0xffff => 1,
            0x1_0000..=0xff_ffff => 2,
            _ => 3,
        };
        2 * (1 + prefixes + self.cache_entries())
    }

    /// Net stack effect; for jumps, `jump` selects the taken branch.
    #[expect(clippy::too_many_lines, reason = "one arm per opcode")]
    #[must_use]
    #[allow(clippy::cast_possible_wrap)] // opargs are bounded far below i32::MAX
    pub const fn stack_effect(&self, jump: bool) -> i32 {
        use Instruction as I;
        match *self {
            I::Nop
            | I::UnaryPositive
            | I::UnaryNegative
            | I::UnaryNot
            | I::UnaryInvert
            | I::GetIter
            | I::GetYieldFromIter
            | I::Swap(_)
            | I::MakeCell(_)
            | I::CopyFreeVars(_)
            | I::DeleteFast(_)
            | I::DeleteName(_)
            | I::DeleteGlobal(_)
            | I::DeleteDeref(_)
            | I::ListToTuple
            | I::JumpForward(_)
            | I::JumpBackward(_)
            | I::JumpBackwardNoInterrupt(_)
            | I::Precall(_)
            | I::KwNames(_)
            | I::LoadAttr(_)
            | I::YieldValue
            | I::SetupAnnotations
            | I::Resume(_)
            | I::ExtendedArg(_)
            | I::CheckExcMatch => 0,
            I::PopTop
            | I::ReturnValue
            | I::ImportStar
            | I::StoreName(_)
            | I::StoreGlobal(_)
            | I::StoreFast(_)
            | I::StoreDeref(_)
            | I::DeleteAttr(_)
            | I::BinaryOp(_)
            | I::BinarySubscr
            | I::CompareOp(_)
            | I::IsOp(_)
            | I::ContainsOp(_)
            | I::PopJumpForwardIfFalse(_)
            | I::PopJumpForwardIfTrue(_)
            | I::PopJumpForwardIfNone(_)
            | I::PopJumpForwardIfNotNone(_)
            | I::PopJumpBackwardIfFalse(_)
            | I::PopJumpBackwardIfTrue(_)
            | I::PopJumpBackwardIfNone(_)
            | I::PopJumpBackwardIfNotNone(_)
            | I::ListAppend(_)
            | I::SetAdd(_)
            | I::ListExtend(_)
            | I::SetUpdate(_)
            | I::DictUpdate(_)
            | I::DictMerge(_)
            | I::ImportName(_)
            | I::PopExcept
            | I::Reraise(_) => -1,
            I::PushNull
            | I::Copy(_)
            | I::GetLen
            | I::ImportFrom(_)
            | I::LoadConst(_)
            | I::LoadName(_)
            | I::LoadFast(_)
            | I::LoadClosure(_)
            | I::LoadDeref(_)
            | I::LoadClassderef(_)
            | I::LoadMethod(_)
            | I::LoadBuildClass
            | I::LoadAssertionError
            | I::WithExceptStart
            | I::PushExcInfo
            | I::ReturnGenerator
            | I::BeforeWith => 1,
            I::StoreSubscr => -3,
            I::DeleteSubscr | I::StoreAttr(_) | I::MapAdd(_) => -2,
            I::ForIter(_) => {
                if jump {
                    -1
                } else {
                    1
                }
            }
            I::Send(_) => {
                if jump {
                    -1
                } else {
                    0
                }
            }
            I::JumpIfFalseOrPop(_) | I::JumpIfTrueOrPop(_) => {
                if jump {
                    0
                } else {
                    -1
                }
            }
            I::LoadGlobal(n) => 1 + (n & 1) as i32,
            I::BuildTuple(n)
            | I::BuildList(n)
            | I::BuildSet(n)
            | I::BuildString(n)
            | I::BuildSlice(n) => 1 - n as i32,
            I::BuildMap(n) => 1 - 2 * n as i32,
            I::BuildConstKeyMap(n) => -(n as i32),
            I::UnpackSequence(n) => n as i32 - 1,
            I::UnpackEx(n) => (n & 0xff) as i32 + (n >> 8) as i32,
            I::Call(n) => -1 - n as i32,
            I::CallFunctionEx(n) => -2 - (n & 1) as i32,
            I::MakeFunction(flags) => {
                -((flags & 1) as i32)
                    - ((flags >> 1) & 1) as i32
                    - ((flags >> 2) & 1) as i32
                    - ((flags >> 3) & 1) as i32
            }
            I::FormatValue(flags) => {
                if flags & 0x04 == 0 {
                    0
                } else {
                    -1
                }
            }
            I::RaiseVarargs(n) => -(n as i32),
        }
    }

    /// `true` where CPython 3.11's evaluation loop checks the eval breaker
    /// (and so may honour a GIL drop request): `RESUME`, `JUMP_BACKWARD` and
    /// the `CALL` family.
    #[must_use]
    pub const fn is_eval_breaker_point(&self) -> bool {
        matches!(
            self,
            Self::Resume(_) | Self::JumpBackward(_) | Self::Call(_) | Self::CallFunctionEx(_)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instruction_is_eight_bytes() {
        assert_eq!(std::mem::size_of::<Instruction>(), 8);
    }

    #[test]
    fn binary_op_oparg_matches_cpython() {
        let iadd = BinaryOpArg {
            op: BinaryOperator::Add,
            inplace: true,
        };
        assert_eq!(iadd.oparg(), 13);
        let sub = BinaryOpArg {
            op: BinaryOperator::Subtract,
            inplace: false,
        };
        assert_eq!(sub.oparg(), 10);
    }

    #[test]
    fn encoded_size_counts_caches_and_extended_args() {
        assert_eq!(Instruction::LoadGlobal(3).encoded_size(3), 12);
        assert_eq!(Instruction::LoadConst(300).encoded_size(300), 4);
        assert_eq!(Instruction::Call(1).encoded_size(1), 10);
    }

    #[test]
    fn stack_effects_of_common_opcodes() {
        assert_eq!(Instruction::LoadGlobal(1).stack_effect(false), 2);
        assert_eq!(Instruction::Call(2).stack_effect(false), -3);
        assert_eq!(Instruction::ForIter(0).stack_effect(true), -1);
        assert_eq!(Instruction::StoreSubscr.stack_effect(false), -3);
    }
}
