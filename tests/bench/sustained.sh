#!/usr/bin/env bash
# Intake under a growing backlog: the real binary (100k words, every rule, synchronous=FULL)
# takes the realistic mix for several minutes while its replies pile up in the outbox (the fake
# Bot API answers at once, but the dispatcher keeps Telegram's 30 calls/s). Prints each minute's
# rate, p99, backlog and resident memory, and the last minute's rate as a share of the first's
# (the goal: within 10 %). Needs wrk.
#
#   tests/bench/sustained.sh [minutes, default 5] [connections, default 40]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench/lib.sh
minutes=${1:-5}
connections=${2:-40}
bench_setup

start_fake_api
start_steward "$work/steward.db"
load "$steward_port" "$connections" 5 >/dev/null  # warm-up: members created

printf "%-7s %10s %9s %9s %12s %9s\n" minute "req/s" "p50 ms" "p99 ms" "backlog" "RSS MiB"
first=""
for m in $(seq "$minutes"); do
  read -r rate p50 p99 < <(load "$steward_port" "$connections" 60)
  printf "%-7s %10s %9s %9s %12s %9s\n" "$m" "$rate" "$p50" "$p99" \
    "$(metric steward_outbox_depth)" "$(rss_mib "$steward_pid")"
  first=${first:-$rate}
  last=$rate
done
python3 -c "print('last minute / first minute = %.3f' % ($last / $first))"
report_errors
