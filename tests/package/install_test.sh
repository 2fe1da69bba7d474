#!/usr/bin/env bash
# cmake --install into $TLSKIT_PREFIX (emptied first), then checks what a consumer needs is there.
set -euo pipefail
: "${TLSKIT_BINARY_DIR:?}" "${TLSKIT_PREFIX:?}"
cmake=${CMAKE_COMMAND:-cmake}
rm -rf "$TLSKIT_PREFIX"
"$cmake" --install "$TLSKIT_BINARY_DIR" --prefix "$TLSKIT_PREFIX" >/dev/null
libdir=$(cd "$TLSKIT_PREFIX" && ls -d lib*/ | head -1)
for f in include/tlskit/tlskit.h include/tlskit/version.h "${libdir}libtlskit.a" \
         "${libdir}cmake/tlskit/tlskitConfig.cmake" "${libdir}cmake/tlskit/tlskitConfigVersion.cmake" \
         "${libdir}cmake/tlskit/tlskitTargets.cmake" "${libdir}pkgconfig/tlskit.pc" bin/tlskit; do
  if [ ! -e "$TLSKIT_PREFIX/$f" ]; then
    echo "FAIL: cmake --install did not install $f" >&2
    exit 1
  fi
done
# Nothing from src/ and no test or fuzz binaries in the install tree.
if find "$TLSKIT_PREFIX" -name 'test_*' -o -name 'fuzz_*' | grep -q .; then
  echo "FAIL: test or fuzz binaries installed" >&2
  exit 1
fi
if grep -rl '#include "\(base\|crypto\|wire\|session\|handshake\|record\|x509\|codec\)/' \
     "$TLSKIT_PREFIX/include"; then
  echo "FAIL: installed public headers include internal headers (above)" >&2
  exit 1
fi
version=$("$TLSKIT_PREFIX/bin/tlskit" --version | head -1)
if [ "$version" != "tlskit ${TLSKIT_VERSION}" ]; then
  echo "FAIL: installed tlskit --version says '$version', expected 'tlskit ${TLSKIT_VERSION}'" >&2
  exit 1
fi
echo "installed into $TLSKIT_PREFIX: headers, ${libdir}libtlskit.a, CMake package, tlskit.pc, bin/tlskit ($version)"
