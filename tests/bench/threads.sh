#!/usr/bin/env bash
# Where Steward's time goes per thread under the realistic mix: for the I/O thread (`steward`,
# HTTP, parsing, dispatch) and the core thread (`steward-core`, rules, handlers, SQLite) the
# share of a core each ran, waited for a CPU (runqueue), and slept (fsync, or nothing to do),
# from /proc/<pid>/task/*/schedstat, with the CPU each spends per update. It answers whether a
# second I/O thread could help on a given machine: only if the I/O thread runs close to a whole
# core while the core thread waits for work. Needs wrk.
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

# One line per thread: tid name run_ns wait_ns
snapshot() {
  for task in /proc/"$steward_pid"/task/*; do
    read -r run wait _ <"$task/schedstat"
    echo "$(basename "$task") $(cat "$task/comm") $run $wait"
  done | sort
}

echo "machine: $(nproc) cores, shared with wrk"
printf "%-6s %-14s %9s %9s %9s %12s\n" conns thread "ran %" "waited %" "slept %" "CPU us/upd"
for c in $connection_counts; do
  quiet_disk
  snapshot >"$work/before"
  read -r rate _ < <(load "$steward_port" "$c" "$duration")
  snapshot >"$work/after"
  join <(cut -d' ' -f1,3,4 "$work/before") "$work/after" | awk -v c="$c" -v d="$duration" \
    -v rate="$rate" '{
      ran = ($5 - $2) / (d * 1e9); waited = ($6 - $3) / (d * 1e9)
      if (ran < 0.01) next
      printf "%-6s %-14s %9.1f %9.1f %9.1f %12.1f\n", c, $4, 100 * ran, 100 * waited,
        100 * (1 - ran - waited), ran * 1e6 / rate
    }'
  echo "$c connections: $rate updates/s"
done
