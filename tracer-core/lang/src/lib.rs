//! The front end: Python source → AST (ruff's parser) → CPython 3.11
//! bytecode, and the disassembler that prints it like `python3 -m dis`;
//! with them, the number and text semantics both compile time (constant
//! folding) and run time need: CPython's format-spec mini-language, `%`
//! formatting, float `repr` and `str`/`bytes` `repr`.

mod cache;
pub mod code;
mod compile;
pub mod dis;
pub mod error;
pub mod format;
pub mod highlight;
pub mod instruction;
pub mod numeric;
pub mod repr;
mod symtable;

use std::sync::Arc;

use ruff_python_ast::PythonVersion;
use ruff_python_parser::{Mode, ParseOptions};
use ruff_text_size::Ranged;

pub use self::cache::CompileCache;
pub use self::code::CodeObject;
pub use self::error::{CompileError, CompileErrorKind};

/// Largest script accepted, in bytes.
pub const MAX_SOURCE_BYTES: usize = 2 << 20;

/// Deepest statement/expression nesting accepted; CPython 3.11 raises
/// `RecursionError` during compilation at about the same depth.
pub const MAX_NESTING: usize = 3000;

/// Parses and compiles a module ([`CompileCache`] remembers the last few).
///
/// # Errors
/// [`CompileError`] for syntax errors (as CPython 3.11 reports them) and for
/// syntax Interleave does not support.
pub fn compile(source: &str, filename: &str) -> Result<Arc<CodeObject>, CompileError> {
    if source.len() > MAX_SOURCE_BYTES {
        return Err(CompileError::syntax(
            format!(
                "script too large ({} bytes, limit {MAX_SOURCE_BYTES})",
                source.len()
            ),
            1,
            1,
        ));
    }
    let options = ParseOptions::from(Mode::Module).with_target_version(PythonVersion::PY311);
    let parsed = ruff_python_parser::parse(source, options);
    let lines = error::LineMap::new(source);
    let result = match &parsed {
        Err(e) => {
            let (line, col) = lines.line_col(e.location.start().to_u32());
            Err(CompileError::syntax(e.error.to_string(), line, col + 1))
        }
        Ok(parsed) => {
            if let Some(e) = parsed.unsupported_syntax_errors().first() {
                let (line, col) = lines.line_col(e.range().start().to_u32());
                Err(CompileError::syntax(e.to_string(), line, col + 1))
            } else {
                match parsed.syntax().as_module() {
                    Some(module) => compile::compile_module(module, source, filename),
                    None => Err(CompileError::syntax("expected a module", 1, 1)),
                }
            }
        }
    };
    // A pathologically deep AST is rejected above but must still be freed;
    // its drop glue recurses, so give it room in proportion to its size.
    let stack = (source.len() * 256).max(1 << 20);
    stacker::grow(stack, move || drop(parsed));
    result
}
