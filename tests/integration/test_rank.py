"""Leaderboards: metrics, periods in the group's time zone, the caller's place, hiding."""

import time
import unittest
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from harness import GROUP_ID, FakeBotApi, Steward, message

DAY = 86400
ADMIN = 1111


class RankTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.api.admins = [ADMIN]
        self.steward = Steward(self.api.url, {"points": {"per_message": 0}}).start()
        self.update = 0

    def tearDown(self):
        self.assertEqual(self.steward.ledger_mismatches(), [])
        self.steward.stop()
        self.api.close()

    def post(self, text, user_id, name, date=None):
        self.update += 1
        self.steward.post_update(message(self.update, text, user_id=user_id, name=name, date=date))

    def last_reply(self, count):
        return self.api.replies(count)[-1]["text"]

    def test_points_board_top_and_own_place_with_hiding(self):
        for uid, name, points in ((2001, "Ann", 30), (2002, "Bo", 20), (2003, "Cy", 10)):
            self.post("hi", uid, name)
            self.post("/give %d %d" % (uid, points), ADMIN, "Admin")
        self.post("/rank", 2003, "Cy")
        board = self.last_reply(4)
        self.assertIn("🏆 Points — all time:\n1. Ann — 30\n2. Bo — 20\n3. Cy — 10", board)
        self.assertIn("You: #3 with 10.", board)
        self.post("/hide", 2001, "Ann")
        self.post("/rank", 2001, "Ann")
        board = self.last_reply(6)
        self.assertNotIn("Ann — 30", board)
        self.assertIn("1. Bo — 20", board)
        self.assertIn("You: #1 with 30.", board)  # hidden members still see their own place

    def test_points_rank_is_the_boards_place_and_leavers_are_off_the_boards(self):
        for uid, name, points in ((2001, "Ann", 30), (2002, "Bo", 20), (2003, "Cy", 20)):
            self.post("hi", uid, name)
            self.post("/give %d %d" % (uid, points), ADMIN, "Admin")
        self.post("/points", 2003, "Cy")
        self.assertIn("rank #3", self.last_reply(4))  # tied with Bo, listed after him
        self.update += 1
        self.steward.post_update({"update_id": 900 + self.update, "message": {
            "message_id": 900 + self.update, "date": int(time.time()),
            "chat": {"id": GROUP_ID, "type": "supergroup", "title": "G"},
            "from": {"id": 2001, "is_bot": False, "first_name": "Ann"},
            "left_chat_member": {"id": 2001, "is_bot": False, "first_name": "Ann"}}})
        self.post("/rank", 2003, "Cy")
        board = self.last_reply(5)
        self.assertNotIn("Ann", board)
        self.assertIn("1. Bo — 20\n2. Cy — 20", board)
        self.post("/points", 2003, "Cy")
        self.assertIn("rank #2", self.last_reply(6))
        self.post("I'm back", 2001, "Ann")  # speaking again brings her back
        self.post("/rank", 2003, "Cy")
        self.assertIn("1. Ann — 30", self.last_reply(7))

    def test_week_counts_points_earned_since_monday_in_the_group_zone(self):
        now = int(time.time())
        self.post("/checkin", 2001, "Ann", date=now - 40 * DAY)  # long ago: all-time only
        self.post("/checkin", 2002, "Bo", date=now)
        self.post("/rank points week", 2001, "Ann")
        board = self.last_reply(3)
        self.assertIn("Points — this week:\n1. Bo — 10", board)
        self.assertIn("You are not on this board yet.", board)
        self.post("/rank", 2001, "Ann")
        self.assertIn("1. Ann — 10\n2. Bo — 10", self.last_reply(4))
        self.post("排行榜 积分 周", 2001, "Ann")  # asked in Chinese, answered in Chinese
        board = self.last_reply(5)
        self.assertIn("🏆 积分榜 — 本周：\n1. Bo — 10", board)
        self.assertIn("你还不在这个榜上。", board)

    def test_streak_board_of_a_week_or_month_counts_the_days_checked_in(self):
        now = int(time.time())
        zone = ZoneInfo("Asia/Shanghai")  # the group's zone (default_time_zone)
        today = datetime.fromtimestamp(now, zone).date()
        starts = {"week": today - timedelta(days=today.weekday()), "month": today.replace(day=1)}
        checkins = {"Ann": [now - 2 * DAY, now], "Bo": [now], "Cy": [now - 40 * DAY]}
        uids = {"Ann": 2001, "Bo": 2002, "Cy": 2003}
        for name, dates in checkins.items():
            for date in dates:
                self.post("/checkin", uids[name], name, date=date)
        replies = 4
        for word, title in (("week", "this week"), ("month", "this month")):
            counts = {
                name: sum(datetime.fromtimestamp(d, zone).date() >= starts[word] for d in dates)
                for name, dates in checkins.items()
            }
            ranked = sorted((n for n in counts if counts[n]), key=lambda n: (-counts[n], uids[n]))
            expected = "".join(
                "\n%d. %s — %d" % (i + 1, n, counts[n]) for i, n in enumerate(ranked)
            )
            self.post("/rank streak " + word, 2001, "Ann")
            replies += 1
            board = self.last_reply(replies)
            self.assertIn("Check-in days — %s:%s\n" % (title, expected), board)
            self.assertNotIn("Cy", board)  # 40 days ago is in neither period
        # Without a period the board is still the streaks running now: Ann's gap broke hers.
        self.post("/rank streak", 2001, "Ann")
        self.assertIn("Check-in streaks:\n1. Ann — 1\n2. Bo — 1", self.last_reply(replies + 1))
        self.post("排行榜 签到 本月", 2002, "Bo")
        self.assertIn("签到天数榜 — 本月：", self.last_reply(replies + 2))

    def test_streak_and_activity_boards(self):
        now = int(time.time())
        for day in range(3):
            self.post("/checkin", 2001, "Ann", date=now - (2 - day) * DAY)
        self.post("/checkin", 2002, "Bo", date=now)
        for i in range(3):
            self.post("msg %d" % i, 2002, "Bo")
        self.post("/rank streak", 2002, "Bo")
        self.assertIn("Check-in streaks:\n1. Ann — 3\n2. Bo — 1", self.last_reply(5))
        self.post("/rank activity week", 2002, "Bo")
        board = self.last_reply(6)
        self.assertIn("Most active — this week:\n1. Bo — 3\nYou: #1 with 3.", board)
        # As people write it in Chinese: spaced, unspaced, with a full-width space.
        self.post("排行榜 活跃 本周", 2002, "Bo")
        self.assertIn("活跃榜 — 本周：\n1. Bo — 3", self.last_reply(7))
        self.post("排行榜 活跃本周", 2002, "Bo")
        self.assertIn("活跃榜 — 本周：\n1. Bo — 3", self.last_reply(8))
        self.post("排行榜　连签！", 2002, "Bo")
        self.assertIn("连续签到榜", self.last_reply(9))

    def test_unknown_words_get_usage(self):
        self.post("/rank bananas", 2001, "Ann")
        self.assertIn("I don't know “bananas”. Use /rank [points|streak|activity|invites]",
                      self.last_reply(1))


if __name__ == "__main__":
    unittest.main()
