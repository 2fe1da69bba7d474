#!/usr/bin/env bash
# Every installed public header compiles alone with only the installed include folder and the
# C++ standard library (no src/, no OpenSSL headers, nothing else on the include path).
set -euo pipefail
: "${TLSKIT_PREFIX:?}"
cxx=${CXX:-g++}
n=0
failed=0
for h in "$TLSKIT_PREFIX"/include/tlskit/*.h; do
  name=tlskit/$(basename "$h")
  if ! printf '#include <%s>\n' "$name" |
       "$cxx" -std=c++20 -Wall -Wextra -Werror -fsyntax-only -I "$TLSKIT_PREFIX/include" -x c++ -; then
    echo "FAIL: <$name> does not compile alone" >&2
    failed=1
  fi
  n=$((n + 1))
done
[ "$n" -gt 0 ] || { echo "FAIL: no public header installed" >&2; exit 1; }
[ "$failed" -eq 0 ] || exit 1
echo "$n public headers compile alone against $TLSKIT_PREFIX/include"
