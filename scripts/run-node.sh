#!/usr/bin/env bash
# Installs the dependencies, builds a release binary and runs a headless node on the
# embedded default: SQLite store in ./data, HTTP on 127.0.0.1:8080. Extra arguments go to
# `writemagic node` (see `writemagic node --help`). Ctrl-C shuts it down gracefully.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${WM_JOBS:-$(nproc)}"

bash scripts/install-deps.sh
cmake --preset release
cmake --build --preset release -j "$jobs" --target writemagic
exec build/release/runtime/cli/writemagic node --data-dir ./data "$@"
