#!/usr/bin/env bash
# Installs what Interleave needs on a fresh Debian machine and opens the GUI
# on the lecture's race. Idempotent: installed pieces are skipped.
#   - Debian packages: a C toolchain and the runtime libraries of an OpenGL
#     window (no -dev packages): build-essential curl libgl1 libegl1
#     libgl1-mesa-dri libxkbcommon-x11-0 libxcursor1 libxi6 libx11-xcb1
#   - Rust 1.95 through rustup, if cargo is missing
#   - a release build (about 8 minutes cold on 2 cores)
# Extra arguments go to `interleave` (e.g. `scripts/start.sh open trace.ron`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PACKAGES=(build-essential curl ca-certificates libgl1 libegl1 libgl1-mesa-dri
          libxkbcommon-x11-0 libxcursor1 libxi6 libx11-xcb1)
missing=()
for pkg in "${PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
    sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    echo "installing: ${missing[*]}"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

if [[ -d "$HOME/.cargo/bin" ]]; then
    export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null; then
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --default-toolchain 1.95
    export PATH="$HOME/.cargo/bin:$PATH"
fi

exec cargo run --release -p interleave -- "$@"
