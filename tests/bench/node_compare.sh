#!/usr/bin/env bash
# Steward against the Node bot of issue 12's table (tests/bench/node_bot: grammY, mint-filter,
# opencc-js, better-sqlite3 with synchronous=NORMAL), side by side in one run on the same
# realistic mix and the same 100k-word list, alternating at each connection count after a
# warm-up of each. Steward keeps synchronous=FULL. Needs wrk, and for the Node bot's
# better-sqlite3 (built from source: no prebuilt binaries come from the npm registry) Node's
# headers (Debian: libnode-dev), python3, make and g++.
#
#   tests/bench/node_compare.sh [seconds per run, default 15] [connection counts, default "40 100"]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench/lib.sh
duration=${1:-15}
connection_counts=${2:-"40 100"}
bench_setup

node_dir=tests/bench/node_bot
if [ ! -f "$node_dir/node_modules/better-sqlite3/build/Release/better_sqlite3.node" ]; then
  headers=$(dirname "$(dirname "$(command -v node)")")/include/node
  [ -f "$headers/node.h" ] || headers=/usr/include/node
  [ -f "$headers/node.h" ] || { echo "$0: needs Node's headers (apt-get install libnode-dev)"; exit 2; }
  echo "node bot: npm ci (builds better-sqlite3, a minute or two)"
  (cd "$node_dir" && npm_config_nodedir="$(dirname "$headers")/.." npm ci --no-audit --no-fund \
    --loglevel=error >/dev/null)
fi

start_fake_api
start_steward "$work/steward.db"
node_port=$(free_port)
node "$node_dir/bot.cjs" "$node_port" "$work/node.db" "$work/words.txt" 2>"$work/node.log" &
node_pid=$!
pids+=("$node_pid")
for _ in $(seq 300); do
  curl -sf "http://127.0.0.1:$node_port/" >/dev/null && break
  kill -0 "$node_pid" 2>/dev/null || { cat "$work/node.log"; exit 1; }
  sleep 0.1
done

side_by_side node "$node_port" "$duration" "$connection_counts"
echo "steward RSS $(rss_mib "$steward_pid") MiB, node RSS $(rss_mib "$node_pid") MiB" \
  "(node: $(python3 -c "import sqlite3; print(sqlite3.connect('$work/node.db').execute('SELECT count(*) FROM processed').fetchone()[0])") updates stored)"
report_errors
