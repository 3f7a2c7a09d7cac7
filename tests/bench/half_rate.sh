#!/usr/bin/env bash
# Latency at half of Steward's maximum rate: first the maximum (wrk with the realistic mix, as
# fast as answers come), then the same connections each pausing between requests so that the
# rate is about half of it; prints both rates and the p50/p99 at half rate (goal: p99 ≤ 10 ms).
# Needs wrk.
#
#   tests/bench/half_rate.sh [seconds, default 15] [connections, default 40]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench/lib.sh
duration=${1:-15}
connections=${2:-40}
bench_setup
start_fake_api
start_steward "$work/steward.db"
load "$steward_port" "$connections" 5 >/dev/null  # warm-up

read -r max_rate max_p50 max_p99 < <(load "$steward_port" "$connections" "$duration")
# Each connection's cycle at half rate is connections / (max / 2) seconds; wrk pauses whole ms.
pace=$(python3 -c "print(max(1, round(1000 * $connections / ($max_rate / 2) - $max_p50 / 2)))")
read -r half_rate half_p50 half_p99 < <(STEWARD_PACE_MS=$pace load "$steward_port" "$connections" "$duration")
printf "%-22s %10s %9s %9s\n" "" "req/s" "p50 ms" "p99 ms"
printf "%-22s %10s %9s %9s\n" "maximum" "$max_rate" "$max_p50" "$max_p99"
printf "%-22s %10s %9s %9s\n" "paced (${pace} ms per conn)" "$half_rate" "$half_p50" "$half_p99"
python3 -c "print('paced / maximum = %.2f' % ($half_rate / $max_rate))"
report_errors
