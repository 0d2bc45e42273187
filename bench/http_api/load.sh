#!/usr/bin/env bash
# Load test of the node's document API on loopback with wrk: 200 connections for 30 s each on
# reads, writes and a 80/20 mix. Prints wrk's reports and the node's RSS before, between and
# after the runs. Expects zero errors (no socket errors, no non-2xx answers).
#
#   bench/http_api/load.sh [BUILD_DIR]        (default: build/release or the first build dir
#                                               with runtime/cli/writemagic)
# Env: WM_LOAD_CONNECTIONS (200), WM_LOAD_DURATION (30s), WM_LOAD_THREADS (2),
#      WM_LOAD_NODE_ARGS (extra node arguments, e.g. "--set documents.max_open=1000").
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
top="$(cd "$here/../.." && pwd)"
build="${1:-}"
if [[ -z "$build" ]]; then
  for d in "$top"/build/release "$top"/build/*; do
    if [[ -x "$d/runtime/cli/writemagic" ]]; then build="$d"; break; fi
  done
fi
bin="$build/runtime/cli/writemagic"
[[ -x "$bin" ]] || { echo "no writemagic binary under '$build'" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }

conns="${WM_LOAD_CONNECTIONS:-200}"
duration="${WM_LOAD_DURATION:-30s}"
threads="${WM_LOAD_THREADS:-2}"
work="$(mktemp -d /tmp/wm_load.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"

# One worker thread per connection (civetweb keeps a thread per keep-alive connection) and a
# client limit above the connection count: every wrk connection comes from 127.0.0.1.
"$bin" node --data-dir "$work/data" --http "127.0.0.1:$port" \
  --set http.threads=$((conns + 56)) --set http.max_concurrency_per_client=$((conns * 2)) \
  --set log.level=warn ${WM_LOAD_NODE_ARGS:-} >"$work/node.log" 2>&1 &
node_pid=$!
trap 'kill -TERM $node_pid 2>/dev/null || true; wait $node_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do
  curl -sf "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -sf "$base/readyz" >/dev/null || { echo "node did not become ready" >&2; cat "$work/node.log"; exit 1; }

rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$node_pid/status"; }

# Seed 1000 documents to read.
: >"$work/ids"
for i in $(seq 1 1000); do
  curl -sf -X POST "$base/v1/documents" -H 'Content-Type: application/json' \
    -d "{\"title\":\"seed $i\",\"content\":\"Seed document number $i. It has two sentences.\"}" |
    grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4 >>"$work/ids"
done
export WM_IDS_FILE="$work/ids"

echo "node pid $node_pid, binary $bin"
echo "RSS after seeding: $(rss)"
for script in reads writes mixed; do
  echo
  echo "=== $script: $conns connections, $duration, $threads wrk threads ==="
  wrk -t"$threads" -c"$conns" -d"$duration" --latency -s "$here/$script.lua" "$base" | tee "$work/$script.txt"
  echo "RSS after $script: $(rss)"
  if grep -qE "Non-2xx|Socket errors" "$work/$script.txt"; then
    echo "ERRORS in $script run" >&2
    failed=1
  fi
done
for script in reads writes; do
  echo
  echo "=== second $script pass (memory should stay flat) ==="
  wrk -t"$threads" -c"$conns" -d"$duration" -s "$here/$script.lua" "$base" | tee "$work/$script-2.txt" |
    grep -E "requests in|Requests/sec|Non-2xx|Socket"
  echo "RSS after second $script pass: $(rss)"
  if grep -qE "Non-2xx|Socket errors" "$work/$script-2.txt"; then failed=1; fi
done
curl -s "$base/metrics" | grep -E '^writemagic_http_requests_total' | sort | head -20
kill -TERM $node_pid
wait $node_pid && echo "node exited 0 after SIGTERM" || echo "node exit code $?"
trap - EXIT
exit "${failed:-0}"
