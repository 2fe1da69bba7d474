#!/usr/bin/env bash
# examples/ against the installed tlskit: built with find_package(tlskit) (examples/asio with
# find_package(tlskit COMPONENTS asio)) and https_get.cpp alone with pkg-config; then run on
# 127.0.0.1 against openssl s_server (https_get, asio_client) and openssl s_client (echo_server,
# asio_server), and sans_io_memory alone. Servers are stopped by PID.
set -euo pipefail
: "${TLSKIT_SOURCE_DIR:?}" "${TLSKIT_BINARY_DIR:?}" "${TLSKIT_PREFIX:?}"
cmake=${CMAKE_COMMAND:-cmake}
work=$TLSKIT_BINARY_DIR/package-test/examples
rm -rf "$work"
mkdir -p "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. The standalone CMake project.
"$cmake" -S "$TLSKIT_SOURCE_DIR/examples" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$TLSKIT_PREFIX" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; fail "examples/ does not configure against $TLSKIT_PREFIX"; }
"$cmake" --build "$work/build" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log"; fail "examples/ does not build against $TLSKIT_PREFIX"; }

"$cmake" -S "$TLSKIT_SOURCE_DIR/examples/asio" -B "$work/build-asio" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$TLSKIT_PREFIX" >"$work/configure-asio.log" 2>&1 ||
  { cat "$work/configure-asio.log"; fail "examples/asio does not configure against $TLSKIT_PREFIX"; }
"$cmake" --build "$work/build-asio" >"$work/build-asio.log" 2>&1 ||
  { cat "$work/build-asio.log"; fail "examples/asio does not build against $TLSKIT_PREFIX"; }

# 2. One file alone with pkg-config, as examples/README.md says.
libdir=$(cd "$TLSKIT_PREFIX" && ls -d lib*/ | head -1)
export PKG_CONFIG_PATH=$TLSKIT_PREFIX/${libdir}pkgconfig
# shellcheck disable=SC2046
${CXX:-g++} -std=c++20 "$TLSKIT_SOURCE_DIR/examples/https_get.cpp" $(pkg-config --cflags --libs tlskit) \
  -o "$work/https_get_pc" || fail "https_get.cpp does not build with pkg-config --cflags --libs tlskit"

pki=$work/pki
"$TLSKIT_SOURCE_DIR/scripts/gen-pki.sh" "$pki" >/dev/null
k=$pki/ecdsa-p256

# Starts a command in the background whose first output line names the port; sets $port.
start_server() {
  local log=$1; shift
  "$@" >"$log" 2>&1 &
  pids+=($!)
  port=""
  for _ in $(seq 1 100); do
    port=$(grep -s -oE '(ACCEPT .*|listening on 127\.0\.0\.1):[0-9]+' "$log" | grep -oE '[0-9]+$' | head -1 || true)
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  cat "$log" >&2
  fail "server did not start: $*"
}

# 3. https_get (both builds) and asio_client against openssl s_server -www.
start_server "$work/s_server.log" openssl s_server -accept 127.0.0.1:0 -cert "$k/server.pem" \
  -cert_chain "$k/int.pem" -key "$k/server.key" -www -naccept 5
for bin in "$work/build/https_get" "$work/https_get_pc" "$work/build-asio/asio_client"; do
  out=$("$bin" "127.0.0.1:$port" localhost "$k/root.pem") || fail "$bin failed: $out"
  first=$(printf '%s\n' "$out" | head -1)
  [ "$first" = "TLSv1.3 TLS_AES_128_GCM_SHA256" ] || fail "$bin: first line '$first'"
  printf '%s\n' "$out" | grep -q 'HTTP/1.0 200 ok' || fail "$bin: no HTTP response in: $out"
done
# A wrong server name must fail verification (the examples really verify), with the cause.
for bin in "$work/build/https_get" "$work/build-asio/asio_client"; do
  if err=$("$bin" "127.0.0.1:$port" wrong.example "$k/root.pem" 2>&1 >/dev/null); then
    fail "$bin accepted a certificate for the wrong name"
  fi
  printf '%s\n' "$err" | grep -q 'certificate_invalid' || fail "$bin: no certificate_invalid in: $err"
done
echo "https_get, asio_client: TLSv1.3 TLS_AES_128_GCM_SHA256 and the HTTP response from openssl s_server"

# 4. echo_server and asio_server against openssl s_client.
for bin in "$work/build/echo_server" "$work/build-asio/asio_server"; do
  start_server "$work/$(basename "$bin").log" "$bin" 0 "$k/server-chain.pem" "$k/server.key"
  reply=$( (printf 'hello from s_client\n'; sleep 1) |
           timeout 20 openssl s_client -quiet -connect "127.0.0.1:$port" -servername localhost \
             -CAfile "$k/root.pem" -verify_return_error 2>/dev/null || true)
  [ "$reply" = "hello from s_client" ] || fail "$(basename "$bin") echoed '$reply'"
  echo "$(basename "$bin"): echoed openssl s_client's line"
done

# 5. sans_io_memory: two connections in memory.
out=$("$work/build/sans_io_memory" "$k/server-chain.pem" "$k/server.key" "$k/root.pem") ||
  fail "sans_io_memory failed: $out"
for want in "handshake: TLSv1.3 TLS_AES_128_GCM_SHA256" "verified yes" "server read: ping" \
            "client read: pong" "server saw close_notify: yes"; do
  printf '%s\n' "$out" | grep -qF "$want" || fail "sans_io_memory output lacks '$want': $out"
done
echo "sans_io_memory: handshake, ping/pong, close_notify in memory"
