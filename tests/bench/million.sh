#!/usr/bin/env bash
# A 1,000,000-member database: the realistic mix drawn from a million members in 200 groups
# (each update's member already stored), against the durable floor in the same run, and the
# resident memory of the real binary with 100k words and a million members. Needs wrk.
#
#   tests/bench/million.sh [seconds, default 15] [members, default 1000000]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench/lib.sh
duration=${1:-15}
members=${2:-1000000}
bench_setup

start_fake_api
create_schema "$work/steward.db"
python3 - "$work/steward.db" "$members" <<'PY'
import sqlite3, sys, time
path, members = sys.argv[1], int(sys.argv[2])
now = int(time.time()) - 86400
db = sqlite3.connect(path)
with db:
    db.executemany(
        "INSERT INTO groups (id, platform, chat_id, title, time_zone, created_at) "
        "VALUES (?, 'telegram', ?, ?, 'Asia/Shanghai', ?)",
        ((n, "-100%d" % n, "Group %d" % n, now) for n in range(1, 201)))
    db.executemany(
        "INSERT INTO members (group_id, user_id, display_name, first_seen, last_active, "
        "message_count) VALUES (?, ?, ?, ?, ?, ?)",
        ((1 + u % 200, str(u), "Member %d" % u, now, now, u % 50)
         for u in range(1000, 1000 + members)))
print("seeded %d members in 200 groups" % db.execute("SELECT COUNT(*) FROM members").fetchone()[0])
PY
start_steward "$work/steward.db"
start_floor
export STEWARD_MEMBERS=$members
load "$floor_port" 40 5 >/dev/null
load "$steward_port" 40 5 >/dev/null

printf "%-8s %10s %9s %9s\n" server "req/s" "p50 ms" "p99 ms"
quiet_disk
read -r f_rate f_p50 f_p99 < <(load "$floor_port" 40 "$duration")
quiet_disk
read -r s_rate s_p50 s_p99 < <(load "$steward_port" 40 "$duration")
printf "%-8s %10s %9s %9s\n" floor "$f_rate" "$f_p50" "$f_p99"
printf "%-8s %10s %9s %9s\n" steward "$s_rate" "$s_p50" "$s_p99"
python3 -c "print('steward / floor = %.3f (%d members, 40 connections)' % ($s_rate / $f_rate, $members))"
echo "steward RSS $(rss_mib "$steward_pid") MiB with 100k words and $members members" \
  "(outbox backlog $(metric steward_outbox_depth))"
report_errors
