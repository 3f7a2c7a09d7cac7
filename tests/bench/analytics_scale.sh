#!/usr/bin/env bash
# Community analytics at scale: a database of 1,000,000 members in 2,000 groups (one of them with
# 100,000 members) and a year of hourly roll-ups for every group; then, through the real binary,
# the time of a one-year stats query for the big group (per day, week and month), its heatmap,
# its weekly and monthly reviews, and the daily member care (tiers recomputed from 30 days of activity, churn checked) of every
# group, with the big group's share. The webhook cost of the roll-ups is measured by
# floor_compare.sh against a build without them (STEWARD_BIN).
#
#   tests/bench/analytics_scale.sh            # reports, then the daily care of every group
#   tests/bench/analytics_scale.sh reports    # the reports only
#   STEWARD_READERS=0 tests/bench/analytics_scale.sh reports   # reports on the core thread
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench/lib.sh
bench_setup

start_fake_api
STEWARD_LOG_LEVEL=info create_schema "$work/steward.db"
seed_started=$SECONDS
python3 - "$work/steward.db" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
now = int(time.time())
today = (now + 8 * 3600) // 86400  # Asia/Shanghai
big, groups, members = 100_000, 2000, 1_000_000
with db:
    db.execute(f"""WITH RECURSIVE g(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM g WHERE id < {groups})
        INSERT INTO groups (id, platform, chat_id, title, time_zone, created_at)
        SELECT id, 'telegram', '-100' || id, 'Group ' || id, 'Asia/Shanghai', {now - 400 * 86400} FROM g""")
    # Members: the first 100,000 in group 1, the rest spread over the other groups; joined over
    # the last 400 days, last active within the last 60.
    db.execute(f"""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {members})
        INSERT INTO members (id, group_id, user_id, display_name, first_seen, joined_at,
                             last_active, message_count)
        SELECT i, CASE WHEN i <= {big} THEN 1 ELSE 2 + i % {groups - 1} END, 'u' || i,
               'Member ' || i, {now} - 400 * 86400, {now} - (i % 400) * 86400,
               {now} - (i % 60) * 86400 - 3600, i % 500 FROM n""")
    # A year of roll-ups for every group: 8 active hours a day.
    db.execute(f"""WITH RECURSIVE d(day) AS (SELECT {today - 364} UNION ALL SELECT day + 1 FROM d WHERE day < {today}),
        h(hour) AS (SELECT 9 UNION ALL SELECT hour + 1 FROM h WHERE hour < 16),
        g(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM g WHERE id < {groups})
        INSERT INTO group_hours (local_day, hour, group_id, messages, speakers, day_speakers, joins,
                                 left_by_self, member_change, checkins, earned, spent)
        SELECT day, hour, id, 20 + (day * 7 + hour * 3 + id) % 50, 12,
               CASE WHEN hour = 9 THEN 60 ELSE 0 END, 1, (day + id) % 2, 1 - (day + id) % 2, 3, 40, 10
        FROM d, h, g""")
    # The big group's activity: who was active on which day this year (5,000 a day), and 30 days
    # of member_days for its tiers.
    db.execute(f"""WITH RECURSIVE d(day) AS (SELECT {today - 364} UNION ALL SELECT day + 1 FROM d WHERE day < {today}),
        k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 4999)
        INSERT OR IGNORE INTO active_days (group_id, local_day, member_id)
        SELECT 1, day, 1 + (day * 7919 + i * 13) % {big} FROM d, k""")
    db.execute(f"""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {big}),
        k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 9)
        INSERT OR IGNORE INTO member_days (member_id, local_day, messages)
        SELECT i, {today} - (i * 7 + j * 3) % 30, 1 + i % 5 FROM n, k WHERE i % 3 != 0""")
for table in ("members", "group_hours", "active_days", "member_days"):
    print("%-12s %10d rows" % (table, db.execute("SELECT COUNT(*) FROM " + table).fetchone()[0]))
PY
echo "seeded in $((SECONDS - seed_started)) s; database $(($(stat -c %s "$work/steward.db") / 1048576)) MiB"
STEWARD_LOG_LEVEL=info start_steward "$work/steward.db"
token=$(build/steward token create --config "$work/steward.toml" --role admin --name bench)
api() {  # api <method> <path> → "seconds"
  curl -s -o /dev/null -w '%{time_total}' -X "$1" -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$steward_port$2"
}
today=$(TZ=Asia/Shanghai date +%F)
year_ago=$(TZ=Asia/Shanghai date -d "$today - 364 days" +%F)
api GET "/api/v1/groups/-1001/stats?from=$year_ago&to=$today" >/dev/null  # warm the cache
for interval in day week month; do
  printf "one-year stats of the 100,000-member group, per %-5s  %6.0f ms\n" "$interval" \
    "$(python3 -c "print($(api GET "/api/v1/groups/-1001/stats?from=$year_ago&to=$today&interval=$interval") * 1000)")"
done
printf "one-year heatmap of the 100,000-member group            %6.0f ms\n" \
  "$(python3 -c "print($(api GET "/api/v1/groups/-1001/stats/heatmap?from=$year_ago&to=$today") * 1000)")"
for period in week month; do  # the last complete one, composed as the daily run posts it
  printf "last %-5s review of the 100,000-member group         %6.0f ms\n" "$period" \
    "$(python3 -c "print($(api GET "/api/v1/groups/-1001/review?period=$period") * 1000)")"
done
# Webhooks while the one-year weekly report and a month's review run: both are answered by a
# reader beside the core thread ([storage] readers), so a member's message does not wait.
post_hi() {  # post_hi → "seconds" of one member's message in a small group
  local update
  update=$(printf '{"update_id":%d,"message":{"message_id":1,"date":%d,"text":"hi","from":{"id":7,"is_bot":false,"first_name":"A"},"chat":{"id":-1002,"type":"supergroup","title":"G"}}}' \
    "$((RANDOM * 32768 + RANDOM))" "$(date +%s)")
  curl -s -o /dev/null -w '%{time_total}\n' -X POST -H 'Content-Type: application/json' \
    -H 'X-Telegram-Bot-Api-Secret-Token: s3cret' --data "$update" \
    "http://127.0.0.1:$steward_port/webhook/telegram"
}
webhooks_during() {  # webhooks_during <what> <API path>: members' messages while it is read
  api GET "$2" > "$work/report-time.txt" &
  local report_pid=$!
  : > "$work/during-report.txt"
  while kill -0 "$report_pid" 2>/dev/null; do
    post_hi >> "$work/during-report.txt"
    sleep 0.02
  done
  printf "webhooks during %s: %d, slowest %6.0f ms (it took %6.0f ms)\n" "$1" \
    "$(wc -l < "$work/during-report.txt")" \
    "$(sort -g "$work/during-report.txt" | tail -1 | python3 -c "import sys; print(float(sys.stdin.read() or 0) * 1000)")" \
    "$(python3 -c "print($(cat "$work/report-time.txt") * 1000)")"
}
webhooks_during "the one-year weekly report" \
  "/api/v1/groups/-1001/stats?from=$year_ago&to=$today&interval=week"
webhooks_during "the last month's review" "/api/v1/groups/-1001/review?period=month"
if [ "${1:-}" = reports ]; then
  echo "steward RSS $(rss_mib "$steward_pid") MiB"
  exit 0
fi
# The daily run of every group, asked for now and spread over the core's ticks: time it until
# every group ran, then the big group's share, and the worst wait of a webhook meanwhile.
care_started=$(date +%s.%N)
api POST /api/v1/care/run >/dev/null
for _ in $(seq 6000); do
  [ "$(grep -c "care.done" "$work/steward.log" || true)" -ge 2000 ] && break
  # A member's message in a small group: it waits for the core like every real update.
  post_hi >> "$work/webhook-times.txt"
  sleep 0.1
done
printf "member care of all 2,000 groups, spread over ticks    %8.1f s\n" \
  "$(python3 -c "print($(date +%s.%N) - $care_started)")"
echo "  groups done: $(grep -c "care.done" "$work/steward.log" || true)"
big_ms=$(grep "care.done" "$work/steward.log" | grep "chat=-1001 " | tail -1 | sed 's/.* ms=\([0-9.]*\).*/\1/' || true)
printf "  of which the 100,000-member group                     %6.0f ms\n" "${big_ms:-0}"
printf "  slowest webhook answer meanwhile                       %6.0f ms\n" \
  "$(sort -g "$work/webhook-times.txt" | tail -1 | python3 -c "import sys; print(float(sys.stdin.read()) * 1000)")"
echo "steward RSS $(rss_mib "$steward_pid") MiB"
