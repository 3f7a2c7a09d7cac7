"""Admin moderation commands end to end through the fake Bot API."""

import time
import unittest

from harness import FakeBotApi, Steward, message, reply_to



class ModCommandsTest(unittest.TestCase):
    ADMIN = 9001
    CONFIGURED_ADMIN = 9002

    def setUp(self):
        self.api = FakeBotApi()
        self.api.admins = [self.ADMIN]
        self.steward = Steward(self.api.url, extra_toml='[moderation]\nadmin_ids = ["9002"]\n'
                                                        'report_chat = "-100999"\n').start()
        bo = message(1, "hello there", user_id=2222, name="Bo", message_id=10)
        bo["message"]["from"]["username"] = "bo_the_builder"
        self.steward.post_update(bo)

    def tearDown(self):
        self.assertEqual(self.steward.ledger_mismatches(), [])
        self.steward.stop()
        self.api.close()

    def admin(self, update_id, text, user_id=ADMIN, date=None, reply=True):
        update = message(update_id, text, user_id=user_id, name="Boss", message_id=100 + update_id,
                         date=date)
        return reply_to(update, 2222, "Bo", 10) if reply else update

    def test_mute_by_reply_with_duration_sets_until_date(self):
        date = int(time.time())
        self.steward.post_update(self.admin(2, "/mute 10m spamming", date=date))
        restricted = self.api.wait_for(1, method="restrictChatMember")
        self.assertEqual(restricted[0]["user_id"], 2222)
        self.assertEqual(restricted[0]["until_date"], date + 600)
        text = self.api.replies(1)[0]["text"]
        self.assertIn("Bo is muted until", text)
        self.assertIn("spamming", text)
        self.steward.post_update(self.admin(3, "/unmute"))
        lifted = self.api.wait_for(2, method="restrictChatMember")[1]
        self.assertTrue(lifted["permissions"]["can_send_messages"])
        self.assertEqual(self.steward.query(
            "SELECT rule, actor FROM moderation_log ORDER BY id"), [("mute", "9001"), ("unmute", "9001")])

    def test_chinese_alias_by_username_and_bad_duration(self):
        date = int(time.time())
        self.steward.post_update(self.admin(4, "禁言 @bo_the_builder 2h", date=date, reply=False))
        self.assertEqual(self.api.wait_for(1, method="restrictChatMember")[0]["until_date"],
                         date + 7200)
        self.assertIn("禁言", self.api.replies(1)[0]["text"])
        self.steward.post_update(self.admin(5, "/mute 10x"))
        self.assertIn('“10x” is not a duration', self.api.replies(2)[1]["text"])

    def test_ban_with_duration_kick_and_unban(self):
        date = int(time.time())
        self.steward.post_update(self.admin(6, "/ban 7d ads", date=date))
        ban = self.api.wait_for(1, method="banChatMember")[0]
        self.assertEqual((ban["user_id"], ban["until_date"]), (2222, date + 7 * 86400))
        self.steward.post_update(self.admin(7, "/unban"))
        self.assertTrue(self.api.wait_for(1, method="unbanChatMember")[0]["only_if_banned"])
        self.steward.post_update(self.admin(8, "/kick 2222", reply=False))
        self.assertEqual(len(self.api.wait_for(2, method="banChatMember")), 2)
        self.assertEqual(len(self.api.wait_for(2, method="unbanChatMember")), 2)
        self.steward.post_update(self.admin(9, "封禁", user_id=self.CONFIGURED_ADMIN))
        permanent = self.api.wait_for(3, method="banChatMember")[2]
        self.assertEqual(permanent.get("until_date", 0), 0)
        self.assertIn("永久封禁", self.api.replies(4)[3]["text"])

    def test_warn_climbs_the_ladder_and_unwarn_and_warns(self):
        self.steward.post_update(self.admin(10, "/warn rude"))
        self.steward.post_update(self.admin(11, "/warn rude again"))
        self.steward.post_update(self.admin(12, "/warns"))
        replies = self.api.replies(3)
        self.assertIn("warned (1/5)", replies[0]["text"])
        self.assertIn("warned (2/5)", replies[1]["text"])
        self.assertIn("2 active warnings", replies[2]["text"])
        self.assertIn("rude again", replies[2]["text"])
        self.steward.post_update(self.admin(13, "/unwarn"))
        self.assertIn("1 left", self.api.replies(4)[3]["text"])
        self.steward.post_update(self.admin(14, "/warn"))
        self.steward.post_update(self.admin(15, "/warn"))
        self.assertIn("muted until", self.api.replies(6)[5]["text"])
        self.assertEqual(len(self.api.wait_for(1, method="restrictChatMember")), 1)

    def test_non_admins_are_refused_politely(self):
        self.steward.post_update(reply_to(message(20, "/ban", user_id=3333, name="Cy",
                                                  message_id=200), 2222, "Bo", 10))
        self.assertIn("Only group admins can use /ban.", self.api.replies(1)[0]["text"])
        self.assertEqual(self.api.sent("banChatMember"), [])

    def test_missing_target_explains_usage(self):
        self.steward.post_update(self.admin(21, "/mute", reply=False))
        self.assertIn("Reply to the member's message, or name them: /mute @username 10m",
                      self.api.replies(1)[0]["text"])

    def test_del_removes_the_message_and_the_command(self):
        self.steward.post_update(self.admin(22, "/del"))
        deleted = self.api.wait_for(2, method="deleteMessage")
        self.assertEqual(sorted(d["message_id"] for d in deleted), [10, 122])

    def test_report_forwards_to_the_admin_chat(self):
        self.steward.post_update(reply_to(message(23, "/report scam link", user_id=3333, name="Cy",
                                                  message_id=230), 2222, "Bo", 10))
        forwarded = self.api.wait_for(1, method="forwardMessage")[0]
        self.assertEqual((forwarded["chat_id"], forwarded["from_chat_id"],
                          forwarded["message_id"]), (-100999, -1001234567890, 10))
        told = next(m for m in self.api.wait_for(3) if "admins have been told" in m["text"])
        self.assertEqual(told["reply_parameters"]["message_id"], 230)
        report = [m for m in self.api.sent() if m["chat_id"] == -100999]
        self.assertEqual(len(report), 1, report)
        self.assertIn("Cy reported a message by Bo in Group: scam link", report[0]["text"])
        self.assertEqual(self.steward.query("SELECT rule, actor, status FROM moderation_log"),
                         [("report", "3333", "done")])

    def test_report_that_cannot_reach_the_admins_says_so(self):
        self.api.wait_for(1)  # Bo's newcomer badge, so the refusal below is the report's
        self.api.script("sendMessage", 403, {"ok": False, "error_code": 403,
                                             "description": "Forbidden: bot is not a member of "
                                                            "the supergroup chat"})
        self.steward.post_update(reply_to(message(25, "/report", user_id=3333, name="Cy",
                                                  message_id=250), 2222, "Bo", 10))
        texts = [m["text"] for m in self.api.wait_for(2)]
        self.assertTrue(any("I could not pass on the report about Bo: Telegram answered "
                            "“Forbidden: bot is not a member of the supergroup chat”" in t
                            for t in texts), texts)
        self.assertFalse(any("admins have been told" in t for t in texts))
        self.assertEqual(self.steward.query("SELECT status FROM moderation_log"), [("failed",)])

    def test_reports_are_limited_per_member(self):
        for i in range(5):
            self.steward.post_update(reply_to(message(30 + i, "/report", user_id=3333, name="Cy",
                                                      message_id=300 + i), 2222, "Bo", 40 + i))
        self.steward.post_update(reply_to(message(36, "/report", user_id=3333, name="Cy",
                                                  message_id=306), 2222, "Bo", 40))
        # Bo's badge, 3 reports and their 3 "told" replies, 2 refusals for the limit, 1 for the
        # message already reported.
        texts = [m["text"] for m in self.api.wait_for(10)]
        self.assertEqual(len(texts), 10)
        self.assertEqual(len(self.api.wait_for(3, method="forwardMessage")), 3)
        self.assertEqual(sum("3 reports in the last 10 minutes" in t for t in texts), 2)
        self.assertIn("You have already reported this message.", texts)

    def test_reload_command(self):
        self.steward.post_update(self.admin(24, "/reload", reply=False))
        self.assertIn("Reloading the word lists", self.api.replies(1)[0]["text"])


class ReportWithoutReportChatTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.api.admins = [9001]
        self.steward = Steward(self.api.url).start()
        self.steward.post_update(message(1, "hi", user_id=9001, name="Boss <3", message_id=1))
        self.steward.post_update(message(2, "hello there", user_id=2222, name="Bo", message_id=10))

    def tearDown(self):
        self.steward.stop()
        self.api.close()

    def test_admins_are_mentioned_in_the_group(self):
        self.steward.post_update(reply_to(message(3, "举报 广告", user_id=3333, name="Cy",
                                                  message_id=30), 2222, "Bo", 10))
        mention = next(m for m in self.api.wait_for(3) if "举报" in m["text"])
        self.assertEqual(mention["parse_mode"], "HTML")
        self.assertIn('<a href="tg://user?id=9001">Boss &lt;3</a>', mention["text"])
        self.assertEqual(mention["reply_parameters"]["message_id"], 10)
        self.assertEqual(self.steward.query("SELECT taken FROM moderation_log"),
                         [("admins mentioned in the group",)])

    def test_nobody_to_tell_is_said_plainly(self):
        self.api.script("getChatAdministrators", 400, {"ok": False, "error_code": 400,
                                                       "description": "Bad Request: chat not found"})
        # The cached list from setUp must not answer: a new group asks afresh.
        update = reply_to(message(4, "/report", user_id=3333, name="Cy", message_id=40,
                                  chat_id=-1005555), 2222, "Bo", 10)
        self.steward.post_update(update)
        texts = [m["text"] for m in self.api.wait_for(3)]
        self.assertTrue(any("I cannot tell anyone" in t for t in texts), texts)


if __name__ == "__main__":
    unittest.main()
