#!/usr/bin/env bash
# User-space instructions per request (valgrind callgrind) for raw libcurl multi, for the same
# HTTP client handing each completion to one actor (the design's floor), and for the gateway +
# provider actors, each against the same fake provider, and their ratios to raw. Unlike
# requests/s on a shared 2-core machine, the counts repeat to within ~0.2 % from run to run,
# so a change of 1 % is visible. Kernel time (syscalls, thread wake-ups) is not counted.
#
#   bash bench/ai/count_instructions.sh [build/release]
#
# Each side runs twice (10 and 30 batches of 400 requests); the difference over the 8,000
# extra requests cancels start-up and shutdown.
set -euo pipefail
build=${1:-build/release}
bench=$build/bench/ai/bench_ai_gateway
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
[[ -x $bench ]] || { echo "no $bench: build the release preset first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Instructions for one run of `filter` with `batches` batches.
count() {
  local filter=$1 batches=$2
  WM_BENCH_BATCHES=$batches valgrind --tool=callgrind --callgrind-out-file="$work/$batches.$$" \
    "$bench" --benchmark_filter="$filter" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

per_request() {
  local filter=$1 small large
  small=$(count "$filter" 10)
  large=$(count "$filter" 30)
  echo $(((large - small) / 8000))
}

raw=$(per_request '^BM_RawCurlMulti/') &&
  hop=$(per_request '^BM_OneActorHop/') &&
  gateway=$(per_request '^BM_Gateway/') &&
  awk -v r="$raw" -v h="$hop" -v g="$gateway" 'BEGIN {
    printf "raw libcurl multi  %7d instructions per request\n", r
    printf "one actor hop      %7d instructions per request (+%d)\n", h, h - r
    printf "gateway + provider %7d instructions per request (+%d)\n", g, g - r
    printf "ratio (raw / one hop) %.3f\n", r / h
    printf "ratio (raw / gateway) %.3f\n", r / g
  }'
