#!/usr/bin/env bash
# The `make run` demo: a local test PKI, a `tlskit server` on 127.0.0.1 and the inspector
# (`tlskit client --ladder`) against it, showing and explaining the whole handshake.
# Usage: scripts/demo.sh BINARY        (e.g. build/tlskit)
# The PKI goes next to the binary (build/demo-pki). The server is stopped by its PID on exit;
# the exit code is the client's (docs/cli.md: 0 ok, 3 handshake failed, 4 not verified, ...).
set -euo pipefail

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 path/to/tlskit   (build it first: make build)" >&2
  exit 2
fi
tlskit=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
pki=$(dirname "$tlskit")/demo-pki
cert_type=ecdsa-p256

"$root/scripts/gen-pki.sh" "$pki"

log=$(mktemp "${TMPDIR:-/tmp}/tlskit-demo-server.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -f "$log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Port 0: the server binds a free port on 127.0.0.1 and says which in its first line.
server_args=(server --cert "$pki/$cert_type/server-chain.pem" --key "$pki/$cert_type/server.key"
             --bind 127.0.0.1 --port 0)
echo "\$ tlskit ${server_args[*]} &"
"$tlskit" "${server_args[@]}" </dev/null >"$log" 2>&1 &
server_pid=$!

port=""
for _ in $(seq 1 100); do  # at most 10 s
  port=$(sed -n 's/.*listening on [^ ]*:\([0-9][0-9]*\).*/\1/p' "$log" | head -n 1)
  [ -n "$port" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "demo: the tlskit server did not start listening:" >&2
  sed 's/^/  | /' "$log" >&2
  exit 1
fi
# And wait until the socket really listens (state 0A in /proc/net/tcp), at most 5 s more.
hex=$(printf '%04X' "$port")
for _ in $(seq 1 50); do
  awk -v h="$hex" 'NR > 1 { split($2, a, ":"); if (a[2] == h && $4 == "0A") f = 1 } END { exit !f }' \
    /proc/net/tcp 2>/dev/null && break
  sleep 0.1
done
sed 's/^/  server| /' "$log"
echo

client_args=(client "127.0.0.1:$port" --servername localhost --CAfile "$pki/$cert_type/root.pem"
             --ladder)
echo "\$ tlskit ${client_args[*]}"
rc=0
# stdin is empty: the client shows the handshake, sends close_notify and exits.
timeout 60 "$tlskit" "${client_args[@]}" </dev/null || rc=$?

echo
echo "server log:"
sed 's/^/  server| /' "$log"
echo
if [ "$rc" -eq 0 ]; then
  echo "demo: handshake with the local tlskit server on 127.0.0.1:$port succeeded (exit 0)."
else
  echo "demo: tlskit client exited with $rc (see docs/cli.md for the exit codes)."
fi
echo "Your own run: $tlskit server --cert $pki/$cert_type/server-chain.pem --key $pki/$cert_type/server.key &"
echo "              $tlskit client 127.0.0.1:4433 --servername localhost --CAfile $pki/$cert_type/root.pem --msg"
exit "$rc"
