#!/usr/bin/env bash
# Everything CI cares about, in the order that fails fastest:
# formatting, lints, the no-GUI-in-tracer-core invariant, then the tests
# (README's test command).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
scripts/check-deps.sh
cargo test --workspace --release
