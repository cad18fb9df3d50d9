#!/usr/bin/env bash
# Fails if tracer-core depends, directly or transitively (normal
# dependencies, any target platform, all features), on a GUI crate.
# tracer-core must stay headless: the VM, scheduler and trace are used by the
# CLI and tests without a display (ARCHITECTURE.md, "Invariants").
#
# Usage: scripts/check-deps.sh [PACKAGE]   (default: tracer-core)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

package="${1:-tracer-core}"

# Crate names (and their -/_ suffixed families, e.g. egui_extras, egui-winit,
# wgpu-core, accesskit_winit, epaint_default_fonts) that must not appear.
# emath is math-only but belongs to egui's stack.
forbidden='^(egui|eframe|epaint|emath|winit|wgpu|glow|glutin|rfd|accesskit)([-_][A-Za-z0-9_-]*)?$'

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
    exit 1
fi
echo "ok: $package has $(wc -l <<<"$deps") normal dependencies (itself included), none of them GUI crates"
