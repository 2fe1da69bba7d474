#!/usr/bin/env bash
# Headless Chromium (Debian `chromium`, a TLS stack nobody here wrote) against `tlskit server
# --http` on 127.0.0.1 with its default groups: the page must load, and the server's
# per-connection log must name X25519MLKEM768 as the group Chromium negotiated, and the brotli
# certificate compression (RFC 8879) Chromium offers and the server uses by default.
#
# Usage: chromium_pq.sh --tlskit PATH --pki DIR --work DIR
# Exit: 0 pass, 1 fail. Every process started here is stopped by its PID; every wait is bounded.
set -euo pipefail

tlskit= pki= work=
while [ $# -gt 0 ]; do
  case $1 in
    --tlskit) tlskit=$2; shift 2 ;;
    --pki) pki=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "chromium_pq: unknown argument $1" >&2; exit 2 ;;
  esac
done
browser=$(command -v chromium || true)
if [ -z "$browser" ]; then
  echo "FAIL: chromium is not installed (make test installs it: scripts/install-deps.sh --test)"
  exit 1
fi
rm -rf "$work"
mkdir -p "$work"
srv_pid=
cleanup() {
  if [ -n "$srv_pid" ]; then
    kill "$srv_pid" 2>/dev/null || true
    wait "$srv_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

d=$pki/ecdsa-p256
"$tlskit" server --http --cert "$d/server-chain.pem" --key "$d/server.key" --bind 127.0.0.1 \
  --port 0 >"$work/srv.out" 2>"$work/srv.err" &
srv_pid=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/srv.out")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "FAIL: tlskit server did not start"; cat "$work/srv.err"; exit 1; }

# The flags a headless Chromium needs on a machine with no network and no display; the
# certificate is from the test PKI, which this fresh profile does not trust.
timeout 90 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --ignore-certificate-errors \
  --dump-dom "https://localhost:$port/" >"$work/page.html" 2>"$work/chromium.err" || true

# The server logs a connection when it ends, a moment after Chromium exits: wait up to 3 s.
for _ in $(seq 30); do
  grep -q "TLSv1.3 .* X25519MLKEM768" "$work/srv.err" && break
  sleep 0.1
done
fail=0
if ! grep -q "Hello from tlskit server (TLSv1.3" "$work/page.html"; then
  echo "FAIL: Chromium did not load the page over TLS 1.3"
  fail=1
fi
if ! grep -q "TLSv1.3 .* X25519MLKEM768" "$work/srv.err"; then
  echo "FAIL: the server log names no X25519MLKEM768 connection:"
  fail=1
fi
# RFC 8879: Chromium offers brotli certificate compression, which the server uses by default.
if ! grep -q "X25519MLKEM768 .*cert-compression=brotli:" "$work/srv.err"; then
  echo "FAIL: the server log shows no brotli-compressed certificate for Chromium:"
  fail=1
fi
if [ $fail -ne 0 ]; then
  echo "--- server log"; cat "$work/srv.err"
  echo "--- page"; head -c 2000 "$work/page.html"; echo
  echo "--- chromium stderr (tail)"; tail -n 20 "$work/chromium.err"
  exit 1
fi
echo "PASS: Chromium $("$browser" --version 2>/dev/null | awk '{print $2}') negotiated X25519MLKEM768 and took a brotli-compressed certificate from tlskit server:"
grep "X25519MLKEM768" "$work/srv.err" | head -n 3
