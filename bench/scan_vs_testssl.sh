#!/usr/bin/env bash
# `tlskit scan` against testssl.sh on the same loopback server, in the same run (docs/testing.md).
#
#  1. One nginx (Debian's nginx-light; TLS 1.2 + 1.3, HSTS) on a free 127.0.0.1 port with a fresh
#     PKI: a full `tlskit scan` and a default `testssl` run, alternated ROUNDS times; medians and
#     the ratio (target: tlskit at most 1/20 of testssl.sh's time).
#  2. 100 targets with --parallel 16 (N_SERVERS nginx-served ports, each listed 100/N times under
#     distinct names) against the median time of one target: the ideal is 100/16 = 6.25 times.
#
# Usage: bench/scan_vs_testssl.sh [TLSKIT_BINARY] [ROUNDS]   (defaults: build/tlskit, 3)
# NO_TESTSSL=1 skips testssl.sh (tlskit's own times only); N_SERVERS (default 10) ports;
# NGINX_WORKERS (default 2) worker processes: on loopback the server's CPU, not the scanner,
# bounds the 100-target figure (docs/testing.md).
# Needs openssl, nginx, testssl (Debian package testssl.sh), python3. Every server is stopped by
# its PID on exit; every run is bounded by `timeout`.
set -euo pipefail
tlskit=$(realpath "${1:-build/tlskit}")
rounds=${2:-3}
n_servers=${N_SERVERS:-10}
testssl=$(command -v testssl || command -v testssl.sh || true)
for tool in openssl nginx python3; do
  command -v "$tool" >/dev/null || { echo "scan_vs_testssl: $tool is not installed" >&2; exit 77; }
done
no_testssl=${NO_TESTSSL:-0}
workers=${NGINX_WORKERS:-2}
if [ "$no_testssl" != 1 ] && [ -z "$testssl" ]; then
  echo "scan_vs_testssl: testssl.sh is not installed (scripts/install-deps.sh --test)" >&2
  exit 77
fi
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

cd "$work"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout root.key -out root.pem \
  -subj "/CN=bench root" -days 30 -addext "basicConstraints=critical,CA:true" \
  -addext "keyUsage=critical,keyCertSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.csr \
  -subj "/CN=localhost" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > leaf.ext
openssl x509 -req -in leaf.csr -CA root.pem -CAkey root.key -CAcreateserial -days 30 -out leaf.pem \
  -extfile leaf.ext 2>/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
mkdir -p tmp
ports=()
servers=""
for i in $(seq 1 "$n_servers"); do
  port=$(free_port)
  ports+=("$port")
  servers+="server { listen 127.0.0.1:$port ssl; server_name localhost;
    ssl_certificate $work/leaf.pem; ssl_certificate_key $work/leaf.key; ssl_protocols TLSv1.2 TLSv1.3;
    add_header Strict-Transport-Security \"max-age=31536000\" always; location / { return 200 \"ok\\n\"; } }
"
done
cat > nginx.conf <<CONF
daemon off; master_process on; worker_processes $workers; pid $work/nginx.pid; error_log $work/error.log;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path $work/tmp; proxy_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
$servers}
CONF
nginx -p "$work" -c "$work/nginx.conf" &
pids+=($!)
for _ in $(seq 1 100); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', ${ports[0]}), 0.2)" 2>/dev/null && break
  sleep 0.1
done

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
target="127.0.0.1:${ports[0]}"
: > scan.times
: > testssl.times
for r in $(seq 1 "$rounds"); do
  t0=$(now)
  timeout 300 "$tlskit" scan "$target" --servername localhost --CAfile root.pem --json --no-progress > scan.json || true
  t1=$(now)
  if [ "$no_testssl" != 1 ]; then
    timeout 600 "$testssl" --quiet --color 0 --warnings off --jsonfile "testssl.$r.json" "$target" > /dev/null 2>&1 || true
  fi
  t2=$(now)
  echo "$t1 - $t0" | bc -l >> scan.times
  echo "$t2 - $t1" | bc -l >> testssl.times
  echo "round $r: tlskit scan $(tail -1 scan.times) s, testssl.sh $(tail -1 testssl.times) s" >&2
done
scan_med=$(median < scan.times)
testssl_med=$(median < testssl.times)
python3 - "$scan_med" "$testssl_med" "$rounds" <<'PY'
import sys
s, t, n = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
if t > 0.5:
    print("full scan, one loopback nginx, %s rounds: tlskit scan median %.2f s, testssl.sh median %.2f s, "
          "ratio 1/%.1f (target: 1/20 or better)" % (n, s, t, t / s))
else:
    print("full scan, one loopback nginx, %s rounds: tlskit scan median %.2f s (testssl.sh skipped)" % (n, s))
PY
python3 - scan.json <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["targets"][0]
print("  tlskit: %d connections, grade %s, %d suites, %d findings, %d clients" % (
    t["connections"], t["grade"]["letter"], sum(len(v) for v in t["cipher_suites"].values()),
    len(t["findings"]), len(t["clients"])))
PY

# 100 targets, --parallel 16.
: > targets.txt
for i in $(seq 0 99); do
  echo "127.0.0.1:${ports[$((i % n_servers))]}" >> targets.txt
done
: > many.times
for r in $(seq 1 "$rounds"); do
  t0=$(now)
  timeout 900 "$tlskit" scan --targets targets.txt --parallel 16 --servername localhost --CAfile root.pem \
    --json --no-progress > many.json || true
  t1=$(now)
  ps -o cputime= -C nginx | awk -F: '{s += $1 * 3600 + $2 * 60 + $3} END {print s}' > nginx.cpu
  echo "$t1 - $t0" | bc -l >> many.times
done
many_med=$(median < many.times)
python3 - "$many_med" "$scan_med" "$rounds" many.json <<'PY'
import json, sys
m, one, n = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
doc = json.load(open(sys.argv[4]))
errors = sum(1 for t in doc["targets"] if t["error"])
print("100 targets (%d ports), --parallel 16, %s rounds: median %.2f s = %.2f x one target (ideal 100/16 = 6.25); "
      "%d target errors" % (len(set(t["port"] for t in doc["targets"])), n, m, m / one, errors))
PY
echo "  nginx ($workers workers) CPU time after all runs: $(cat nginx.cpu) s (on a 2-core machine the server's CPU bounds the 100-target time)"
