#!/usr/bin/env bash
# A consumer's add_subdirectory(tlskit) build (tests/package/consumer): configures without
# GoogleTest, generates no tlskit tests or tools, builds and runs. It compiles the library once
# more (ccache makes that cheap when installed).
set -euo pipefail
# No optimisation (an empty CMAKE_BUILD_TYPE): what is checked here is the packaging, and an
# unoptimised build of the library takes a third less CPU in make test.
: "${TLSKIT_SOURCE_DIR:?}" "${TLSKIT_BINARY_DIR:?}" "${TLSKIT_VERSION:?}"
cmake=${CMAKE_COMMAND:-cmake}
work=$TLSKIT_BINARY_DIR/package-test/consumer
rm -rf "$work"
"$cmake" -S "$TLSKIT_SOURCE_DIR/tests/package/consumer" -B "$work" -G Ninja \
  -DCMAKE_BUILD_TYPE= -DTLSKIT_SOURCE_DIR="$TLSKIT_SOURCE_DIR" >"$work.configure.log" 2>&1 ||
  { cat "$work.configure.log"; echo "FAIL: the consumer project does not configure" >&2; exit 1; }
if grep -q 'add_test\|test_' "$work/tlskit/CTestTestfile.cmake" 2>/dev/null; then
  echo "FAIL: tlskit registered tests in the consumer's build" >&2
  exit 1
fi
"$cmake" --build "$work" --target consumer >"$work.build.log" 2>&1 ||
  { tail -50 "$work.build.log"; echo "FAIL: the consumer project does not build" >&2; exit 1; }
out=$("$work/consumer")
[ "$out" = "tlskit $TLSKIT_VERSION TLS_AES_128_GCM_SHA256" ] || { echo "FAIL: consumer printed '$out'" >&2; exit 1; }
echo "add_subdirectory(tlskit): configured without GoogleTest, no tlskit tests, built and ran: $out"
