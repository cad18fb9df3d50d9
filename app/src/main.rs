//! `interleave`: the command-line entry point.

mod cli;
mod commands;
mod gui;
mod playback;

fn main() -> std::process::ExitCode {
    cli::main()
}
