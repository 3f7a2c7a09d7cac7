#!/usr/bin/env bash
# Steward's webhook throughput and latency against the durable floor, side by side in one run.
#
# The floor (tests/bench/floor/durable_floor.cpp) is a bare server of Steward's shape: Beast
# coroutines on one I/O thread, nlohmann parse, one group-committed INSERT per update on a writer
# thread (WAL, synchronous=FULL), answered after COMMIT. Steward runs its real binary with a
# 100k-word list and every default rule, synchronous=FULL. Both get the same realistic mix
# (tests/bench/realistic_mix.lua: unique update ids, varied texts, 50,000 members in 200 groups)
# from wrk, alternating at each connection count (40 and 100: Telegram's default and maximum
# max_connections). Needs wrk.
#
#   tests/bench/floor_compare.sh [seconds per run, default 15] [connection counts, default "40 100"]
#   STEWARD_MIX=checkin tests/bench/floor_compare.sh    # check-ins only
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-15}
connection_counts=${2:-"40 100"}
command -v wrk >/dev/null || { echo "floor_compare: needs wrk (apt-get install wrk)"; exit 2; }
[ -x build/steward ] && [ -x build/steward_floor ] || bash scripts/build.sh

work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
steward_port=$(free_port) floor_port=$(free_port) api_port=$(free_port)

python3 tests/bench/word_list.py 100000 "$work/words.txt"
python3 tests/bench/fake_bot_api.py "$api_port" & pids+=($!)
cat > "$work/steward.toml" <<TOML
[server]
listen = "127.0.0.1:$steward_port"
[storage]
path = "$work/steward.db"
synchronous = "FULL"
[telegram]
token = "1:LOAD"
secret_token = "s3cret"
api_base_url = "http://127.0.0.1:$api_port"
[moderation]
words = ["$work/words.txt"]
[log]
level = "warn"
TOML
build/steward serve --config "$work/steward.toml" 2>"$work/steward.log" & pids+=($!)
steward_pid=$!
build/steward_floor "$floor_port" "$work/floor.db" 2>"$work/floor.log" & pids+=($!)
floor_pid=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$steward_port/readyz" >/dev/null && break; sleep 0.1; done

# load <port> <connections> → "req/s p50 p99" (latencies in ms)
load() {
  wrk -t2 -c"$2" -d"${duration}s" --latency -s tests/bench/realistic_mix.lua \
    "http://127.0.0.1:$1" 2>>"$work/wrk-errors.txt" | python3 -c '
import re, sys
text = sys.stdin.read()
def ms(label):
    m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not m: return float("nan")
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
print("%.0f %.2f %.2f" % (rate, ms("50%"), ms("99%")))'
}

# A warm-up for each (not reported): the first seconds create the members and fill the caches.
duration_saved=$duration; duration=${STEWARD_WARMUP:-5}
load "$floor_port" 40 >/dev/null; load "$steward_port" 40 >/dev/null
duration=$duration_saved
printf "%-6s %-8s %10s %9s %9s\n" conns server "req/s" "p50 ms" "p99 ms"
for c in $connection_counts; do
  read -r f_rate f_p50 f_p99 < <(load "$floor_port" "$c")
  read -r s_rate s_p50 s_p99 < <(load "$steward_port" "$c")
  printf "%-6s %-8s %10s %9s %9s\n" "$c" floor "$f_rate" "$f_p50" "$f_p99"
  printf "%-6s %-8s %10s %9s %9s\n" "$c" steward "$s_rate" "$s_p50" "$s_p99"
  python3 -c "print('%-6s steward / floor = %.3f' % ('$c', $s_rate / $f_rate))"
done
echo "steward RSS: $(($(awk '/VmRSS/ {print $2}' /proc/$steward_pid/status) / 1024)) MiB," \
  "floor RSS: $(($(awk '/VmRSS/ {print $2}' /proc/$floor_pid/status) / 1024)) MiB"
if [ -s "$work/wrk-errors.txt" ]; then echo "non-200 answers:"; sort "$work/wrk-errors.txt" | uniq -c; fi
