"""The outbox dispatcher and process lifecycle: rate-limit answers, retries, crash durability,
graceful shutdown."""

import json
import signal
import time
import unittest

from harness import GROUP_ID, FakeBotApi, Steward, create_token, message, wait_until
from onebot import GROUP, FakeOneBot, group_message, onebot_overrides, text_of
from onebot import post as onebot_post


class DispatchTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.steward = Steward(self.api.url)

    def tearDown(self):
        if self.steward.proc is not None:
            self.assertEqual(self.steward.ledger_mismatches(), [])
        self.steward.stop(signal.SIGKILL)
        self.api.close()

    def test_a_backlog_larger_than_memory_waits_in_the_outbox_and_goes_out_in_order(self):
        # At most 10 calls in memory, 8 sends a second: 48 replies over 6 chats pile up in the
        # outbox. The dispatcher never holds more than 10, and every chat still gets its
        # replies in the order of the messages they answer.
        self.steward.stop(signal.SIGKILL)
        self.steward = Steward(self.api.url, overrides={
            "dispatch": {"max_loaded": 10, "global_per_second": 8.0}})
        self.steward.start()
        chats = [GROUP_ID - n for n in range(6)]
        for i in range(48):
            update = message(1000 + i, "/checkin", user_id=5000 + i, chat_id=chats[i % 6])
            self.assertEqual(self.steward.post_update(update), 200)
        most_loaded, most_waiting = 0, 0
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(self.api.sent()) < 48:
            _, metrics = self.steward.get("/metrics")
            values = dict(line.split(" ", 1) for line in metrics.decode().splitlines()
                          if line.startswith(("steward_dispatch_loaded ", "steward_outbox_depth ")))
            most_loaded = max(most_loaded, int(values["steward_dispatch_loaded"]))
            most_waiting = max(most_waiting, int(values["steward_outbox_depth"]))
            time.sleep(0.02)
        sent = self.api.sent()
        self.assertEqual(len(sent), 48)
        self.assertLessEqual(most_loaded, 10)
        self.assertGreater(most_waiting, 20)  # the backlog really was larger than the memory
        for chat in chats:
            answered = [b["reply_parameters"]["message_id"] for b in sent if b["chat_id"] == chat]
            self.assertEqual(answered, sorted(answered))
            self.assertEqual(len(answered), 8)

    def test_calls_reuse_kept_alive_connections(self):
        self.steward.start()
        for i in range(6):
            self.assertEqual(self.steward.post_update(message(2000 + i, "/checkin",
                                                              user_id=6000 + i)), 200)
            self.assertEqual(len(self.api.wait_for(i + 1, timeout=10)), i + 1)
        calls = len(self.api.attempts)
        self.assertGreaterEqual(calls, 7)  # six replies and the bot's rights asked
        # Calls made one after another share a connection (two may be open at once: the
        # bot's rights are asked beside the first reply).
        self.assertLessEqual(self.api.connections, 3)

    def test_a_connection_the_server_closed_is_replaced_and_the_call_made_once(self):
        self.api.close_silently = True
        self.steward.start()
        for i in range(4):
            self.assertEqual(self.steward.post_update(message(3000 + i, "/checkin",
                                                              user_id=7000 + i)), 200)
            self.assertEqual(len(self.api.wait_for(i + 1, timeout=10)), i + 1)
        time.sleep(0.5)
        replies = [b["reply_parameters"]["message_id"] for b in self.api.sent()]
        self.assertEqual(replies, [3000, 3001, 3002, 3003])  # each once, none lost
        self.assertEqual(len(self.api.attempts), self.api.connections)
        self.assertNotIn("dispatch.retry", self.steward.read_log())  # not even a retry

    def test_429_retry_after_delays_then_delivers(self):
        self.api.script("sendMessage", 429, {
            "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 2",
            "parameters": {"retry_after": 2}}, {"Retry-After": "2"})
        self.steward.start()
        self.assertEqual(self.steward.post_update(message(10, "/checkin")), 200)
        sent = self.api.wait_for(1, timeout=15)
        self.assertEqual(len(sent), 1)
        limited = [t for m, status, t in self.api.attempts if m == "sendMessage" and status == 429]
        delivered = [t for m, status, t in self.api.attempts if m == "sendMessage" and status == 200]
        self.assertEqual(len(limited), 1)
        self.assertGreaterEqual(delivered[0] - limited[0], 1.9)
        _, metrics = self.steward.get("/metrics")
        self.assertIn(b'result="rate_limited"} 1', metrics)
        self.assertIn(b'result="sent"} 2', metrics)  # the reply, and the bot's rights asked

    def test_5xx_is_retried_with_backoff(self):
        self.api.script("sendMessage", 502, {"ok": False, "description": "Bad Gateway"})
        self.api.script("sendMessage", 500, {"ok": False, "description": "Internal"})
        self.steward.start()
        self.steward.post_update(message(20, "/checkin"))
        self.assertEqual(len(self.api.wait_for(1, timeout=15)), 1)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            rows = self.steward.query("SELECT state, attempts FROM outbox WHERE method = 'sendMessage'")
            if rows == [("sent", 3)]:
                break
            time.sleep(0.05)
        self.assertEqual(rows, [("sent", 3)])

    def test_permanent_error_is_recorded_as_failed_without_retry(self):
        self.api.script("sendMessage", 400, {"ok": False, "error_code": 400,
                                             "description": "Bad Request: chat not found"})
        self.steward.start()
        self.steward.post_update(message(30, "/checkin"))
        deadline = time.monotonic() + 5
        rows = []
        while time.monotonic() < deadline and rows != [("failed", "Bad Request: chat not found")]:
            rows = self.steward.query("SELECT state, last_error FROM outbox WHERE method = 'sendMessage'")
            time.sleep(0.05)
        self.assertEqual(rows, [("failed", "Bad Request: chat not found")])
        self.assertEqual(len(self.api.attempts_of("sendMessage")), 1)

    def test_an_answer_of_an_unexpected_shape_fails_its_call_and_the_chat_goes_on(self):
        # A proxy or a changed API answering {"ok": 1}: that call is recorded as failed with what
        # the answer said, and the chat's next replies still go out (its lane is not stuck).
        self.api.script("sendMessage", 200, {"ok": 1, "description": 7,
                                             "parameters": {"retry_after": "x"}})
        self.steward.start()
        self.steward.post_update(message(40, "/checkin"))
        outcome = "SELECT state, last_error FROM outbox WHERE method = 'sendMessage'"
        wait_until(lambda: self.steward.query(outcome) == [("failed", "7")], timeout=10)
        self.assertEqual(self.steward.query(outcome), [("failed", "7")])
        self.steward.post_update(message(41, "/checkin", user_id=2222, name="Bob"))
        self.assertEqual(len(self.api.wait_for(2)), 2)
        self.assertIn("Bob", self.api.sent()[1]["text"])

    def test_calls_of_a_platform_no_longer_configured_wait_and_the_others_go_out(self):
        # QQ's replies could not be sent (its API down); then the operator takes QQ out of the
        # config. Steward starts (it stopped at "map::at" before), says once what waits, keeps
        # serving Telegram, and sends QQ's reply when QQ is configured again.
        overrides = onebot_overrides("http://127.0.0.1:9", telegram=True)
        overrides["dispatch"] = {"backoff_initial_ms": 1000}
        self.steward.stop(signal.SIGKILL)
        self.steward = Steward(self.api.url, overrides=overrides)
        self.steward.start()
        self.assertEqual(onebot_post(self.steward, group_message(1, "/checkin"))[0], 204)
        tried = "SELECT attempts FROM outbox WHERE platform = 'onebot' AND state = 'pending'"
        wait_until(lambda: max([0] + [n for (n,) in self.steward.query(tried)]) >= 1, timeout=10)
        self.steward.stop(signal.SIGKILL)
        waiting = len(self.steward.query(tried))
        self.assertGreaterEqual(waiting, 1)

        self.steward.overrides["onebot"] = None
        self.steward.start()
        self.assertEqual(self.steward.post_update(message(50, "/checkin")), 200)
        self.assertEqual(len(self.api.wait_for(1)), 1)
        self.assertIsNone(self.steward.proc.poll())
        said = [line for line in self.steward.read_log().splitlines()
                if "dispatch.unconfigured" in line]
        self.assertEqual(len(said), 1)
        self.assertIn("platform=onebot", said[0])
        self.assertEqual(len(self.steward.query(tried)), waiting)  # still waiting, not dropped
        # An operator's warning there has nowhere to go: refused, nothing logged (it was a 500).
        token = create_token(self.steward, "operator")
        status, body = self.steward.request(
            "POST", "/api/v1/groups/onebot:%d/members/30003000/sanctions" % GROUP,
            json.dumps({"action": "warn"}).encode(),
            {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        self.assertEqual(status, 409, body)
        self.assertEqual(json.loads(body)["error"], "platform_not_configured")
        # A shared ban of a member known only there is listed, and that group named with the
        # true reason (it said "QQ offers no way to do this"); lifting it names it likewise.
        queued = "SELECT COUNT(*) FROM outbox"
        before = self.steward.query(queued)
        auth = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
        status, body = self.steward.request(
            "POST", "/api/v1/bans",
            json.dumps({"platform": "onebot", "user_id": "30003000"}).encode(), auth)
        self.assertEqual(status, 200, body)
        absent = ("QQ is not configured in this Steward ([onebot] in the config): nothing can "
                  "be done in its groups until it is again")
        self.assertEqual(json.loads(body)["not_done"], [{"chat_id": str(GROUP), "reason": absent}])
        self.assertEqual(json.loads(body)["groups"], [])
        status, body = self.steward.request("DELETE", "/api/v1/bans/onebot/30003000", b"", auth)
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["not_done"], [{"chat_id": str(GROUP), "reason": absent}])
        self.assertEqual(self.steward.query(queued), before)
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM moderation_log"), [(0,)])
        self.steward.stop(signal.SIGKILL)

        qq = FakeOneBot()
        try:
            self.steward.overrides.update(onebot_overrides(qq.url, telegram=True))
            self.steward.start()
            sent = qq.wait_for("send_group_msg", 1)
            self.assertIn("Ann", text_of(sent[0]))
            wait_until(lambda: self.steward.query(tried) == [], timeout=10)
        finally:
            self.steward.stop(signal.SIGKILL)
            qq.close()

    def test_sigkill_after_200_keeps_checkin_and_reply_is_delivered_after_restart(self):
        # The first delivery attempt hangs, so the reply is still in flight when we kill.
        self.api.script("sendMessage", 200, {"ok": True, "result": {}}, delay=30)
        self.steward.start()
        self.assertEqual(self.steward.post_update(message(40, "/checkin", message_id=77)), 200)
        deadline = time.monotonic() + 10
        while not self.api.attempts_of("sendMessage") and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertEqual(len(self.api.attempts_of("sendMessage")), 1)  # the reply is in flight
        self.steward.stop(signal.SIGKILL)
        self.assertEqual(self.steward.query("SELECT COUNT(*), SUM(delta) FROM ledger"), [(1, 10)])
        self.assertEqual(self.steward.query("SELECT state FROM outbox WHERE method = 'sendMessage'"), [("pending",)])

        self.steward.start()
        sent = self.api.wait_for(1, timeout=15)
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent[0]["reply_parameters"]["message_id"], 77)
        # A redelivery of the same update after the restart is still recognised.
        self.assertEqual(self.steward.post_update(message(40, "/checkin", message_id=77)), 200)
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM ledger"), [(1,)])

    def test_sigterm_exits_zero_after_delivering(self):
        self.steward.start()
        self.steward.post_update(message(50, "/checkin"))
        code = self.steward.stop(signal.SIGTERM)
        self.assertEqual(code, 0)
        self.assertIn("stopped; the outbox is empty", self.steward.read_log())
        self.assertEqual(len(self.api.sent()), 1)
        self.assertEqual(self.steward.query("SELECT state FROM outbox WHERE method = 'sendMessage'"), [("sent",)])

    def test_shutdown_reports_what_is_left_pending(self):
        # Telegram hangs on the reply; the drain gives up after 1 s and says what it left.
        self.api.script("sendMessage", 200, {"ok": True, "result": {}}, delay=30)
        self.steward.overrides = {"dispatch": {"drain": 1}}
        self.steward.start()
        self.steward.post_update(message(55, "/checkin"))
        deadline = time.monotonic() + 10
        while not self.api.attempts_of("sendMessage") and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertEqual(self.steward.stop(signal.SIGTERM), 0)
        self.assertIn("stopped with 1 outbox calls pending (1 sendMessage); they are sent at the "
                      "next start", self.steward.read_log())

    def test_per_chat_rate_limit_paces_sends(self):
        self.steward.overrides = {"dispatch": {"per_chat_per_second": 2.0, "per_chat_burst": 1}}
        self.steward.start()
        for i in range(4):
            self.steward.post_update(message(70 + i, "/help", message_id=600 + i))
        self.api.wait_for(4)
        times = [t for m, status, t in self.api.attempts if m == "sendMessage"]
        self.assertEqual(len(times), 4)
        self.assertGreaterEqual(times[-1] - times[0], 1.4)  # 2 per second after a burst of 1

    def test_transient_failures_end_dead_after_max_attempts(self):
        self.steward.overrides = {"dispatch": {"max_attempts": 2}}
        for _ in range(2):
            self.api.script("sendMessage", 503, {"ok": False, "description": "Unavailable"})
        self.steward.start()
        self.steward.post_update(message(80, "/checkin"))
        deadline = time.monotonic() + 10
        rows = []
        while time.monotonic() < deadline and rows != [("dead", 2)]:
            rows = self.steward.query("SELECT state, attempts FROM outbox WHERE method = 'sendMessage'")
            time.sleep(0.05)
        self.assertEqual(rows, [("dead", 2)])
        _, metrics = self.steward.get("/metrics")
        self.assertIn(b'result="dead"} 1', metrics)

    def test_per_chat_order_is_kept(self):
        self.steward.start()
        for i in range(5):
            self.steward.post_update(message(60 + i, "/help", message_id=500 + i))
        sent = self.api.wait_for(5)
        self.assertEqual([s["reply_parameters"]["message_id"] for s in sent],
                         [500, 501, 502, 503, 504])


if __name__ == "__main__":
    unittest.main()
