#!/usr/bin/env bash
# Profiles one workload of the benchmark with perf (DWARF call graphs) and prints where the
# CPU time goes: inclusive time per function (what is left above the crypto floor shows up as
# tlskit functions whose time is not inside libcrypto), then self time.
# Usage: bench/profile.sh [handshake|resumed|records] [tlskit|libssl] [SECONDS]
# (resumed: TLS 1.3 handshakes resuming a ticket, psk_dhe_ke)
# Needs `perf` (linux-perf) and a built bench: make bench (build-bench/bench/tlskit_bench).
# Without perf, falls back to valgrind --tool=callgrind (much slower; fewer iterations).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
what=${1:-handshake}
stack=${2:-tlskit}
seconds=${3:-5}
bench=${BENCH_BIN:-$root/build-bench/bench/tlskit_bench}
pki=${BENCH_PKI:-$root/build-bench/pki}
[ -x "$bench" ] || { echo "profile: build the bench first (make bench)" >&2; exit 2; }
"$root/scripts/gen-pki.sh" "$pki" >/dev/null
out=$(mktemp -d "${TMPDIR:-/tmp}/tlskit-profile.XXXXXX")
if command -v perf >/dev/null; then
  perf record --call-graph dwarf,16384 -F 999 -o "$out/perf.data" \
    "$bench" --pki "$pki" --profile "$what" --stack "$stack" --seconds "$seconds" 2>&1 | tail -n 1
  echo "== inclusive time (children), functions above 1.5%"
  perf report -i "$out/perf.data" --children --sort symbol --stdio -g none --percent-limit 1.5 \
    2>/dev/null | grep '%' | sed 's/ \{2,\}-  *-  *$//' | cut -c1-140 | head -n 70
  echo "== self time by library"
  perf report -i "$out/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null |
    grep '%' | head -n 8
  echo "perf data: $out/perf.data"
else
  valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
    "$bench" --pki "$pki" --profile "$what" --stack "$stack" --seconds 1
  callgrind_annotate --inclusive=yes "$out/callgrind.out" | head -n 60
  echo "callgrind data: $out/callgrind.out"
fi
