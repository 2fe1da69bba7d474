#!/usr/bin/env bash
# The Debian package (`make deb`, CPack): built from this build tree, installed with
# `apt install ./tlskit_*.deb`, then the installed `tlskit --version` and a program compiled
# against the installed headers and library (pkg-config and find_package), then removed.
# Needs root (apt); exits 77 (skipped) otherwise.
set -euo pipefail
: "${TLSKIT_SOURCE_DIR:?}" "${TLSKIT_BINARY_DIR:?}" "${TLSKIT_VERSION:?}"
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: installing a .deb needs root (the tests run as root on CI)"
  exit 77
fi
if dpkg-query -W -f='${Status}' tlskit 2>/dev/null | grep -q 'install ok installed'; then
  echo "SKIP: a tlskit package is already installed on this machine; not touching it"
  exit 77
fi
cmake=${CMAKE_COMMAND:-cmake}
work=$TLSKIT_BINARY_DIR/package-test/deb
rm -rf "$work"
mkdir -p "$work"
(cd "$TLSKIT_BINARY_DIR" && cpack -G DEB -B "$work" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log"; echo "FAIL: cpack did not build the package" >&2; exit 1; }
deb=$(ls "$work"/tlskit_*.deb | head -1)
installed=0
cleanup() {
  if [ "$installed" = 1 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq tlskit >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" \
  >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt install $deb failed"; }
installed=1

version=$(/usr/bin/tlskit --version | head -1)
[ "$version" = "tlskit $TLSKIT_VERSION" ] || fail "installed tlskit --version: '$version'"

cat >"$work/hello.cpp" <<'CPP'
#include <cstdio>
#include <tlskit/tlskit.h>
int main() {
  std::printf("%s %s\n", tlskit::version(), TLSKIT_VERSION_STRING);
  return tlskit::make_pinned_verifier({}, nullptr).ok() ? 1 : 0;  // no pin: config_invalid
}
CPP
# shellcheck disable=SC2046
${CXX:-g++} -std=c++20 "$work/hello.cpp" $(pkg-config --cflags --libs tlskit) -o "$work/hello" ||
  fail "a program does not compile against the installed package (pkg-config)"
out=$("$work/hello") || fail "the program against the installed package failed"
[ "$out" = "$TLSKIT_VERSION $TLSKIT_VERSION" ] || fail "program printed '$out'"

mkdir -p "$work/cmake-consumer"
cat >"$work/cmake-consumer/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(hello LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(tlskit CONFIG REQUIRED)
add_executable(hello ../hello.cpp)
target_link_libraries(hello PRIVATE tlskit::tlskit)
CMAKE
"$cmake" -S "$work/cmake-consumer" -B "$work/cmake-consumer/build" >/dev/null &&
  "$cmake" --build "$work/cmake-consumer/build" >/dev/null ||
  fail "find_package(tlskit) against the installed package failed"
"$work/cmake-consumer/build/hello" >/dev/null || fail "the find_package program failed"

DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq tlskit >/dev/null 2>&1 || fail "apt remove tlskit"
installed=0
[ ! -e /usr/bin/tlskit ] || fail "/usr/bin/tlskit is still there after apt remove"
echo "$(basename "$deb"): apt install, /usr/bin/tlskit --version, pkg-config and find_package builds, apt remove"
