#!/bin/bash
# Where a server's CPU per request goes at a given pipeline depth: its CPU time per
# request (from /proc/PID/stat), and the system calls and sleeps each request costs
# (perf's tracepoints), under redis-benchmark. Pipeline 1 is kernel-bound for both
# ringdb and Redis; these counts tell whether a change saved system calls or merely
# moved time (bench/RESULTS.md, 2026-12-07).
#
#   bench/kernel_cost.sh ringdb|redis [get|set] [pipeline] [ringdb binary]
#
# GENERATOR=ringdb-benchmark drives the load with bench/loadgen's generator instead
# of redis-benchmark: it needs less CPU per request, so the server is busier and
# serves more connections per loop pass, which is where ringdb's batching shows.
#
# Needs perf (Debian: linux-perf) and permission to trace (root, or
# kernel.perf_event_paranoid <= 1). Server on cpu0, load on cpu1, loopback only.
set -euo pipefail

server=${1:?ringdb or redis}
test=${2:-get}
pipeline=${3:-1}
binary=${4:-build/ringdb-server}
port=${PORT:-7399}
requests=${REQUESTS:-400000}
generator=${GENERATOR:-redis-benchmark}

case $server in
  ringdb) taskset -c 0 "$binary" --port "$port" --bind 127.0.0.1 --threads 1 >/dev/null 2>&1 & ;;
  redis) taskset -c 0 redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
           >/dev/null 2>&1 & ;;
  *) echo "server must be ringdb or redis" >&2; exit 2 ;;
esac
pid=$!
stats=$(mktemp)
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$stats"' EXIT
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
perf stat -x, -e raw_syscalls:sys_enter,context-switches -p "$pid" -o "$stats" &
perf_pid=$!
sleep 0.3
before=$(cpu_ticks)
if [ "$generator" = ringdb-benchmark ]; then
  taskset -c 1 "$(dirname "$binary")/bench/loadgen/ringdb-benchmark" -p "$port" -t "$test" \
    -P "$pipeline" -c 50 -d 16 -r 1000000 -n "$requests" --duration 60 -q
else
  taskset -c 1 redis-benchmark -p "$port" -t "$test" -P "$pipeline" -c 50 -d 16 -r 1000000 \
    -n "$requests" -q 2>&1 | tr '\r' '\n' | grep 'requests per second'
fi
after=$(cpu_ticks)
kill -INT $perf_pid
wait $perf_pid || true

hz=$(getconf CLK_TCK)
count() { awk -F, -v e="$1" '$3 == e {print $1}' "$stats"; }
awk -v b="$before" -v a="$after" -v hz="$hz" -v n="$requests" \
    -v sys="$(count raw_syscalls:sys_enter)" -v cs="$(count context-switches)" 'BEGIN {
  printf "server CPU us/request %.2f, system calls/request %.3f, sleeps/request %.3f\n",
         (a - b) * 1e6 / hz / n, sys / n, cs / n }'
