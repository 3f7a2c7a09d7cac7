"""Several Steward instances on one PostgreSQL database behind one webhook URL behave as one:
the chats are shared out between them (a partition of chats per session advisory lock, see
storage/postgresql/partition_leases.hpp); an update reaching an instance that does not serve
its chat is forwarded to the one that does; each update is processed once, each reply sent
once; a killed instance's chats — and the replies it left unsent — are taken over; the
platform's global rate limit holds for the whole fleet; what an operator or admin changes
through one instance (templates, spam samples, word lists, a group's time zone) is in force on
all.

CTest runs this file through tests/postgresql/with_cluster.sh (a throw-away cluster)."""

import concurrent.futures
import datetime
import hashlib
import http.client
import http.server
import itertools
import json
import os
import re
import shutil
import signal
import tempfile
import threading
import time
import unittest

from harness import GROUP_ID, SECRET, FakeBotApi, Steward, create_token, message
from postgresql import create_database, psql

# The advisory locks' first key (storage/postgresql/partition_leases.cpp).
LOCK_SPACE = 1398036292


def partition_of(platform, chat_id):
    return hashlib.sha256(("%s:%s" % (platform, chat_id)).encode()).digest()[0]


class RoundRobinProxy:
    """A load balancer on loopback: each request to the next instance in turn; an instance that
    refuses the connection is skipped (as a proxy's health check would)."""

    def __init__(self, stewards):
        self.stewards = stewards
        self.turn = itertools.count()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status, answer = proxy.pass_on(self.path, body, dict(self.headers))
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256

        self.server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def pass_on(self, path, body, headers):
        first = next(self.turn)
        for i in range(len(self.stewards)):
            s = self.stewards[(first + i) % len(self.stewards)]
            headers.pop("Host", None)
            conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
            try:
                conn.request("POST", path, body=body, headers=headers)
                res = conn.getresponse()
                return res.status, res.read()
            except (ConnectionError, OSError):
                continue
            finally:
                conn.close()
        return 502, b'{"error":"no instance answered"}'

    def post_update(self, update):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.server_address[1], timeout=60)
        try:
            conn.request("POST", "/webhook/telegram", body=json.dumps(update).encode(),
                         headers={"Content-Type": "application/json",
                                  "X-Telegram-Bot-Api-Secret-Token": SECRET})
            res = conn.getresponse()
            res.read()
            return res.status
        finally:
            conn.close()

    def close(self):
        self.server.shutdown()


def chat(i):
    return -1009000000000 - i


@unittest.skipUnless(os.environ.get("PGPORT"), "needs a PostgreSQL server: run through tests/postgresql/with_cluster.sh")
class InstancesTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.database = create_database("steward_fleet")
        self.stewards = []
        self.proxy = None

    def tearDown(self):
        if self.proxy:
            self.proxy.close()
        for s in self.stewards:
            s.stop()
        self.api.close()

    def fleet(self, count, dispatch=None, extra_toml="", overrides=None, prepare=None):
        """Starts `count` instances on one database; `prepare(steward)` runs before each starts."""
        overrides = dict(overrides or {})
        if dispatch:
            overrides["dispatch"] = dispatch
        for _ in range(count):
            s = Steward(self.api.url, overrides=overrides, extra_toml=extra_toml)
            s.pg_database = self.database
            if prepare:
                prepare(s)
            self.stewards.append(s.start())
        self.wait_for_balance()
        self.proxy = RoundRobinProxy(self.stewards)
        return self.stewards

    def stewards_dir(self):
        if not hasattr(self, "_shared_dir"):
            self._shared_dir = tempfile.mkdtemp(prefix="steward-fleet-")
            self.addCleanup(shutil.rmtree, self._shared_dir, True)
        return self._shared_dir

    def held(self):
        """Partitions held per session (pid → count), as PostgreSQL sees them."""
        rows = psql(self.database,
                    "SELECT pid, count(*) FROM pg_locks WHERE locktype = 'advisory' AND "
                    "classid = %d AND objsubid = 2 AND objid < 256 AND granted AND database = "
                    "(SELECT oid FROM pg_database WHERE datname = current_database()) "
                    "GROUP BY pid" % LOCK_SPACE)
        return dict(tuple(int(v) for v in line.split("|")) for line in rows.splitlines() if line)

    def wait_for_balance(self, instances=None, timeout=20):
        instances = instances or len(self.stewards)
        share = -(-256 // instances)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            held = self.held()
            if (len(held) == instances and sum(held.values()) == 256
                    and all(n >= 256 - share * (instances - 1) for n in held.values())):
                break
            time.sleep(0.1)
        held = self.held()
        self.assertEqual(len(held), instances, held)
        self.assertEqual(sum(held.values()), 256, held)
        # Each instance learns the others' partitions at its next keep (once a second).
        time.sleep(1.5)
        return held

    def counted(self, s, outcome):
        text = s.get("/metrics")[1].decode()
        found = re.search(r'steward_events_total\{platform="telegram",outcome="%s"\} (\d+)'
                          % outcome, text)
        return int(found.group(1)) if found else 0

    def post_all(self, updates, workers=8):
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            return list(pool.map(self.proxy.post_update, updates))

    def test_three_instances_process_each_update_once_and_reply_once(self):
        self.fleet(3)
        chats = 24
        checkins = [message(1000 + 2 * i + m, "/checkin", user_id=7000 + 2 * i + m,
                            name="M%d" % m, chat_id=chat(i))
                    for i in range(chats) for m in range(2)]
        # Every update delivered twice at once: the two copies reach different instances.
        statuses = self.post_all([u for u in checkins for _ in range(2)])
        self.assertEqual(statuses, [200] * len(statuses))
        n = len(checkins)
        self.assertEqual(psql(self.database, "SELECT count(*) FROM checkins"), str(n))
        self.assertEqual(psql(self.database, "SELECT count(*) FROM processed_events"), str(n))
        self.assertEqual(self.stewards[0].ledger_mismatches(), [])
        self.api.wait_for(n)
        time.sleep(1.5)
        sent = self.api.sent()
        self.assertEqual(len(sent), n, "each check-in answered once")
        per_chat = {}
        for body in sent:
            per_chat[int(body["chat_id"])] = per_chat.get(int(body["chat_id"]), 0) + 1
        self.assertEqual(per_chat, {chat(i): 2 for i in range(chats)})
        # Every instance served chats of its own, and updates were forwarded to their owners.
        processed = [self.counted(s, "ok") for s in self.stewards]
        self.assertEqual(sum(processed), n, processed)
        self.assertTrue(all(p > 0 for p in processed), processed)
        self.assertGreater(sum(self.counted(s, "forwarded") for s in self.stewards), 0)

    def checkins_answered_later(self, first_chat, chats):
        """A check-in in each of `chats` chats from `first_chat` on, all acknowledged, whose
        replies' first attempts the platform refuses (retried after the backoff)."""
        for _ in range(chats):
            self.api.script("sendMessage", 500, {"ok": False, "description": "try later"})
        statuses = self.post_all([message(10 * first_chat + i, "/checkin",
                                          user_id=7000 + first_chat + i,
                                          chat_id=chat(first_chat + i)) for i in range(chats)])
        self.assertEqual(statuses, [200] * chats)

    def test_a_killed_instances_chats_and_unsent_replies_are_taken_over(self):
        # First attempts fail and are retried 3 s later: the replies are still unsent when one
        # instance is killed.
        first, second = self.fleet(2, dispatch={"backoff_initial_ms": 3000})
        chats = 12
        self.checkins_answered_later(100, chats)
        first.stop(signal.SIGKILL)
        killed_at = time.monotonic()
        deadline = killed_at + 10
        while time.monotonic() < deadline and self.held() != {}:
            held = self.held()
            if len(held) == 1 and sum(held.values()) == 256:
                break
            time.sleep(0.05)
        held = self.held()
        self.assertEqual(sum(held.values()), 256, held)
        self.assertEqual(len(held), 1, held)
        self.assertLess(time.monotonic() - killed_at, 5, "taken over within seconds")
        # Every reply goes out once, the killed instance's by the survivor.
        sent = self.api.wait_for(chats, timeout=30)
        time.sleep(1.5)
        self.assertEqual(sorted(int(b["chat_id"]) for b in self.api.sent()),
                         sorted(chat(100 + i) for i in range(chats)))
        self.assertEqual(psql(self.database,
                              "SELECT count(*) FROM outbox WHERE state <> 'sent'"), "0")
        # The survivor serves every chat now, the killed one's included.
        statuses = self.post_all([message(2100 + i, "/checkin", user_id=7200 + i,
                                          chat_id=chat(100 + i)) for i in range(chats)])
        self.assertEqual(statuses, [200] * chats)
        self.assertEqual(psql(self.database, "SELECT count(*) FROM checkins"), str(2 * chats))
        self.assertEqual(second.ledger_mismatches(), [])

    def test_chats_moved_to_a_new_instance_are_sent_by_it_alone(self):
        # First attempts fail and are retried 8 s later; meanwhile a second instance joins and
        # half of the chats move to it with their replies still queued at the first.
        self.fleet(1, dispatch={"backoff_initial_ms": 8000})
        chats = 12
        self.checkins_answered_later(500, chats)
        second = Steward(self.api.url, overrides={"dispatch": {"backoff_initial_ms": 8000}})
        second.pg_database = self.database
        self.stewards.append(second.start())
        self.wait_for_balance(2)
        moved = [i for i in range(chats)
                 if partition_of("telegram", chat(500 + i)) in self.partitions_of(second)]
        self.assertTrue(moved, "no chat moved")
        self.api.wait_for(chats, timeout=30)
        time.sleep(2)
        # Each reply once: the first instance left the moved chats' queued calls to the second.
        self.assertEqual(sorted(int(b["chat_id"]) for b in self.api.sent()),
                         sorted(chat(500 + i) for i in range(chats)))

    def test_a_reply_in_flight_when_its_chat_moves_is_sent_once(self):
        # The platform answers the first sends only after 10 s; meanwhile a second instance
        # joins, and the chats that move to it have their replies in flight at the first.
        self.fleet(1)
        chats = 12
        for _ in range(chats):
            self.api.script("sendMessage", 200, {"ok": True, "result": {"message_id": 1}},
                            delay=10)
        statuses = self.post_all([message(7000 + i, "/checkin", user_id=7700 + i,
                                          chat_id=chat(700 + i)) for i in range(chats)])
        self.assertEqual(statuses, [200] * chats)
        deadline = time.monotonic() + 10
        while len(self.api.attempted_bodies("sendMessage")) < chats and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(len(self.api.attempted_bodies("sendMessage")), chats, "all in flight")
        second = Steward(self.api.url)
        second.pg_database = self.database
        self.stewards.append(second.start())
        self.wait_for_balance(2)
        moved = [i for i in range(chats)
                 if partition_of("telegram", chat(700 + i)) in self.partitions_of(second)]
        self.assertTrue(moved, "no chat moved")
        time.sleep(2)
        # The first instance let the moved chats go only once their replies were recorded sent:
        # the second found nothing to send (it sent them again before: checked).
        self.assertEqual(sorted(int(b["chat_id"]) for b in self.api.attempted_bodies("sendMessage")),
                         sorted(chat(700 + i) for i in range(chats)))

    def test_a_moved_chats_recent_messages_are_remembered_by_its_new_owner(self):
        # Moderation's memory of recent messages (duplicates, flood, raids) is per chat: the
        # instance a chat moves to reads it back from the stored messages.
        first, = self.fleet(1)
        chats = 12
        text = "cheap followers for your channel at our store today"
        copies = [message(3000 + 10 * i + k, text, user_id=7300 + i, chat_id=chat(600 + i),
                          message_id=10 + k) for i in range(chats) for k in range(2)]
        self.assertEqual(self.post_all(copies), [200] * len(copies))
        second = Steward(self.api.url)
        second.pg_database = self.database
        self.stewards.append(second.start())
        self.wait_for_balance(2)
        moved = [i for i in range(chats)
                 if partition_of("telegram", chat(600 + i)) in self.partitions_of(second)]
        self.assertTrue(moved, "no chat moved")
        for i in moved:  # the third copy, to the chat's new owner
            self.assertEqual(second.post_update(message(3500 + i, text, user_id=7300 + i,
                                                        chat_id=chat(600 + i), message_id=12)),
                             200)
        deleted = self.api.wait_for(3 * len(moved), method="deleteMessage", timeout=20)
        self.assertEqual(sorted((int(d["chat_id"]), d["message_id"]) for d in deleted),
                         sorted((chat(600 + i), k) for i in moved for k in (10, 11, 12)))
        self.assertIn("moderation.recalled", second.read_log())

    def test_badges_paced_on_any_instance_are_told_once_the_pace_allows(self):
        # When a group was last told of a badge, and which badges wait for the pace, were each
        # instance's memory; only the leader (which runs the clock's work) tells badges that
        # waited, so those paced on the other instance waited for the next day's digest.
        second = self.fleet(2, overrides={"badges": {"announce_every": "3s"}})[1]
        chats = 12
        owned_by_second = [i for i in range(chats) if partition_of("telegram", chat(700 + i))
                           in self.partitions_of(second)]
        self.assertTrue(0 < len(owned_by_second) < chats, "each instance serves some chats")
        newcomers = [message(4000 + 10 * i + k, "大家好", user_id=7400 + 10 * i + k,
                             name="N%d" % k, chat_id=chat(700 + i))
                     for i in range(chats) for k in range(3)]
        self.assertEqual(self.post_all(newcomers), [200] * len(newcomers))
        sent = self.api.wait_for(2 * chats, timeout=30)
        time.sleep(1.5)
        sent = self.api.sent()
        per_chat = {}
        for body in sent:
            per_chat.setdefault(int(body["chat_id"]), []).append(body["text"])
        for i in range(chats):
            texts = per_chat.get(chat(700 + i), [])
            self.assertEqual(len(texts), 2, (i, texts))
            self.assertEqual(sum("获得了「新手」徽章" in t for t in texts), 1, texts)
            self.assertEqual(sum("🏅 新徽章：" in t for t in texts), 1, texts)
        self.assertEqual(psql(self.database, "SELECT count(*) FROM badges WHERE untold = 1"), "0")

    def test_the_global_rate_limit_holds_for_the_whole_fleet(self):
        limit = 8
        self.fleet(2, dispatch={"global_per_second": float(limit)})
        replies = 48
        statuses = self.post_all([message(3000 + i, "/checkin", user_id=7300 + i,
                                          chat_id=chat(200 + i)) for i in range(replies)])
        self.assertEqual(statuses, [200] * replies)
        self.api.wait_for(replies, timeout=60)
        # The limit counts every call to the platform (the bot's rights looked up per chat too).
        with self.api.lock:
            times = sorted(t for _, _, t in self.api.attempts)
        busiest = max(sum(1 for t in times if start <= t < start + 1.0) for start in times)
        # Alone, each instance would send `limit` a second: together twice that.
        self.assertLessEqual(busiest, limit + 1, "calls in the busiest second")

    def partitions_of(self, s):
        """The partitions PostgreSQL says `s`'s session holds."""
        rows = psql(self.database,
                    "SELECT l.objid FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE "
                    "l.locktype = 'advisory' AND l.classid = %d AND l.objsubid = 2 AND "
                    "l.objid < 256 AND a.application_name = 'steward http://127.0.0.1:%d'"
                    % (LOCK_SPACE, s.port))
        return {int(line) for line in rows.splitlines() if line}

    def test_a_template_edited_through_one_instance_is_used_by_all(self):
        first, second = self.fleet(2)
        token = create_token(first, "operator")
        status, raw = first.request(
            "PUT", "/api/v1/templates/checkin",
            json.dumps({"text": "🎯 {mention} 打卡 +{points}", "language": "zh"}).encode(),
            {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        self.assertEqual(status, 200, raw)
        # The other instance hears of it at its next commit (its tick's: once a second).
        time.sleep(1.5)
        firsts, seconds = self.partitions_of(first), self.partitions_of(second)
        self.assertEqual(len(firsts) + len(seconds), 256)
        ids = [i for i in range(300, 400) if partition_of("telegram", chat(i)) in seconds][:3]
        ids += [i for i in range(300, 400) if partition_of("telegram", chat(i)) in firsts][:3]
        self.assertEqual(len(ids), 6)
        statuses = self.post_all([message(4000 + i, "签到", user_id=7400 + i, chat_id=chat(i))
                                  for i in ids])
        self.assertEqual(statuses, [200] * len(ids))
        replies = self.api.wait_for(len(ids))
        self.assertEqual(sorted(int(r["chat_id"]) for r in replies), sorted(chat(i) for i in ids))
        for r in replies:
            self.assertIn("打卡 +10", r["text"], "chat %s answered with the old template" % r["chat_id"])

    def test_spam_samples_and_words_taught_through_one_instance_reach_the_other(self):
        # Each instance reads a word file of its own (no shared volume): the edits are stored.
        def own_words(steward):
            with open(os.path.join(steward.dir, "words.txt"), "w") as f:
                f.write("# words the operators keep\nfree money\tscam\tdelete\n")

        first, second = self.fleet(2, extra_toml='[moderation]\nwords = ["words.txt"]\n',
                                   prepare=own_words)
        ask_first = {"Authorization": "Bearer " + create_token(first, "operator"),
                     "Content-Type": "application/json"}
        ask_second = {"Authorization": "Bearer " + create_token(second, "operator"),
                      "Content-Type": "application/json"}

        def quality():
            return json.loads(second.request("GET", "/api/v1/samples/quality", b"", ask_second)[1])

        self.assertEqual(quality()["spam"], 0)
        status, raw = first.request("POST", "/api/v1/samples", json.dumps(
            {"text": "加我微信 领取免费福利 稳赚不赔", "label": "spam"}).encode(), ask_first)
        self.assertEqual(status, 201, raw)
        # The other instance hears of it at its next commit (its tick's: once a second).
        deadline = time.monotonic() + 5
        while quality()["spam"] == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertEqual(quality()["spam"], 1, "the second instance did not learn the sample")

        status, raw = first.request("POST", "/api/v1/rules/words", json.dumps(
            {"word": "buy followers", "tag": "ad", "action": "delete"}).encode(), ask_first)
        self.assertEqual(status, 202, raw)

        def verdict(text):
            return json.loads(second.request("POST", "/api/v1/rules/check", json.dumps(
                {"text": text}).encode(), ask_second)[1])["action"]

        def wait_for(text, action):
            deadline = time.monotonic() + 20  # heard within a second, then compiled
            while verdict(text) != action and time.monotonic() < deadline:
                time.sleep(0.2)
            return verdict(text)

        self.assertEqual(wait_for("you can buy followers here", "delete"), "delete",
                         "the second instance did not take the word added through the first")
        status, raw = first.request("DELETE", "/api/v1/rules/words?word=free%20money", b"",
                                    ask_first)
        self.assertEqual(status, 202, raw)
        self.assertEqual(wait_for("free money for all", "allow"), "allow",
                         "the second instance still acts on the word removed through the first")
        # Its own file was never touched: the edits are laid over it.
        with open(os.path.join(second.dir, "words.txt")) as f:
            self.assertEqual(f.read(), "# words the operators keep\nfree money\tscam\tdelete\n")
        status, raw = second.request("GET", "/api/v1/rules/words", b"", ask_second)
        listed = json.loads(raw)
        self.assertEqual([e["word"] for e in listed["entries"]], ["buy followers"])
        self.assertEqual(listed["entries"][0]["file"], None)
        self.assertEqual([e["word"] for e in listed["removed"]], ["free money"])

    def test_a_time_zone_set_through_one_instance_is_in_force_on_the_other(self):
        first, second = self.fleet(2)
        ask_first = {"Authorization": "Bearer " + create_token(first, "operator"),
                     "Content-Type": "application/json"}
        ask_second = {"Authorization": "Bearer " + create_token(second, "operator")}
        self.assertEqual(self.proxy.post_update(
            message(5000, "hello", user_id=7600, chat_id=chat(500))), 200)

        def zone_on_second():  # read through the second's cached group
            status, raw = second.request(
                "GET", "/api/v1/schedules?group=%d" % chat(500), b"", ask_second)
            self.assertEqual(status, 200, raw)
            return json.loads(raw)["time_zone"]

        # Once the chats are shared out and every instance knows who holds what (a change of
        # chats empties the cache too), the second caches the group.
        time.sleep(3)
        before = zone_on_second()
        self.assertNotEqual(before, "Europe/Berlin")
        status, raw = first.request("PUT", "/api/v1/groups/%d/time_zone" % chat(500),
                                    json.dumps({"time_zone": "Europe/Berlin"}).encode(),
                                    ask_first)
        self.assertEqual(status, 200, raw)
        deadline = time.monotonic() + 5  # heard at the second's next commit: once a second
        while zone_on_second() != "Europe/Berlin" and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertEqual(zone_on_second(), "Europe/Berlin",
                         "the second instance kept the group it had cached")

    def test_a_scheduled_post_goes_out_once_from_the_fleet(self):
        # The clock's community-wide work (scheduled posts, reviews, retention) is done by the
        # instance serving partition 0 only.
        at = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=30)
        self.fleet(3, extra_toml='[[schedules]]\nid = "launch"\nonce = %s\ntext = "launch day"\n'
                   % at.replace(microsecond=0).isoformat())
        self.assertEqual(self.proxy.post_update(message(1, "hello", chat_id=GROUP_ID)), 200)
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline and not any(
                "launch day" in m["text"] for m in self.api.sent()):
            time.sleep(0.05)
        time.sleep(2.5)
        launches = [m for m in self.api.sent() if "launch day" in m["text"]]
        self.assertEqual(len(launches), 1, launches)
        self.assertEqual(launches[0]["chat_id"], GROUP_ID)


if __name__ == "__main__":
    unittest.main()
