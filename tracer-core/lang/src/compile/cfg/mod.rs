//! The control-flow graph the code generator emits into, and its assembly
//! into a [`CodeObject`](crate::CodeObject): the graph here, CPython 3.11's
//! flowgraph passes in `peephole.rs` (optimisation, unreachable-code
//! removal, exit duplication) and `flow.rs` (line numbers, stack depth,
//! exception targets), and `assemble.rs` (jump directions, offsets).

mod assemble;
mod flow;
mod peephole;

pub use self::assemble::cpython_oparg;

use crate::code::{Constant, ExceptionTableEntry, Location};
use crate::instruction::Instruction;

/// Index of a basic block.
pub type BlockId = u32;

/// An instruction of the graph: a real opcode or one of CPython's
/// pseudo-instructions that set up exception handlers.
///
/// Jumps inside [`Op::Real`] carry a [`BlockId`] until assembly. Direction
/// is decided at assembly: emit `JumpForward` for CPython's `JUMP`,
/// `JumpBackwardNoInterrupt` for `JUMP_NO_INTERRUPT`, and the
/// `PopJumpForwardIf*` forms for `POP_JUMP_IF_*`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    /// A real instruction.
    Real(Instruction),
    /// `SETUP_FINALLY`: handler for `try` bodies.
    SetupFinally(BlockId),
    /// `SETUP_CLEANUP`: handler that preserves `lasti`.
    SetupCleanup(BlockId),
    /// `SETUP_WITH`: handler of a `with` body.
    SetupWith(BlockId),
    /// `POP_BLOCK`: leaves the innermost handler.
    PopBlock,
}

impl Op {
    fn target(&self) -> Option<BlockId> {
        match self {
            Self::Real(i) => i.jump_target(),
            Self::SetupFinally(t) | Self::SetupCleanup(t) | Self::SetupWith(t) => Some(*t),
            Self::PopBlock => None,
        }
    }

    fn with_target(self, t: BlockId) -> Self {
        match self {
            Self::Real(i) => Self::Real(i.with_jump_target(t)),
            Self::SetupFinally(_) => Self::SetupFinally(t),
            Self::SetupCleanup(_) => Self::SetupCleanup(t),
            Self::SetupWith(_) => Self::SetupWith(t),
            Self::PopBlock => Self::PopBlock,
        }
    }

    const fn is_block_push(&self) -> bool {
        matches!(
            self,
            Self::SetupFinally(_) | Self::SetupCleanup(_) | Self::SetupWith(_)
        )
    }

    fn is_jump(&self) -> bool {
        matches!(self, Self::Real(i) if i.jump_target().is_some())
    }

    fn is_unconditional_jump(&self) -> bool {
        matches!(
            self,
            Self::Real(
                Instruction::JumpForward(_)
                    | Instruction::JumpBackward(_)
                    | Instruction::JumpBackwardNoInterrupt(_)
            )
        )
    }

    fn is_exit(&self) -> bool {
        matches!(
            self,
            Self::Real(
                Instruction::ReturnValue | Instruction::RaiseVarargs(_) | Instruction::Reraise(_)
            )
        )
    }

    fn no_fallthrough(&self) -> bool {
        self.is_exit() || self.is_unconditional_jump()
    }

    fn stack_effect(&self, jump: bool) -> i32 {
        match self {
            Self::Real(i) => i.stack_effect(jump),
            Self::SetupFinally(_) | Self::SetupWith(_) => i32::from(jump),
            Self::SetupCleanup(_) => {
                if jump {
                    2
                } else {
                    0
                }
            }
            Self::PopBlock => 0,
        }
    }
}

/// An instruction with its source location.
#[derive(Clone, Copy, Debug)]
pub struct Instr {
    /// The operation.
    pub op: Op,
    /// Where it comes from.
    pub loc: Location,
    /// The innermost exception handler covering it (after labelling).
    handler: Option<(BlockId, u32, bool)>,
}

#[derive(Clone, Debug, Default)]
struct Block {
    instrs: Vec<Instr>,
    /// The next block in layout order.
    next: Option<BlockId>,
    predecessors: u32,
    start_depth: Option<u32>,
}

impl Block {
    fn last(&self) -> Option<&Instr> {
        self.instrs.last()
    }

    fn no_fallthrough(&self) -> bool {
        self.last().is_some_and(|i| i.op.no_fallthrough())
    }

    fn is_exit(&self) -> bool {
        self.last().is_some_and(|i| i.op.is_exit())
    }
}

/// The largest exit block that is copied into a jump's place.
const MAX_COPY_SIZE: usize = 4;

/// A function's control-flow graph under construction.
#[derive(Debug)]
pub struct Cfg {
    blocks: Vec<Block>,
    entry: BlockId,
    current: BlockId,
}

impl Default for Cfg {
    fn default() -> Self {
        Self::new()
    }
}

/// The assembled instructions of one code object.
#[derive(Debug)]
pub struct Assembled {
    /// Instructions with jump targets as instruction indices.
    pub instructions: Vec<Instruction>,
    /// Locations, one per instruction.
    pub locations: Vec<Location>,
    /// CPython byte offsets, one per instruction plus the end.
    pub offsets: Vec<u32>,
    /// The exception table.
    pub exception_table: Vec<ExceptionTableEntry>,
    /// Maximum stack depth.
    pub stack_size: u32,
}

impl Cfg {
    /// An empty graph with one entry block.
    #[must_use]
    pub fn new() -> Self {
        Self {
            blocks: vec![Block::default()],
            entry: 0,
            current: 0,
        }
    }

    /// Creates a block that is not yet placed in the layout.
    pub fn new_block(&mut self) -> BlockId {
        self.blocks.push(Block::default());
        BlockId::try_from(self.blocks.len() - 1).expect("block count fits in u32")
    }

    /// Places `block` after the current block and makes it current.
    pub fn use_block(&mut self, block: BlockId) {
        self.blocks[self.current as usize].next = Some(block);
        self.current = block;
    }

    /// Appends an instruction to the current block.
    ///
    /// A jump always ends its block (the passes rely on it, as CPython's
    /// `normalize_basic_block` does), so a fresh block follows one.
    pub fn emit(&mut self, op: Op, loc: Location) {
        self.blocks[self.current as usize].instrs.push(Instr {
            op,
            loc,
            handler: None,
        });
        if op.is_jump() {
            let next = self.new_block();
            self.use_block(next);
        }
    }

    /// Inserts instructions at the very start of the entry block.
    pub fn prepend(&mut self, ops: &[(Op, Location)]) {
        let entry = &mut self.blocks[self.entry as usize].instrs;
        let prefix = ops.iter().map(|&(op, loc)| Instr {
            op,
            loc,
            handler: None,
        });
        entry.splice(0..0, prefix);
    }

    /// Rewrites cell and free-variable operands (numbered cells first, then
    /// frees) to their fast-locals slots, as CPython's `fix_cell_offsets`.
    pub fn remap_derefs(&mut self, remap: &[u32]) {
        use Instruction as I;
        let map = |i: u32| remap.get(i as usize).copied().unwrap_or(i);
        for block in &mut self.blocks {
            for inst in &mut block.instrs {
                if let Op::Real(real) = &mut inst.op {
                    *real = match *real {
                        I::LoadClosure(i) => I::LoadClosure(map(i)),
                        I::LoadDeref(i) => I::LoadDeref(map(i)),
                        I::LoadClassderef(i) => I::LoadClassderef(map(i)),
                        I::StoreDeref(i) => I::StoreDeref(map(i)),
                        I::DeleteDeref(i) => I::DeleteDeref(map(i)),
                        other => other,
                    };
                }
            }
        }
    }

    /// `true` when the current block's last instruction is `RETURN_VALUE`.
    #[must_use]
    pub fn current_returns(&self) -> bool {
        matches!(
            self.blocks[self.current as usize].last(),
            Some(Instr {
                op: Op::Real(Instruction::ReturnValue),
                ..
            })
        )
    }

    fn layout(&self) -> Vec<BlockId> {
        let mut order = Vec::new();
        let mut b = Some(self.entry);
        while let Some(id) = b {
            order.push(id);
            b = self.blocks[id as usize].next;
        }
        order
    }

    /// The placed blocks, most recently created first: the order of
    /// CPython's `b_list`, which some passes walk (and whose order decides,
    /// say, which of several jumps to a shared exit gets the copy).
    fn newest_first(&self) -> Vec<BlockId> {
        let mut order = self.layout();
        order.sort_unstable_by(|a, b| b.cmp(a));
        order
    }

    /// Runs the 3.11 pipeline and lays the instructions out. The peephole
    /// pass may append folded constants to `consts`.
    #[must_use]
    pub fn assemble(mut self, first_line: u32, consts: &mut Vec<Constant>) -> Assembled {
        for id in self.layout() {
            self.drop_after_exit(id);
            self.skip_empty_targets(id);
        }
        for id in self.newest_first() {
            self.extend_block(id);
        }
        self.optimize(consts);
        self.duplicate_exits_without_lineno();
        self.propagate_line_numbers();
        self.guarantee_lineno_for_exits(first_line);
        let stack_size = self.compute_stack_depths();
        self.label_exception_targets();
        for id in self.layout() {
            self.convert_pseudo_to_nop(id);
            self.clean_block(id);
        }
        self.eliminate_empty_blocks();
        self.emit_code(stack_size)
    }

    // ---- peephole -------------------------------------------------------
}
