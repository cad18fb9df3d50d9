//! The `interleave` application: the command line (`run`, `replay`,
//! `export`, `dis`, `explore`) and the GUI, over `tracer-core`. The binary
//! (`main.rs`) only calls [`cli::main`].

pub mod cli;
mod commands;
mod explore;
mod gui;
mod input;
mod playback;
