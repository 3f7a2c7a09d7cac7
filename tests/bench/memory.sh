#!/usr/bin/env bash
# Resident memory of the real binary once ready, with a 100k-word list (80 % Chinese words of
# 2–4 characters, 20 % English of 4–8 letters) against the same binary with no word list, in
# the same run. Usage: tests/bench/memory.sh [words, default 100000]
set -euo pipefail
cd "$(dirname "$0")/../.."
words=${1:-100000}
[ -x build/steward ] || bash scripts/build.sh
work=$(mktemp -d)
pid=""
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT

python3 tests/bench/word_list.py "$words" "$work/words.txt"
: > "$work/empty.txt"

rss_with() {  # word list → VmRSS in KiB once /readyz answers
  local list="$1" port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  cat > "$work/steward.toml" <<TOML
[server]
listen = "127.0.0.1:$port"
[storage]
path = "$work/memory-$port.db"
[telegram]
token = "1:MEMORY"
api_base_url = "http://127.0.0.1:9"
[moderation]
words = ["$list"]
TOML
  build/steward serve --config "$work/steward.toml" >"$work/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  sleep 1
  grep VmRSS "/proc/$pid/status" | awk '{print $2}'
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

empty=$(rss_with "$work/empty.txt")
full=$(rss_with "$work/words.txt")
echo "RSS without a word list:  $((empty / 1024)) MiB"
echo "RSS with $words words:    $((full / 1024)) MiB"
python3 -c "print('with words / without = %.2f' % ($full / $empty))"
