//! The `.ron` trace file: a versioned, durable form of a [`Trace`] that
//! someone else can open and replay.
//!
//! A file holds what reproduces the run (options, embedded script, the
//! schedule) and what checks and summarises it (sparse events, output,
//! analyses, digests). It does not hold the millions of dense events:
//! [`verify`] re-executes the script under the recorded schedule, which
//! rebuilds the full in-memory trace, and compares digests.
//!
//! Saving is atomic (temporary file, then rename) and never replaces a
//! file that is not an Interleave trace unless forced. Loading turns
//! every kind of bad input into a [`LoadError`] that names the problem.

mod convert;
mod error;
mod io;
pub mod v1;
mod verify;

pub use self::convert::to_file;
pub use self::error::{LoadError, SaveError};
pub use self::io::{MAX_FILE_BYTES, load, parse, save, write_atomically};
pub use self::verify::{Divergence, Verified, replay, verify};

/// The `format` field of every trace file.
pub const FORMAT_NAME: &str = "interleave-trace";
/// The version this build writes.
pub const CURRENT_VERSION: u32 = 1;
/// The first line of every trace file; a file starting otherwise is never
/// overwritten without `--force`.
pub const FIRST_LINE: &str = "// Interleave trace (https://example.invalid/interleave), RON format";
