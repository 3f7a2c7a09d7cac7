"""Points operations: admin grants and deductions, activity XP and levels, daily caps, history."""

import concurrent.futures
import time
import unittest

from harness import FakeBotApi, Steward, message, reply_to



class PointsTest(unittest.TestCase):
    ADMIN, BO = 1111, 2222

    def setUp(self):
        self.api = FakeBotApi()
        self.api.admins = [self.ADMIN]
        self.steward = None

    def start(self, **overrides):
        self.steward = Steward(self.api.url, overrides).start()
        # Bo says hello so Steward knows him (and his @username).
        bo = message(1, "hi", user_id=self.BO, name="Bo")
        bo["message"]["from"]["username"] = "bo_the_builder"
        self.steward.post_update(bo)

    def tearDown(self):
        if self.steward:
            self.assertEqual(self.steward.ledger_mismatches(), [])
            self.steward.stop()
        self.api.close()

    def balance(self, user_id):
        return self.steward.query("SELECT points FROM members WHERE user_id = ?", str(user_id))[0][0]

    def test_admin_gives_and_takes_by_username_id_and_reply(self):
        self.start()
        start = self.balance(self.BO)
        self.steward.post_update(message(2, "/give @Bo_The_Builder 50 helpful answer",
                                         user_id=self.ADMIN))
        self.steward.post_update(message(3, "/give %d 5" % self.BO, user_id=self.ADMIN))
        self.steward.post_update(reply_to(message(4, "/take 20 spam", user_id=self.ADMIN),
                                          self.BO, "Bo"))
        sent = self.api.replies(3)
        self.assertIn("Gave 50 points to Bo (helpful answer)", sent[0]["text"])
        self.assertIn("Took 20 points from Bo (spam)", sent[2]["text"])
        self.assertEqual(self.balance(self.BO), start + 35)
        reasons = self.steward.query("SELECT reason, delta FROM ledger WHERE reason != 'activity' "
                                     "ORDER BY id")
        self.assertEqual(reasons, [("grant", 50), ("grant", 5), ("deduct", -20)])

    def test_non_admins_and_bad_usage_get_clear_answers(self):
        self.start()
        self.steward.post_update(message(2, "/give @bo_the_builder 50", user_id=3333, name="Cy"))
        self.steward.post_update(message(3, "/give @nobody 50", user_id=self.ADMIN))
        self.steward.post_update(message(4, "/give @bo_the_builder lots", user_id=self.ADMIN))
        self.steward.post_update(message(5, "/take @bo_the_builder 1000", user_id=self.ADMIN))
        sent = self.api.replies(4)
        self.assertIn("Only group admins can use /give.", sent[0]["text"])
        self.assertIn("I don't know @nobody in this group", sent[1]["text"])
        self.assertIn("Usage: /give", sent[2]["text"])
        self.assertIn("has only 1 point; nothing was taken", sent[3]["text"])
        self.assertEqual(self.steward.query(
            "SELECT COUNT(*) FROM ledger WHERE reason IN ('grant', 'deduct')"), [(0,)])

    def test_a_member_without_username_is_named_by_a_mention_and_unknown_names_are_said(self):
        self.start()
        start = self.balance(self.BO)
        give = message(2, "加分 Bo Smith 7 多谢", user_id=self.ADMIN)
        give["message"]["entities"] = [{"type": "text_mention", "offset": 3, "length": 8,
                                        "user": {"id": self.BO, "is_bot": False,
                                                 "first_name": "Bo"}}]
        self.steward.post_update(give)
        self.steward.post_update(message(3, "/history @nobody", user_id=self.ADMIN))
        self.steward.post_update(message(4, "积分明细 @nobody", user_id=self.ADMIN))
        sent = self.api.replies(3)
        self.assertIn("✅ 已为 Bo 加 7 分（多谢）。Bo 现在有", sent[0]["text"])
        self.assertIn("I don't know @nobody in this group", sent[1]["text"])
        self.assertIn("本群里没有找到 @nobody", sent[2]["text"])
        self.assertEqual(self.balance(self.BO), start + 7)

    def test_the_same_give_delivered_concurrently_applies_once(self):
        self.start()
        give = message(2, "/give @bo_the_builder 50", user_id=self.ADMIN)
        with concurrent.futures.ThreadPoolExecutor(5) as pool:
            statuses = list(pool.map(lambda _: self.steward.post_update(give), range(5)))
        self.assertEqual(statuses, [200] * 5)
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM ledger WHERE reason = 'grant'"),
                         [(1,)])

    def test_activity_earns_once_per_cooldown_and_never_for_commands(self):
        self.start()
        for i in range(5):
            self.steward.post_update(message(10 + i, "chatting %d" % i, user_id=3333, name="Cy"))
        self.steward.post_update(message(20, "/points", user_id=3333, name="Cy"))
        rows = self.steward.query("SELECT xp, points, message_count FROM members "
                                  "WHERE user_id = '3333'")
        self.assertEqual(rows, [(10, 1, 6)])
        self.assertEqual(self.steward.query(  # the /points command is not conversation
            "SELECT messages FROM member_days d JOIN members m ON m.id = d.member_id "
            "WHERE m.user_id = '3333'"), [(5,)])

    def test_level_up_is_announced(self):
        self.start(levels={"xp_base": 10, "cooldown": 0})
        self.steward.post_update(message(10, "first words", user_id=3333, name="Cy"))
        self.steward.post_update(message(11, "more words", user_id=3333, name="Cy"))
        levels = [p["text"] for p in self.api.posts(4) if "reached level" in p["text"]]
        self.assertEqual(levels, ["🎉 Bo reached level 1!", "🎉 Cy reached level 1!"])
        self.assertEqual(len(self.api.posts(5, timeout=1)), 4)  # + 2 newcomer badges; no level 2

    def test_daily_cap_limits_checkin_plus_activity(self):
        self.start(points={"daily_cap": 13}, levels={"cooldown": 0})
        self.steward.post_update(message(10, "/checkin", user_id=3333, name="Cy"))
        for i in range(6):
            self.steward.post_update(message(11 + i, "talk %d" % i, user_id=3333, name="Cy"))
        self.assertEqual(self.balance(3333), 13)

    def test_points_expire_oldest_first_after_the_configured_days(self):
        self.start(points={"expire_after_days": 30, "per_message": 0})
        now = int(time.time())
        self.steward.post_update(message(10, "/checkin", user_id=3333, name="Cy",
                                         date=now - 40 * 86400))
        self.steward.post_update(message(11, "/checkin", user_id=3333, name="Cy", date=now))
        self.assertEqual(self.balance(3333), 20)
        # Housekeeping runs with the first batch after a start (then hourly).
        self.steward.stop()
        self.steward.start()
        self.steward.post_update(message(12, "still here", user_id=3333, name="Cy"))
        self.assertEqual(self.balance(3333), 10)
        self.assertEqual(self.steward.query("SELECT delta FROM ledger WHERE reason = 'expire'"),
                         [(-10,)])

    def test_history_lists_the_latest_entries(self):
        self.start()
        self.steward.post_update(message(2, "/give @bo_the_builder 7 welcome gift",
                                         user_id=self.ADMIN))
        self.steward.post_update(message(3, "/history", user_id=self.BO, name="Bo"))
        self.steward.post_update(message(4, "积分明细", user_id=self.BO, name="Bo"))
        sent = self.api.replies(3)
        # Who caused each entry and why: the admin's own words are kept in the ledger.
        self.assertIn("Bo's latest points (8 now):\n+7 granted (admin Ann: welcome gift)",
                      sent[1]["text"])
        self.assertIn("+1 activity ·", sent[1]["text"])
        self.assertIn("最近的积分明细", sent[2]["text"])
        self.assertIn("+7 发放（管理员 Ann：welcome gift）", sent[2]["text"])
        self.assertEqual(self.steward.query(
            "SELECT reason, actor, note FROM ledger WHERE member_id = "
            "(SELECT id FROM members WHERE user_id = '2222') ORDER BY id"),
            [("activity", "member", ""), ("grant", "admin:1111", "welcome gift")])


if __name__ == "__main__":
    unittest.main()
