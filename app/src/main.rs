//! `interleave`: the command-line entry point.

mod cli;
mod commands;
mod explore;
mod gui;
mod playback;

/// The VM allocates and frees many small objects (frames, dicts, strings,
/// copies of the VM for checkpoints and explore): mimalloc does that
/// markedly faster than the system allocator (see scripts/bench.py).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
