"""Moderation end to end: the real binary, a word list on disk, and the fake Bot API receiving
the deleteMessage / restrictChatMember / banChatMember calls."""

import os
import signal
import threading
import time
import unittest
import uuid

from harness import FakeBotApi, Steward, message, reply_to

WORDS = "傻逼\tinsult\nfree money\tscam\tdelete\nbanme\tspam\tban\n"
ALLOW = "舞台独白\n"


def letters_only(text):
    """Random text without digits: hex digits could spell a phone number by chance."""
    return text.translate(str.maketrans("0123456789", "ghijklmnop"))



class ModerationTest(unittest.TestCase):
    ADMIN = 9001

    def start(self, extra=""):
        self.api = FakeBotApi()
        self.api.admins = [self.ADMIN]
        self.steward = Steward(self.api.url)
        words = os.path.join(self.steward.dir, "words.txt")
        with open(words, "w") as f:
            f.write(WORDS)
        with open(os.path.join(self.steward.dir, "allow.txt"), "w") as f:
            f.write(ALLOW)
        self.words_path = words
        self.steward.extra_toml = (
            '[moderation]\nwords = ["words.txt"]\nallow = ["allow.txt"]\nnewcomer_messages = 0\n'
            + extra)
        self.steward.start()

    def tearDown(self):
        self.assertEqual(self.steward.ledger_mismatches(), [])
        self.steward.stop()
        self.api.close()

    def wait_calls(self, method, count, timeout=10):
        return self.api.wait_for(count, method=method, timeout=timeout)

    def test_word_is_deleted_warned_logged_and_earns_nothing(self):
        self.start()
        date = int(time.time())
        self.assertEqual(self.steward.post_update(message(1, "你这个傻@逼", message_id=41, date=date)), 200)
        deleted = self.wait_calls("deleteMessage", 1)
        self.assertEqual(deleted[0]["message_id"], 41)
        notice = self.api.wait_for(1)[0]["text"]
        self.assertIn("警告", notice)
        self.assertIn("1/5", notice)
        rows = self.steward.query("SELECT rule, tag, action, taken, spans, normalized FROM moderation_log")
        self.assertEqual(len(rows), 1)
        rule, tag, action, taken, spans, normalized = rows[0]
        self.assertEqual((rule, tag, action, normalized), ("word", "insult", "warn", "傻逼"))
        self.assertIn("warn 1/5", taken)
        self.assertIn('"matched":"傻@逼"', spans)
        self.assertIn('"start":9', spans)  # byte offset in the original text
        self.assertEqual(self.steward.query("SELECT xp, points FROM members WHERE user_id='1111'"),
                         [(0, 0)])

    def test_hidden_links_are_checked_like_visible_ones_and_named_in_the_log(self):
        self.start('[moderation.rules.url]\naction = "delete"\n')
        hidden = message(1, "click here for your prize", message_id=51)
        hidden["message"]["entities"] = [
            {"type": "text_link", "offset": 0, "length": 10, "url": "https://prize-spam.top/win"}]
        button = message(2, "see below", message_id=52)
        button["message"]["reply_markup"] = {
            "inline_keyboard": [[{"text": "Claim", "url": "https://claim-now.top/x"}]]}
        plain = message(3, "click here for your prize", message_id=53)
        for update in (hidden, button, plain):
            self.assertEqual(self.steward.post_update(update), 200)
        deleted = self.wait_calls("deleteMessage", 2)
        time.sleep(0.5)
        self.assertEqual(sorted(d["message_id"] for d in self.api.sent("deleteMessage")), [51, 52])
        rows = self.steward.query("SELECT message_id, reason, spans FROM moderation_log "
                                  "ORDER BY message_id")
        self.assertEqual([(r[0], r[1]) for r in rows],
                         [("51", "a hidden link to https://prize-spam.top/win"),
                          ("52", "a hidden link to https://claim-now.top/x")])
        self.assertIn('"hidden":true', rows[0][2])
        self.assertIn('"matched":"https://prize-spam.top/win"', rows[0][2])
        self.assertEqual(len(deleted), 2)

    def test_ladder_warns_twice_then_mutes_for_an_hour(self):
        self.start()
        before = int(time.time())
        for i in range(3):
            self.steward.post_update(message(10 + i, "傻逼 %d" % i, message_id=50 + i))
        restricted = self.wait_calls("restrictChatMember", 1)
        self.assertEqual(restricted[0]["user_id"], 1111)
        self.assertGreaterEqual(restricted[0]["until_date"], before + 3600)
        self.assertLessEqual(restricted[0]["until_date"], int(time.time()) + 3600)
        self.assertFalse(restricted[0]["permissions"]["can_send_messages"])
        self.assertEqual(len(self.wait_calls("deleteMessage", 3)), 3)
        texts = [m["text"] for m in self.api.wait_for(3)]
        self.assertIn("1/5", texts[0])
        self.assertIn("2/5", texts[1])
        self.assertIn("禁言", texts[2])

    def test_warnings_decay(self):
        self.start('warning_decay = "2s"\n')
        self.steward.post_update(message(20, "傻逼", message_id=60))
        self.steward.post_update(message(21, "傻逼", message_id=61))
        self.api.wait_for(2)
        time.sleep(3.2)  # warnings age from when Steward gave them (whole seconds), not message dates
        self.steward.post_update(message(22, "傻逼", message_id=62))
        texts = [m["text"] for m in self.api.wait_for(3)]
        self.assertIn("1/5", texts[2])  # the two old warnings no longer count
        self.assertEqual(self.api.sent("restrictChatMember"), [])

    def test_admins_and_approved_members_are_exempt(self):
        self.start()
        self.steward.post_update(message(30, "傻逼", user_id=self.ADMIN, name="Boss", message_id=70))
        self.steward.post_update(message(31, "hello", user_id=2222, name="Bo", message_id=71))
        self.steward.post_update(reply_to(message(32, "/approve", user_id=self.ADMIN, message_id=72),
                                          2222, "Bo", 71))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(
                "approved" in m["text"] for m in self.api.sent()):
            time.sleep(0.05)
        self.steward.post_update(message(33, "傻逼", user_id=2222, name="Bo", message_id=73))
        self.steward.post_update(message(34, "傻逼", user_id=3333, name="Cy", message_id=74))
        deleted = self.wait_calls("deleteMessage", 1)
        time.sleep(0.5)
        self.assertEqual([d["message_id"] for d in self.api.sent("deleteMessage")], [74])

    def test_allow_list_and_ordinary_speech_pass(self):
        self.start()
        self.steward.post_update(message(40, "舞台独白很精彩", message_id=80))
        self.steward.post_update(message(41, "I grew up in Scunthorpe", message_id=81))
        self.steward.post_update(message(42, "/checkin", message_id=82))
        self.api.wait_for(1)
        self.assertEqual(self.api.sent("deleteMessage"), [])
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM moderation_log"), [(0,)])

    def test_a_raid_removes_every_copy_once(self):
        self.start()
        text = "join prize-raid.top now for free prizes"
        for i, user in enumerate((2001, 2002, 2003, 2004)):
            self.assertEqual(self.steward.post_update(
                message(60 + i, text, user_id=user, name="R%d" % i, message_id=160 + i)), 200)
        self.wait_calls("deleteMessage", 4)
        time.sleep(0.5)
        # The third raider's message tips it over and takes the two before with it; the fourth
        # goes alone: no copy is deleted twice.
        self.assertEqual(sorted(d["message_id"] for d in self.api.sent("deleteMessage")),
                         [160, 161, 162, 163])

    def test_shadow_rule_logs_but_does_not_act(self):
        self.start('[moderation.rules.phone]\nshadow = true\n')
        self.steward.post_update(message(50, "call 138 0013 8000", message_id=90))
        self.steward.post_update(message(51, "/checkin", message_id=91))
        self.api.wait_for(1)
        self.assertEqual(self.api.sent("deleteMessage"), [])
        self.assertEqual(self.steward.query("SELECT rule, shadow, taken FROM moderation_log"),
                         [("phone", 1, "none (shadow)")])

    def test_rule_action_ban_and_delete(self):
        self.start()
        self.steward.post_update(message(60, "banme now", message_id=100))
        banned = self.wait_calls("banChatMember", 1)
        self.assertEqual(banned[0]["user_id"], 1111)
        self.steward.post_update(message(61, "free money here", user_id=2222, message_id=101))
        deleted = self.wait_calls("deleteMessage", 2)
        self.assertEqual(sorted(d["message_id"] for d in deleted), [100, 101])

    def test_flood_mutes_and_split_ad_is_caught(self):
        self.start('flood_messages = 4\nflood_window = "10s"\n')
        for i in range(4):
            self.steward.post_update(message(70 + i, "msg number %d" % i, message_id=110 + i))
        restricted = self.wait_calls("restrictChatMember", 1)
        self.assertEqual(restricted[0]["user_id"], 1111)
        self.steward.post_update(message(80, "加我微", user_id=2222, message_id=120))
        self.steward.post_update(message(81, "信abc_123", user_id=2222, message_id=121))
        deleted = self.wait_calls("deleteMessage", 3)
        self.assertIn(120, [d["message_id"] for d in deleted])
        self.assertIn(121, [d["message_id"] for d in deleted])
        self.assertIn(("split",), self.steward.query("SELECT rule FROM moderation_log"))

    def test_a_duplicate_straddling_a_restart_is_caught(self):
        # Moderation's memory of recent messages is read back from the stored messages at
        # start: the third copy after a restart is the third copy, not the first.
        self.start()
        text = "cheap followers for your channel at our store today"
        for i in range(2):
            self.assertEqual(self.steward.post_update(message(90 + i, text, message_id=130 + i)),
                             200)
        self.steward.stop()
        self.steward.start()
        self.assertEqual(self.steward.post_update(message(92, text, message_id=132)), 200)
        deleted = self.wait_calls("deleteMessage", 3)
        self.assertEqual(sorted(d["message_id"] for d in deleted), [130, 131, 132])
        self.assertIn(("duplicate",), self.steward.query("SELECT rule FROM moderation_log"))
        self.assertIn("moderation.recalled", self.steward.read_log())

    def test_reload_on_sighup_under_load_drops_nothing(self):
        self.start()
        statuses = []

        def post_many(offset):
            for i in range(40):
                statuses.append(self.steward.post_update(
                    message(1000 + offset + i, letters_only(uuid.uuid4().hex),
                            user_id=5000 + offset + i,
                            message_id=1000 + offset + i)))

        threads = [threading.Thread(target=post_many, args=(k * 100,)) for k in range(3)]
        for t in threads:
            t.start()
        with open(self.words_path, "a") as f:
            f.write("newword\n")
        for _ in range(3):
            self.steward.proc.send_signal(signal.SIGHUP)
            time.sleep(0.05)
        for t in threads:
            t.join()
        self.assertEqual(statuses, [200] * 120)
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM messages"), [(120,)])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "reloaded" not in self.steward.read_log():
            time.sleep(0.05)
        self.steward.post_update(message(2000, "a newword here", user_id=7777, message_id=2000))
        deleted = self.wait_calls("deleteMessage", 1)
        self.assertEqual(deleted[0]["message_id"], 2000)

    def test_bad_list_on_reload_keeps_old_rules(self):
        self.start()
        with open(self.words_path, "a") as f:
            f.write("oops\ttag\texplode\n")
        self.steward.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "reload failed" not in self.steward.read_log():
            time.sleep(0.05)
        self.assertIn('words.txt:4: unknown action \\"explode\\"', self.steward.read_log())
        self.steward.post_update(message(3000, "傻逼", message_id=3000))
        self.assertEqual(self.wait_calls("deleteMessage", 1)[0]["message_id"], 3000)

if __name__ == "__main__":
    unittest.main()
