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

# Each run starts from a quiet disk (lib.sh).
side_by_side floor "$floor_port" "$duration" "$connection_counts"
echo "steward RSS $(rss_mib "$steward_pid") MiB (outbox backlog $(metric steward_outbox_depth))," \
  "floor RSS $(rss_mib "$floor_pid") MiB"
report_errors
