#!/usr/bin/env bash
# examples/asio_https_get against `openssl s_server -www` on 127.0.0.1 (port chosen by the
# kernel, read from s_server's ACCEPT line); the server is stopped by its PID.
#   asio_https_get_test.sh BINARY SOURCE_DIR WORK_DIR
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
pid=""
cleanup() { [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$src/scripts/gen-pki.sh" "$work/pki" >/dev/null
k=$work/pki/ecdsa-p256
openssl s_server -accept 127.0.0.1:0 -cert "$k/server.pem" -cert_chain "$k/int.pem" \
  -key "$k/server.key" -www -naccept 2 </dev/null >"$work/s_server.log" 2>&1 &
pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(grep -s -oE 'ACCEPT .*:[0-9]+' "$work/s_server.log" | grep -oE '[0-9]+$' | head -1 || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/s_server.log" >&2; fail "openssl s_server did not start"; }

out=$(timeout 60 "$bin" "127.0.0.1:$port" localhost "$k/root.pem") || fail "asio_https_get failed: $out"
first=$(printf '%s\n' "$out" | head -1)
[ "$first" = "TLSv1.3 TLS_AES_128_GCM_SHA256" ] || fail "first line '$first'"
printf '%s\n' "$out" | grep -q 'HTTP/1.0 200 ok' || fail "no HTTP response in: $out"
# A wrong server name must fail verification, with the cause on stderr.
if err=$(timeout 60 "$bin" "127.0.0.1:$port" wrong.example "$k/root.pem" 2>&1 >/dev/null); then
  fail "asio_https_get accepted a certificate for the wrong name"
fi
printf '%s\n' "$err" | grep -q 'certificate_invalid' || fail "no certificate_invalid cause in: $err"
echo "asio_https_get: $first, the HTTP response, and the wrong name refused ($err)"
