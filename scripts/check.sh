#!/usr/bin/env bash
# Everything CI checks, in the order that fails fastest: formatting, lints,
# the core's freedom from GUI crates, then the whole test suite (which
# includes the module-layering test, tests/tests/layers.rs). This is the
# README's test command; `.ci/run` installs what it needs and runs it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
scripts/check-deps.sh
cargo test --workspace --release
