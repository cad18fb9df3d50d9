//! What the graph must say before assembly: line numbers for every
//! instruction (exits without one duplicated), the stack depth, and the
//! handler of every instruction (exception targets).

use super::{BlockId, Cfg, Op};
use crate::code::Location;
use crate::instruction::Instruction;

impl Cfg {
    fn is_exit_without_lineno(&self, id: BlockId) -> bool {
        let block = &self.blocks[id as usize];
        block.is_exit() && block.instrs.iter().all(|i| i.loc.is_none())
    }

    pub(super) fn duplicate_exits_without_lineno(&mut self) {
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

    pub(super) fn propagate_line_numbers(&mut self) {
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

    pub(super) fn guarantee_lineno_for_exits(&mut self, first_line: u32) {
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
    pub(super) fn compute_stack_depths(&mut self) -> u32 {
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
    pub(super) fn label_exception_targets(&mut self) {
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

    pub(super) fn convert_pseudo_to_nop(&mut self, id: BlockId) {
        for inst in &mut self.blocks[id as usize].instrs {
            if !matches!(inst.op, Op::Real(_)) {
                inst.op = Op::Real(Instruction::Nop);
            }
        }
    }
}
