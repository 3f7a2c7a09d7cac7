"""Quiet groups: with [quiet] auto_delete, a member's command and Steward's reply to it are
deleted after the time set (the reply counted from its delivery); other messages stay; a
group can opt out; without the right to delete others' messages only the reply goes; the
deletions wait in the database across a restart."""

import subprocess
import time
import unittest

from harness import FakeBotApi, Steward, create_token, message, GROUP_ID, STEWARD_BIN

OTHER_GROUP = -1009999999999


def sent_reply(message_id):
    return {"ok": True, "result": {"message_id": message_id, "date": int(time.time()),
                                   "chat": {"id": GROUP_ID, "type": "supergroup"}}}


class QuietTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.steward = None

    def tearDown(self):
        if self.steward:
            self.assertEqual(self.steward.ledger_mismatches(), [])
            self.steward.stop()
        self.api.close()

    def start(self, quiet_toml):
        self.steward = Steward(self.api.url, extra_toml=quiet_toml).start()

    def deleted(self, count, timeout=15):
        return sorted(int(d["message_id"])
                      for d in self.api.wait_for(count, method="deleteMessage", timeout=timeout))

    def test_a_command_and_its_reply_are_deleted_after_the_time_set_and_nothing_else(self):
        self.start('[quiet]\nauto_delete = "2s"\n[quiet.groups."%d"]\nauto_delete = "off"\n'
                   % OTHER_GROUP)
        self.api.script("sendMessage", 200, sent_reply(7001))
        asked = time.time()
        self.steward.post_update(message(1, "/points", user_id=2222, name="Bo", message_id=300))
        self.steward.post_update(message(2, "just chatting", user_id=2222, name="Bo",
                                         message_id=301))
        self.steward.post_update(message(3, "积分", user_id=2222, name="Bo", message_id=302,
                                         chat_id=OTHER_GROUP))
        self.api.wait_for(2)
        self.assertEqual(self.deleted(2), [300, 7001])
        # Due 2 s after the second the command was handled in (Steward's times are whole
        # seconds): not before the second it was asked in + 2 (a fraction sooner than 2.0 s).
        self.assertGreaterEqual(time.time(), int(asked) + 2.0)
        time.sleep(3)  # the opted-out group and the ordinary message keep theirs
        self.assertEqual(len(self.api.sent("deleteMessage")), 2)
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM auto_deletes")[0][0], 0)

    def test_without_the_delete_right_only_the_reply_goes(self):
        self.api.bot_member["can_delete_messages"] = False
        self.start('[quiet]\nauto_delete = "1s"\n')
        # The bot's rights are learnt from the first message in the group.
        self.steward.post_update(message(1, "hello", user_id=2222, name="Bo", message_id=299))
        # ... and said in the group: the newcomer badge and the missing right.
        self.assertEqual(len(self.api.wait_for(2)), 2)
        self.api.script("sendMessage", 200, sent_reply(7002))
        self.steward.post_update(message(2, "签到", user_id=2222, name="Bo", message_id=300))
        self.assertEqual(self.deleted(1), [7002])
        time.sleep(2)
        self.assertEqual(len(self.api.sent("deleteMessage")), 1)

    def test_deletions_due_survive_a_restart(self):
        self.start('[quiet]\nauto_delete = "3s"\n')
        self.api.script("sendMessage", 200, sent_reply(7003))
        self.steward.post_update(message(1, "/rank", user_id=2222, name="Bo", message_id=300))
        self.api.wait_for(1)
        deadline = time.monotonic() + 10
        while self.steward.query("SELECT COUNT(*) FROM auto_deletes")[0][0] < 2:
            self.assertLess(time.monotonic(), deadline, "the reply's deletion was not scheduled")
            time.sleep(0.1)
        self.steward.stop()
        self.assertEqual(self.api.sent("deleteMessage"), [])
        self.steward.start()
        self.assertEqual(self.deleted(2), [300, 7003])

    def test_badges_are_told_in_one_daily_digest(self):
        self.api.admins = [1111]
        self.start('[quiet]\nbadge_digest = true\n')
        token = create_token(self.steward, "admin")

        def run_daily_care():
            status, body = self.steward.request(
                "POST", "/api/v1/care/run", headers={"Authorization": "Bearer " + token})
            self.assertIn(status, (200, 202), body)

        def digests(count, timeout=15):
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                found = [m["text"] for m in self.api.sent() if "新徽章" in m["text"]]
                if len(found) >= count:
                    return found
                time.sleep(0.1)
            return [m["text"] for m in self.api.sent() if "新徽章" in m["text"]]

        self.steward.post_update(message(1, "大家好", user_id=2222, name="Bo", message_id=11))
        self.steward.post_update(message(2, "hello", user_id=3333, name="Cy", message_id=12))
        # An admin's grant is told at once: the admin asked for it.
        self.steward.post_update(message(3, "/badge 2222 creator", user_id=1111, name="Ann",
                                         message_id=13))
        granted = self.api.wait_for(1)
        self.assertIn("内容创作者", granted[0]["text"])
        run_daily_care()
        texts = digests(1)
        self.assertEqual(len(texts), 1, texts)
        self.assertIn("🏅 新徽章：Bo「新手」、Cy「新手」", texts[0])
        self.assertNotIn("内容创作者", texts[0])  # told already, at once
        self.assertFalse(any("获得了「新手」徽章" in m["text"] for m in self.api.sent()))
        run_daily_care()  # nothing new: no second digest
        time.sleep(2)
        self.assertEqual(len(digests(1)), 1)
        self.steward.post_update(message(4, "我也来了", user_id=4444, name="Di", message_id=14))
        time.sleep(0.5)
        run_daily_care()
        texts = digests(2)
        self.assertEqual(len(texts), 2, texts)
        self.assertIn("🏅 新徽章：Di「新手」。", texts[1])

    def test_a_time_telegram_would_refuse_is_a_config_error(self):
        steward = Steward(self.api.url, extra_toml='[quiet]\nauto_delete = "3d"\n')
        steward.write_config()
        check = subprocess.run([STEWARD_BIN, "check-config", "--config", steward.config_path],
                               capture_output=True, text=True)
        self.assertNotEqual(check.returncode, 0)
        self.assertIn('quiet.auto_delete: must be at most "47h"', check.stderr)


if __name__ == "__main__":
    unittest.main()
