#!/usr/bin/env bash
# TLS 1.3 post-handshake client authentication (RFC 8446 §4.6.2) against OpenSSL on
# loopback, both directions. Prints "PASS name" / "FAIL name: reason" lines and
# "N passed, N failed"; exits 1 when any failed.
#
# Usage: post_handshake_auth.sh --tlskit BIN --pki DIR --work DIR [--keep]
#
# Cases:
#   server_openssl_client_cert     tlskit server --post-handshake-auth, s_client -enable_pha
#                                  with a client certificate: verified (server log)
#   server_openssl_client_nocert   the same without a certificate: an empty answer, accepted
#   server_openssl_not_offered     s_client without -enable_pha: never asked
#   client_openssl_server          tlskit client --enable-pha against s_server -verify, whose
#                                  "c" command asks after the handshake: s_server verifies it
#
# Loopback only; every process is started with a time limit and stopped by its PID (lib.sh).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src_root=$(cd "$here/../.." && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

TLSKIT="" PKI="" work="" keep=0
while [ $# -gt 0 ]; do
  case $1 in
    --tlskit) TLSKIT=$2; shift 2 ;;
    --pki) PKI=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h | --help) sed -n "2,18p" "$0"; exit 0 ;;
    *) echo "post_handshake_auth: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -x "$TLSKIT" ] || { echo "post_handshake_auth: --tlskit BIN is required" >&2; exit 2; }
command -v openssl >/dev/null || { echo "post_handshake_auth: openssl is not installed" >&2; exit 2; }
[ -n "$work" ] || work=$(mktemp -d "${TMPDIR:-/tmp}/tlskit-pha.XXXXXX")
rm -rf "$work"
mkdir -p "$work"
[ -n "$PKI" ] || PKI=$work/pki
"$src_root/scripts/gen-pki.sh" "$PKI" >/dev/null
CERT=$PKI/ecdsa-p256
CLIENT_CA=$PKI/client-ca/root.pem

passed=0 failed=0
trap ix_on_exit EXIT
trap 'exit 130' INT TERM

# tlskit server --post-handshake-auth on a free port; its per-connection log is srv.err.
pha_tlskit_server() {
  PORT=$(ix_free_port)
  ix_spawn /dev/null "$D/srv.out" "$D/srv.err" timeout 30 "$TLSKIT" server \
    --cert "$CERT/server-chain.pem" --key "$CERT/server.key" --bind 127.0.0.1 --port "$PORT" \
    --post-handshake-auth --client-ca "$CLIENT_CA" "$@"
  SRV_PID=$IX_LAST_PID
  ix_wait_listen "$PORT" "$SRV_PID" 15 || { echo "tlskit server did not listen"; return 1; }
}

# openssl s_client to $PORT with extra args; stdin (one line) held open until the server
# logged the connection's end, at most 10 s.
pha_s_client() {
  mkfifo "$D/cli.in"
  echo "hello after the handshake" >"$D/line"
  ix_spawn /dev/null /dev/null /dev/null ix_feeder "$D/cli.in" "$D/line" "$D/cli.stop" 10
  ix_spawn "$D/cli.in" "$D/cli.out" "$D/cli.err" timeout 15 openssl s_client \
    -connect "127.0.0.1:$PORT" -servername localhost -CAfile "$CERT/root.pem" -tls1_3 "$@"
  local cli=$IX_LAST_PID
  ix_wait_grep "$D/cli.out" "hello after the handshake" 10 || true
  touch "$D/cli.stop"
  ix_wait_exit "$cli" 10 || ix_stop "$cli"
  ix_wait_grep "$D/srv.err" " end=" 10 || true
}

case_server_openssl_client_cert() {
  pha_tlskit_server || return 1
  pha_s_client -enable_pha -cert "$CERT/client.pem" -key "$CERT/client.key" \
    -cert_chain "$PKI/client-ca/int.pem"
  grep -qF "post-handshake-auth=certificate" "$D/srv.err" ||
    { echo "server log: $(tail -c 400 "$D/srv.err")"; return 1; }
  grep -qF "end=closed" "$D/srv.err" || { echo "server log: $(tail -c 400 "$D/srv.err")"; return 1; }
  grep -qF " client-certificate" "$D/srv.err" || { echo "server log: $(tail -c 400 "$D/srv.err")"; return 1; }
}

case_server_openssl_client_nocert() {
  pha_tlskit_server || return 1
  pha_s_client -enable_pha
  grep -qF "post-handshake-auth=none" "$D/srv.err" ||
    { echo "server log: $(tail -c 400 "$D/srv.err")"; return 1; }
  if grep -qF " client-certificate" "$D/srv.err"; then
    echo "logged a client certificate that was not sent: $(tail -c 400 "$D/srv.err")"; return 1
  fi
}

case_server_openssl_not_offered() {
  pha_tlskit_server || return 1
  pha_s_client
  grep -qF " end=closed" "$D/srv.err" || { echo "server log: $(tail -c 400 "$D/srv.err")"; return 1; }
  if grep -qF "post-handshake-auth" "$D/srv.err"; then
    echo "a client that did not offer post_handshake_auth was asked: $(tail -c 400 "$D/srv.err")"
    return 1
  fi
}

case_client_openssl_server() {
  PORT=$(ix_free_port)
  mkfifo "$D/srv.in"
  ix_spawn /dev/null /dev/null /dev/null ix_feeder "$D/srv.in" "" "$D/srv.stop" 20
  ix_spawn "$D/srv.in" "$D/srv.out" "$D/srv.err" timeout 20 openssl s_server \
    -accept "127.0.0.1:$PORT" -tls1_3 -cert "$CERT/server.pem" -cert_chain "$CERT/int.pem" \
    -key "$CERT/server.key" -verify 5 -verify_return_error -CAfile "$CLIENT_CA"
  SRV_PID=$IX_LAST_PID
  ix_wait_listen "$PORT" "$SRV_PID" 15 || { echo "s_server did not listen"; return 1; }
  mkfifo "$D/cli.in"
  ix_spawn /dev/null /dev/null /dev/null ix_feeder "$D/cli.in" "" "$D/cli.stop" 15
  ix_spawn "$D/cli.in" "$D/cli.out" "$D/cli.err" timeout 20 "$TLSKIT" client \
    "127.0.0.1:$PORT" --servername localhost --CAfile "$CERT/root.pem" --enable-pha \
    --cert "$CERT/client-chain.pem" --key "$CERT/client.key"
  local cli=$IX_LAST_PID
  # s_server's "c" command (SSL_verify_client_post_handshake) once the handshake is done.
  ix_wait_grep "$D/srv.out" "CIPHER is" 10 || { echo "no handshake: $(tail -c 300 "$D/cli.err")"; return 1; }
  echo c >"$D/cmd"
  cat "$D/cmd" >"$D/srv.in" &
  ix_wait_grep "$D/cli.err" "post-handshake authentication 1" 10 ||
    { echo "tlskit client: $(tail -c 300 "$D/cli.err")"; return 1; }
  ix_wait_grep "$D/srv.out" "tlskit test client ecdsa-p256" 10 ||
    { echo "s_server did not verify the client certificate: $(tail -c 400 "$D/srv.out")"; return 1; }
  grep -qF "sent ours" "$D/cli.err" || { echo "tlskit client: $(tail -c 300 "$D/cli.err")"; return 1; }
  touch "$D/cli.stop" "$D/srv.stop"
  ix_wait_exit "$cli" 10 || ix_stop "$cli"
}

for c in server_openssl_client_cert server_openssl_client_nocert server_openssl_not_offered \
         client_openssl_server; do
  D=$work/$c
  mkdir -p "$D"
  # The case runs in a subshell: it stops its own processes before it returns.
  if reason=$( { rc=0; "case_$c" || rc=$?; ix_stop_all; exit "$rc"; } 2>&1 ); then
    echo "PASS $c"
    passed=$((passed + 1))
  else
    echo "FAIL $c: ${reason:-failed}"
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
