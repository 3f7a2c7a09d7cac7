"""Badges: awarded by rules once and announced once; creator granted by admins; /badges."""

import time
import unittest

from harness import FakeBotApi, Steward, create_token, message

DAY = 86400


class BadgesTest(unittest.TestCase):
    ADMIN = 1111

    def setUp(self):
        self.api = FakeBotApi()
        self.api.admins = [self.ADMIN]
        self.steward = Steward(self.api.url,
                               {"badges": {"active_streak": 7, "king_streak": 21,
                                           "announce_every": "1m"}}).start()  # the default

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

    def test_a_burst_of_newcomers_is_announced_once_a_minute_and_the_rest_in_the_digest(self):
        # Announced one by one, a launch's newcomers would hold every reply in the group up
        # behind Telegram's per-chat limit.
        for i, (user, name, text) in enumerate([(2222, "Bo", "大家好"), (3333, "Cy", "hello"),
                                                (4444, "Di", "我是新来的")]):
            self.steward.post_update(message(1 + i, text, user_id=user, name=name))
        self.assertIn("Bo 获得了「新手」徽章", self.texts(1)[0])
        # The day's care (due at once for a new group, or run here) tells Cy's and Di's.
        token = create_token(self.steward, "admin")
        status, body = self.steward.request(
            "POST", "/api/v1/care/run", headers={"Authorization": "Bearer " + token})
        self.assertIn(status, (200, 202), body)
        deadline = time.monotonic() + 15
        while self.steward.query("SELECT COUNT(*) FROM badges WHERE untold = 1") != [(0,)]:
            self.assertLess(time.monotonic(), deadline, "the digest did not tell every badge")
            time.sleep(0.1)
        time.sleep(0.5)
        texts = [m["text"] for m in self.api.sent()]
        announced = [t for t in texts if "获得了「新手」徽章" in t]
        digests = "".join(t for t in texts if "新徽章" in t)
        self.assertEqual(len(announced), 1, texts)
        self.assertIn("Cy「新手」", digests)
        self.assertIn("Di「新手」", digests)
        self.assertNotIn("Bo「新手」", digests)  # told already

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
