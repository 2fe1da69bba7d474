#!/usr/bin/env bash
# Runs one libFuzzer target briefly on its seed corpus (a smoke run for `make test`).
# Usage: run_fuzzer.sh FUZZER CORPUS_DIR [SECONDS]
set -euo pipefail
fuzzer=$1
corpus=$2
seconds=${3:-${TLSKIT_FUZZ_SECONDS:-5}}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$corpus"
# New inputs go to a scratch dir so the checked-in seeds stay as they are.
"$fuzzer" -max_total_time="$seconds" -max_len=20000 -rss_limit_mb=2048 -timeout=10 \
  -print_final_stats=1 "$work" "$corpus" 2>&1 | tail -n 15
