#!/usr/bin/env bash
# A fuzzing campaign: each libFuzzer target of the sanitizer build (ASan + UBSan) runs for a
# time budget on a copy of its corpus; then the new inputs are merged into fuzz/corpus/<name>
# with libFuzzer's minimising merge (only inputs that add coverage are kept), crashes are
# collected, and one line per target is appended to the campaign ledger, so the CPU time
# spent on each target adds up across runs (docs/testing.md, "Fuzzing campaign").
#
# Usage: fuzz_campaign.sh [--build DIR] [--seconds N] [--parallel P] [--only REGEX]
#                         [--ledger FILE] [--max-corpus-kb K] [--dry-run]
#   --build          the sanitizer build holding fuzz_* (default build-san)
#   --seconds        seconds per target in this run (default 600; libFuzzer's wall-clock
#                    -max_total_time: the ledger records the CPU time actually used)
#   --parallel       targets run at once, one process each (default: the cores)
#   --only           only the targets whose name (without fuzz_) matches this regex
#   --ledger         where the per-run lines go (default fuzz/campaign.tsv)
#   --max-corpus-kb  the new inputs are added smallest first while the corpus stays within
#                    this size (default 512): the checked-in corpora stay small
#   --dry-run        list the targets and exit
#
# Exit status: 0 when no target crashed, 1 when one did (its inputs are kept in
# fuzz/crashes/<name>/ for a regression test), 2 on a usage error.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build-san seconds=600 parallel=$(nproc) only="" ledger=fuzz/campaign.tsv max_kb=512 dry=0
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --parallel) parallel=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --ledger) ledger=$2; shift 2 ;;
    --max-corpus-kb) max_kb=$2; shift 2 ;;
    --dry-run) dry=1; shift ;;
    -h | --help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fuzz_campaign: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ $seconds =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || { echo "fuzz_campaign: --seconds N" >&2; exit 2; }

targets=()
for f in "$build"/fuzz_*; do
  [ -x "$f" ] || continue
  n=$(basename "$f")
  n=${n#fuzz_}
  if [ -z "$only" ] || [[ $n =~ $only ]]; then targets+=("$n"); fi
done
[ ${#targets[@]} -gt 0 ] || { echo "fuzz_campaign: no fuzz_* in $build (make san-build)" >&2; exit 2; }
if [ "$dry" = 1 ]; then printf '%s\n' "${targets[@]}"; exit 0; fi

work=$(mktemp -d "${TMPDIR:-/tmp}/tlskit-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
[ -s "$ledger" ] || printf 'date\ttarget\tcpu_seconds\texecs\tcorpus_before\tcorpus_after\tcrashes\tcommit\n' >"$ledger"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)

# One target: fuzz on a scratch copy, then merge what is new into the checked-in corpus.
run_one() {
  local n=$1 bin=$build/fuzz_$1 corpus=fuzz/corpus/$1 w=$work/$1
  mkdir -p "$w/scratch" "$w/merged" "$w/crashes" "$corpus"
  cp -r "$corpus/." "$w/scratch/" 2>/dev/null || true
  local before after execs crashes
  before=$(find "$corpus" -type f | wc -l)  # seeds and found/ inputs
  # -rss_limit_mb and -timeout turn a leak or a hang into a finding; -max_len bounds inputs.
  # The ledger counts the CPU time the fuzzer used (user + system), not the wall time: on a
  # busy machine the two differ.
  local TIMEFORMAT='%U %S' cpu
  cpu=$( { time "$bin" -max_total_time="$seconds" -max_len=20000 -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$w/crashes/" -print_final_stats=1 "$w/scratch" >"$w/log" 2>&1; } 2>&1 ) || true
  cpu=$(awk '{ printf "%d", $1 + $2 }' <<<"$cpu")
  execs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$w/log" | tail -1)
  # Merge: the checked-in seeds stay as they are (tests name some of them); of the inputs the
  # run found, only those that add coverage to them are added.
  cp -r "$corpus/." "$w/merged/" 2>/dev/null || true
  "$bin" -merge=1 -max_len=20000 -rss_limit_mb=2048 -timeout=10 "$w/merged" \
    "$w/scratch" >"$w/merge.log" 2>&1 || true
  # The new inputs go to found/ (the seed tests check only the hand-made seeds at the top;
  # libFuzzer reads the corpus folder recursively), smallest first, while the corpus stays
  # within --max-corpus-kb.
  local budget f size name
  mkdir -p "$corpus/found"
  budget=$(( max_kb * 1024 - $(du -sb "$corpus" | cut -f1) ))
  while read -r size f; do
    name=$(basename "$f")
    [ -e "$corpus/$name" ] || [ -e "$corpus/found/$name" ] && continue
    [ "$size" -gt "$budget" ] && break
    cp "$f" "$corpus/found/"
    budget=$(( budget - size ))
  done < <(find "$w/merged" -type f -printf '%s %p\n' | sort -n)
  rmdir "$corpus/found" 2>/dev/null || true
  after=$(find "$corpus" -type f | wc -l)
  crashes=$(find "$w/crashes" -type f | wc -l)
  if [ "$crashes" -gt 0 ]; then
    mkdir -p "fuzz/crashes/$n"
    cp "$w/crashes/"* "fuzz/crashes/$n/"
    tail -n 40 "$w/log" >"fuzz/crashes/$n/log.txt"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$n" "${cpu:-0}" \
    "${execs:-0}" "$before" "$after" "$crashes" "$commit" >"$w/ledger"
  echo "fuzz_campaign: $n: ${execs:-0} runs, ${cpu:-0} CPU s, corpus $before -> $after, crashes $crashes"
}
export -f run_one
export build seconds work max_kb commit

printf '%s\n' "${targets[@]}" | xargs -P "$parallel" -I{} bash -c 'run_one "$@"' _ {}
status=0
for n in "${targets[@]}"; do
  [ -s "$work/$n/ledger" ] && cat "$work/$n/ledger" >>"$ledger"
  if [ -d "fuzz/crashes/$n" ] && [ -n "$(find "$work/$n/crashes" -type f)" ]; then
    echo "fuzz_campaign: $n crashed: inputs in fuzz/crashes/$n/" >&2
    status=1
  fi
done
# The CPU hours per target over every run in the ledger.
awk -F'\t' 'NR > 1 { s[$2] += $3; t += $3 }
            END { for (k in s) printf "%-28s %7.2f h\n", k, s[k] / 3600; printf "%-28s %7.2f h\n", "total", t / 3600 }' \
  "$ledger" | sort
exit "$status"
