#!/usr/bin/env bash
# Steward's webhook throughput and latency against the durable floor, side by side in one run.
#
# The floor (tests/bench/floor/durable_floor.cpp) is a bare server of Steward's shape: Beast
# coroutines on one I/O thread, nlohmann parse, one group-committed INSERT per update on a writer
# thread (WAL, synchronous=FULL), answered after COMMIT. Steward runs its real binary with a
# 100k-word list and every default rule, synchronous=FULL. Both get the same realistic mix
# (tests/bench/realistic_mix.lua: unique update ids, varied texts, 50,000 members in 200 groups)
# from wrk, alternating at each connection count (40 and 100: Telegram's default and maximum
# max_connections), after a warm-up of each. Needs wrk.
#
#   tests/bench/floor_compare.sh [seconds per run, default 15] [connection counts, default "40 100"]
#   STEWARD_MIX=checkin tests/bench/floor_compare.sh    # check-ins only
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench/lib.sh
duration=${1:-15}
connection_counts=${2:-"40 100"}
bench_setup

start_fake_api
start_steward "$work/steward.db"
start_floor

# A warm-up for each (not reported): the first seconds create the members and fill the caches.
load "$floor_port" 40 "${STEWARD_WARMUP:-5}" >/dev/null
load "$steward_port" 40 "${STEWARD_WARMUP:-5}" >/dev/null

printf "%-6s %-8s %10s %9s %9s\n" conns server "req/s" "p50 ms" "p99 ms"
# Each run starts from a quiet disk (lib.sh).
for c in $connection_counts; do
  quiet_disk
  read -r f_rate f_p50 f_p99 < <(load "$floor_port" "$c" "$duration")
  quiet_disk
  read -r s_rate s_p50 s_p99 < <(load "$steward_port" "$c" "$duration")
  printf "%-6s %-8s %10s %9s %9s\n" "$c" floor "$f_rate" "$f_p50" "$f_p99"
  printf "%-6s %-8s %10s %9s %9s\n" "$c" steward "$s_rate" "$s_p50" "$s_p99"
  python3 -c "print('%-6s steward / floor = %.3f' % ('$c', $s_rate / $f_rate))"
done
echo "steward RSS $(rss_mib "$steward_pid") MiB (outbox backlog $(metric steward_outbox_depth))," \
  "floor RSS $(rss_mib "$floor_pid") MiB"
report_errors
