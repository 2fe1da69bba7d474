#!/usr/bin/env bash
# Interop on loopback: runs every case of the table in cases.sh between one server
# implementation and one client implementation, and prints "PASS name" / "FAIL name: reason"
# lines and a final "N passed, N failed, N skipped" line. Exits 1 when any case failed.
#
# Usage: run_interop.sh --server IMPL --client IMPL [--tlskit BIN] [--pki DIR] [--work DIR]
#                       [--quick] [--tls12] [--filter REGEX] [--list] [--keep] [--no-netns]
#   IMPL       openssl | gnutls | tlskit; python (a client only: Python's ssl module, its own
#              cases, ix_cases_<table>_python in cases.sh)
#   --tlskit   the tlskit binary (required when either side is tlskit)
#   --pki      test PKI directory (made with scripts/gen-pki.sh if incomplete); default WORK/pki
#   --work     where each case's files and logs go (default: a temporary directory); kept
#              after a failure, deleted after a clean run unless --keep
#   --quick    a covering subset of the suite x group x certificate matrix
#   --tls12    the TLS 1.2 table instead of the TLS 1.3 one (not registered as a test yet)
#   --filter   only cases whose name matches the extended regular expression
#   --cases F  read the case lines from file F (key=value lines as cases.sh prints them)
#   --list     print the cases that would run, run nothing
#   --no-netns do not enter a private network namespace
#
# Every peer binds or connects to 127.0.0.1 only; gnutls-serv, which cannot be told where to
# listen, is contained by running the whole script in a private network namespace (unshare -n,
# only a loopback interface) whenever the system allows it. Every process is started with a
# time limit, tracked by PID and stopped on exit.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src_root=$(cd "$here/../.." && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=peers.sh
. "$here/peers.sh"
# shellcheck source=cases.sh
. "$here/cases.sh"

server_impl="" client_impl="" TLSKIT="" PKI="" work="" quick="" table=tls13 filter="" list=0
keep=0 netns=1 cases_file=""
orig_args=("$@")
while [ $# -gt 0 ]; do
  case $1 in
    --server) server_impl=$2; shift 2 ;;
    --client) client_impl=$2; shift 2 ;;
    --tlskit) TLSKIT=$2; shift 2 ;;
    --pki) PKI=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --quick) quick=quick; shift ;;
    --tls12) table=tls12; shift ;;
    --filter) filter=$2; shift 2 ;;
    --cases) cases_file=$2; shift 2 ;;
    --list) list=1; shift ;;
    --keep) keep=1; shift ;;
    --no-netns) netns=0; shift ;;
    -h | --help) sed -n "2,24p" "$0"; exit 0 ;;
    *) echo "run_interop: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

[ "$server_impl" = python ] && { echo "run_interop: python is a client only" >&2; exit 2; }
for impl in "$server_impl" "$client_impl"; do
  case $impl in
    python) command -v python3 >/dev/null || { echo "run_interop: python3 is not installed" >&2; exit 2; } ;;
    openssl) command -v openssl >/dev/null || { echo "run_interop: openssl is not installed" >&2; exit 2; } ;;
    gnutls) command -v gnutls-cli >/dev/null && command -v gnutls-serv >/dev/null ||
              { echo "run_interop: gnutls-bin is not installed" >&2; exit 2; } ;;
    tlskit) [ -x "$TLSKIT" ] || { echo "run_interop: --tlskit BIN is required (got '$TLSKIT')" >&2; exit 2; } ;;
    *) echo "run_interop: --server and --client take openssl, gnutls or tlskit" >&2; exit 2 ;;
  esac
done
[ -n "$cases_file" ] && cases_file=$(cd "$(dirname "$cases_file")" && pwd)/$(basename "$cases_file")
[ -n "$TLSKIT" ] && TLSKIT=$(cd "$(dirname "$TLSKIT")" && pwd)/$(basename "$TLSKIT")

# Enter a private network namespace (once): root can unshare directly, others through a user
# namespace. Without one (or without `ip`), run in the host namespace.
if [ "$netns" = 1 ] && [ "$list" = 0 ] && [ -z "${IX_IN_NETNS:-}" ] && command -v ip >/dev/null &&
   command -v unshare >/dev/null; then
  for how in "-n" "-rn"; do
    if unshare $how true 2>/dev/null; then
      IX_IN_NETNS=1 exec unshare $how "$0" "${orig_args[@]}"
    fi
  done
  echo "note: no private network namespace available; gnutls-serv will listen on all interfaces"
fi
if [ -n "${IX_IN_NETNS:-}" ]; then
  ip link set lo up
fi

if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/tlskit-interop.XXXXXX")
else
  rm -rf "$work"
  mkdir -p "$work"
fi
work=$(cd "$work" && pwd)
[ -n "$PKI" ] || PKI=$work/pki

passed=0 failed=0 skipped=0
on_exit() {
  ix_stop_all
  if [ "$failed" -eq 0 ] && [ "$keep" = 0 ]; then
    rm -rf "$work"
  else
    echo "logs kept in $work"
  fi
}
trap on_exit EXIT
trap 'exit 130' INT TERM

if [ "$list" = 0 ]; then
  "$src_root/scripts/gen-pki.sh" "$PKI" >/dev/null
fi

declare -A C
# Loads case line $1 into C (defaults first).
load_case() {
  local kv
  C=()
  for kv in $IX_DEFAULTS $1; do
    C[${kv%%=*}]=${kv#*=}
  done
  [ -n "${C[trust]}" ] || C[trust]=${C[cert]}
}

# Prints why a peer cannot run the case (and returns 1), or returns 0.
peer_can_run() {
  local impl=$1 side=$2 g groups
  "peer_${impl}_supports" ver "${C[ver]}" || { echo "$impl: no TLS ${C[ver]}"; return 1; }
  "peer_${impl}_supports" suite "${C[suite]}" || { echo "$impl: no ${C[suite]}"; return 1; }
  if [ "$side" = server ]; then groups=${C[sgroups]}; else groups=${C[cgroups]}; fi
  IFS=, read -ra gl <<<"$groups"
  for g in "${gl[@]}"; do
    [ "$g" = default ] && continue  # each peer's own default groups
    "peer_${impl}_supports" group "$g" || { echo "$impl: no group $g"; return 1; }
  done
  if [ "$side" = server ]; then
    "peer_${impl}_supports" cert "${C[cert]}" || { echo "$impl: no ${C[cert]} certificate"; return 1; }
  elif [ "${C[ccert]}" != none ]; then
    "peer_${impl}_supports" cert "${C[ccert]}" || { echo "$impl: no ${C[ccert]} client certificate"; return 1; }
  fi
  if [ "$side" = client ] && [ "${C[resume]}" != 0 ]; then
    "peer_${impl}_supports" feature client-resume || { echo "$impl client: no resumption yet"; return 1; }
    if [ "${C[resume]}" = reconnect ] && [ "${C[ver]}" = 1.3 ]; then
      "peer_${impl}_supports" feature client-reconnect-tls1.3 ||
        { echo "$impl client: its reconnect does not resume TLS 1.3"; return 1; }
    fi
  fi
  return 0
}

# Runs the current case in $CASE_DIR; prints the failure reason and returns 1 on failure.
# Every process it started is stopped before it returns.
run_case() {
  local rc=0
  run_case_inner || rc=$?
  touch "$CASE_DIR/stop" "$CASE_DIR/cli.stop"
  ix_stop_all
  return "$rc"
}

run_case_inner() {
  local expected trailer rc reason kind
  SRV_LOGS=() CLI_LOGS=()
  mkfifo "$CASE_DIR/srv.in" "$CASE_DIR/cli.in"
  kind=$("peer_${server_impl}_payload_kind")
  ix_payload "$CASE_DIR/c2s.bin" "${C[bytes]}" "$kind"
  ix_payload "$CASE_DIR/s2c.bin" "${C[bytes]}" "$kind"
  PORT=$(ix_free_port)
  echo "$PORT" >"$CASE_DIR/port"

  "peer_${server_impl}_server_start"
  if ! ix_wait_listen "$PORT" "$SRV_PID" 15; then
    echo "the $server_impl server did not listen on 127.0.0.1:$PORT within 15 s"
    return 1
  fi

  "peer_${client_impl}_client_start"
  case $SRV_MODE in
    echo) expected=$CASE_DIR/c2s.bin ;;
    duplex) expected=$CASE_DIR/s2c.bin ;;
    rev)  # every line reversed
      expected=$CASE_DIR/c2s.rev
      awk '{ r = ""; for (i = length($0); i > 0; i--) r = r substr($0, i, 1); print r }' \
        "$CASE_DIR/c2s.bin" >"$expected" ;;
  esac
  if [ "${C[expect]}" = ok ]; then
    ix_wait_size "$CASE_DIR/cli.out" "$(ix_size "$expected")" "$CLI_PID" 30 || true
  else
    ix_wait_size "$CASE_DIR/cli.out" "$(ix_size "$expected")" "$CLI_PID" 10 || true
  fi
  # The client has what it should get: end its input (it then closes the connection).
  touch "$CASE_DIR/cli.stop"
  rc=0
  ix_wait_exit "$CLI_PID" 10 || rc=$?
  [ "$rc" -eq 124 ] && ix_stop "$CLI_PID"
  if [ "${C[resume]}" != 0 ] && [ "$rc" -eq 0 ]; then
    "peer_${client_impl}_client_resume"
  fi
  if [ "$SRV_MODE" = duplex ]; then
    ix_wait_exit "$SRV_PID" 10 || true  # s_server -naccept ends after the client closed
  fi
  touch "$CASE_DIR/stop"
  ix_stop_all

  trailer=$("peer_${client_impl}_client_trailer")
  if [ "${C[expect]}" = fail ]; then
    if ix_compare "$expected" "$CASE_DIR/cli.out" "$trailer" >/dev/null; then
      echo "the data got through, but this connection must be refused"
      return 1
    fi
    if [ "$rc" -eq 0 ]; then
      echo "the data did not get through (good) but the $client_impl client exited 0"
      return 1
    fi
    return 0
  fi
  if [ "$rc" -ne 0 ]; then
    echo "the $client_impl client exited with $rc$([ "$rc" -eq 124 ] && echo ' (timed out)')"
    return 1
  fi
  reason=$(ix_compare "$expected" "$CASE_DIR/cli.out" "$trailer") ||
    { echo "server -> client: $reason"; return 1; }
  if [ "$SRV_MODE" = duplex ]; then
    reason=$(ix_compare "$CASE_DIR/c2s.bin" "$CASE_DIR/srv.out") ||
      { echo "client -> server: $reason"; return 1; }
  fi
  reason=$("peer_${server_impl}_check" server) || { echo "$reason"; return 1; }
  reason=$("peer_${client_impl}_check" client) || { echo "$reason"; return 1; }
  return 0
}

if [ -n "$cases_file" ]; then
  cases=$(grep -v '^ *#' "$cases_file")
else
  cases=""
  # The shared table, unless the client runs only its own cases (python).
  if "peer_${client_impl}_supports" feature shared-cases; then
    cases=$("ix_cases_$table" "$quick")
  fi
  # Cases for one client alone: ix_cases_<table>_<client> in cases.sh, when it exists.
  if declare -F "ix_cases_${table}_${client_impl}" >/dev/null; then
    cases+=$'\n'$("ix_cases_${table}_${client_impl}" "$quick")
  fi
fi
echo "interop: $client_impl client -> $server_impl server ($table$([ -n "$quick" ] && echo ', quick'))"
start=$(date +%s)
while IFS= read -r line; do
  [ -n "$line" ] || continue
  load_case "$line"
  if [ -n "$filter" ] && ! [[ ${C[name]} =~ $filter ]]; then
    continue
  fi
  if ! why=$(peer_can_run "$server_impl" server) || ! why=$(peer_can_run "$client_impl" client); then
    echo "SKIP ${C[name]}: $why"
    skipped=$((skipped + 1))
    continue
  fi
  if [ "$list" = 1 ]; then
    echo "case $line"
    continue
  fi
  desc="${C[suite]} c:${C[cgroups]} s:${C[sgroups]} ${C[cert]}"
  [ "${C[mtls]}" != none ] && desc+=" mtls=${C[mtls]}/${C[ccert]}"
  [ -n "${C[alpn]}" ] && desc+=" alpn=${C[alpn]}"
  [ "${C[hrr]}" = 1 ] && desc+=" hrr"
  [ "${C[resume]}" != 0 ] && desc+=" resume=${C[resume]}"
  [ "${C[expect]}" = fail ] && desc+=" must-fail"
  CASE_DIR=$work/${C[name]}
  mkdir -p "$CASE_DIR"
  if run_case >"$CASE_DIR/result" 2>&1; then
    echo "PASS ${C[name]} ($desc)"
    passed=$((passed + 1))
  else
    echo "FAIL ${C[name]} ($desc): $(head -c 2000 "$CASE_DIR/result")"
    [ -f "$CASE_DIR/srv.cmd" ] && sed 's/^/    server: /' "$CASE_DIR/srv.cmd"
    [ -f "$CASE_DIR/cli.cmd" ] && sed 's/^/    client: /' "$CASE_DIR/cli.cmd"
    ix_dump_logs "${SRV_LOGS[@]}" "${CLI_LOGS[@]}"
    failed=$((failed + 1))
  fi
done <<<"$cases"

[ "$list" = 1 ] && exit 0
echo "$passed passed, $failed failed, $skipped skipped ($(( $(date +%s) - start )) s)"
if [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
