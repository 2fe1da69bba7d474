#!/usr/bin/env bash
# BUILD_SHARED_LIBS: libtlskit.so is built with -fvisibility=hidden and exports the public API
# only (TLSKIT_API): no internal namespace (x509, session, crypto, handshake, ...) is exported,
# and the examples build against the installed shared library and run (sans_io_memory).
set -euo pipefail
# No optimisation (an empty CMAKE_BUILD_TYPE): what is checked here is the packaging, and an
# unoptimised build of the library takes a third less CPU in make test.
: "${TLSKIT_SOURCE_DIR:?}" "${TLSKIT_BINARY_DIR:?}"
cmake=${CMAKE_COMMAND:-cmake}
work=$TLSKIT_BINARY_DIR/package-test/shared
rm -rf "$work"
mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
"$cmake" -S "$TLSKIT_SOURCE_DIR" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE= \
  -DBUILD_SHARED_LIBS=ON -DBUILD_TESTING=OFF -DTLSKIT_TOOLS=OFF >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; fail "the shared configuration does not configure"; }
"$cmake" --build "$work/build" >"$work/build.log" 2>&1 ||
  { tail -40 "$work/build.log"; fail "the shared library does not build"; }
"$cmake" --install "$work/build" --prefix "$work/prefix" >/dev/null
so=$(ls "$work"/prefix/lib*/libtlskit.so | head -1)
[ -n "$so" ] || fail "no libtlskit.so installed"

nm -D --defined-only "$so" | c++filt | cut -d' ' -f3- >"$work/exports.txt"
if grep -E '^tlskit::(x509|session|crypto|handshake|record|wire|codec|probe|io)::' "$work/exports.txt"; then
  fail "libtlskit.so exports internal symbols (above)"
fi
public=$(grep -cE '^tlskit::' "$work/exports.txt" || true)
[ "$public" -ge 20 ] || fail "libtlskit.so exports only $public tlskit symbols"
for want in 'tlskit::Connection::client' 'tlskit::make_ca_file_verifier' 'tlskit::version()'; do
  grep -qF "$want" "$work/exports.txt" || fail "libtlskit.so does not export $want"
done

"$cmake" -S "$TLSKIT_SOURCE_DIR/examples" -B "$work/examples" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/examples.log" 2>&1 &&
  "$cmake" --build "$work/examples" >>"$work/examples.log" 2>&1 ||
  { cat "$work/examples.log"; fail "examples/ do not build against the shared library"; }
# ldd's output is taken whole first: `ldd | grep -q` under pipefail fails whenever grep exits
# early and ldd gets SIGPIPE.
libs=$(ldd "$work/examples/sans_io_memory")
grep -q 'libtlskit.so' <<<"$libs" || fail "sans_io_memory is not linked to libtlskit.so"
"$TLSKIT_SOURCE_DIR/scripts/gen-pki.sh" "$work/pki" >/dev/null
k=$work/pki/ecdsa-p256
out=$("$work/examples/sans_io_memory" "$k/server-chain.pem" "$k/server.key" "$k/root.pem") ||
  fail "sans_io_memory against libtlskit.so failed: $out"
printf '%s\n' "$out" | grep -qF 'client read: pong' || fail "sans_io_memory printed: $out"
echo "libtlskit.so exports $public tlskit symbols, none internal; examples run against it"
