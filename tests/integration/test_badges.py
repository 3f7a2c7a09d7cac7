"""Badges: awarded by rules once and announced once; creator granted by admins; /badges."""

import time
import unittest

from harness import FakeBotApi, Steward, message

DAY = 86400


class BadgesTest(unittest.TestCase):
    ADMIN = 1111

    def setUp(self):
        self.api = FakeBotApi()
        self.api.admins = [self.ADMIN]
        self.steward = Steward(self.api.url,
                               {"badges": {"active_streak": 7, "king_streak": 21,
                                           "announce_every": "3s"}}).start()  # 1m by default

    def tearDown(self):
        self.assertEqual(self.steward.ledger_mismatches(), [])
        self.steward.stop()
        self.api.close()

    def texts(self, count):
        return [s["text"] for s in self.api.wait_for(count)]

    def test_newcomer_is_announced_once(self):
        self.steward.post_update(message(1, "hi all", user_id=2222, name="Bo"))
        self.steward.post_update(message(2, "me again", user_id=2222, name="Bo"))
        self.assertIn("Bo 获得了「新手」徽章", self.texts(1)[0])
        self.assertEqual(len(self.api.wait_for(2, timeout=1)), 1)

    def test_a_burst_of_newcomers_is_announced_once_and_the_rest_together_when_the_pace_allows(
            self):
        # Announced one by one, a launch's newcomers would hold every reply in the group up
        # behind Telegram's per-chat limit.
        # The group's day starts about an hour ago and its care is due at 23:00: the day's
        # digest (which a new group gets at once when its care time has passed) stays out of it.
        self.steward.stop()
        offset = (1 - time.gmtime().tm_hour + 12) % 24 - 12  # local hour 1 (UTC-12 … UTC+11)
        self.steward.overrides["groups"] = {"default_time_zone": "Etc/GMT%+d" % -offset}
        self.steward.overrides["analytics"] = {"daily_at": "23:00"}
        self.steward.start()
        for i, (user, name, text) in enumerate([(2222, "Bo", "大家好"), (3333, "Cy", "hello"),
                                                (4444, "Di", "我是新来的")]):
            self.steward.post_update(message(1 + i, text, user_id=user, name=name))
        first = self.texts(1)[0]
        announced_at = time.monotonic()
        self.assertIn("Bo 获得了「新手」徽章", first)
        texts = self.texts(2)
        waited = time.monotonic() - announced_at
        self.assertIn("🏅 新徽章：Cy「新手」、Di「新手」。", texts[1])
        self.assertGreater(waited, 1.5, "told before the pace allowed")
        time.sleep(1)
        self.assertEqual(len(self.api.sent()), 2, [m["text"] for m in self.api.sent()])
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM badges WHERE untold = 1"), [(0,)])

    def test_a_first_command_earns_newcomer_without_a_second_message(self):
        # The first message of any kind earns the badge; a command already has its answer, so
        # the badge is recorded quietly (no announcement after the reply), and never later.
        self.steward.post_update(message(1, "/checkin", user_id=2222, name="Bo"))
        self.assertIn("Bo checked in", self.texts(1)[0])
        self.steward.post_update(message(2, "hello everyone", user_id=2222, name="Bo"))
        self.steward.post_update(message(3, "/badges", user_id=2222, name="Bo"))
        texts = self.texts(2)
        self.assertIn("🏅 Newcomer", texts[1])
        self.assertEqual(len(self.api.wait_for(3, timeout=1)), 2, "no newcomer announcement")
        self.assertEqual(self.steward.query(
            "SELECT COUNT(*) FROM badges WHERE badge = 'newcomer'"), [(1,)])

    def test_seven_day_streak_earns_active_once_across_shanghai_midnights(self):
        # Check-ins at 23:30 Shanghai time (15:30 UTC) on 7 consecutive local days.
        base = (int(time.time()) // DAY - 8) * DAY + 15 * 3600 + 1800
        for day in range(8):
            self.steward.post_update(message(10 + day, "/checkin", user_id=2222, name="Bo",
                                             date=base + day * DAY))
        texts = self.texts(9)
        self.assertIn("7-day streak", texts[6])
        self.assertIn("Bo 获得了「活跃」徽章", texts[7])
        self.assertIn("8-day streak", texts[8])
        self.assertEqual(sum("「活跃」徽章" in t["text"]
                             for t in self.api.wait_for(10, timeout=2)), 1)
        self.steward.post_update(message(30, "/points", user_id=2222, name="Bo"))
        self.assertIn("Badges: Newcomer, Active", self.texts(10)[-1])

    def test_creator_is_granted_by_admins_only(self):
        self.steward.post_update(message(1, "/checkin", user_id=2222, name="Bo"))
        self.steward.post_update(message(2, "/badge 2222 creator", user_id=3333, name="Cy"))
        self.steward.post_update(message(3, "/badge 2222 creator", user_id=self.ADMIN))
        self.steward.post_update(message(4, "/badge 2222 creator", user_id=self.ADMIN))
        self.steward.post_update(message(5, "/badges", user_id=2222, name="Bo"))
        self.steward.post_update(message(6, "徽章", user_id=2222, name="Bo"))
        texts = self.texts(6)
        self.assertIn("Only group admins can use /badge.", texts[1])
        self.assertIn("Bo 获得了「内容创作者」徽章", texts[2])
        self.assertIn("Bo already has the Creator badge", texts[3])
        self.assertIn("🏅 Creator", texts[4])
        # How a badge is earned quotes the configured threshold, not a number in the code.
        self.assertIn("▫️ Check-in King — check in 21 days in a row", texts[4])
        self.assertIn("🏅 内容创作者", texts[5])
        self.assertIn("▫️ 连续签到王者 — 连续签到 21 天", texts[5])


if __name__ == "__main__":
    unittest.main()
