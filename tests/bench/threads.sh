#!/usr/bin/env bash
# Where the CPU goes per update under the realistic mix, Steward beside the durable floor: for
# each thread of each server (Steward's I/O thread `steward` — HTTP, parsing, dispatch — its core
# thread `steward-core` — rules, handlers, SQLite — and `steward-wal`; the floor's threads) the
# share of a core it ran, waited for a CPU (runqueue) and slept (fsync, or nothing to do), from
# /proc/<pid>/task/*/schedstat, with the CPU it spent per update, and each server's total. On a
# machine whose cores are all busy (wrk shares them) the total per update, not one thread's,
# bounds the rate. It also answers whether a second I/O thread could help on a given machine:
# only if the I/O thread runs close to a whole core while the core thread waits for work.
# Needs wrk.
#
#   tests/bench/threads.sh [seconds, default 15] [connections, default "40 100"]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench/lib.sh
duration=${1:-15}
connection_counts=${2:-"40 100"}
bench_setup

start_fake_api
start_steward "$work/steward.db"
load "$steward_port" 40 "${STEWARD_WARMUP:-5}" >/dev/null
start_floor
load "$floor_port" 40 "${STEWARD_WARMUP:-5}" >/dev/null

# snapshot <pid>: one line per thread: tid name run_ns wait_ns
snapshot() {
  for task in /proc/"$1"/task/*; do
    read -r run wait _ <"$task/schedstat"
    echo "$(basename "$task") $(cat "$task/comm") $run $wait"
  done | sort
}

# measure <server name> <pid> <port> <connections>: one line per busy thread, then the total
measure() {
  local rate
  quiet_disk
  snapshot "$2" >"$work/before"
  read -r rate _ < <(load "$3" "$4" "$duration")
  snapshot "$2" >"$work/after"
  join <(cut -d' ' -f1,3,4 "$work/before") "$work/after" | awk -v c="$4" -v d="$duration" \
    -v rate="$rate" -v server="$1" '{
      ran = ($5 - $2) / (d * 1e9); waited = ($6 - $3) / (d * 1e9)
      total += ran
      if (ran < 0.01) next
      printf "%-6s %-8s %-14s %9.1f %9.1f %9.1f %12.1f\n", c, server, $4, 100 * ran,
        100 * waited, 100 * (1 - ran - waited), ran * 1e6 / rate
    }
    END { printf "%-6s %-8s %-14s %9.1f %9s %9s %12.1f   (%d updates/s)\n", c, server, "all",
            100 * total, "", "", total * 1e6 / rate, rate }'
}

echo "machine: $(nproc) cores, shared with wrk"
printf "%-6s %-8s %-14s %9s %9s %9s %12s\n" conns server thread "ran %" "waited %" "slept %" \
  "CPU us/upd"
for c in $connection_counts; do
  measure steward "$steward_pid" "$steward_port" "$c"
  measure floor "$floor_pid" "$floor_port" "$c"
done
