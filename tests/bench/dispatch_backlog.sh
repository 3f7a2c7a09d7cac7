#!/usr/bin/env bash
# The dispatcher's own cost while a backlog drains: for each number of chats, a fresh Steward
# takes a burst of check-ins spread over that many groups (the replies pile up in the outbox),
# then, with no more webhooks, its CPU time is measured while the dispatcher sends at Telegram's
# limits (30 calls/s overall, 20 per minute per group). The cost per call should not grow with
# the number of chats waiting. Needs wrk.
#
#   tests/bench/dispatch_backlog.sh [chat counts, default "20 200 2000"] [seconds, default 15]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench/lib.sh
chat_counts=${1:-"20 200 2000"}
seconds=${2:-15}
bench_setup
start_fake_api
ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

printf "%-7s %9s %12s %10s %14s\n" chats backlog "calls sent" "CPU %" "CPU ms / call"
for chats in $chat_counts; do
  start_steward "$work/backlog-$chats.db"
  STEWARD_MIX=checkin STEWARD_CHATS=$chats STEWARD_MEMBERS=$((chats * 50)) \
    load "$steward_port" 40 3 >/dev/null
  sleep 2  # the last commits and the first fetches
  backlog=$(metric steward_outbox_depth)
  sent_before=$(curl -s "http://127.0.0.1:$steward_port/metrics" |
    awk '/^steward_dispatch_total\{.*result="sent"/ {s += $2} END {print s + 0}')
  before=$(cpu_ticks "$steward_pid")
  sleep "$seconds"
  after=$(cpu_ticks "$steward_pid")
  sent_after=$(curl -s "http://127.0.0.1:$steward_port/metrics" |
    awk '/^steward_dispatch_total\{.*result="sent"/ {s += $2} END {print s + 0}')
  python3 -c "
cpu = ($after - $before) / $ticks
calls = $sent_after - $sent_before
print('%-7s %9s %12d %9.1f%% %14.3f' % ($chats, '$backlog', calls, 100 * cpu / $seconds,
      1000 * cpu / max(calls, 1)))"
  kill "$steward_pid"; wait "$steward_pid" 2>/dev/null || true
done
