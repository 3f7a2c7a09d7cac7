"""A scripted month of community life through the real binary on a controllable clock
(`serve --test-clock`): four weeks of members writing, checking in and fading away, with the
daily care running at its local time each day. Checks the API's numbers against the script,
the tiers, the churn digest and the kind mention (once per member and level), a member's return
counted as reactivation, the four weekly reviews and the monthly one, and a check-in A/B test's
exposures and outcomes (checking in again the next day)."""

import json
import time
import unittest
from datetime import date, datetime, timedelta, timezone

from harness import FakeBotApi, GROUP_ID, Steward, create_token, fnv1a, message

DAY = 86400
REPORT_CHAT = -100999
START = date(2030, 1, 7)  # a Monday
DAYS = 28
CORE = (1, 2, 3)        # write 5 messages and check in every day
REGULAR = (4, 5, 6)     # write one message every other day
FADING = (7, 8)         # write on the first day only (7 comes back on day 20)
SILENT = (9, 10)        # join and never write
NAMES = {uid: "M%d" % uid for uid in range(1, 11)}


def at(day, hour, minute=0):
    moment = datetime(START.year, START.month, START.day, tzinfo=timezone.utc)
    return int((moment + timedelta(days=day, hours=hour, minutes=minute)).timestamp())


def day_number(d):
    return (d - date(1970, 1, 1)).days



class MonthTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.steward = Steward(
            self.api.url,
            {"groups": {"default_time_zone": "UTC"},
             "analytics": {"daily_at": "09:00"},
             # Ten joins in a few minutes are the script, not a raid.
             "moderation": {"report_chat": str(REPORT_CHAT), "flood_messages": 1000,
                            "raid_members": 1000},
             "templates": {"language": "en", "welcome": False}},
            serve_args=["--test-clock"]).start()
        self.admin = create_token(self.steward, "admin")
        self.update = 0

    def tearDown(self):
        self.steward.stop()
        self.api.close()

    def call(self, method, path, body=None):
        status, raw = self.steward.request(
            method, "/api/v1" + path, body=b"" if body is None else json.dumps(body).encode(),
            headers={"Authorization": "Bearer " + self.admin,
                     "Content-Type": "application/json"})
        self.assertIn(status, (200, 201), raw)
        return json.loads(raw)

    def set_clock(self, unix_s):
        self.call("PUT", "/testing/clock", {"now": unix_s})

    def post(self, update):
        self.assertEqual(self.steward.post_update(update), 200)

    def say(self, uid, text, when):
        self.update += 1
        self.post(message(self.update, text, user_id=uid, name=NAMES[uid], date=when))

    def join(self, uid, when):
        self.update += 1
        self.post({"update_id": self.update, "message": {
            "message_id": self.update, "date": when,
            "chat": {"id": GROUP_ID, "title": "Makers", "type": "supergroup"},
            "from": {"id": uid, "is_bot": False, "first_name": NAMES[uid]},
            "new_chat_members": [{"id": uid, "is_bot": False, "first_name": NAMES[uid]}]}})

    def wait_for_care(self, day):
        wanted = day_number(START + timedelta(days=day))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            rows = self.steward.query("SELECT last_day FROM daily_jobs WHERE job = 'care'")
            if rows and rows[0][0] >= wanted:
                return
            time.sleep(0.05)
        self.fail("the daily care of day %d did not run" % day)

    def to_report_chat(self):
        return [p["text"] for p in self.api.sent() if str(p.get("chat_id")) == str(REPORT_CHAT)]

    def play_the_month(self):
        self.set_clock(at(0, 7))
        self.call("POST", "/experiments", {"name": "streak", "template": "checkin", "variants": [
            {"name": "plain"}, {"name": "cheer", "text": "🔥 {mention} day {streak}, keep going!"}]})
        for uid in NAMES:
            self.join(uid, at(0, 7, uid))
        for day in range(DAYS + 1):
            self.set_clock(at(day, 8))
            if day < DAYS:
                for uid in CORE:
                    for i in range(5):
                        self.say(uid, "day %d note %d from %d" % (day, i, uid), at(day, 8, i))
                    self.say(uid, "/checkin", at(day, 8, 10))
                if day % 2 == 0:
                    for uid in REGULAR:
                        self.say(uid, "every other day %d" % day, at(day, 8, 20))
                if day == 0:
                    for uid in FADING:
                        self.say(uid, "hi, new here", at(day, 8, 30))
                    self.say(4, "/checkin", at(day, 8, 40))  # once, never again
                if day == 20:
                    self.say(7, "I'm back!", at(day, 8, 50))
            self.set_clock(at(day, 9, 5))
            self.wait_for_care(day)

    def test_a_month_of_community_life(self):
        status, raw = self.steward.request(
            "PUT", "/api/v1/testing/clock", body=b'{"now": "tomorrow"}',
            headers={"Authorization": "Bearer " + self.admin, "Content-Type": "application/json"})
        self.assertEqual((status, json.loads(raw)["field"]), (400, "now"))
        self.play_the_month()
        messages = DAYS * 5 * 3 + DAYS * 3 + (DAYS // 2) * 3 + 2 + 1 + 1
        stats = self.call("GET", "/groups/%d/stats?from=2030-01-07&to=2030-02-03" % GROUP_ID)
        summary = stats["summary"]
        self.assertEqual(summary["messages"], messages)
        self.assertEqual(summary["joins"], 10)
        self.assertEqual(summary["members_end"], 10)
        self.assertEqual(summary["checkins"], DAYS * 3 + 1)
        self.assertEqual(summary["speakers"], 8)  # everyone but the silent two
        kpis = {k["name"]: k for k in summary["kpis"]}
        self.assertAlmostEqual(kpis["active_rate"]["value"], 0.8)
        self.assertAlmostEqual(kpis["checkin_rate"]["value"], (DAYS * 3 + 1) / DAYS / 10)
        weekly = self.call("GET", "/groups/%d/stats?from=2030-01-07&to=2030-02-03&interval=week"
                           % GROUP_ID)["series"]
        self.assertEqual([w["from"] for w in weekly],
                         ["2030-01-07", "2030-01-14", "2030-01-21", "2030-01-28"])

        # Tiers over the last 30 days: the three who write daily are core (tied), the three
        # regulars potential, the rest base.
        tiers = self.call("GET", "/groups/%d/tiers" % GROUP_ID)
        self.assertEqual(tiers["distribution"], {"core": 3, "potential": 3, "base": 4})

        # Churn: the fading and silent members were warned at 3, 7 and 14 days, once each per
        # spell of quiet; member 7, quiet again after coming back on day 20, was warned anew at
        # 3 and 7 days (days 23 and 27). The digest listed them; the kind mention went out at 3
        # days (day 3 for the four, day 23 for member 7).
        churn = self.call("GET", "/groups/%d/churn?limit=100" % GROUP_ID)
        warned = sorted((w["user_id"], w["level_days"]) for w in churn["warnings"])
        expected = sorted([(str(uid), level) for uid in FADING + SILENT for level in (3, 7, 14)]
                          + [("7", 3), ("7", 7)])
        self.assertEqual(warned, expected)
        mentions = [p["text"] for p in self.api.sent()
                    if str(p.get("chat_id")) == str(GROUP_ID) and "we miss you" in p["text"]]
        self.assertEqual(len(mentions), 2)
        for uid in FADING + SILENT:
            self.assertIn("tg://user?id=%d" % uid, mentions[0])
        self.assertIn("tg://user?id=7", mentions[1])
        self.assertNotIn("tg://user?id=8", mentions[1])
        digests = [t for t in self.to_report_chat() if "Members slipping away" in t]
        self.assertEqual(len(digests), 5)  # days 3, 7, 14, 23 and 27
        # Member 7 came back on day 20, six days after the 14-day warning: reactivated.
        back = [w for w in churn["warnings"] if w["user_id"] == "7" and w["level_days"] == 14]
        self.assertEqual(len(back), 1)
        self.assertEqual(back[0]["returned_at"], at(20, 8, 50))

        # The weekly reviews (Mondays) and January's monthly review (counted from Jan 7).
        reviews = [t for t in self.to_report_chat() if "Weekly review" in t]
        self.assertEqual(len(reviews), 4)
        self.assertIn("2030-01-07 – 2030-01-13", reviews[0])
        self.assertNotIn("counted only since", reviews[0])
        self.assertIn("Most active: M1 (35), M2 (35), M3 (35)", reviews[0])
        monthly = [t for t in self.to_report_chat() if "Monthly review" in t]
        self.assertEqual(len(monthly), 1)
        self.assertIn("2030-01-01 – 2030-01-31 (counted only since 2030-01-07)", monthly[0])
        review = self.call("GET", "/groups/%d/review?period=week&date=2030-01-14" % GROUP_ID)
        self.assertEqual(review["facts"]["messages"], 7 * 18 + 3 * 3)  # regulars: days 8, 10, 12
        self.assertEqual(review["facts"]["checkins"], 21)
        # The API gives the text as posted (a week ago's review would now count member 7's
        # return, which is why it is compared for the week just reviewed).
        last = self.call("GET", "/groups/%d/review?period=week" % GROUP_ID)
        self.assertEqual(last["from"], "2030-01-28")
        self.assertEqual(last["text"], reviews[3])

        # The check-in experiment: each member's first check-in reply exposes them; the outcome
        # is checking in again the next day (the core three did, member 4 did not).
        result = self.call("GET", "/experiments/streak")
        variant_of = {uid: fnv1a("streak:%d" % uid) % 2 for uid in CORE + (4,)}
        for index, v in enumerate(result["variants"]):
            members = [uid for uid, vi in variant_of.items() if vi == index]
            self.assertEqual(v["exposures"], len(members), v)
            self.assertEqual(v["conversions"], len([m for m in members if m in CORE]), v)
        self.assertEqual(result["verdict"], "not significant yet")
        cheered = [p["text"] for p in self.api.sent() if p["text"].startswith("🔥 ")]
        self.assertEqual(bool(cheered), 1 in variant_of.values())


if __name__ == "__main__":
    unittest.main()
