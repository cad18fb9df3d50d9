//! The panels. Each borrows the session (read-only) and returns the
//! playback command the user asked for, if any; the app applies it.

pub mod bytecode;
#[cfg(test)]
mod fixture;
pub mod heap;
pub mod insights;
pub mod output;
pub mod source;
pub mod stacks;
pub mod timeline;
pub mod transport;

use crate::playback::Command;

/// What a panel's UI produced.
pub type Request = Option<Command>;
