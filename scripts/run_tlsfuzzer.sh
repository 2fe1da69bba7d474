#!/usr/bin/env bash
# Runs the tlsfuzzer scripts that apply to tlskit (TLS 1.3, and TLS 1.2 with ECDHE + AEAD)
# against `tlskit server` on 127.0.0.1, each script with all its probes (-n 0) against a fresh
# server started with the flags the script needs, and prints one row per script.
# By hand only (tlsfuzzer and tlslite-ng are not Debian packages; see docs/testing.md,
# "tlsfuzzer, in full"). The list of scripts, their server settings and arguments, and why
# the others are not run, is scripts/tlsfuzzer-scripts.txt.
#
# Usage:
#   scripts/run_tlsfuzzer.sh --tlsfuzzer DIR --tlslite DIR --tlskit BIN
#                            [--only PATTERN] [--exclude PATTERN] [--out DIR] [--python PY] [--pki DIR]
#                            [--list FILE] [--extra-pythonpath DIR]
#
#   --tlsfuzzer DIR   a tlsfuzzer checkout (has scripts/ and tlsfuzzer/)
#   --tlslite DIR     a tlslite-ng checkout (has tlslite/)
#   --tlskit BIN      the tlskit binary
#   --only PATTERN    run only the scripts whose name matches this extended regex
#   --exclude PATTERN run none of the scripts whose name matches this extended regex
#   --out DIR         where logs and the summary go (default: a new directory under /tmp)
#   --python PY       the Python 3 to run tlsfuzzer with (default: /usr/bin/python3 if it can
#                     import ecdsa, else python3); needs the `ecdsa` module (python3-ecdsa)
#   --pki DIR         the test PKI (default: OUT/pki, made by scripts/gen-pki.sh)
#   --list FILE       the script list (default: scripts/tlsfuzzer-scripts.txt)
#   --extra-pythonpath DIR  prepended to PYTHONPATH, e.g. a kyber-py checkout's src/ (tlslite-ng
#                     needs the kyber_py module for X25519MLKEM768; without it test-tls13-mlkem
#                     cannot run)
#
# Output in OUT: summary.tsv (script, probes, passed, failed, xfail, seconds, status),
# failures.txt (each failed probe with the last line of its error), and per script
# <name>.log (tlsfuzzer's output) and <name>.server.log (the server's per-connection lines).
# Exit status: 0 when every script that ran passed, 1 otherwise, 2 on a usage error.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tlsfuzzer="" tlslite="" tlskit="" only="" exclude="" out="" python="" pki="" list="$here/tlsfuzzer-scripts.txt"
extra_pp=""

usage() { sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --tlsfuzzer) tlsfuzzer=$2; shift 2 ;;
    --tlslite) tlslite=$2; shift 2 ;;
    --tlskit) tlskit=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --exclude) exclude=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --python) python=$2; shift 2 ;;
    --pki) pki=$2; shift 2 ;;
    --list) list=$2; shift 2 ;;
    --extra-pythonpath) extra_pp=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "run_tlsfuzzer: unknown argument '$1'" >&2; usage ;;
  esac
done
[ -n "$tlsfuzzer" ] && [ -n "$tlslite" ] && [ -n "$tlskit" ] || usage
[ -d "$tlsfuzzer/scripts" ] || { echo "run_tlsfuzzer: $tlsfuzzer/scripts is missing" >&2; exit 2; }
[ -d "$tlslite/tlslite" ] || { echo "run_tlsfuzzer: $tlslite/tlslite is missing" >&2; exit 2; }
[ -x "$tlskit" ] || { echo "run_tlsfuzzer: $tlskit is not executable" >&2; exit 2; }
[ -f "$list" ] || { echo "run_tlsfuzzer: $list is missing" >&2; exit 2; }
tlsfuzzer=$(cd "$tlsfuzzer" && pwd); tlslite=$(cd "$tlslite" && pwd)
[ -z "$extra_pp" ] || extra_pp=$(cd "$extra_pp" && pwd)
tlskit=$(cd "$(dirname "$tlskit")" && pwd)/$(basename "$tlskit")

if [ -z "$python" ]; then
  for p in /usr/bin/python3 python3; do
    if "$p" -c 'import ecdsa' 2>/dev/null; then python=$p; break; fi
  done
  [ -n "$python" ] || { echo "run_tlsfuzzer: no python3 with the ecdsa module (apt-get install python3-ecdsa)" >&2; exit 2; }
fi
[ -n "$out" ] || out=$(mktemp -d /tmp/tlsfuzzer-run.XXXXXX)
mkdir -p "$out"; out=$(cd "$out" && pwd)
[ -n "$pki" ] || pki=$out/pki
"$here/gen-pki.sh" "$pki" || { echo "run_tlsfuzzer: gen-pki.sh failed" >&2; exit 2; }
pki=$(cd "$pki" && pwd)
cat "$pki/client-ca/root.pem" "$pki/client-ca/int.pem" > "$out/client-ca.pem"
psk_hex=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
bigreq=$(printf 'A%.0s' $(seq 1 1024))
export PYTHONPATH="${extra_pp:+$extra_pp:}$tlslite:$tlsfuzzer${PYTHONPATH:+:$PYTHONPATH}"

server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
    server_pid=""
  fi
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM

# The tlskit server flags for a profile (see the header of tlsfuzzer-scripts.txt).
server_flags() {
  local profile=$1 tok certs=() rest=()
  IFS='+' read -r -a toks <<< "$profile"
  local http=1
  for tok in "${toks[@]}"; do
    case $tok in
      rsa) certs+=(--cert "$pki/rsa2048/server-chain.pem" --key "$pki/rsa2048/server.key") ;;
      ecdsa) certs+=(--cert "$pki/ecdsa-p256/server-chain.pem" --key "$pki/ecdsa-p256/server.key"
                     --cert "$pki/ecdsa-p384/server-chain.pem" --key "$pki/ecdsa-p384/server.key") ;;
      ed25519) certs+=(--cert "$pki/ed25519/server-chain.pem" --key "$pki/ed25519/server.key") ;;
      echo) http=0 ;;
      cc) rest+=(--request-client-cert --client-ca "$out/client-ca.pem") ;;
      pha) rest+=(--post-handshake-auth --client-ca "$out/client-ca.pem") ;;
      tls12) rest+=(--max-version 1.2) ;;
      early) rest+=(--early-data 16384) ;;
      psk) rest+=(--psk "test:$psk_hex") ;;
      psk384) rest+=(--psk "test:$psk_hex:sha384") ;;
      pskke) rest+=(--psk-ke) ;;
      alpn) rest+=(--alpn http/1.1) ;;
      cbc) ;;
      *) echo "run_tlsfuzzer: unknown profile token '$tok'" >&2; return 1 ;;
    esac
  done
  [ ${#certs[@]} -gt 0 ] || certs=(--cert "$pki/rsa2048/server-chain.pem" --key "$pki/rsa2048/server.key")
  [ $http = 1 ] && rest+=(--http)
  printf '%s\n' "${certs[@]}" "${rest[@]}" --threads 1 --port 0 --bind 127.0.0.1 \
    --ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256
}

# Starts the server; sets server_pid and port. $1 = profile, $2 = server log.
start_server() {
  local profile=$1 log=$2 flags
  mapfile -t flags < <(server_flags "$profile")
  [ ${#flags[@]} -gt 0 ] || return 1
  rm -f "$log.stdout"
  "$tlskit" server "${flags[@]}" > "$log.stdout" 2> "$log" &
  server_pid=$!
  port=""
  # The first stdout line is "tlskit server: listening on 127.0.0.1:PORT (...)".
  for _ in $(seq 1 100); do
    port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log.stdout" | head -1)
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$port" ]; then
    echo "run_tlsfuzzer: the server did not start (profile $profile): $(head -c 300 "$log")" >&2
    stop_server; return 1
  fi
  printf '# tlskit server %s\n' "${flags[*]}" >> "$log"
}

summary=$out/summary.tsv failures=$out/failures.txt
printf 'script\tprobes\tpassed\tfailed\txfail\tseconds\tstatus\n' > "$summary"
: > "$failures"
skipped=()
any_fail=0
total_scripts=0 total_probes=0 total_pass=0 total_fail=0

mapfile -t lines < "$list"   # read up front: the list may be edited while a run goes on
for raw in "${lines[@]}"; do
  [[ $raw =~ ^[[:space:]]*(#|$) ]] && continue
  IFS='|' read -r kind name f3 f4 f5 <<< "$raw"
  kind=$(xargs <<< "$kind"); name=$(xargs <<< "$name")
  if [ -n "$only" ] && ! [[ $name =~ $only ]]; then continue; fi
  if [ -n "$exclude" ] && [[ $name =~ $exclude ]]; then continue; fi
  if [ "$kind" = skip ]; then
    skipped+=("$name|$(sed 's/^ *//; s/ *$//' <<< "$f3")")
    continue
  fi
  [ "$kind" = run ] || { echo "run_tlsfuzzer: bad line: $raw" >&2; continue; }
  profile=$(xargs <<< "$f3"); timeout_s=$(xargs <<< "$f4"); argstr=${f5:-}
  script=${name%%#*}
  argstr=${argstr//\{PKI\}/$pki}
  argstr=${argstr//\{PSK\}/$psk_hex}
  argstr=${argstr//\{BIGREQ_LEN\}/${#bigreq}}
  argstr=${argstr//\{BIGREQ\}/$bigreq}
  eval "args=($argstr)"
  # -n 0 (every probe) for the scripts that take -n (a few have no such option).
  src=$tlsfuzzer/tlsfuzzer/_apps/${script//-/_}
  [ -f "$src" ] || src=$tlsfuzzer/scripts/$script
  nflag=()
  if tr -d '\n' < "$src" | grep -q 'getopt(argv, *"[^"]*n:'; then nflag=(-n 0); fi
  log=$out/${name//\#/_}.log slog=$out/${name//\#/_}.server.log
  if [ ! -e "$tlsfuzzer/scripts/$script" ]; then
    printf '%s\t-\t-\t-\t-\t-\tmissing\n' "$name" >> "$summary"; any_fail=1; continue
  fi
  if ! start_server "$profile" "$slog"; then
    printf '%s\t-\t-\t-\t-\t-\tserver-failed\n' "$name" >> "$summary"; any_fail=1; continue
  fi
  echo "== $name (profile $profile, port $port)" >&2
  t0=$(date +%s)
  (cd "$tlsfuzzer" && timeout -k 10 "$timeout_s" "$python" "scripts/$script" \
      -h 127.0.0.1 -p "$port" "${nflag[@]}" "${args[@]}") > "$log" 2>&1
  rc=$?
  t1=$(date +%s)
  stop_server
  get() { sed -n "s/^$1: \([0-9]*\)$/\1/p" "$log" | tail -1; }
  probes=$(get TOTAL) pass=$(get PASS) fail=$(get FAIL) xfail=$(get XFAIL)
  if [ $rc = 124 ] || [ $rc = 137 ]; then status=timeout
  elif [ -z "$probes" ]; then status="error(rc=$rc)"
  elif [ "${fail:-0}" = 0 ] && [ $rc = 0 ]; then status=pass
  else status=FAIL
  fi
  [ $status = pass ] || any_fail=1
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "${probes:--}" "${pass:--}" "${fail:--}" \
    "${xfail:--}" $((t1 - t0)) "$status" >> "$summary"
  total_scripts=$((total_scripts + 1))
  total_probes=$((total_probes + ${probes:-0})); total_pass=$((total_pass + ${pass:-0}))
  total_fail=$((total_fail + ${fail:-0}))
  # Each failed probe with the last line of its error (tlsfuzzer prints "NAME ..." before a
  # probe, then a traceback if it failed, and the FAILED list at the end).
  "$python" - "$name" "$log" >> "$failures" <<'EOF'
import re, sys
name, path = sys.argv[1], sys.argv[2]
text = open(path, errors="replace").read().splitlines()
failed = []
if "FAILED:" in text:
    for l in text[text.index("FAILED:") + 1:]:
        m = re.match(r"^\t'(.*)'$", l) or re.match(r'^\t"(.*)"$', l)
        if not m: break
        failed.append(m.group(1))
errors = {}
cur, in_tb = None, False
for l in text:
    if l == "Test end":
        break
    m = re.match(r'^"(.*)" repeat \d+\s*\.\.\.$', l) or re.match(r"^(.*) \.\.\.$", l)
    if m:
        cur, in_tb = m.group(1), False
        continue
    if l.startswith("Traceback (most recent call last)"):
        in_tb = True
        continue
    if cur and in_tb and l.strip() and not l.startswith(" "):
        errors[cur] = l.strip()
        in_tb = False
for f in failed:
    print("%s\t%s\t%s" % (name, f, errors.get(f, "?")[:400]))
EOF
done

# The table.
{
  echo
  printf '%-58s %7s %7s %7s %6s %6s  %s\n' script probes passed failed xfail secs status
  tail -n +2 "$summary" | while IFS=$'\t' read -r n p ok f x s st; do
    printf '%-58s %7s %7s %7s %6s %6s  %s\n' "$n" "$p" "$ok" "$f" "$x" "$s" "$st"
  done
  echo
  echo "scripts run: $total_scripts, probes: $total_probes, passed: $total_pass, failed: $total_fail"
  if [ ${#skipped[@]} -gt 0 ]; then
    echo
    echo "not run:"
    for s in "${skipped[@]}"; do printf '  %-52s %s\n' "${s%%|*}" "${s#*|}"; done
  fi
  if [ -s "$failures" ]; then
    echo
    echo "failed probes (script, probe, error): $failures"
  fi
  echo "logs: $out"
} | tee "$out/table.txt"
exit $any_fail
