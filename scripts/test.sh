#!/usr/bin/env bash
# Installs the dependencies, builds, and runs every test with ctest.
#   bash scripts/test.sh          # the debug preset (what README's test command runs)
#   bash scripts/test.sh asan     # AddressSanitizer + UndefinedBehaviorSanitizer
#   bash scripts/test.sh tsan     # ThreadSanitizer
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-debug}"
jobs="${WM_JOBS:-$(nproc)}"

bash scripts/install-deps.sh
cmake --preset "$preset"
cmake --build --preset "$preset" -j "$jobs"
ctest --preset "$preset" -j "$jobs"
