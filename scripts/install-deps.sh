#!/usr/bin/env bash
# Installs the Debian 12 packages tlskit needs to build, test and demo, if any are missing.
set -euo pipefail
pkgs=(g++ cmake ninja-build make pkg-config libssl-dev openssl libgtest-dev libgmock-dev
      libbenchmark-dev nlohmann-json3-dev libcli11-dev clang libclang-rt-14-dev
      gnutls-bin ca-certificates curl python3 procps iproute2 libyaml-cpp-dev libhttp-parser-dev
      libhiredis-dev libasio-dev libnghttp2-dev zlib1g-dev libbrotli-dev libzstd-dev)
# iproute2: `ip link set lo up` in the private network namespace of tests/interop.
# libyaml-cpp-dev, libhttp-parser-dev: `tlskit exporter`'s configuration file and HTTP requests.
# libhiredis-dev: tlskit_redis, ticket keys and 0-RTT anti-replay shared by a fleet of servers
# through Redis (docs/redis.md); hiredis is the C client maintained with Redis itself, in Debian.
# libnghttp2-dev: HTTP/2 in `tlskit server --http` (nghttp2 is the HTTP/2 library curl uses).
# zlib1g-dev, libbrotli-dev, libzstd-dev: certificate compression (RFC 8879) with the three
# algorithms browsers and servers offer (zlib, brotli, zstd); private dependencies of libtlskit
# (src/compress/), found with pkg-config.
# libasio-dev: tlskit_asio, TLS streams for asio programs (docs/asio.md); standalone asio, header-only.
# --test adds what only the tests need: chromium (a browser peer for the post-quantum interop
# test), kept out of `make run`'s list so the front door stays quick.
# prometheus: promtool and a real Prometheus server for tests/exporter_live.
# sslscan: a scanner whose TLS 1.2 probes lack EMS (tests/debugger server_seen_by_sslscan).
# doxygen: `make docs` (the API reference; --docs, and part of --test since make test builds it).
# dpkg-dev, fakeroot: `make deb` (CPack's dpkg-shlibdeps) and its test.
# nginx-light, testssl.sh: a web server with HSTS and the second scanner `tlskit scan` is compared
# with (tests/scan_live, bench/scan_vs_testssl.sh).
# nghttp2-client: h2load, the HTTP/2 and HTTP/1.1 load client of tests/server and the server bench.
# redis-server: the real Redis that tests/redis starts on 127.0.0.1 (shared ticket keys, 0-RTT
# anti-replay across two server instances, Redis stopped mid-test).
if [ "${1:-}" = --test ]; then
  pkgs+=(chromium prometheus sslscan doxygen dpkg-dev fakeroot nginx-light testssl.sh
         redis-server nghttp2-client)
elif [ "${1:-}" = --docs ]; then
  pkgs=(doxygen)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
