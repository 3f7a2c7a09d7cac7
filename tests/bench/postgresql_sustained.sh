#!/usr/bin/env bash
# Several Steward instances sharing one PostgreSQL database under a growing backlog: wrk plays a
# round-robin load balancer over them (one wrk per instance, the connections split evenly) with
# the realistic mix for several minutes while their replies pile up in the shared outbox (the
# fake Bot API answers at once, but the dispatchers keep Telegram's 30 calls/s). Prints each
# minute's rate over the fleet, the worst instance's p50 and p99, the backlog (pending outbox
# rows, counted in PostgreSQL) and the instances' resident memory, then the last minute's rate
# as a share of the first's — the fleet's version of sustained.sh (goal: within 10 %).
# PostgreSQL is a throw-away cluster made durable (fsync and synchronous_commit on).
#
#   tests/bench/postgresql_sustained.sh [minutes, default 5] [instances, default 2] [connections, default 40] [seconds per minute, default 60]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench/lib.sh
in_a_durable_cluster "$0" "$@"
minutes=${1:-5}
instances=${2:-2}
connections=${3:-40}
seconds=${4:-60}
bench_setup
describe_machine_and_postgresql
start_fake_api

database=steward_sustained
start_fleet "$database" "$instances"
fleet_load "${STEWARD_WARMUP:-5}" "${ports[@]}" >/dev/null  # members created, caches filled

backlog() { psql -X -A -t -d "$database" -c "SELECT count(*) FROM outbox WHERE state = 'pending'"; }
fleet_rss() {
  local total=0 pid
  for pid in "${started[@]}"; do total=$((total + $(rss_mib "$pid"))); done
  echo "$total"
}

echo "$instances instances, $connections connections, $seconds s per minute"
printf "%-7s %10s %9s %9s %12s %13s\n" minute "req/s" "p50 ms" "p99 ms" "backlog" "RSS MiB (all)"
first=""
for m in $(seq "$minutes"); do
  read -r rate p50 p99 < <(fleet_load "$seconds" "${ports[@]}")
  printf "%-7s %10s %9s %9s %12s %13s\n" "$m" "$rate" "$p50" "$p99" "$(backlog)" "$(fleet_rss)"
  first=${first:-$rate}
  last=$rate
done
python3 -c "print('last minute / first minute = %.3f' % ($last / $first))"
report_errors
