#!/usr/bin/env bash
# The points board at scale: one group of 100,000 members with points, then, through the real
# binary, the webhook answer time of `/points` and `/rank` (the caller's place is a count of the
# members ahead of them) for five members at the bottom of the board and five at the top. Each
# answer waits for the core thread like every other update of every group, so a slow place is a
# stall for the whole bot. STEWARD_BIN compares another build in the same way.
#
#   tests/bench/board_scale.sh [members, default 100000]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench/lib.sh
members=${1:-100000}
bench_setup

start_fake_api
create_schema "$work/steward.db"
# Member i holds 1 + (members - i) / 20 points: member 1 leads, the last twenty share the lowest
# balance. Every balance is a ledger credit (balance == sum(ledger)).
yesterday=$(($(date +%s) - 86400))
run_sql "$work/steward.db" <<SQL
INSERT INTO groups (id, platform, chat_id, title, time_zone, created_at)
  VALUES (1, 'telegram', '-1001', 'Big', 'UTC', $yesterday);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $members)
  INSERT INTO members (id, group_id, user_id, display_name, first_seen, last_active,
                       message_count, points)
  SELECT i, 1, i, 'Member ' || i, $yesterday, $yesterday, 10, 1 + ($members - i) / 20 FROM n;
INSERT INTO ledger (member_id, delta, reason, source_event, idempotency_key, created_at)
  SELECT id, points, 'admin', '', 'seed:' || id, $yesterday FROM members;
SQL
start_steward "$work/steward.db"

answer_ms() {  # answer_ms <user id> <text> → the webhook's answer time in ms
  local update
  update=$(printf '{"update_id":%d,"message":{"message_id":%d,"date":%d,"text":"%s","from":{"id":%d,"is_bot":false,"first_name":"M"},"chat":{"id":-1001,"type":"supergroup","title":"Big"}}}' \
    "$((RANDOM * 32768 + RANDOM))" "$((RANDOM * 32768 + RANDOM))" "$(date +%s)" "$2" "$1")
  curl -s -o /dev/null -w '%{time_total}' -X POST -H 'Content-Type: application/json' \
    -H 'X-Telegram-Bot-Api-Secret-Token: s3cret' --data "$update" \
    "http://127.0.0.1:$steward_port/webhook/telegram" | python3 -c "print(round(float(input()) * 1000, 1))"
}
answer_ms 2 "hello" >/dev/null  # warm the caches
for command in /points /rank; do
  bottom="" top=""
  for k in 0 1 2 3 4; do
    bottom+=" $(answer_ms $((members - k)) "$command")"
    top+=" $(answer_ms $((k + 3)) "$command")"
  done
  printf "%-8s bottom of %d members:%s ms; top:%s ms\n" "$command" "$members" "$bottom" "$top"
done
# The last reply queued (a top member's /rank), to show the answers are real.
python3 - "$work/steward.db" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (body,) in db.execute("SELECT body FROM outbox ORDER BY id DESC LIMIT 1"):
    print("a reply:", json.loads(body).get("text", "").replace("\n", " / ")[:200])
PY
