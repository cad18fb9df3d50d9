//! A disassembler whose output has the layout of `python3 -m dis`.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::code::{CodeObject, Constant};
use super::compile::cpython_oparg;
use super::instruction::{Instruction, OperandKind};
use crate::repr::{bytes_repr, str_repr};

/// Disassembles `code` and, recursively, every code object in its
/// constants, like `python3 -m dis`.
#[must_use]
pub fn disassemble(code: &CodeObject) -> String {
    let mut out = String::new();
    disassemble_recursive(code, &mut out);
    out
}

fn disassemble_recursive(code: &CodeObject, out: &mut String) {
    disassemble_one(code, out);
    for nested in code.nested_code() {
        out.push('\n');
        let _ = writeln!(out, "Disassembly of {}:", code_repr(nested));
        disassemble_recursive(nested, out);
    }
}

/// `<code object NAME at 0x..., file "FILE", line N>` with a stable address.
#[must_use]
pub fn code_repr(code: &CodeObject) -> String {
    let address = 0x7f00_0000_0000_u64 + u64::from(code.first_line) * 0x100;
    format!(
        "<code object {} at 0x{address:x}, file \"{}\", line {}>",
        code.name, code.filename, code.first_line
    )
}

/// `repr()` of a constant as `dis` shows it.
#[must_use]
pub fn constant_repr(c: &Constant) -> String {
    match c {
        Constant::None => "None".to_owned(),
        Constant::Bool(true) => "True".to_owned(),
        Constant::Bool(false) => "False".to_owned(),
        Constant::Int(i) => i.to_string(),
        Constant::BigInt(i) => i.to_string(),
        Constant::Float(f) => crate::format::float_repr(*f),
        Constant::Complex(r, i) => {
            let imag = crate::format::float_repr(i.abs());
            let sign = if i.is_sign_negative() { '-' } else { '+' };
            format!("({}{sign}{imag}j)", crate::format::float_repr(*r))
        }
        Constant::Str(s) => str_repr(s),
        Constant::Bytes(b) => bytes_repr(b),
        Constant::Ellipsis => "Ellipsis".to_owned(),
        Constant::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(constant_repr).collect();
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Constant::FrozenSet(items) if items.is_empty() => "frozenset()".to_owned(),
        Constant::FrozenSet(items) => {
            let parts: Vec<String> = items.iter().map(constant_repr).collect();
            format!("frozenset({{{}}})", parts.join(", "))
        }
        Constant::Code(code) => code_repr(code),
    }
}

/// One instruction as `dis` shows it, without offsets: `LOAD_GLOBAL 1 (count)`.
#[must_use]
pub fn instruction_text(code: &CodeObject, index: usize) -> String {
    let Some(inst) = code.instructions.get(index) else {
        return String::new();
    };
    let name = inst.opname();
    match inst.operand() {
        None => name.to_owned(),
        Some(arg) => match argrepr(code, inst) {
            repr if repr.is_empty() => format!("{name} {arg}"),
            repr => format!("{name} {arg} ({repr})"),
        },
    }
}

/// The `(argrepr)` column for one instruction.
fn argrepr(code: &CodeObject, inst: &Instruction) -> String {
    let Some(arg) = inst.operand() else {
        return String::new();
    };
    let name = |i: u32| {
        code.names
            .get(i as usize)
            .map_or_else(String::new, std::string::ToString::to_string)
    };
    match inst.operand_kind() {
        // 3.11's `dis` resolves only `LOAD_CONST`'s constant (`KW_NAMES`
        // shows its bare index).
        OperandKind::Const if matches!(inst, Instruction::KwNames(_)) => String::new(),
        OperandKind::Const => code
            .consts
            .get(arg as usize)
            .map(constant_repr)
            .unwrap_or_default(),
        OperandKind::Name => name(arg),
        OperandKind::GlobalName => {
            if arg & 1 == 1 {
                format!("NULL + {}", name(arg >> 1))
            } else {
                name(arg >> 1)
            }
        }
        OperandKind::Local => code
            .slots
            .get(arg as usize)
            .map(|s| s.name.to_string())
            .unwrap_or_default(),
        OperandKind::Jump => {
            let target = inst.jump_target().unwrap_or_default() as usize;
            format!("to {}", code.offsets[target])
        }
        OperandKind::BinaryOp => match inst {
            Instruction::BinaryOp(b) => {
                format!("{}{}", b.op.symbol(), if b.inplace { "=" } else { "" })
            }
            _ => String::new(),
        },
        OperandKind::Compare => match inst {
            Instruction::CompareOp(op) => op.symbol().to_owned(),
            _ => String::new(),
        },
        OperandKind::FunctionFlags => ["defaults", "kwdefaults", "annotations", "closure"]
            .iter()
            .enumerate()
            .filter(|(bit, _)| arg & (1 << bit) != 0)
            .map(|(_, s)| *s)
            .collect::<Vec<_>>()
            .join(", "),
        OperandKind::FormatFlags => {
            let conversion = ["", "str", "repr", "ascii"][(arg & 3) as usize];
            match (conversion.is_empty(), arg & 4 != 0) {
                (_, false) => conversion.to_owned(),
                (true, true) => "with format".to_owned(),
                (false, true) => format!("{conversion}, with format"),
            }
        }
        OperandKind::Number | OperandKind::None => String::new(),
    }
}

fn disassemble_one(code: &CodeObject, out: &mut String) {
    let mut line_starts = vec![None; code.instructions.len()];
    let mut last_line = None;
    for (i, slot) in line_starts.iter_mut().enumerate() {
        if let Some(line) = code.line_of(i)
            && Some(line) != last_line
        {
            *slot = Some(line);
            last_line = Some(line);
        }
    }
    let max_line = line_starts.iter().flatten().max().copied();
    let line_width = match max_line {
        None => 0,
        Some(l) if l >= 1000 => l.to_string().len(),
        Some(_) => 3,
    };
    let end = code.offsets.last().copied().unwrap_or(0);
    let offset_width = if end > 9999 { end.to_string().len() } else { 4 };
    let mut labels = BTreeSet::new();
    for inst in &code.instructions {
        if let Some(t) = inst.jump_target() {
            labels.insert(t);
        }
    }
    for entry in &code.exception_table {
        labels.insert(entry.handler);
    }
    for (i, inst) in code.instructions.iter().enumerate() {
        let offset = code.offsets[i];
        let arg = cpython_oparg(inst, i, &code.offsets);
        if line_starts[i].is_some() && offset > 0 {
            out.push('\n');
        }
        let is_label = labels.contains(&u32::try_from(i).unwrap_or(u32::MAX));
        let mut prefix_offset = offset;
        let extended: Vec<u32> = [24, 16, 8]
            .into_iter()
            .filter(|&shift| inst.operand().is_some() && arg >> shift != 0)
            .map(|shift| arg >> shift)
            .collect();
        let mut first = true;
        for hi in extended {
            let line = if first { line_starts[i] } else { None };
            write_line(
                out,
                line,
                line_width,
                is_label && first,
                prefix_offset,
                offset_width,
                "EXTENDED_ARG",
                Some(hi),
                "",
            );
            first = false;
            prefix_offset += 2;
        }
        let line = if first { line_starts[i] } else { None };
        let operand = inst.operand().map(|_| arg);
        write_line(
            out,
            line,
            line_width,
            is_label && first,
            prefix_offset,
            offset_width,
            inst.opname(),
            operand,
            &argrepr(code, inst),
        );
    }
    if !code.exception_table.is_empty() {
        out.push_str("ExceptionTable:\n");
        // `dis` shows the last code unit covered, inline caches included.
        for e in &code.exception_table {
            let _ = writeln!(
                out,
                "  {} to {} -> {} [{}]{}",
                code.offsets[e.start as usize],
                code.offsets[e.end as usize] - 2,
                code.offsets[e.handler as usize],
                e.depth,
                if e.push_lasti { " lasti" } else { "" }
            );
        }
    }
}

#[allow(clippy::too_many_arguments)] // one column each, as dis.Instruction._disassemble
fn write_line(
    out: &mut String,
    line: Option<u32>,
    line_width: usize,
    is_label: bool,
    offset: u32,
    offset_width: usize,
    opname: &str,
    arg: Option<u32>,
    argrepr: &str,
) {
    let mut fields = Vec::with_capacity(6);
    if line_width > 0 {
        fields.push(match line {
            Some(l) => format!("{l:>line_width$}"),
            None => " ".repeat(line_width),
        });
    }
    fields.push("   ".to_owned());
    fields.push(if is_label { ">>" } else { "  " }.to_owned());
    fields.push(format!("{offset:>offset_width$}"));
    fields.push(format!("{opname:<20}"));
    if let Some(arg) = arg {
        fields.push(format!("{arg:>5}"));
        if !argrepr.is_empty() {
            fields.push(format!("({argrepr})"));
        }
    }
    let _ = writeln!(out, "{}", fields.join(" ").trim_end());
}
