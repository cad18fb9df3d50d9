//! `interleave`: the command-line entry point.

fn main() -> std::process::ExitCode {
    interleave::cli::main()
}
