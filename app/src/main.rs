//! `interleave`: the command-line entry point.

mod cli;
mod commands;
mod explore;
mod gui;
mod playback;

fn main() -> std::process::ExitCode {
    cli::main()
}
