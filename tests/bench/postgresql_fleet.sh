#!/usr/bin/env bash
# Several Steward instances sharing one PostgreSQL database — 1, 2 and 3 of them, each time on a
# fresh database — against one Steward on SQLite, in one run: the same binary, 100k-word list,
# rules and realistic mix. wrk plays a round-robin load balancer: one wrk per instance, the
# connections split evenly between them, so most updates reach an instance that does not serve
# their chat and are forwarded to the one that does (as behind a real balancer: the platform
# knows nothing of partitions). PostgreSQL is a throw-away cluster made durable for the run
# (fsync and synchronous_commit on). Everything shares this machine's cores — the figures say
# how many.
#
#   tests/bench/postgresql_fleet.sh [seconds per run, default 15] [connections, default 40] [instance counts, default "1 2 3"]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench/lib.sh
in_a_durable_cluster "$0" "$@"
duration=${1:-15}
connections=${2:-40}
instance_counts=${3:-"1 2 3"}
bench_setup
describe_machine_and_postgresql
start_fake_api

printf "%-22s %10s %9s %9s %12s\n" setup "req/s" "p50 ms" "p99 ms" "/ SQLite"
start_steward "$work/steward.db"
fleet_load "${STEWARD_WARMUP:-5}" "$steward_port" >/dev/null
quiet_disk
read -r sqlite_rate s_p50 s_p99 < <(fleet_load "$duration" "$steward_port")
printf "%-22s %10s %9s %9s %12s\n" "SQLite, 1 instance" "$sqlite_rate" "$s_p50" "$s_p99" "1.000"
kill "$steward_pid"
wait "$steward_pid" 2>/dev/null || true

for n in $instance_counts; do
  database="steward_fleet_$n"
  start_fleet "$database" "$n"
  fleet_load "${STEWARD_WARMUP:-5}" "${ports[@]}" >/dev/null  # members created, caches filled
  quiet_disk
  read -r rate p50 p99 < <(fleet_load "$duration" "${ports[@]}")
  forwarded=0
  for port in "${ports[@]}"; do
    f=$(curl -s "http://127.0.0.1:$port/metrics" |
      awk '/^steward_events_total\{platform="telegram",outcome="forwarded"\}/ {print $2}')
    forwarded=$((forwarded + ${f:-0}))
  done
  printf "%-22s %10s %9s %9s %12s\n" "PostgreSQL, $n instance$([ "$n" = 1 ] || echo s)" \
    "$rate" "$p50" "$p99" "$(python3 -c "print('%.3f' % ($rate / $sqlite_rate))")"
  echo "    forwarded to their chat's instance: $forwarded updates (warm-up included)"
  kill "${started[@]}"
  wait "${started[@]}" 2>/dev/null || true
done
report_errors
