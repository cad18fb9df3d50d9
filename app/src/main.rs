//! `interleave`: the command-line entry point.

mod cli;
mod commands;

fn main() -> std::process::ExitCode {
    cli::main()
}
