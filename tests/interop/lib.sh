# Common helpers for the interop scripts (sourced, not run): processes tracked by PID, free
# loopback ports, bounded waits, random payloads and byte-exact comparisons.
# Everything here binds or connects to 127.0.0.1 only.

# PIDs of every background process this run started; all are killed on exit.
declare -a IX_PIDS=()

# Starts a command in the background with the given stdin, stdout and stderr files and
# records its PID in IX_LAST_PID and IX_PIDS. Use: ix_spawn IN OUT ERR cmd args...
# (The redirections sit on the background command itself: bash gives a background command
# without its own stdin redirection /dev/null.)
ix_spawn() {
  local in=$1 out=$2 err=$3
  shift 3
  "$@" <"$in" >"$out" 2>"$err" &
  IX_LAST_PID=$!
  IX_PIDS+=("$IX_LAST_PID")
}

# Stops one process by PID: TERM, up to 2 s of grace, then KILL. Silent if it already ended.
ix_stop() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 20); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Stops every tracked process (newest first) and forgets them.
ix_stop_all() {
  local i
  for ((i = ${#IX_PIDS[@]} - 1; i >= 0; i--)); do
    ix_stop "${IX_PIDS[$i]}"
  done
  IX_PIDS=()
}

# Waits up to $2 seconds (fractions allowed) for process $1 to end; returns its exit code,
# or 124 when it is still running (the caller then stops it).
ix_wait_exit() {
  local pid=$1 secs=$2 deadline rc
  deadline=$(( $(date +%s%N) + ${secs%.*} * 1000000000 ))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$(date +%s%N)" -ge "$deadline" ]; then
      return 124
    fi
    sleep 0.05
  done
  rc=0
  wait "$pid" 2>/dev/null || rc=$?
  return "$rc"
}

# Hex port numbers that some socket in this network namespace uses locally (TCP, v4 and v6).
ix_ports_in_use() {
  awk 'NR > 1 { split($2, a, ":"); print a[2] }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# Prints a TCP port on 127.0.0.1 that no socket uses right now (random in 20000-59999).
ix_free_port() {
  local used p hex i
  used=$(ix_ports_in_use | sort -u)
  for i in $(seq 1 200); do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    printf -v hex '%04X' "$p"
    if ! grep -qx "$hex" <<<"$used"; then
      echo "$p"
      return 0
    fi
  done
  echo "ix_free_port: no free port found" >&2
  return 1
}

# True when something listens on TCP port $1 (any local address; state 0A = LISTEN).
ix_is_listening() {
  local hex
  printf -v hex '%04X' "$1"
  awk -v h="$hex" 'NR > 1 { split($2, a, ":"); if (a[2] == h && $4 == "0A") found = 1 }
                   END { exit found ? 0 : 1 }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# Waits until port $1 listens, process $2 is alive, at most $3 seconds. Returns 0 when
# listening, 1 when the process died, 124 on timeout.
ix_wait_listen() {
  local port=$1 pid=$2 secs=$3 deadline
  deadline=$(( $(date +%s%N) + secs * 1000000000 ))
  while :; do
    kill -0 "$pid" 2>/dev/null || return 1
    ix_is_listening "$port" && return 0
    [ "$(date +%s%N)" -ge "$deadline" ] && return 124
    sleep 0.05
  done
}

# The EXIT trap of the case scripts: stops every tracked process, then removes $work after a
# clean run ($failed 0 and $keep 0) and keeps it, saying where, otherwise.
ix_on_exit() {
  ix_stop_all
  if [ "${failed:-0}" -eq 0 ] && [ "${keep:-0}" = 0 ]; then rm -rf "$work"; else echo "logs kept in $work"; fi
}

# Waits until file $1 contains the fixed string $2, at most $3 seconds; with $4, also stops
# (checking once more) when process $4 ended. Returns 0 when found, 124 on timeout.
ix_wait_grep() {
  local f=$1 s=$2 secs=$3 pid=${4:-} deadline
  deadline=$(( $(date +%s%N) + secs * 1000000000 ))
  while ! grep -qF -- "$s" "$f" 2>/dev/null; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      grep -qF -- "$s" "$f" 2>/dev/null
      return
    fi
    [ "$(date +%s%N)" -ge "$deadline" ] && return 124
    sleep 0.05
  done
}

# Size of file $1 in bytes (0 when absent).
ix_size() {
  if [ -e "$1" ]; then stat -c %s "$1"; else echo 0; fi
}

# Waits until file $1 has at least $2 bytes, or process $3 ended, or $4 seconds passed.
ix_wait_size() {
  local f=$1 n=$2 pid=$3 secs=$4 deadline
  deadline=$(( $(date +%s%N) + secs * 1000000000 ))
  while [ "$(ix_size "$f")" -lt "$n" ]; do
    kill -0 "$pid" 2>/dev/null || return 1
    [ "$(date +%s%N)" -ge "$deadline" ] && return 124
    sleep 0.05
  done
  return 0
}

# Writes $2 random bytes to file $1; with $3 = text, random base64 lines (76 characters and
# a LF each, the last one ending in LF too) instead, for peers that handle their input as
# text lines (gnutls-serv --echo).
ix_payload() {
  if [ "${3:-}" = text ]; then
    head -c $(( $2 * 3 / 4 + 64 )) /dev/urandom | base64 -w 76 >"$1.b64"
    { head -c $(( $2 - 1 )) "$1.b64"; echo; } >"$1"
    rm -f "$1.b64"
  else
    head -c "$2" /dev/urandom >"$1"
  fi
}

# A feeder for a peer's stdin: writes file $2 into FIFO $1, then keeps the FIFO open until
# file $3 exists or $4 seconds passed, then closes it (the peer then sees EOF).
# Run it with ix_spawn; its PID is stopped like every other.
ix_feeder() {
  local fifo=$1 data=$2 stop=$3 secs=$4 deadline
  exec 9>"$fifo"
  [ -n "$data" ] && cat "$data" >&9
  deadline=$(( $(date +%s%N) + secs * 1000000000 ))
  while [ ! -e "$stop" ] && [ "$(date +%s%N)" -lt "$deadline" ]; do
    sleep 0.05
  done
  exec 9>&-
}

# Compares received file $2 with the expected payload $1 byte for byte. $3 (optional) is a
# trailer the peer tool prints after the data when its input ends (e.g. s_client's "DONE\n"),
# accepted once at the end. Prints a reason and returns 1 on mismatch.
ix_compare() {
  local want=$1 got=$2 trailer=${3:-} nw ng
  nw=$(ix_size "$want")
  ng=$(ix_size "$got")
  if [ -n "$trailer" ] && [ "$ng" -eq $(( nw + ${#trailer} )) ] &&
     [ "$(tail -c "${#trailer}" "$got")" = "${trailer%$'\n'}" ]; then
    ng=$nw
  fi
  if [ "$ng" -ne "$nw" ]; then
    echo "received $ng bytes, expected $nw"
    return 1
  fi
  if ! cmp -s -n "$nw" "$want" "$got"; then
    echo "received $nw bytes but they differ from what was sent ($(cmp -n "$nw" "$want" "$got" 2>&1 | head -1))"
    return 1
  fi
  return 0
}

# Prints the last lines of each given log file that exists, indented, for a FAIL report.
ix_dump_logs() {
  local f
  for f in "$@"; do
    [ -s "$f" ] || continue
    echo "    --- $(basename "$f") (last 25 lines)"
    tail -n 25 "$f" | sed 's/^/    | /' | cut -c1-200
  done
}
