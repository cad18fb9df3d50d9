//! CPython's flowgraph optimisations (`Python/flowgraph.c`): jump
//! threading, constant tests and tuples folded, `SWAP`s resolved,
//! unreachable and empty blocks removed, exits copied into jumps.

use std::collections::BTreeSet;

use super::{BlockId, Cfg, Instr, MAX_COPY_SIZE, Op};
use crate::code::{Constant, Location};
use crate::compile::fold;
use crate::instruction::Instruction;

impl Cfg {
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

    pub(super) fn optimize(&mut self, consts: &mut Vec<Constant>) {
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

    #[expect(
        clippy::too_many_lines,
        reason = "mirrors CPython's optimize_basic_block"
    )]
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
    pub(super) fn skip_empty_targets(&mut self, id: BlockId) {
        for k in 0..self.blocks[id as usize].instrs.len() {
            let op = self.blocks[id as usize].instrs[k].op;
            if let Some(t) = op.target() {
                self.blocks[id as usize].instrs[k].op = op.with_target(self.skip_empty(t));
            }
        }
    }

    /// Drops the unreachable instructions that follow a `return` in its
    /// block.
    pub(super) fn drop_after_exit(&mut self, id: BlockId) {
        let instrs = &mut self.blocks[id as usize].instrs;
        if let Some(exit) = instrs.iter().position(|i| i.op.is_exit()) {
            instrs.truncate(exit + 1);
        }
    }

    /// Replaces a trailing unconditional jump to a small exit block with a
    /// copy of that block. As in 3.11, only blocks without any line number
    /// (implicit `return None`s and the like) are copied.
    pub(super) fn extend_block(&mut self, id: BlockId) {
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
    pub(super) fn clean_block(&mut self, id: BlockId) {
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

    pub(super) fn eliminate_empty_blocks(&mut self) {
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
