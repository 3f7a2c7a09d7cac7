# Shared by the load benchmarks (sourced): the real binary with a 100k-word list and every
# default rule (synchronous=FULL), the durable floor, a fake Bot API, and wrk with the realistic
# mix (realistic_mix.lua). Scripts source it from the repository's root and call bench_setup.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

need_wrk() { command -v wrk >/dev/null || { echo "$0: needs wrk (apt-get install wrk)"; exit 2; }; }

build_if_needed() {
  if [ ! -x build/steward ] || [ ! -x build/steward_floor ]; then bash scripts/build.sh; fi
}

# start_fake_api → sets api_port
start_fake_api() {
  api_port=$(free_port)
  python3 tests/bench/fake_bot_api.py "$api_port" &
  pids+=($!)
}

# start_steward <database path> → sets steward_port, steward_pid; waits until ready.
# STEWARD_BIN runs another build (e.g. an earlier commit's, to compare in the same run).
# A path "postgresql:DBNAME" serves from that PostgreSQL database (PG* from the environment).
start_steward() {
  steward_port=$(free_port)
  [ -f "$work/words.txt" ] || python3 tests/bench/word_list.py 100000 "$work/words.txt"
  local storage="path = \"$1\""
  [[ "$1" == postgresql:* ]] && storage="backend = \"postgresql\"
postgresql = \"dbname=${1#postgresql:}\""
  # STEWARD_READERS: [storage] readers (the API's report connections; 0 = on the core thread).
  [ -n "${STEWARD_READERS:-}" ] && storage="$storage
readers = $STEWARD_READERS"
  cat > "$work/steward.toml" <<TOML
[server]
listen = "127.0.0.1:$steward_port"
[storage]
$storage
synchronous = "FULL"
[telegram]
token = "1:LOAD"
secret_token = "s3cret"
api_base_url = "http://127.0.0.1:$api_port"
[moderation]
words = ["$work/words.txt"]
[log]
level = "${STEWARD_LOG_LEVEL:-warn}"
TOML
  "${STEWARD_BIN:-build/steward}" serve --config "$work/steward.toml" 2>>"$work/steward.log" &
  steward_pid=$!
  pids+=("$steward_pid")
  for _ in $(seq 600); do
    curl -sf "http://127.0.0.1:$steward_port/readyz" >/dev/null && return 0
    kill -0 "$steward_pid" 2>/dev/null || { cat "$work/steward.log"; exit 1; }
    sleep 0.1
  done
  echo "steward did not become ready"; exit 1
}

# start_floor → sets floor_port, floor_pid
# create_schema <database path>: the binary under test creates (and migrates) the database, then
# stops, so that a script can seed it with Python's sqlite3 before the measured start.
create_schema() {
  start_steward "$1"
  kill "$steward_pid" && wait "$steward_pid" 2>/dev/null || true
}

# run_sql <database path> < script: runs an SQL script in one transaction (Python's sqlite3,
# so that no sqlite3 shell is needed).
run_sql() {
  python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("BEGIN;" + sys.stdin.read() + ";COMMIT;")' "$1"
}

start_floor() {
  floor_port=$(free_port)
  build/steward_floor "$floor_port" "$work/floor.db" 2>"$work/floor.log" &
  floor_pid=$!
  pids+=("$floor_pid")
  sleep 0.3
}

# load <port> <connections> <seconds> → "req/s p50_ms p99_ms"
load() {
  # A number per run (a file, as load runs in a subshell): the mix's update ids never repeat.
  local run=$(($(cat "$work/runs" 2>/dev/null || echo 0) + 1))
  echo "$run" >"$work/runs"
  STEWARD_RUN=$run wrk -t2 -c"$2" -d"$3s" --latency -s tests/bench/realistic_mix.lua \
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

# quiet_disk: waits until the previous run's writes are on disk. The kernel writing them back
# during the next run slowed that server's fsyncs by up to a third, whichever server it was.
quiet_disk() { sync; sleep 2; }

# side_by_side <name> <port> <seconds> <connection counts> [label]: a baseline server and
# Steward warmed up, then run alternately from a quiet disk at each connection count; prints both
# and the ratio Steward / <name> of each pair (Steward printed as [label], default "steward").
side_by_side() {
  local name=$1 port=$2 seconds=$3 counts=$4 label=${5:-steward} c
  local b_rate b_p50 b_p99 s_rate s_p50 s_p99
  # A warm-up for each (not reported): the first seconds create the members and fill caches.
  load "$port" 40 "${STEWARD_WARMUP:-5}" >/dev/null
  load "$steward_port" 40 "${STEWARD_WARMUP:-5}" >/dev/null
  printf "%-6s %-8s %10s %9s %9s\n" conns server "req/s" "p50 ms" "p99 ms"
  for c in $counts; do
    quiet_disk
    read -r b_rate b_p50 b_p99 < <(load "$port" "$c" "$seconds")
    quiet_disk
    read -r s_rate s_p50 s_p99 < <(load "$steward_port" "$c" "$seconds")
    printf "%-6s %-8s %10s %9s %9s\n" "$c" "$name" "$b_rate" "$b_p50" "$b_p99"
    printf "%-6s %-8s %10s %9s %9s\n" "$c" "$label" "$s_rate" "$s_p50" "$s_p99"
    python3 -c "print('%-6s $label / $name = %.3f' % ('$c', $s_rate / $b_rate))"
  done
}

# metric <name> → the value of an unlabelled metric of the running Steward
metric() {
  curl -s "http://127.0.0.1:$steward_port/metrics" | awk -v name="$1" '$1 == name {print $2}'
}

# in_a_durable_cluster "$0" "$@": runs the calling script again inside a throw-away PostgreSQL
# cluster (tests/postgresql/with_cluster.sh) made durable — fsync and synchronous_commit on, as
# SQLite's synchronous=FULL — unless it already runs in one.
in_a_durable_cluster() {
  [ -n "${PGHOST:-}" ] && return 0
  STEWARD_PG_DURABLE=1 exec tests/postgresql/with_cluster.sh "$@"
}

# The machine's cores and the PostgreSQL server's version and durability (PG* from the
# environment), for the PostgreSQL benchmarks' reports.
describe_machine_and_postgresql() {
  echo "machine: $(nproc) cores; $(psql -X -A -t -d postgres -c 'SHOW server_version') with" \
    "fsync=$(psql -X -A -t -d postgres -c 'SHOW fsync')," \
    "synchronous_commit=$(psql -X -A -t -d postgres -c 'SHOW synchronous_commit')"
}

rss_mib() { echo $(($(awk '/VmRSS/ {print $2}' "/proc/$1/status") / 1024)); }

report_errors() {
  if [ -s "$work/wrk-errors.txt" ]; then echo "non-200 answers:"; sort "$work/wrk-errors.txt" | uniq -c; fi
}

# Checks for wrk, builds if needed, makes `work` (a temporary directory, removed on exit) and
# `pids` (every process started, killed on exit).
bench_setup() {
  need_wrk
  build_if_needed
  work=$(mktemp -d)
  pids=()
  trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
}

# fleet_load <seconds> <port>... → "req/s p50_ms p99_ms" over all of them (p50 and p99: the
# worst instance's), one wrk per port with an even share of `connections` (set by the caller).
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

# start_fleet <database> <instances>: creates the PostgreSQL database, starts that many instances
# on it and waits until they have shared the partitions out → sets `ports` and `started` (pids).
start_fleet() {
  psql -X -q -d postgres -c "CREATE DATABASE $1"
  ports=()
  started=()
  for _ in $(seq "$2"); do
    start_steward "postgresql:$1"
    ports+=("$steward_port")
    started+=("$steward_pid")
  done
  wait_for_partitions "$1" "$2"
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
