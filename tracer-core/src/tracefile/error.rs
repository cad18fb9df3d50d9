//! What can go wrong reading or writing a trace file.

use std::path::PathBuf;

/// Why a trace file could not be loaded. Every message names the problem
/// in one line.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read {path}: {error}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error (in the message, not a separate cause).
        error: std::io::Error,
    },
    /// Nothing in it.
    #[error("the file is empty")]
    Empty,
    /// Larger than any trace Interleave writes.
    #[error("{bytes} bytes is too large for a trace file (limit {limit})")]
    TooLarge {
        /// Its size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// Not UTF-8 text.
    #[error("not a text file (invalid UTF-8 at byte {0})")]
    NotText(usize),
    /// RON syntax or shape error.
    #[error("{line}:{col}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        col: usize,
        /// What ron reported.
        message: String,
    },
    /// Valid RON, but not an Interleave trace.
    #[error("not an Interleave trace (format is {0:?}, expected \"interleave-trace\")")]
    NotATrace(String),
    /// Written by a newer Interleave.
    #[error(
        "trace format version {found} is newer than this Interleave supports (up to {supported}); upgrade Interleave"
    )]
    FutureVersion {
        /// The file's version.
        found: u32,
        /// The newest this build reads.
        supported: u32,
    },
    /// A version that never existed.
    #[error("unknown trace format version {0}")]
    UnknownVersion(u32),
    /// A field holds a value that cannot be right.
    #[error("invalid trace: {0}")]
    Invalid(String),
    /// The embedded script does not compile.
    #[error("the embedded script does not compile: {0}")]
    Script(String),
}

/// Why a trace file could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Writing failed; the destination is unchanged.
    #[error("cannot write {path}: {error}")]
    Io {
        /// The destination.
        path: PathBuf,
        /// The OS error (in the message, not a separate cause).
        error: std::io::Error,
    },
    /// The destination exists and is not an Interleave trace.
    #[error("{0} exists and is not an Interleave trace; use --force to overwrite it")]
    WouldClobber(PathBuf),
}
