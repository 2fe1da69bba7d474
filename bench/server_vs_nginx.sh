#!/usr/bin/env bash
# `tlskit server` measured from outside, next to nginx and `openssl s_server`, in one run: the
# server row of `make bench` (docs/testing.md, "Benchmark").
#
# What and why. The in-process benchmark (bench/tlskit_bench) times the TLS engine alone; this
# script times the whole server (accept, threads, sockets, HTTP) the way a client sees it, against
# the servers people would otherwise deploy, on the same machine, in the same minute, so that
# the noise of a shared machine falls on both sides of each ratio.
#
#  1. New TLS 1.3 connections per second, tlskit vs nginx (Debian nginx-light, worker_processes
#     = --workers, same ECDSA P-256 leaf + intermediate, TLS 1.3 only, no session cache, no
#     tickets, `return 200 "hello\n"`). Load: h2load, 1,000 connections at a time (-c), ONE
#     request per connection. HTTP/1.1 (default): one h2load run of -n N with the request header
#     `Connection: close`; both servers then close after the response and h2load 1.52 opens a new
#     connection for the client's next request (it has no reconnect-per-request option). HTTP/2
#     (--proto h2): a run is N/C h2load invocations with -n == -c (each client: one connection,
#     one request). conn/s = successful requests (= connections) / h2load's wall time. Each run
#     is checked: "TLS Protocol: TLSv1.3" only, and the kernel's TCP PassiveOpens counter grew by
#     at least the number of requests (so no connection carried two requests; the counter is
#     system-wide, so it is only a lower bound). Target: tlskit >= 1.5x nginx.
#     The servers' CPU time during these runs (utime+stime from /proc, summed over the server's
#     process group: nginx master + workers; all threads) per connection is shown as information.
#  2. Server CPU per new connection under `openssl s_time -new -tls1_3` (one connection at a time,
#     handshake only: no request), tlskit vs `openssl s_server -tls1_3 -no_ticket` (nginx shown as
#     information, not in --quick). Target: tlskit <= 0.5x s_server.
#  3. tlskit's CPU per connection with --threads 2 vs --threads 1 under the load of 1 (does the
#     second thread cost more than it brings?). Target: <= 1.10. Skipped (with a message) when
#     `tlskit server --help` has no --threads.
# Every figure is a median of R runs; the servers alternate within a round and the order is
# swapped every round (A B, B A, ...). The h2load client runs on the same 2 cores as the server,
# so conn/s is a ratio between servers, not an absolute capacity.
#
# Reading the output: the table gives medians (with the min-max spread of the runs) and each
# ratio with its target and MET / MISSED. The last line is one JSON object (for the Makefile and
# scripts). Exit 0 whether targets are met or not (this is a measurement, not a test); 2 on a
# broken setup (a tool missing, a server that does not start, a run that does not negotiate TLS
# 1.3 or reuses connections); 3 when the global timeout cut the run short.
#
# Usage: bench/server_vs_nginx.sh --tlskit PATH [--pki DIR] [--quick] [--runs R]
#          [--connections N] [--concurrency C] [--proto h1|h2] [--stime-seconds T]
#          [--workers W] [--timeout S] [--keep]
#   --tlskit PATH       the tlskit binary (required)
#   --pki DIR           a PKI made by scripts/gen-pki.sh (default: a fresh one in the temp dir)
#   --quick             R=3, N=1000, T=1, no nginx under s_time, timeout 40 s (about 30 s)
#   --runs R            runs per server and measure (default 5)
#   --connections N     connections per h2load run (default 3000; with h2 rounded up to a
#                       multiple of C)
#   --concurrency C     connections at a time (default 1000)
#   --proto h1|h2       protocol for h2load, one both servers speak (default h1)
#   --stime-seconds T   length of one s_time run (default 3)
#   --workers W         nginx worker_processes and tlskit --threads in measure 1 (default 2)
#   --timeout S         global time limit in seconds (default 180)
#   --keep              keep the temp dir (configs, logs, raw h2load / s_time outputs)
# Needs: nginx, h2load (nghttp2-client), openssl, ss (iproute2), timeout (coreutils).
# Everything listens on 127.0.0.1 on free random ports below the ephemeral range; every server
# is started in its own process group and stopped by its PID (the group) on exit.
set -euo pipefail

prog=server_vs_nginx
die() { echo "$prog: $*" >&2; exit 2; }

# ---- arguments -----------------------------------------------------------------------------
tlskit="" pki="" quick=0 runs="" conns="" conc=1000 proto=h1 stime_s="" workers=2 gtimeout=""
h2threads=$(nproc)
keep=0
while [ $# -gt 0 ]; do
  case $1 in
    --tlskit) tlskit=${2:?}; shift 2 ;;
    --pki) pki=${2:?}; shift 2 ;;
    --quick) quick=1; shift ;;
    --runs) runs=${2:?}; shift 2 ;;
    --connections) conns=${2:?}; shift 2 ;;
    --concurrency) conc=${2:?}; shift 2 ;;
    --proto) proto=${2:?}; shift 2 ;;
    --stime-seconds) stime_s=${2:?}; shift 2 ;;
    --workers) workers=${2:?}; shift 2 ;;
    --h2load-threads) h2threads=${2:?}; shift 2 ;;
    --timeout) gtimeout=${2:?}; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
if [ "$quick" = 1 ]; then
  : "${runs:=3}" "${conns:=1000}" "${stime_s:=1}" "${gtimeout:=40}"
else
  : "${runs:=5}" "${conns:=3000}" "${stime_s:=3}" "${gtimeout:=180}"
fi
for v in runs conns conc stime_s workers gtimeout h2threads; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "--${v} must be a positive integer (got '${!v}')"
done
[ "$proto" = h1 ] || [ "$proto" = h2 ] || die "--proto must be h1 or h2"
[ -n "$tlskit" ] || die "--tlskit PATH is required (see --help)"
[ -x "$tlskit" ] || die "$tlskit is not an executable"
tlskit=$(realpath "$tlskit")
[ "$proto" = h2 ] && conns=$(( (conns + conc - 1) / conc * conc ))
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

for tool in nginx h2load openssl ss timeout realpath; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || die "$tool is not installed"
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

start_time=$(date +%s)
deadline=$(( start_time + gtimeout ))
timed_out=0

# Seconds left before the global deadline (>= 0).
remaining() { local r=$(( deadline - $(date +%s) )); [ $r -gt 0 ] && echo $r || echo 0; }

# Runs "$@" bounded by min(bound, time left); returns 124 on timeout and marks the run cut short.
bounded() {
  local bound=$1; shift
  local left; left=$(remaining)
  [ "$left" -lt "$bound" ] && bound=$left
  if [ "$bound" -le 0 ]; then timed_out=1; return 124; fi
  local rc=0
  timeout -k 2 "$bound" "$@" || rc=$?
  if [ $rc = 124 ] || [ $rc = 137 ]; then timed_out=1; fi
  return $rc
}

# ---- limits, temp dir, cleanup ----------------------------------------------------------------
hard=$(ulimit -Hn)
ulimit -n "$hard" 2>/dev/null || true
nofile=$(ulimit -n)
if [ "$nofile" != unlimited ] && [ "$nofile" -lt $(( conc + 200 )) ]; then
  die "open files limit is $nofile (hard $hard): $conc connections need at least $(( conc + 200 ))"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/server_vs_nginx.XXXXXX")
groups_started=()   # process-group leaders (= PIDs) of everything we started

stop_group() {
  local pid=$1 i
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 30); do   # up to 3 s
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local p
  for p in "${groups_started[@]}"; do stop_group "$p"; done
  if [ "$keep" = 1 ]; then echo "$prog: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- helpers ----------------------------------------------------------------------------------
# free_port VAR: sets VAR to a free TCP port on 127.0.0.1, below the ephemeral range (so no
# client socket takes it), not handed out before in this run.
used_ports=" "
free_port() {
  local var=$1 lo hi p i
  read -r lo hi < /proc/sys/net/ipv4/ip_local_port_range
  hi=$(( lo - 1 )); lo=10000
  [ $hi -gt $(( lo + 1000 )) ] || { lo=1025; }
  for i in $(seq 1 200); do
    p=$(( lo + (RANDOM * 32768 + RANDOM) % (hi - lo) ))
    case $used_ports in *" $p "*) continue ;; esac
    if [ -z "$(ss -Htan "( sport = :$p or dport = :$p )" 2>/dev/null)" ]; then
      used_ports+="$p "
      printf -v "$var" '%s' "$p"; return 0
    fi
  done
  die "no free port found"
}

# Starts "$@" in a new process group (setsid), output to $work/$name.log; sets $started_pid.
start_server() {
  local name=$1; shift
  setsid "$@" >"$work/$name.log" 2>&1 </dev/null &
  started_pid=$!
  groups_started+=("$started_pid")
}

# Waits (at most 10 s) until $pid listens on 127.0.0.1:$port; dies with the log otherwise.
wait_listening() {
  local name=$1 pid=$2 port=$3 i
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    if [ -n "$(ss -Htln "( sport = :$port )" 2>/dev/null)" ]; then return 0; fi
    sleep 0.1
  done
  echo "$prog: $name did not start on 127.0.0.1:$port; its output:" >&2
  tail -n 20 "$work/$name.log" >&2 || true
  [ -f "$work/nginx/logs/error.log" ] && [ "$name" = nginx ] && tail -n 20 "$work/nginx/logs/error.log" >&2
  exit 2
}

# CPU time of process group $1 (all threads of its live processes), in 1/clk_tck seconds.
# Nanoseconds from the scheduler (/proc/PID/task/TID/schedstat: time on a CPU) where the
# kernel has it: clock ticks (10 ms) would be 10 us per connection over 1,000 connections,
# too coarse for the threads row; utime+stime ticks otherwise. The servers' threads live
# through a run, so none of their time leaves with an exited thread.
if [ -r "/proc/$$/task/$$/schedstat" ]; then
  clk_tck=1000000000 cpu_source=schedstat
else
  clk_tck=$(getconf CLK_TCK) cpu_source=ticks
fi
group_cpu() {
  local pgid=$1 f rest total=0 t run
  local -a a
  for f in /proc/[0-9]*/stat; do
    { read -r rest <"$f"; } 2>/dev/null || continue
    rest=${rest##*) }          # drop "pid (comm) "; comm may hold spaces and parens
    read -r -a a <<<"$rest"    # a[0]=state a[1]=ppid a[2]=pgrp ... a[11]=utime a[12]=stime
    [ "${a[2]:-}" = "$pgid" ] || continue
    if [ "$cpu_source" = ticks ]; then
      total=$(( total + a[11] + a[12] ))
      continue
    fi
    for t in "${f%/stat}"/task/*/schedstat; do
      { read -r run _ <"$t"; } 2>/dev/null && total=$(( total + run ))
    done
  done
  echo "$total"
}

# CPU seconds (user+sys) of this shell's waited-for children and their descendants (h2load).
children_cpu() {
  times >"$work/times"   # in this shell: a $(...) subshell would report its own (zero) times
  awk 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); sub(/s$/, "", p[2])
    s += p[1] * 60 + p[2] }; printf "%.3f\n", s }' "$work/times"
}

passive_opens() {
  awk '/^Tcp:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "PassiveOpens") c = i; h = 1 }
                 else { print $c; exit } }' /proc/net/snmp
}

median() { tr ' ' '\n' | awk NF | sort -g | awk '{ v[NR] = $1 } END {
  if (NR == 0) { print "nan"; exit }
  if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minmax() { tr ' ' '\n' | awk NF | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 }
  END { if (NR) printf "%.4g-%.4g", lo, hi; else print "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan" || b + 0 == 0) print "nan";
  else printf "%.3f\n", a / b }'; }
verdict() { # value op target
  awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { if (v == "nan") { print "n/a"; exit }
    ok = (op == ">=") ? (v + 0 >= t + 0) : (v + 0 <= t + 0); print ok ? "MET" : "MISSED" }'; }

# ---- probe tlskit ------------------------------------------------------------------------------
help=$("$tlskit" server --help 2>&1) || die "$tlskit server --help failed: $help"
has() { grep -q -- "$1" <<<"$help"; }
has_threads=0; has '--threads' && has_threads=1
tk_common=(--http --quiet --bind 127.0.0.1)
has '--no-tickets' && tk_common+=(--no-tickets) || tk_common+=(--tickets 0)
has '--tls1_3' && tk_common+=(--tls1_3)
has '--max-concurrent' && tk_common+=(--max-concurrent 1024)
if has '--alpn'; then
  [ "$proto" = h2 ] && tk_common+=(--alpn h2) || tk_common+=(--alpn http/1.1)
fi

nginx_version=$("$nginx_bin" -v 2>&1 | sed 's/.*nginx\///')
nginx_http2=""
# `listen ... http2` (the `http2` directive came with 1.25.1; 1.22 has the listen parameter).
if "$nginx_bin" -V 2>&1 | grep -q -- --with-http_v2_module; then nginx_http2=" http2"; fi
[ "$proto" = h2 ] && [ -z "$nginx_http2" ] && die "this nginx has no HTTP/2 (--with-http_v2_module)"

# ---- PKI ---------------------------------------------------------------------------------------
if [ -z "$pki" ]; then pki=$work/pki; fi
"$root/scripts/gen-pki.sh" "$pki" >/dev/null || die "scripts/gen-pki.sh $pki failed"
pki=$(realpath "$pki")
chain=$pki/ecdsa-p256/server-chain.pem
leaf=$pki/ecdsa-p256/server.pem
inter=$pki/ecdsa-p256/int.pem
key=$pki/ecdsa-p256/server.key
for f in "$chain" "$leaf" "$inter" "$key"; do [ -s "$f" ] || die "missing $f"; done

# ---- servers -----------------------------------------------------------------------------------
start_nginx() {
  local port=$1 d=$work/nginx
  mkdir -p "$d/logs" "$d/tmp"
  cat >"$d/nginx.conf" <<EOF
# generated by bench/server_vs_nginx.sh
daemon off;
master_process on;
worker_processes $workers;
pid $d/nginx.pid;
error_log $d/logs/error.log warn;
worker_rlimit_nofile $(( conc * 2 + 100 ));
events { worker_connections $(( conc * 2 + 100 )); }
http {
  access_log off;
  client_body_temp_path $d/tmp/body;
  proxy_temp_path $d/tmp/proxy;
  fastcgi_temp_path $d/tmp/fastcgi;
  uwsgi_temp_path $d/tmp/uwsgi;
  scgi_temp_path $d/tmp/scgi;
  server {
    # backlog: nginx's default (511) would drop SYNs of a 1,000-connection burst.
    listen 127.0.0.1:$port ssl$nginx_http2 backlog=4096;
    ssl_certificate $chain;
    ssl_certificate_key $key;
    ssl_protocols TLSv1.3;
    ssl_session_tickets off;
    ssl_session_cache off;
    location / { return 200 "hello\n"; }
  }
}
EOF
  "$nginx_bin" -t -p "$d" -c "$d/nginx.conf" -e "$d/logs/error.log" >"$work/nginx-t.log" 2>&1 ||
    { cat "$work/nginx-t.log" >&2; die "nginx rejected its configuration"; }
  start_server nginx "$nginx_bin" -p "$d" -c "$d/nginx.conf" -e "$d/logs/error.log"
  wait_listening nginx "$started_pid" "$port"
}

# start_tlskit NAME PORT [extra args]
start_tlskit() {
  local name=$1 port=$2; shift 2
  start_server "$name" "$tlskit" server --cert "$chain" --key "$key" --port "$port" \
    "${tk_common[@]}" "$@"
  wait_listening "$name" "$started_pid" "$port"
}

start_s_server() {
  local port=$1
  start_server s_server openssl s_server -accept "127.0.0.1:$port" -www -tls1_3 -no_ticket \
    -cert "$leaf" -cert_chain "$inter" -key "$key" -quiet
  wait_listening s_server "$started_pid" "$port"
}

# ---- one h2load run ----------------------------------------------------------------------------
# h2load_run NAME PGID PORT N -> appends "conn_per_s cpu_us_per_conn" to $work/m1.NAME; dies on a
# broken run. Raw output in $work/h2load.NAME.K.
h2load_run() {
  local name=$1 pgid=$2 port=$3 n=$4
  local k=$(( $(ls "$work"/h2load."$name".* 2>/dev/null | wc -l) + 1 ))
  local out=$work/h2load.$name.$k
  local -a args=(-c "$conc" -m 1 -t "$h2threads")
  [ "$proto" = h1 ] && args+=(--h1) || args+=(--npn-list h2)
  local batches=1 per=$n
  if [ "$proto" = h1 ]; then args+=(-H 'Connection: close'); else batches=$(( n / conc )); per=$conc; fi
  local po0 po1 cpu0 cpu1 cl0 cl1 b secs=0 ok=0 rc
  : >"$out"
  children_cpu >"$work/cl0"; po0=$(passive_opens); cpu0=$(group_cpu "$pgid")
  for ((b = 0; b < batches; b++)); do
    rc=0
    bounded 60 h2load "${args[@]}" -n "$per" "https://127.0.0.1:$port/" >>"$out" 2>&1 || rc=$?
    [ $rc = 124 ] || [ $rc = 137 ] && return 1
    [ $rc = 0 ] || die "h2load against $name exited $rc (see --keep: $out)"
  done
  children_cpu >"$work/cl1"; cl0=$(cat "$work/cl0"); cl1=$(cat "$work/cl1")
  sleep 0.2   # let the server finish closing
  cpu1=$(group_cpu "$pgid"); po1=$(passive_opens)
  grep -q '^TLS Protocol: TLSv1.3' "$out" || die "$name: h2load saw no TLS 1.3 connection ($out)"
  if grep '^TLS Protocol:' "$out" | grep -vq 'TLSv1.3'; then die "$name: a connection was not TLS 1.3"; fi
  secs=$(awk '/^finished in/ { t = $3; sub(/,$/, "", t); m = 1
            if (t ~ /us$/) { m = 1e-6; sub(/us$/, "", t) } else if (t ~ /ms$/) { m = 1e-3; sub(/ms$/, "", t) }
            else sub(/s$/, "", t); s += t * m } END { printf "%.6f\n", s }' "$out")
  ok=$(awk '/^requests:/ { for (i = 1; i < NF; i++) if ($(i + 1) ~ /^succeeded/) s += $i } END { print s + 0 }' "$out")
  local failed; failed=$(awk '/^requests:/ { for (i = 1; i < NF; i++) if ($(i + 1) ~ /^(failed|errored|timeout)/) f += $i } END { print f + 0 }' "$out")
  [ "$ok" -gt 0 ] || die "$name: no request succeeded ($out)"
  if [ $(( po1 - po0 )) -lt "$ok" ]; then
    die "$name: $ok requests but only $(( po1 - po0 )) new TCP connections: h2load reused connections"
  fi
  [ "$failed" = 0 ] || echo "$prog: note: $name run $k: $failed requests failed/errored/timed out" >&2
  echo "$(awk -v c="$ok" -v s="$secs" 'BEGIN { printf "%.1f", c / s }') \
$(awk -v d=$(( cpu1 - cpu0 )) -v c="$ok" -v t="$clk_tck" 'BEGIN { printf "%.1f", d / t / c * 1e6 }') \
$(awk -v a="$cl0" -v b="$cl1" -v c="$ok" 'BEGIN { printf "%.1f", (b - a) / c * 1e6 }')" \
    >>"$work/m1.$name"
}

# ---- one s_time run ----------------------------------------------------------------------------
# stime_run NAME PGID PORT -> appends "cpu_us_per_conn connections" to $work/m2.NAME
stime_run() {
  local name=$1 pgid=$2 port=$3 out cpu0 cpu1 n rc=0
  out=$work/s_time.$name.$(( $(ls "$work"/s_time."$name".* 2>/dev/null | wc -l) + 1 ))
  cpu0=$(group_cpu "$pgid")
  bounded $(( stime_s + 15 )) openssl s_time -new -tls1_3 -connect "127.0.0.1:$port" \
    -time "$stime_s" >"$out" 2>&1 || rc=$?
  [ $rc = 124 ] || [ $rc = 137 ] && return 1
  sleep 0.1
  cpu1=$(group_cpu "$pgid")
  [ $rc = 0 ] || die "s_time against $name exited $rc ($out)"
  n=$(awk '/connections in .* real seconds/ { print $1; exit }' "$out")
  [ -n "$n" ] && [ "$n" -gt 0 ] || die "s_time against $name made no connection ($out)"
  echo "$(awk -v d=$(( cpu1 - cpu0 )) -v c="$n" -v t="$clk_tck" 'BEGIN { printf "%.1f", d / t / c * 1e6 }') $n" \
    >>"$work/m2.$name"
}

col() { [ -f "$1" ] && awk -v c="$2" '{ printf "%s ", $c }' "$1" || true; }

# ---- run ---------------------------------------------------------------------------------------
p_nginx="" p_tk="" p_ss="" p_t1="" p_t2=""
threads_note="no --threads (one thread per connection)"
tk_m1_args=()
if [ "$has_threads" = 1 ]; then tk_m1_args=(--threads "$workers"); threads_note="--threads $workers"; fi
echo "$prog: tlskit $tlskit ($threads_note); nginx $nginx_version (worker_processes $workers);"
echo "$prog: $([ "$proto" = h1 ] && echo HTTP/1.1 || echo HTTP/2), $runs runs, $conns connections per run, $conc at a time; s_time ${stime_s}s runs; timeout ${gtimeout}s"

free_port p_nginx; start_nginx "$p_nginx"; pg_nginx=$started_pid
free_port p_tk; start_tlskit tlskit "$p_tk" "${tk_m1_args[@]}"; pg_tk=$started_pid

# Warm-up: one small run each (not counted).
for s in tlskit nginx; do
  pv=p_${s/tlskit/tk}; rc=0
  if [ "$proto" = h1 ]; then wargs=(--h1); else wargs=(--npn-list h2); fi
  bounded 30 h2load -c "$conc" -n "$conc" -m 1 -t "$h2threads" "${wargs[@]}" \
    "https://127.0.0.1:${!pv}/" >"$work/warmup.$s" 2>&1 || rc=$?
  [ $rc = 0 ] || { [ "$timed_out" = 1 ] && break; die "warm-up h2load against $s exited $rc: $(tail -n 3 "$work/warmup.$s")"; }
done

# Measure 1: conn/s, tlskit vs nginx.
for ((r = 0; r < runs && timed_out == 0; r++)); do
  if (( r % 2 == 0 )); then order=(tlskit nginx); else order=(nginx tlskit); fi
  for s in "${order[@]}"; do
    if [ "$s" = tlskit ]; then h2load_run tlskit "$pg_tk" "$p_tk" "$conns" || break
    else h2load_run nginx "$pg_nginx" "$p_nginx" "$conns" || break; fi
  done
done
echo "$prog: measure 1 done ($(( $(date +%s) - start_time )) s)" >&2

# Measure 2: CPU per connection under s_time, tlskit vs s_server (+ nginx for information).
if [ "$timed_out" = 0 ]; then
  free_port p_ss; start_s_server "$p_ss"; pg_ss=$started_pid
  m2_servers=(tlskit s_server); [ "$quick" = 1 ] || m2_servers+=(nginx)
  for ((r = 0; r < runs && timed_out == 0; r++)); do
    order=("${m2_servers[@]}")
    if (( r % 2 == 1 )); then order=(); for ((i = ${#m2_servers[@]} - 1; i >= 0; i--)); do order+=("${m2_servers[i]}"); done; fi
    for s in "${order[@]}"; do
      case $s in
        tlskit) stime_run tlskit "$pg_tk" "$p_tk" || break ;;
        s_server) stime_run s_server "$pg_ss" "$p_ss" || break ;;
        nginx) stime_run nginx "$pg_nginx" "$p_nginx" || break ;;
      esac
    done
  done
  echo "$prog: measure 2 done ($(( $(date +%s) - start_time )) s)" >&2
fi

# Measure 3: --threads 2 vs --threads 1 under h2load.
m3_note=""
if [ "$has_threads" = 0 ]; then
  m3_note="skipped: $(basename "$tlskit") server has no --threads"
  echo "$prog: measure 3 $m3_note" >&2
elif [ "$timed_out" = 1 ]; then
  m3_note="not run: the global timeout came first"
else
  stop_group "$pg_nginx"
  free_port p_t1; start_tlskit tlskit-t1 "$p_t1" --threads 1; pg_t1=$started_pid
  free_port p_t2; start_tlskit tlskit-t2 "$p_t2" --threads 2; pg_t2=$started_pid
  for ((r = 0; r < runs && timed_out == 0; r++)); do
    if (( r % 2 == 0 )); then order=(t1 t2); else order=(t2 t1); fi
    for s in "${order[@]}"; do
      pv=p_$s; gv=pg_$s
      h2load_run "tlskit-$s" "${!gv}" "${!pv}" "$conns" || break
    done
  done
  echo "$prog: measure 3 done ($(( $(date +%s) - start_time )) s)" >&2
fi

# ---- report ------------------------------------------------------------------------------------
cps_tk=$(col "$work/m1.tlskit" 1 | median); cps_ng=$(col "$work/m1.nginx" 1 | median)
cpu1_tk=$(col "$work/m1.tlskit" 2 | median); cpu1_ng=$(col "$work/m1.nginx" 2 | median)
cpu2_tk=$(col "$work/m2.tlskit" 1 | median); cpu2_ss=$(col "$work/m2.s_server" 1 | median)
cpu2_ng=$(col "$work/m2.nginx" 1 | median)
cpu3_t1=$(col "$work/m1.tlskit-t1" 2 | median); cpu3_t2=$(col "$work/m1.tlskit-t2" 2 | median)
cl_tk=$(col "$work/m1.tlskit" 3 | median); cl_ng=$(col "$work/m1.nginx" 3 | median)
cps3_t1=$(col "$work/m1.tlskit-t1" 1 | median); cps3_t2=$(col "$work/m1.tlskit-t2" 1 | median)
r_conn=$(ratio "$cps_tk" "$cps_ng"); r_cpu=$(ratio "$cpu2_tk" "$cpu2_ss")
r_cpu_ng=$(ratio "$cpu1_tk" "$cpu1_ng"); r_thr=$(ratio "$cpu3_t2" "$cpu3_t1")
v_conn=$(verdict "$r_conn" ">=" 1.5); v_cpu=$(verdict "$r_cpu" "<=" 0.5); v_thr=$(verdict "$r_thr" "<=" 1.10)
[ -n "$m3_note" ] && v_thr="skipped"
n_runs() { [ -f "$1" ] && wc -l <"$1" | tr -d ' ' || echo 0; }
elapsed=$(( $(date +%s) - start_time ))

echo
printf '%-48s %-22s %-28s %-7s %-8s %s\n' "median (min-max) over runs" "tlskit" "reference" "ratio" "target" "verdict"
printf '%-48s %-22s %-28s %-7s %-8s %s\n' "new TLS 1.3 connections/s, h2load -c $conc" \
  "$cps_tk ($(col "$work/m1.tlskit" 1 | minmax))" "nginx $cps_ng ($(col "$work/m1.nginx" 1 | minmax))" \
  "$r_conn" ">= 1.5" "$v_conn"
printf '%-48s %-22s %-28s %-7s %-8s %s\n' "server CPU us/connection, s_time -new" \
  "$cpu2_tk ($(col "$work/m2.tlskit" 1 | minmax))" "s_server $cpu2_ss ($(col "$work/m2.s_server" 1 | minmax))" \
  "$r_cpu" "<= 0.5" "$v_cpu"
if [ -f "$work/m2.nginx" ]; then
  printf '%-48s %-22s %-28s %-7s %-8s %s\n' "  (information) nginx under s_time" "" \
    "nginx $cpu2_ng ($(col "$work/m2.nginx" 1 | minmax))" "$(ratio "$cpu2_tk" "$cpu2_ng")" "-" "-"
fi
printf '%-48s %-22s %-28s %-7s %-8s %s\n' "  (information) server CPU us/conn under h2load" \
  "$cpu1_tk ($(col "$work/m1.tlskit" 2 | minmax))" "nginx $cpu1_ng ($(col "$work/m1.nginx" 2 | minmax))" \
  "$r_cpu_ng" "-" "-"
printf '%-48s %-22s %-28s %-7s %-8s %s\n' "  (information) h2load's CPU us/conn" \
  "$cl_tk ($(col "$work/m1.tlskit" 3 | minmax))" "nginx $cl_ng ($(col "$work/m1.nginx" 3 | minmax))" "-" "-" "-"
if [ -n "$m3_note" ]; then
  printf '%-48s %s\n' "tlskit CPU us/conn, --threads 2 vs 1" "$m3_note"
else
  printf '%-48s %-22s %-28s %-7s %-8s %s\n' "tlskit CPU us/conn, --threads 2 vs 1" \
    "2: $cpu3_t2 ($(col "$work/m1.tlskit-t2" 2 | minmax))" "1: $cpu3_t1 ($(col "$work/m1.tlskit-t1" 2 | minmax))" \
    "$r_thr" "<= 1.10" "$v_thr"
  printf '%-48s %-22s %-28s %-7s %-8s %s\n' "  (information) conn/s, --threads 2 vs 1" \
    "2: $cps3_t2" "1: $cps3_t1" "$(ratio "$cps3_t2" "$cps3_t1")" "-" "-"
fi
echo "runs: measure 1 $(n_runs "$work/m1.tlskit")+$(n_runs "$work/m1.nginx"), measure 2 $(n_runs "$work/m2.tlskit")+$(n_runs "$work/m2.s_server"); ${elapsed} s"
[ "$timed_out" = 1 ] && echo "$prog: the global timeout (${gtimeout}s) cut the run short; medians are over the runs done" >&2

jnum() { [ "$1" = nan ] || [ -z "$1" ] && echo null || echo "$1"; }
jstr() { [ -z "$1" ] && echo null || echo "\"$1\""; }
printf '{"bench":"server_vs_nginx","tlskit":"%s","proto":"%s","runs":%s,"connections":%s,"concurrency":%s,' \
  "$tlskit" "$proto" "$runs" "$conns" "$conc"
printf '"conn_per_s":{"tlskit":%s,"nginx":%s},"conn_ratio":%s,"conn_target":">=1.5","conn_verdict":"%s",' \
  "$(jnum "$cps_tk")" "$(jnum "$cps_ng")" "$(jnum "$r_conn")" "$v_conn"
printf '"cpu_us_per_conn_s_time":{"tlskit":%s,"s_server":%s,"nginx":%s},"cpu_ratio":%s,"cpu_target":"<=0.5","cpu_verdict":"%s",' \
  "$(jnum "$cpu2_tk")" "$(jnum "$cpu2_ss")" "$(jnum "$cpu2_ng")" "$(jnum "$r_cpu")" "$v_cpu"
printf '"cpu_us_per_conn_h2load":{"tlskit":%s,"nginx":%s,"client_vs_tlskit":%s,"client_vs_nginx":%s},' \
  "$(jnum "$cpu1_tk")" "$(jnum "$cpu1_ng")" "$(jnum "$cl_tk")" "$(jnum "$cl_ng")"
printf '"threads_cpu_us_per_conn":{"1":%s,"2":%s},"threads_ratio":%s,"threads_target":"<=1.10","threads_verdict":"%s",' \
  "$(jnum "$cpu3_t1")" "$(jnum "$cpu3_t2")" "$(jnum "$r_thr")" "$v_thr"
printf '"timed_out":%s,"seconds":%s}\n' "$([ "$timed_out" = 1 ] && echo true || echo false)" "$elapsed"
[ "$timed_out" = 1 ] && exit 3
exit 0
