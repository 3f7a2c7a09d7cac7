"""Logs: JSON lines a log system can ingest, and warnings that name what they concern."""

import json
import time
import unittest
import urllib.parse

from harness import GROUP_ID, FakeBotApi, Steward, message, reply_to

ADMIN = 9001


class LogsTest(unittest.TestCase):
    def start(self, log_format):
        self.api = FakeBotApi()
        self.api.admins = [ADMIN]
        self.steward = Steward(self.api.url, overrides={"log": {"format": log_format}}).start()
        self.api.script("restrictChatMember", 400, {
            "ok": False, "error_code": 400,
            "description": "Bad Request: not enough rights to restrict/unrestrict chat member"})
        self.steward.post_update(message(1, "hello", user_id=2222, name="Bo", message_id=10))
        mute = reply_to(message(2, "/mute 10m spam", user_id=ADMIN, name="Boss", message_id=11),
                        2222, "Bo", 10)
        self.steward.post_update(mute)
        deadline = time.monotonic() + 10
        while "dispatch.refused" not in self.steward.read_log() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(self.steward.stop(), 0)

    def tearDown(self):
        self.api.close()

    def test_json_lines_carry_the_fields(self):
        self.start("json")
        records = [json.loads(line) for line in self.steward.read_log().splitlines() if line]
        for r in records:
            for key in ("time", "level", "event", "message"):
                self.assertIn(key, r)
        updates = [r for r in records if r["event"] == "update"]
        self.assertEqual([r["update_id"] for r in updates], ["1", "2"])
        first = updates[0]
        self.assertEqual(first["platform"], "telegram")
        self.assertEqual(first["outcome"], "ok")
        self.assertEqual(first["chat"], str(GROUP_ID))
        self.assertEqual(first["member"], "2222")
        self.assertIsInstance(first["latency_ms"], float)

        refused = [r for r in records if r["event"] == "dispatch.refused"]
        self.assertEqual(len(refused), 1, records)
        r = refused[0]
        self.assertEqual(r["level"], "warning")
        self.assertEqual(r["method"], "restrictChatMember")
        self.assertEqual(r["chat"], str(GROUP_ID))
        self.assertEqual(r["member"], "2222")
        self.assertEqual(r["address"], "%s:%s" % (urllib.parse.urlsplit(self.api.url).hostname,
                                                  urllib.parse.urlsplit(self.api.url).port))
        self.assertIn("not enough rights", r["error"])
        self.assertNotIn("123456:ABC", self.steward.read_log())  # the token never appears

        listening = [r for r in records if r["event"] == "steward.listening"]
        self.assertEqual(listening[0]["address"], "127.0.0.1:%d" % self.steward.port)

    def test_text_warnings_name_chat_member_method_and_address(self):
        self.start("text")
        line = next(l for l in self.steward.read_log().splitlines() if "dispatch.refused" in l)
        self.assertIn("[warning] dispatch.refused: the platform refused the call", line)
        self.assertIn("method=restrictChatMember chat=%d member=2222 address=127.0.0.1:" % GROUP_ID,
                      line)
        self.assertIn('error="Bad Request: not enough rights', line)


if __name__ == "__main__":
    unittest.main()
