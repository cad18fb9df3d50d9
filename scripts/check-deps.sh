#!/usr/bin/env bash
# Fails if a core crate depends, directly or transitively (normal
# dependencies, any target platform, all features), on a GUI crate. The
# core (interleave-lang, interleave-vm, tracer-core) must stay headless:
# the CLI and tests use it without a display (ARCHITECTURE.md,
# "Invariants").
#
# Usage: scripts/check-deps.sh [PACKAGE...]   (default: the core crates)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if (($#)); then
    packages=("$@")
else
    packages=(interleave-lang interleave-vm tracer-core)
fi

# Crate names (and their -/_ suffixed families, e.g. egui_extras, egui-winit,
# wgpu-core, accesskit_winit, epaint_default_fonts) that must not appear.
# emath is math-only but belongs to egui's stack.
forbidden='^(egui|eframe|epaint|emath|winit|wgpu|glow|glutin|rfd|accesskit)([-_][A-Za-z0-9_-]*)?$'

status=0
for package in "${packages[@]}"; do
    deps="$(cargo tree -p "$package" -e normal --target all --all-features \
        --prefix none --format '{p}' | awk '{print $1}' | sort -u)"
    found="$(grep -E "$forbidden" <<<"$deps" || true)"

    if [[ -n "$found" ]]; then
        echo "error: $package depends on GUI crates:" >&2
        while read -r crate; do
            echo "  $crate, reached through:" >&2
            cargo tree -p "$package" -e normal --target all --all-features \
                --invert "$crate" 2>/dev/null | sed 's/^/    /' >&2 || true
        done <<<"$found"
        status=1
        continue
    fi
    echo "ok: $package has $(wc -l <<<"$deps") normal dependencies (itself included), none of them GUI crates"
done
exit "$status"
