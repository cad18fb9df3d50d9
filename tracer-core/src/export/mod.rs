//! Exporting recordings to other tools' formats.

pub mod chrome;
