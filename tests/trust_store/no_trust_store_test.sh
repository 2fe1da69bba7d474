#!/usr/bin/env bash
# tlskit client against tlskit server on 127.0.0.1, without and with a system trust store.
# Usage: no_trust_store_test.sh TLSKIT_BINARY SOURCE_DIR WORK_DIR
set -euo pipefail
tlskit=$1 src=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
"$src/scripts/gen-pki.sh" "$work/pki" >/dev/null
k=$work/pki/ecdsa-p256
"$tlskit" server --cert "$k/server-chain.pem" --key "$k/server.key" --bind 127.0.0.1 --port 0 \
  >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
port=""
for _ in $(seq 1 100); do
  port=$(grep -oE '127\.0\.0\.1:[0-9]+' "$work/server.log" | head -1 | cut -d: -f2 || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/server.log"; echo "FAIL: tlskit server did not start" >&2; exit 1; }
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. No store anywhere: exit 4, the chain is shown, cause no_trust_store with the fix.
set +e
SSL_CERT_FILE=$work/none.pem SSL_CERT_DIR=$work/none TLSKIT_SYSTEM_CA_PATHS= \
  "$tlskit" client "127.0.0.1:$port" --servername localhost >"$work/text.out" 2>&1
code=$?
SSL_CERT_FILE=$work/none.pem SSL_CERT_DIR=$work/none TLSKIT_SYSTEM_CA_PATHS= \
  "$tlskit" client "127.0.0.1:$port" --servername localhost --json >"$work/json.out" 2>&1
set -e
[ "$code" = 4 ] || { cat "$work/text.out"; fail "exit code $code, expected 4 (not verified)"; }
grep -q 'Certificate chain' "$work/text.out" || fail "the chain is not shown"
grep -q 'CN = localhost' "$work/text.out" || fail "the leaf is not shown"
grep -q '^Diagnosis: no_trust_store' "$work/text.out" || { cat "$work/text.out"; fail "no no_trust_store diagnosis"; }
grep -q 'ca-certificates' "$work/text.out" || fail "the fix does not name ca-certificates"
grep -q 'scratch container' "$work/text.out" || fail "the fix does not cover a scratch image"
python3 - "$work/json.out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
cause = d["diagnosis"]["cause"]
assert cause == "no_trust_store", cause
assert d["diagnosis"]["party"] == "config", d["diagnosis"]["party"]
PY
echo "no store: exit 4, chain shown, diagnosis no_trust_store (text and JSON)"

# 2. SSL_CERT_FILE naming the test root: the same client verifies.
env -u SSL_CERT_DIR SSL_CERT_FILE=$k/root.pem TLSKIT_SYSTEM_CA_PATHS= \
  "$tlskit" client "127.0.0.1:$port" --servername localhost >"$work/ok.out" 2>&1 ||
  { cat "$work/ok.out"; fail "SSL_CERT_FILE=root.pem did not verify"; }
grep -q '^Diagnosis: none' "$work/ok.out" || fail "SSL_CERT_FILE: no healthy diagnosis"
env -u SSL_CERT_DIR SSL_CERT_FILE=$k/root.pem TLSKIT_SYSTEM_CA_PATHS= \
  "$tlskit" client "127.0.0.1:$port" --servername localhost --json >"$work/ok.json" 2>&1 || true
grep -q "\"trust_store\": \"system bundle $k/root.pem (1 certificate)\"" "$work/ok.json" ||
  { grep trust_store "$work/ok.json"; fail "the report does not name the SSL_CERT_FILE bundle"; }

# 3. The fallback list (TLSKIT_SYSTEM_CA_PATHS standing in for a distribution's bundle path).
env -u SSL_CERT_FILE -u SSL_CERT_DIR TLSKIT_SYSTEM_CA_PATHS="$work/none.pem:$k/root.pem" \
  "$tlskit" client "127.0.0.1:$port" --servername localhost >"$work/list.out" 2>&1 ||
  { cat "$work/list.out"; fail "the fallback list's second entry was not used"; }
echo "SSL_CERT_FILE and the fallback list: verified"
