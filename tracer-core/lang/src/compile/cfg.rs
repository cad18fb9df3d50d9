//! The control-flow graph the code generator emits into, and its assembly
//! into a [`CodeObject`]: CPython 3.11's `flowgraph` passes (peephole
//! optimisation, unreachable-code removal, exit duplication, line-number
//! propagation, stack depth, exception table, jump directions).

use std::collections::BTreeSet;

use super::fold;
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

    fn skip_empty(&self, mut target: BlockId) -> BlockId {
        while self.blocks[target as usize].instrs.is_empty() {
            match self.blocks[target as usize].next {
                Some(n) => target = n,
                None => break,
            }
        }
        target
    }

    fn first_instr(&self, block: BlockId) -> Option<Instr> {
        self.blocks[block as usize].instrs.first().copied()
    }

    fn optimize(&mut self, consts: &mut Vec<Constant>) {
        for id in self.layout() {
            self.optimize_block(id, consts);
            self.clean_block(id);
        }
        for id in self.newest_first() {
            self.extend_block(id);
        }
        self.mark_reachable();
        for id in self.layout() {
            if self.blocks[id as usize].predecessors == 0 && id != self.entry {
                self.blocks[id as usize].instrs.clear();
            }
        }
        self.eliminate_empty_blocks();
        for id in self.layout() {
            self.clean_block(id);
        }
        let mut removed_any = false;
        for id in self.layout() {
            let block = &self.blocks[id as usize];
            let Some(last) = block.last() else { continue };
            if matches!(
                last.op,
                Op::Real(Instruction::JumpForward(_) | Instruction::JumpBackwardNoInterrupt(_))
            ) && last.op.target().map(|t| self.skip_empty(t))
                == block.next.map(|n| self.skip_empty(n))
            {
                let last = self.blocks[id as usize]
                    .instrs
                    .last_mut()
                    .expect("checked above");
                last.op = Op::Real(Instruction::Nop);
                removed_any = true;
            }
        }
        if removed_any {
            for id in self.layout() {
                self.clean_block(id);
            }
            self.eliminate_empty_blocks();
        }
    }

    /// Jump threading: redirect `inst` to `target`'s target when both are on
    /// the same line (3.11 does not thread into artificial, line-less jumps).
    fn jump_thread(inst: &mut Instr, target: &Instr, new_op: Instruction) -> bool {
        let (Some(t1), Some(t2)) = (inst.op.target(), target.op.target()) else {
            return false;
        };
        if inst.loc.line == target.loc.line && t1 != t2 {
            inst.op = Op::Real(new_op.with_jump_target(t2));
            return true;
        }
        false
    }

    #[allow(clippy::too_many_lines)] // mirrors CPython's optimize_basic_block
    fn optimize_block(&mut self, id: BlockId, consts: &mut Vec<Constant>) {
        use Instruction as I;
        let mut i = 0usize;
        while i < self.blocks[id as usize].instrs.len() {
            let mut inst = self.blocks[id as usize].instrs[i];
            if let Some(t) = inst.op.target() {
                let t = self.skip_empty(t);
                inst.op = inst.op.with_target(t);
                self.blocks[id as usize].instrs[i] = inst;
            }
            let target = inst.op.target().and_then(|t| self.first_instr(t));
            let next = self.blocks[id as usize].instrs.get(i + 1).copied();
            let mut rewind = false;
            match inst.op {
                Op::Real(I::LoadConst(c)) => {
                    let truth = consts.get(c as usize).and_then(fold::constant_truth);
                    let is_none = consts.get(c as usize) == Some(&Constant::None);
                    let instrs = &mut self.blocks[id as usize].instrs;
                    fold_constant_test(instrs, i, truth, is_none);
                }
                Op::Real(I::BuildTuple(n)) => {
                    let instrs = &mut self.blocks[id as usize].instrs;
                    if let Some(Instr {
                        op: Op::Real(I::UnpackSequence(m)),
                        ..
                    }) = next
                        && m == n
                        && (1..=3).contains(&n)
                    {
                        instrs[i].op = Op::Real(I::Nop);
                        instrs[i + 1].op = if n == 1 {
                            Op::Real(I::Nop)
                        } else {
                            Op::Real(I::Swap(n))
                        };
                    } else {
                        fold_tuple_on_constants(instrs, i, n as usize, consts);
                    }
                }
                Op::Real(I::JumpIfFalseOrPop(_)) => {
                    if let Some(target) = target {
                        match target.op {
                            Op::Real(I::PopJumpForwardIfFalse(_)) => {
                                rewind = self.thread(id, i, &target, I::PopJumpForwardIfFalse(0));
                            }
                            Op::Real(I::JumpForward(_) | I::JumpIfFalseOrPop(_)) => {
                                rewind = self.thread(id, i, &target, I::JumpIfFalseOrPop(0));
                            }
                            Op::Real(I::JumpIfTrueOrPop(_) | I::PopJumpForwardIfTrue(_))
                                if inst.loc.line == target.loc.line =>
                            {
                                rewind = self.jump_past(id, i, I::PopJumpForwardIfFalse(0));
                            }
                            _ => {}
                        }
                    }
                }
                Op::Real(I::JumpIfTrueOrPop(_)) => {
                    if let Some(target) = target {
                        match target.op {
                            Op::Real(I::PopJumpForwardIfTrue(_)) => {
                                rewind = self.thread(id, i, &target, I::PopJumpForwardIfTrue(0));
                            }
                            Op::Real(I::JumpForward(_) | I::JumpIfTrueOrPop(_)) => {
                                rewind = self.thread(id, i, &target, I::JumpIfTrueOrPop(0));
                            }
                            Op::Real(I::JumpIfFalseOrPop(_) | I::PopJumpForwardIfFalse(_))
                                if inst.loc.line == target.loc.line =>
                            {
                                rewind = self.jump_past(id, i, I::PopJumpForwardIfTrue(0));
                            }
                            _ => {}
                        }
                    }
                }
                Op::Real(
                    op @ (I::PopJumpForwardIfFalse(_)
                    | I::PopJumpForwardIfTrue(_)
                    | I::PopJumpForwardIfNone(_)
                    | I::PopJumpForwardIfNotNone(_)
                    | I::JumpForward(_)),
                ) => {
                    if let Some(target) = target
                        && matches!(target.op, Op::Real(I::JumpForward(_)))
                    {
                        rewind = self.thread(id, i, &target, op);
                    }
                }
                Op::Real(I::Swap(1)) => {
                    self.blocks[id as usize].instrs[i].op = Op::Real(I::Nop);
                }
                Op::Real(I::Swap(_)) => {
                    let instrs = &mut self.blocks[id as usize].instrs;
                    i = swaptimize(instrs, i);
                    apply_static_swaps(instrs, i);
                }
                Op::Real(I::PushNull) => {
                    if let Some(Instr {
                        op: Op::Real(I::LoadGlobal(n)),
                        ..
                    }) = next
                        && n & 1 == 0
                    {
                        let block = &mut self.blocks[id as usize].instrs;
                        block[i].op = Op::Real(I::Nop);
                        block[i + 1].op = Op::Real(I::LoadGlobal(n | 1));
                    }
                }
                _ => {}
            }
            if rewind {
                // Re-examine the rewritten instruction (CPython's `--i`).
                continue;
            }
            i += 1;
        }
    }

    fn thread(&mut self, id: BlockId, i: usize, target: &Instr, new_op: Instruction) -> bool {
        let mut inst = self.blocks[id as usize].instrs[i];
        let changed = Self::jump_thread(&mut inst, target, new_op);
        self.blocks[id as usize].instrs[i] = inst;
        changed
    }

    /// Retargets instruction `i` to the block after its current target.
    fn jump_past(&mut self, id: BlockId, i: usize, new_op: Instruction) -> bool {
        let inst = self.blocks[id as usize].instrs[i];
        let Some(t) = inst.op.target() else {
            return false;
        };
        let Some(after) = self.blocks[t as usize].next else {
            return false;
        };
        self.blocks[id as usize].instrs[i].op = Op::Real(new_op.with_jump_target(after));
        true
    }

    /// Points the jumps of a block past empty blocks (as CPython's
    /// `normalize_basic_block`).
    fn skip_empty_targets(&mut self, id: BlockId) {
        for k in 0..self.blocks[id as usize].instrs.len() {
            let op = self.blocks[id as usize].instrs[k].op;
            if let Some(t) = op.target() {
                self.blocks[id as usize].instrs[k].op = op.with_target(self.skip_empty(t));
            }
        }
    }

    /// Drops the unreachable instructions that follow a `return` in its
    /// block.
    fn drop_after_exit(&mut self, id: BlockId) {
        let instrs = &mut self.blocks[id as usize].instrs;
        if let Some(exit) = instrs.iter().position(|i| i.op.is_exit()) {
            instrs.truncate(exit + 1);
        }
    }

    /// Replaces a trailing unconditional jump to a small exit block with a
    /// copy of that block. As in 3.11, only blocks without any line number
    /// (implicit `return None`s and the like) are copied.
    fn extend_block(&mut self, id: BlockId) {
        let Some(last) = self.blocks[id as usize].last().copied() else {
            return;
        };
        if !last.op.is_unconditional_jump() {
            return;
        }
        let Some(target) = last.op.target() else {
            return;
        };
        let target_block = &self.blocks[target as usize];
        let has_lineno = target_block.instrs.iter().any(|i| !i.loc.is_none());
        if target_block.is_exit() && target_block.instrs.len() <= MAX_COPY_SIZE && !has_lineno {
            let copy = target_block.instrs.clone();
            let block = &mut self.blocks[id as usize];
            if let Some(l) = block.instrs.last_mut() {
                l.op = Op::Real(Instruction::Nop);
            }
            block.instrs.extend(copy);
        }
    }

    /// Removes NOPs that carry no line number of their own.
    fn clean_block(&mut self, id: BlockId) {
        let next_line = {
            let mut next = self.blocks[id as usize].next;
            while let Some(n) = next {
                if self.blocks[n as usize].instrs.is_empty() {
                    next = self.blocks[n as usize].next;
                } else {
                    break;
                }
            }
            next.and_then(|n| self.first_instr(n)).map(|i| i.loc.line)
        };
        let instrs = &mut self.blocks[id as usize].instrs;
        let mut out: Vec<Instr> = Vec::with_capacity(instrs.len());
        let mut prev_line: Option<u32> = None;
        let len = instrs.len();
        for src in 0..len {
            let inst = instrs[src];
            let line = inst.loc.line;
            if matches!(inst.op, Op::Real(Instruction::Nop)) {
                if line == Location::NO_LINE || prev_line == Some(line) {
                    continue;
                }
                if src + 1 < len {
                    let next_line = instrs[src + 1].loc.line;
                    if next_line == Location::NO_LINE || next_line == line {
                        instrs[src + 1].loc = inst.loc;
                        continue;
                    }
                } else if next_line == Some(line) {
                    continue;
                }
            }
            out.push(instrs[src]);
            prev_line = Some(line);
        }
        *instrs = out;
    }

    fn eliminate_empty_blocks(&mut self) {
        let order = self.layout();
        for &id in &order {
            self.skip_empty_targets(id);
        }
        let kept: Vec<BlockId> = order
            .into_iter()
            .filter(|&id| id == self.entry || !self.blocks[id as usize].instrs.is_empty())
            .collect();
        for pair in kept.windows(2) {
            self.blocks[pair[0] as usize].next = Some(pair[1]);
        }
        if let Some(&last) = kept.last() {
            self.blocks[last as usize].next = None;
        }
    }

    fn mark_reachable(&mut self) {
        for b in &mut self.blocks {
            b.predecessors = 0;
        }
        let mut visited = BTreeSet::new();
        let mut stack = vec![self.entry];
        self.blocks[self.entry as usize].predecessors = 1;
        visited.insert(self.entry);
        while let Some(id) = stack.pop() {
            let block = &self.blocks[id as usize];
            let mut succ = Vec::new();
            if !block.no_fallthrough()
                && let Some(n) = block.next
            {
                succ.push(n);
            }
            succ.extend(block.instrs.iter().filter_map(|i| i.op.target()));
            for s in succ {
                self.blocks[s as usize].predecessors += 1;
                if visited.insert(s) {
                    stack.push(s);
                }
            }
        }
    }

    fn is_exit_without_lineno(&self, id: BlockId) -> bool {
        let block = &self.blocks[id as usize];
        block.is_exit() && block.instrs.iter().all(|i| i.loc.is_none())
    }

    fn duplicate_exits_without_lineno(&mut self) {
        for id in self.newest_first() {
            let Some(last) = self.blocks[id as usize].last().copied() else {
                continue;
            };
            if !last.op.is_jump() {
                continue;
            }
            let Some(target) = last.op.target() else {
                continue;
            };
            if self.is_exit_without_lineno(target) && self.blocks[target as usize].predecessors > 1
            {
                let mut copy = self.blocks[target as usize].clone();
                copy.instrs[0].loc = last.loc;
                copy.predecessors = 1;
                copy.next = self.blocks[target as usize].next;
                self.blocks.push(copy);
                let new_id = BlockId::try_from(self.blocks.len() - 1).expect("fits");
                self.blocks[target as usize].next = Some(new_id);
                self.blocks[target as usize].predecessors -= 1;
                let block = &mut self.blocks[id as usize];
                let l = block.instrs.last_mut().expect("checked above");
                l.op = l.op.with_target(new_id);
            }
        }
        for id in self.layout() {
            let block = &self.blocks[id as usize];
            if block.no_fallthrough() || block.instrs.is_empty() {
                continue;
            }
            let Some(next) = block.next else { continue };
            let loc = block.last().map(|i| i.loc).unwrap_or_default();
            if self.is_exit_without_lineno(next) {
                self.blocks[next as usize].instrs[0].loc = loc;
            }
        }
    }

    fn propagate_line_numbers(&mut self) {
        for id in self.layout() {
            if self.blocks[id as usize].instrs.is_empty() {
                continue;
            }
            let mut prev = Location::default();
            for inst in &mut self.blocks[id as usize].instrs {
                if inst.loc.is_none() {
                    inst.loc = prev;
                } else {
                    prev = inst.loc;
                }
            }
            let block = &self.blocks[id as usize];
            let fallthrough = (!block.no_fallthrough()).then_some(block.next).flatten();
            let jump_target = block
                .last()
                .filter(|i| i.op.is_jump())
                .and_then(|i| i.op.target());
            for succ in [fallthrough, jump_target].into_iter().flatten() {
                let s = &mut self.blocks[succ as usize];
                if s.predecessors == 1
                    && let Some(first) = s.instrs.first_mut()
                    && first.loc.is_none()
                {
                    first.loc = prev;
                }
            }
        }
    }

    fn guarantee_lineno_for_exits(&mut self, first_line: u32) {
        let mut line = first_line;
        for id in self.layout() {
            let block = &mut self.blocks[id as usize];
            let Some(last) = block.instrs.last() else {
                continue;
            };
            if last.loc.is_none() {
                if matches!(last.op, Op::Real(Instruction::ReturnValue)) {
                    for inst in &mut block.instrs {
                        inst.loc.line = line;
                        inst.loc.end_line = line;
                    }
                }
            } else {
                line = last.loc.line;
            }
        }
    }

    /// Start depth of every block and the maximum depth (CPython's
    /// `stackdepth`). A generator's `RETURN_GENERATOR` counts as pushing the
    /// value sent on resumption, which stands for CPython starting
    /// generator code at depth 1.
    fn compute_stack_depths(&mut self) -> u32 {
        let mut max = 0i32;
        let mut work = vec![(self.entry, 0i32)];
        self.blocks[self.entry as usize].start_depth = Some(0);
        while let Some((id, mut depth)) = work.pop() {
            let instrs = self.blocks[id as usize].instrs.clone();
            let mut falls_through = true;
            for inst in &instrs {
                if let Some(t) = inst.op.target() {
                    let target_depth = depth + inst.op.stack_effect(true);
                    max = max.max(target_depth);
                    if self.blocks[t as usize].start_depth.is_none() {
                        self.blocks[t as usize].start_depth =
                            Some(u32::try_from(target_depth.max(0)).unwrap_or(0));
                        work.push((t, target_depth));
                    }
                }
                depth += inst.op.stack_effect(false);
                max = max.max(depth);
                if inst.op.no_fallthrough() {
                    falls_through = false;
                    break;
                }
            }
            if falls_through
                && let Some(n) = self.blocks[id as usize].next
                && self.blocks[n as usize].start_depth.is_none()
            {
                self.blocks[n as usize].start_depth =
                    Some(u32::try_from(depth.max(0)).unwrap_or(0));
                work.push((n, depth));
            }
        }
        u32::try_from(max).unwrap_or(0)
    }

    /// Assigns each instruction its innermost handler by walking the
    /// `SETUP_*`/`POP_BLOCK` nesting along every path.
    fn label_exception_targets(&mut self) {
        type Handler = (BlockId, u32, bool);
        let mut stacks: Vec<Option<Vec<Handler>>> = vec![None; self.blocks.len()];
        stacks[self.entry as usize] = Some(Vec::new());
        let mut work = vec![self.entry];
        while let Some(id) = work.pop() {
            let mut stack = stacks[id as usize].clone().unwrap_or_default();
            let n = self.blocks[id as usize].instrs.len();
            for k in 0..n {
                let inst = self.blocks[id as usize].instrs[k];
                if inst.op.is_block_push() {
                    let target = inst.op.target().expect("block push has a target");
                    if stacks[target as usize].is_none() {
                        stacks[target as usize] = Some(stack.clone());
                        work.push(target);
                    }
                    let depth = self.blocks[target as usize].start_depth.unwrap_or(0);
                    let lasti = matches!(inst.op, Op::SetupCleanup(_) | Op::SetupWith(_));
                    let depth = depth.saturating_sub(1 + u32::from(lasti));
                    stack.push((target, depth, lasti));
                } else if matches!(inst.op, Op::PopBlock) {
                    stack.pop();
                } else {
                    self.blocks[id as usize].instrs[k].handler = stack.last().copied();
                    if let Some(t) = inst.op.target()
                        && stacks[t as usize].is_none()
                    {
                        stacks[t as usize] = Some(stack.clone());
                        work.push(t);
                    }
                }
            }
            let block = &self.blocks[id as usize];
            if !block.no_fallthrough()
                && let Some(next) = block.next
                && stacks[next as usize].is_none()
            {
                stacks[next as usize] = Some(stack);
                work.push(next);
            }
        }
    }

    fn convert_pseudo_to_nop(&mut self, id: BlockId) {
        for inst in &mut self.blocks[id as usize].instrs {
            if !matches!(inst.op, Op::Real(_)) {
                inst.op = Op::Real(Instruction::Nop);
            }
        }
    }

    fn emit_code(&self, stack_size: u32) -> Assembled {
        let order = self.layout();
        let mut block_start = vec![0u32; self.blocks.len()];
        let mut count = 0u32;
        for &id in &order {
            block_start[id as usize] = count;
            count += u32::try_from(self.blocks[id as usize].instrs.len()).expect("fits");
        }
        let mut instructions = Vec::with_capacity(count as usize);
        let mut locations = Vec::with_capacity(count as usize);
        let mut handlers = Vec::with_capacity(count as usize);
        for &id in &order {
            for inst in &self.blocks[id as usize].instrs {
                let Op::Real(mut real) = inst.op else {
                    unreachable!("pseudo-instructions were converted to NOPs")
                };
                let index = u32::try_from(instructions.len()).expect("fits");
                if let Some(t) = real.jump_target() {
                    let target = block_start[t as usize];
                    real = direct_jump(real, target, index).with_jump_target(target);
                }
                instructions.push(real);
                locations.push(inst.loc);
                handlers.push(
                    inst.handler
                        .map(|(b, d, l)| (block_start[b as usize], d, l)),
                );
            }
        }
        let offsets = compute_offsets(&instructions);
        let mut exception_table: Vec<ExceptionTableEntry> = Vec::new();
        for (index, handler) in handlers.iter().enumerate() {
            let index = u32::try_from(index).expect("fits");
            let Some((target, depth, lasti)) = *handler else {
                continue;
            };
            if let Some(last) = exception_table.last_mut()
                && last.end == index
                && last.handler == target
                && last.depth == depth
                && last.push_lasti == lasti
            {
                last.end = index + 1;
                continue;
            }
            exception_table.push(ExceptionTableEntry {
                start: index,
                end: index + 1,
                handler: target,
                depth,
                push_lasti: lasti,
            });
        }
        Assembled {
            instructions,
            locations,
            offsets,
            exception_table,
            stack_size,
        }
    }
}

/// Simplifies a `LOAD_CONST` at `i` followed by a test of it: a known
/// `POP_JUMP_IF_*`/`JUMP_IF_*_OR_POP` outcome becomes a `JUMP` or nothing,
/// and `None; IS_OP; POP_JUMP_IF_*` becomes `POP_JUMP_IF_[NOT_]NONE`.
fn fold_constant_test(instrs: &mut [Instr], i: usize, truth: Option<bool>, is_none: bool) {
    use Instruction as I;
    let Some(next) = instrs.get(i + 1).map(|n| n.op) else {
        return;
    };
    let Op::Real(next) = next else { return };
    match next {
        I::PopJumpForwardIfFalse(t) | I::PopJumpForwardIfTrue(t) => {
            let Some(truth) = truth else { return };
            let jump_if_true = matches!(next, I::PopJumpForwardIfTrue(_));
            instrs[i].op = Op::Real(I::Nop);
            instrs[i + 1].op = Op::Real(if truth == jump_if_true {
                I::JumpForward(t)
            } else {
                I::Nop
            });
        }
        I::JumpIfFalseOrPop(t) | I::JumpIfTrueOrPop(t) => {
            let Some(truth) = truth else { return };
            let jump_if_true = matches!(next, I::JumpIfTrueOrPop(_));
            if truth == jump_if_true {
                instrs[i + 1].op = Op::Real(I::JumpForward(t));
            } else {
                instrs[i].op = Op::Real(I::Nop);
                instrs[i + 1].op = Op::Real(I::Nop);
            }
        }
        I::IsOp(invert) if is_none => {
            let Some(Op::Real(jump)) = instrs.get(i + 2).map(|j| j.op) else {
                return;
            };
            let (I::PopJumpForwardIfFalse(t) | I::PopJumpForwardIfTrue(t)) = jump else {
                return;
            };
            let jump_if_false = matches!(jump, I::PopJumpForwardIfFalse(_));
            instrs[i].op = Op::Real(I::Nop);
            instrs[i + 1].op = Op::Real(I::Nop);
            instrs[i + 2].op = Op::Real(if (invert != 0) == jump_if_false {
                I::PopJumpForwardIfNone(t)
            } else {
                I::PopJumpForwardIfNotNone(t)
            });
        }
        _ => {}
    }
}

/// CPython's `fold_tuple_on_constants`: `BUILD_TUPLE n` at `i` preceded in
/// its block by `n` `LOAD_CONST`s becomes one `LOAD_CONST` of the tuple,
/// which is appended to `consts` unless already there.
fn fold_tuple_on_constants(instrs: &mut [Instr], i: usize, n: usize, consts: &mut Vec<Constant>) {
    if i < n {
        return;
    }
    let items: Option<Vec<Constant>> = instrs[i - n..i]
        .iter()
        .map(|inst| match inst.op {
            Op::Real(Instruction::LoadConst(c)) => consts.get(c as usize).cloned(),
            _ => None,
        })
        .collect();
    let Some(items) = items else { return };
    let tuple = Constant::Tuple(items.into());
    let index = consts.iter().position(|c| *c == tuple).unwrap_or_else(|| {
        consts.push(tuple);
        consts.len() - 1
    });
    for inst in &mut instrs[i - n..i] {
        inst.op = Op::Real(Instruction::Nop);
    }
    let index = u32::try_from(index).expect("constant count fits in u32");
    instrs[i].op = Op::Real(Instruction::LoadConst(index));
}

/// CPython's `swaptimize`: rewrites the run of `SWAP`s (and `NOP`s) starting
/// at `start` into the shortest equivalent sequence of `SWAP`s, padded with
/// leading `NOP`s. Returns the index of the run's last instruction.
fn swaptimize(instrs: &mut [Instr], start: usize) -> usize {
    let swap_arg = |i: &Instr| match i.op {
        Op::Real(Instruction::Swap(n)) => Some(n as usize),
        _ => None,
    };
    let mut depth = swap_arg(&instrs[start]).expect("a run starts with a SWAP");
    let mut len = 1;
    let mut more = false;
    while start + len < instrs.len() {
        match (swap_arg(&instrs[start + len]), instrs[start + len].op) {
            (Some(n), _) => {
                depth = depth.max(n);
                more = true;
            }
            (None, Op::Real(Instruction::Nop)) => {}
            _ => break,
        }
        len += 1;
    }
    if !more {
        return start;
    }
    // Simulate the run on a stack of item numbers...
    let mut stack: Vec<Option<usize>> = (0..depth).map(Some).collect();
    for inst in &instrs[start..start + len] {
        if let Some(n) = swap_arg(inst) {
            stack.swap(0, n - 1);
        }
    }
    // ...then emit, from the end of the run backwards, the swaps that walk
    // each permutation cycle through the top of the stack.
    let mut current = start + len;
    for i in 0..depth {
        if stack[i].is_none() || stack[i] == Some(i) {
            continue;
        }
        let mut j = i;
        loop {
            if j != 0 {
                current -= 1;
                let n = u32::try_from(j + 1).expect("swap depth fits in u32");
                instrs[current].op = Op::Real(Instruction::Swap(n));
            }
            let Some(next) = stack[j].take() else { break };
            j = next;
        }
    }
    for inst in &mut instrs[start..current] {
        inst.op = Op::Real(Instruction::Nop);
    }
    start + len - 1
}

/// Whether `apply_static_swaps` may reorder this instruction.
fn swappable(op: Op) -> bool {
    matches!(
        op,
        Op::Real(Instruction::StoreFast(_) | Instruction::PopTop)
    )
}

/// The next `STORE_FAST`/`POP_TOP` after `i` (skipping `NOP`s), if nothing
/// else comes first; with `line`, only on that line.
fn next_swappable(instrs: &[Instr], mut i: usize, line: Option<u32>) -> Option<usize> {
    while i + 1 < instrs.len() {
        i += 1;
        let inst = &instrs[i];
        if line.is_some_and(|l| inst.loc.line != l) {
            return None;
        }
        match inst.op {
            Op::Real(Instruction::Nop) => {}
            op if swappable(op) => return Some(i),
            _ => return None,
        }
    }
    None
}

/// The local a swappable instruction stores to.
fn stored_local(op: Op) -> Option<u32> {
    match op {
        Op::Real(Instruction::StoreFast(n)) => Some(n),
        _ => None,
    }
}

/// CPython's `apply_static_swaps`: resolves the `SWAP`s at or before `i` by
/// exchanging the stores (or pops) that follow them, e.g. `SWAP 2;
/// STORE_FAST a; STORE_FAST b` becomes `NOP; STORE_FAST b; STORE_FAST a`.
fn apply_static_swaps(instrs: &mut [Instr], i: usize) {
    for i in (0..=i).rev() {
        let Op::Real(Instruction::Swap(n)) = instrs[i].op else {
            if matches!(instrs[i].op, Op::Real(Instruction::Nop)) || swappable(instrs[i].op) {
                continue;
            }
            return;
        };
        let Some(j) = next_swappable(instrs, i, None) else {
            return;
        };
        let line = Some(instrs[j].loc.line);
        let mut k = j;
        for _ in 1..n {
            let Some(next) = next_swappable(instrs, k, line) else {
                return;
            };
            k = next;
        }
        // Reordering two stores to the same local (or past an intervening
        // store to either) would change which value survives.
        let (store_j, store_k) = (stored_local(instrs[j].op), stored_local(instrs[k].op));
        if store_j.is_some() || store_k.is_some() {
            if store_j == store_k {
                return;
            }
            let clash = instrs[j + 1..k].iter().any(|inst| {
                stored_local(inst.op).is_some_and(|s| Some(s) == store_j || Some(s) == store_k)
            });
            if clash {
                return;
            }
        }
        instrs[i].op = Op::Real(Instruction::Nop);
        instrs.swap(j, k);
    }
}

/// Picks the forward or backward form of a jump from its final position.
fn direct_jump(jump: Instruction, target: u32, index: u32) -> Instruction {
    use Instruction as I;
    let backward = target <= index;
    match (jump, backward) {
        (I::JumpForward(_), true) => I::JumpBackward(target),
        (I::JumpBackwardNoInterrupt(_), false) => I::JumpForward(target),
        (I::PopJumpForwardIfFalse(_), true) => I::PopJumpBackwardIfFalse(target),
        (I::PopJumpForwardIfTrue(_), true) => I::PopJumpBackwardIfTrue(target),
        (I::PopJumpForwardIfNone(_), true) => I::PopJumpBackwardIfNone(target),
        (I::PopJumpForwardIfNotNone(_), true) => I::PopJumpBackwardIfNotNone(target),
        (other, _) => other,
    }
}

/// CPython's byte offsets: each instruction's size depends on its caches and
/// on how many `EXTENDED_ARG`s its (relative, for jumps) operand needs, which
/// depends on the offsets themselves, so iterate to a fixed point.
fn compute_offsets(instructions: &[Instruction]) -> Vec<u32> {
    let mut sizes: Vec<u32> = instructions.iter().map(|i| i.encoded_size(0)).collect();
    loop {
        let mut offsets = Vec::with_capacity(instructions.len() + 1);
        let mut at = 0u32;
        for s in &sizes {
            offsets.push(at);
            at += s;
        }
        offsets.push(at);
        let mut changed = false;
        for (k, inst) in instructions.iter().enumerate() {
            let arg = cpython_oparg(inst, k, &offsets);
            let size = inst.encoded_size(arg);
            if size != sizes[k] {
                sizes[k] = size;
                changed = true;
            }
        }
        if !changed {
            return offsets;
        }
    }
}

/// The oparg CPython encodes: for jumps, the distance in code units from
/// the end of the instruction (caches included) to the target.
#[must_use]
pub fn cpython_oparg(inst: &Instruction, index: usize, offsets: &[u32]) -> u32 {
    match inst.jump_target() {
        Some(t) => {
            let end = offsets[index + 1];
            let target = offsets[t as usize];
            if inst.is_backward_jump() {
                end.saturating_sub(target) / 2
            } else {
                target.saturating_sub(end) / 2
            }
        }
        None => inst.operand().unwrap_or(0),
    }
}
