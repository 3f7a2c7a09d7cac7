"""The webhook path end to end: verification, parsing, group commit, outbox, replies."""

import concurrent.futures
import time
import json
import unittest

from harness import FakeBotApi, Steward, message, GROUP_ID


class WebhookTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.steward = Steward(self.api.url).start()

    def tearDown(self):
        self.assertEqual(self.steward.ledger_mismatches(), [])
        self.steward.stop()
        self.api.close()

    def test_checkin_replies_once_to_the_right_message_in_the_right_chat(self):
        self.assertEqual(self.steward.post_update(message(100, "/checkin", message_id=55)), 200)
        sent = self.api.wait_for(1)
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent[0]["chat_id"], GROUP_ID)
        self.assertEqual(sent[0]["reply_parameters"]["message_id"], 55)
        self.assertIn("+10 points", sent[0]["text"])
        self.assertIn("Balance: 10", sent[0]["text"])
        self.assertEqual(self.steward.query("SELECT points FROM members WHERE user_id='1111'"),
                         [(10,)])
        self.assertEqual(self.api.sent("getChatAdministrators"), [])  # only admin commands ask

    def test_chinese_alias_and_bot_suffix(self):
        self.assertEqual(self.steward.post_update(message(101, "签到")), 200)
        self.assertEqual(self.steward.post_update(
            message(102, "/points@steward_bot", message_id=7)), 200)
        self.assertEqual(self.steward.post_update(message(103, "/checkin@other_bot")), 200)
        sent = self.api.wait_for(2)
        self.assertIn("签到成功", sent[0]["text"])
        self.assertIn("10 points", sent[1]["text"])
        self.assertIn("rank #1", sent[1]["text"])
        self.assertEqual(len(self.api.wait_for(3, timeout=1.0)), 2)  # other_bot's is not ours

    def test_commands_typed_with_wide_spaces_and_punctuation(self):
        self.assertEqual(self.steward.post_update(message(104, "签到！", user_id=2001)), 200)
        self.assertEqual(self.steward.post_update(message(105, "　签到。", user_id=2002)), 200)
        self.assertEqual(self.steward.post_update(message(106, "/checkin!", user_id=2003)), 200)
        deadline = time.monotonic() + 20
        while True:  # newcomers' badge announcements may come in between
            texts = [m["text"] for m in self.api.sent()]
            zh = sum("签到成功" in t for t in texts)
            en = sum("+10 points" in t for t in texts)
            if zh + en >= 3 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        self.assertEqual((zh, en), (2, 1))
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM ledger WHERE delta = 10"), [(3,)])

    def test_repeated_checkins_can_be_answered_with_a_reaction_or_not_at_all(self):
        for mode in ("reaction", "silent"):
            self.steward.stop()
            self.api.close()
            self.api = FakeBotApi()
            self.steward = Steward(self.api.url, {"checkin": {"repeat_answer": mode}}).start()
            self.assertEqual(self.steward.post_update(message(301, "签到", message_id=31)), 200)
            self.assertEqual(self.steward.post_update(message(302, "签到", message_id=32)), 200)
            self.assertEqual(len(self.api.wait_for(1)), 1)  # the first check-in's reply
            if mode == "reaction":
                reacted = self.api.wait_for(1, method="setMessageReaction")
                self.assertEqual(reacted[0]["message_id"], 32)
                self.assertEqual(reacted[0]["reaction"], [{"type": "emoji", "emoji": "👌"}])
            time.sleep(0.5)
            self.assertEqual(len(self.api.sent()), 1, mode)  # nothing posted for the repeat
            if mode == "silent":
                self.assertEqual(self.api.sent("setMessageReaction"), [])

    def test_same_update_five_times_concurrently_awards_once_and_replies_once(self):
        update = message(200, "/checkin")
        with concurrent.futures.ThreadPoolExecutor(5) as pool:
            statuses = list(pool.map(lambda _: self.steward.post_update(update), range(5)))
        self.assertEqual(statuses, [200] * 5)
        self.assertEqual(len(self.api.wait_for(2, timeout=2.0)), 1)
        self.assertEqual(self.steward.query("SELECT COUNT(*), SUM(delta) FROM ledger"), [(1, 10)])

    def test_fifty_distinct_concurrent_checkins_award_once(self):
        updates = [message(300 + i, "/checkin", message_id=1000 + i) for i in range(50)]
        with concurrent.futures.ThreadPoolExecutor(50) as pool:
            statuses = list(pool.map(self.steward.post_update, updates))
        self.assertEqual(statuses, [200] * 50)
        self.assertEqual(self.steward.query("SELECT COUNT(*), SUM(delta) FROM ledger"), [(1, 10)])
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM checkins"), [(1,)])
        sent = self.api.wait_for(3, timeout=3.0)
        awarded = [s for s in sent if "+10 points" in s["text"]]
        repeats = [s for s in sent if "already checked in" in s["text"]]
        self.assertEqual(len(awarded), 1)
        self.assertEqual(len(repeats), 1)  # one friendly notice, not 49

    def test_wrong_or_missing_secret_is_401_and_changes_nothing(self):
        self.assertEqual(self.steward.post_update(message(400, "/checkin"), secret="nope"), 401)
        self.assertEqual(self.steward.post_update(message(401, "/checkin"), secret=None), 401)
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM processed_events"), [(0,)])
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM members"), [(0,)])
        _, metrics = self.steward.get("/metrics")
        self.assertIn(b'steward_verification_failures_total{platform="telegram"} 2', metrics)

    def test_malformed_json_is_400(self):
        status, body = self.steward.request(
            "POST", "/webhook/telegram", b'{"update_id": 5, "message": ',
            {"X-Telegram-Bot-Api-Secret-Token": "s3cret"})
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body),
                         {"error": "malformed_json", "message": "the body is not valid JSON"})
        self.assertEqual(self.steward.post_update(b'{"no_update_id": true}'), 400)
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM processed_events"), [(0,)])

    def test_unknown_update_type_is_200_and_counted(self):
        status = self.steward.post_update({"update_id": 600, "message_reaction": {"chat": {}}})
        self.assertEqual(status, 200)
        _, metrics = self.steward.get("/metrics")
        self.assertIn(b'outcome="unknown_type"} 1', metrics)

    def test_body_over_limit_is_413(self):
        big = b'{"update_id": 1, "pad": "' + b"x" * (3 * 1024 * 1024) + b'"}'
        self.assertEqual(self.steward.post_update(big), 413)
        self.assertEqual(self.steward.get("/healthz")[0], 200)

    def test_routes_health_ready_metrics_404_405(self):
        self.assertEqual(self.steward.get("/healthz")[0], 200)
        self.assertEqual(self.steward.get("/readyz")[0], 200)
        self.assertEqual(self.steward.get("/nope")[0], 404)
        self.assertEqual(self.steward.get("/webhook/telegram")[0], 405)
        self.assertEqual(self.steward.request("POST", "/webhook/unknown", b"{}")[0], 404)
        self.steward.post_update(message(700, "hello"))
        _, metrics = self.steward.get("/metrics")
        for name in (b"steward_events_total", b"steward_batch_size_bucket",
                     b"steward_commit_seconds_bucket", b"steward_outbox_depth"):
            self.assertIn(name, metrics)

    def test_activity_is_recorded_for_every_member_message(self):
        for i in range(3):
            self.steward.post_update(message(800 + i, "chat %d" % i, user_id=2222, name="Bo"))
        rows = self.steward.query(
            "SELECT message_count, last_active IS NOT NULL FROM members WHERE user_id='2222'")
        self.assertEqual(rows, [(3, 1)])

    def test_group_upgrade_keeps_member_state(self):
        old_chat, new_chat = -4001, -1004001
        self.steward.post_update(message(900, "/checkin", chat_id=old_chat))
        migrate = message(901, "", chat_id=old_chat)
        del migrate["message"]["text"]
        migrate["message"]["migrate_to_chat_id"] = new_chat
        self.assertEqual(self.steward.post_update(migrate), 200)
        self.steward.post_update(message(902, "/points", chat_id=new_chat))
        sent = self.api.wait_for(2)  # chats are paced apart: their order may differ
        points = [m for m in sent if m["reply_parameters"]["message_id"] == 902]
        self.assertEqual(points[0]["chat_id"], new_chat, sent)
        self.assertIn("10 points", points[0]["text"])
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM members"), [(1,)])


if __name__ == "__main__":
    unittest.main()
