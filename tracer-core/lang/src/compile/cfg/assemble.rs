//! Assembly: blocks laid out in order, jumps given their direction and
//! byte offsets (with `EXTENDED_ARG`s), as CPython's `assemble` does.

use super::{Assembled, Cfg, Op};
use crate::code::ExceptionTableEntry;
use crate::instruction::Instruction;

impl Cfg {
    pub(super) fn emit_code(&self, stack_size: u32) -> Assembled {
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
