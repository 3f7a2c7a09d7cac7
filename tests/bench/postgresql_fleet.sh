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

# fleet_load <seconds> <port>... → "req/s p50_ms p99_ms" over all of them (p50 and p99: the
# worst instance's), one wrk per port with an even share of the connections.
fleet_load() {
  local seconds=$1 i=0 port
  shift
  local n=$# threads=$((2 / $# > 0 ? 2 / $# : 1)) wrks=()
  local run=$(($(cat "$work/runs" 2>/dev/null || echo 0) + 1))
  echo $((run + n)) >"$work/runs"
  for port in "$@"; do
    STEWARD_RUN=$((run + i)) wrk -t"$threads" -c$((connections / n)) -d"${seconds}s" --latency \
      -s tests/bench/realistic_mix.lua "http://127.0.0.1:$port" >"$work/wrk-$i.txt" \
      2>>"$work/wrk-errors.txt" &
    wrks+=($!)
    i=$((i + 1))
  done
  wait "${wrks[@]}"
  python3 - "$work" "$n" <<'PY'
import re, sys
work, n = sys.argv[1], int(sys.argv[2])
def ms(text, label):
    m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] if m else float("nan")
texts = [open("%s/wrk-%d.txt" % (work, i)).read() for i in range(n)]
rate = sum(float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1)) for t in texts)
print("%.0f %.2f %.2f" % (rate, max(ms(t, "50%") for t in texts), max(ms(t, "99%") for t in texts)))
PY
}

# wait_for_partitions <database> <instances>: until that many sessions hold all 256 partitions,
# then long enough for each to learn where the others' are (its next keep, once a second).
wait_for_partitions() {
  for _ in $(seq 200); do
    [ "$(psql -X -A -t -d "$1" -c "SELECT count(DISTINCT pid) || ' ' || count(*) FROM pg_locks
          WHERE locktype = 'advisory' AND classid = 1398036292 AND objsubid = 2 AND objid < 256
          AND granted AND database = (SELECT oid FROM pg_database WHERE datname = '$1')")" \
      == "$2 256" ] && { sleep 2; return 0; }
    sleep 0.1
  done
  echo "the instances did not share the partitions out"; exit 1
}

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
  psql -X -q -d postgres -c "CREATE DATABASE $database"
  ports=()
  started=()
  for _ in $(seq "$n"); do
    start_steward "postgresql:$database"
    ports+=("$steward_port")
    started+=("$steward_pid")
  done
  wait_for_partitions "$database" "$n"
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
