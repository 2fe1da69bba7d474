#!/usr/bin/env bash
# Enforces the architecture rules: only src/crypto/openssl/ includes OpenSSL headers; nothing
# links libssl except bench/ (and tests that drive openssl as a peer binary); only
# src/compress/ includes the compression libraries (zlib, brotli, zstd), it includes nothing of
# src/ but base/ (and itself), and of src/ only handshake/ includes it (RFC 8879 certificate
# compression; tests and fuzz targets may too).
set -euo pipefail
cd "$(dirname "$0")/.."
bad=$(grep -rlE '#include *<openssl/' src include tools | grep -v '^src/crypto/openssl/' || true)
if [ -n "$bad" ]; then
  echo "check_layers: OpenSSL headers included outside src/crypto/openssl/:"; echo "$bad"; exit 1
fi
if grep -rE 'OpenSSL::SSL' CMakeLists.txt tests tools src 2>/dev/null | grep -v '^bench/'; then
  echo "check_layers: libssl linked outside bench/"; exit 1
fi
bad=$(grep -rlE '#include *<(zlib\.h|zstd\.h|zstd_errors\.h|brotli/)' src include tools |
      grep -v '^src/compress/' || true)
if [ -n "$bad" ]; then
  echo "check_layers: compression library headers included outside src/compress/:"; echo "$bad"; exit 1
fi
bad=$(grep -rhoE '#include *"[a-z_0-9]+/' src/compress | grep -vE '"(base|compress|tlskit)/' || true)
if [ -n "$bad" ]; then
  echo "check_layers: src/compress/ may include only base/, compress/ and the public tlskit/:"; echo "$bad"; exit 1
fi
bad=$(grep -rlE '#include *"compress/' src | grep -vE '^src/(compress|handshake)/' || true)
if [ -n "$bad" ]; then
  echo "check_layers: only src/handshake/ may include compress/:"; echo "$bad"; exit 1
fi
# The crypto layer names no TLS alert (it does not know the protocol context): its errors carry
# Alert::none, and a connection's fatal error gets its alert in one place (base/default_alert.h,
# used by ConnectionImpl::fail) unless the handshake chose one.
bad=$(grep -rnE 'Alert::[a-z_]+' src/crypto | grep -v 'Alert::none' || true)
if [ -n "$bad" ]; then
  echo "check_layers: src/crypto/ names a TLS alert (errors there carry Alert::none):"; echo "$bad"; exit 1
fi
echo "check_layers: ok"
