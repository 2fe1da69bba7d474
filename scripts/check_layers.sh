#!/usr/bin/env bash
# Enforces two architecture rules: only src/crypto/openssl/ includes OpenSSL headers, and
# nothing links libssl except bench/ (and tests that drive openssl as a peer binary).
set -euo pipefail
cd "$(dirname "$0")/.."
bad=$(grep -rlE '#include *<openssl/' src include tools | grep -v '^src/crypto/openssl/' || true)
if [ -n "$bad" ]; then
  echo "check_layers: OpenSSL headers included outside src/crypto/openssl/:"; echo "$bad"; exit 1
fi
if grep -rE 'OpenSSL::SSL' CMakeLists.txt tests tools src 2>/dev/null | grep -v '^bench/'; then
  echo "check_layers: libssl linked outside bench/"; exit 1
fi
echo "check_layers: ok"
