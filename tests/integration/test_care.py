"""Member care through the real binary: tiers from a scripted month of activity, churn warnings
(a digest to the report chat, a kind mention in the group, once per member and level), a
member's return counted as reactivation, the weekly review (周复盘) posted once the week is over,
and the daily run starting by itself after a restart."""

import csv
import io
import json
import sqlite3
import time
import unittest
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from harness import FakeBotApi, GROUP_ID, Steward, create_token, later_today, message

DAY = 86400
REPORT_CHAT = -100999
ADMIN = 1111


def join(update_id, uid, name, date):
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": date,
        "chat": {"id": GROUP_ID, "title": "Makers", "type": "supergroup"},
        "from": {"id": uid, "is_bot": False, "first_name": name},
        "new_chat_members": [{"id": uid, "is_bot": False, "first_name": name}]}}


class CareTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.api.admins = [ADMIN]
        self.steward = Steward(
            self.api.url,
            # The daily run not yet due today: a run of its own, while the script below is half
            # posted (as under a sanitizer), would give the week's review and the digest early.
            {"analytics": {"daily_at": later_today()},
             # The script posts a month of messages in a moment: not a flood.
             "moderation": {"report_chat": str(REPORT_CHAT), "flood_messages": 1000},
             "templates": {"language": "en", "welcome": False}},
            extra_toml='[templates.en]\npoints = "{name}: {tier}"\n'
                       '[[shop.items]]\nid = "vip"\nname = "VIP pin"\nprice = 0\ntier = "core"\n'
        ).start()
        self.admin = create_token(self.steward, "admin")
        self.update = 0

    def tearDown(self):
        self.steward.stop()
        self.api.close()

    def post(self, update):
        self.assertEqual(self.steward.post_update(update), 200)

    def say(self, uid, name, text, days_ago):
        self.update += 1
        self.post(message(self.update, text, user_id=uid, name=name,
                          date=time.time() - days_ago * DAY))

    def script(self):
        now = int(time.time())
        for uid, name in ((2001, "Busy"), (2002, "Fading"), (2003, "Gone"), (2004, "New")):
            self.update += 1
            self.post(join(self.update, uid, name, now - (25 if uid != 2004 else 1) * DAY))
        for days_ago in range(19, -1, -1):  # in order, as Telegram delivers them
            self.say(2001, "Busy", "daily hello %d" % days_ago, days_ago)
        self.say(2002, "Fading", "see you", 4)
        self.say(2003, "Gone", "bye for now", 20)

    def call(self, method, path):
        status, body = self.steward.request(method, path,
                                            headers={"Authorization": "Bearer " + self.admin})
        self.assertIn(status, (200, 202), body)
        return json.loads(body)

    def sent_to(self, chat_id):
        return [b for b in self.api.sent() if str(b.get("chat_id")) == str(chat_id)]

    def wait_sent_to(self, chat_id, count, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.sent_to(chat_id)) < count:
            time.sleep(0.05)
        return self.sent_to(chat_id)

    def csv_rows(self, path):
        status, body = self.steward.request("GET", path,
                                            headers={"Authorization": "Bearer " + self.admin})
        self.assertEqual(status, 200, body)
        text = body.decode("utf-8")
        self.assertTrue(text.startswith("\ufeff"))
        return list(csv.DictReader(io.StringIO(text[1:])))

    def digests(self):
        return [p for p in self.sent_to(REPORT_CHAT) if "Members slipping away" in p["text"]]

    def wait_text(self, chat_id, needle, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(needle in p["text"] for p in self.sent_to(chat_id)):
                return
            time.sleep(0.05)
        self.fail("nothing sent to %s contains %r: %r" % (chat_id, needle, self.sent_to(chat_id)))

    def test_tiers_warnings_and_a_return(self):
        self.script()
        self.assertEqual(self.call("POST", "/api/v1/care/run")["groups"], 1)
        self.wait_text(REPORT_CHAT, "Members slipping away")
        digest = self.digests()[0]["text"]
        self.assertIn("Members slipping away · Group (2)", digest)
        self.assertIn("Quiet for 3+ days (1): Fading", digest)
        self.assertIn("Quiet for 14+ days (1): Gone", digest)
        self.assertNotIn("New", digest)  # joined a day ago
        deadline = time.monotonic() + 20
        mention = []
        while not mention and time.monotonic() < deadline:
            mention = [p for p in self.sent_to(GROUP_ID) if "we miss you" in p["text"]]
            time.sleep(0.05)
        self.assertEqual(len(mention), 1)
        self.assertIn('<a href="tg://user?id=2002">Fading</a>', mention[0]["text"])
        self.assertNotIn("2003", mention[0]["text"])  # 14 days: listed to admins only

        tiers = self.call("GET", "/api/v1/groups/%d/tiers" % GROUP_ID)
        # Four members: the top one is core, the next two (tied, one message each) potential.
        self.assertEqual(tiers["distribution"], {"core": 1, "potential": 2, "base": 1})
        self.say(2001, "Busy", "/points", 0)  # the tier is a placeholder of the points reply
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not any(
                p["text"] == "Busy: core member" for p in self.sent_to(GROUP_ID)):
            time.sleep(0.05)
        self.assertIn("Busy: core member", [p["text"] for p in self.sent_to(GROUP_ID)])
        # A shop item kept for core members: refused to a potential member, sold to a core one.
        self.say(2002, "Fading", "/redeem vip", 0)
        self.wait_text(GROUP_ID, "VIP pin is for core members and above")
        self.say(2001, "Busy", "/redeem vip", 0)
        self.wait_text(GROUP_ID, "Busy redeemed VIP pin")
        profile = self.call("GET", "/api/v1/groups/%d/members/2001" % GROUP_ID)
        self.assertEqual(profile["tier"], "core")
        core = self.call("GET", "/api/v1/groups/%d/members?tier=core" % GROUP_ID)["members"]
        self.assertEqual([m["user_id"] for m in core], ["2001"])
        idle = self.call("GET", "/api/v1/groups/%d/members?inactive_days=10" % GROUP_ID)
        self.assertEqual(sorted(m["user_id"] for m in idle["members"]), ["2003"])
        # Every list answers CSV too, which Python's csv module (like a spreadsheet) reads back.
        rows = self.csv_rows("/api/v1/groups/%d/members?tier=core&format=csv" % GROUP_ID)
        self.assertEqual([(r["user_id"], r["name"], r["tier"]) for r in rows],
                         [("2001", "Busy", "core")])
        rows = self.csv_rows("/api/v1/groups/%d/churn?format=csv" % GROUP_ID)
        # Fading wrote (/redeem) a moment ago: only Gone is idle now.
        self.assertEqual({r["user_id"]: r["level_days"] for r in rows}, {"2003": "14"})
        rows = self.csv_rows("/api/v1/groups/%d/churn?format=csv&list=warnings" % GROUP_ID)
        self.assertEqual(sorted(r["user_id"] for r in rows), ["2002", "2003"])
        rows = self.csv_rows("/api/v1/groups/%d/tiers?format=csv" % GROUP_ID)
        self.assertEqual(len(rows), 4)  # everyone's first tier
        self.assertEqual({r["to"] for r in rows}, {"core", "potential", "base"})

        self.call("POST", "/api/v1/care/run")  # again the same day: nobody is warned twice
        time.sleep(2)
        self.assertEqual(len(self.digests()), 1)

        self.say(2002, "Fading", "I'm back!", 0)
        churn = self.call("GET", "/api/v1/groups/%d/churn" % GROUP_ID)
        self.assertEqual(churn["levels"], [3, 7, 14])
        warned = {w["user_id"]: w for w in churn["warnings"]}
        self.assertEqual(set(warned), {"2002", "2003"})
        self.assertEqual(warned["2002"]["actions"], "digest,mention")
        self.assertIsNotNone(warned["2002"]["returned_at"])
        self.assertIsNone(warned["2003"]["returned_at"])
        rates = {(r["level_days"], r["actions"]): r for r in churn["reactivation"]}
        self.assertEqual(rates[(3, "digest,mention")]["returned"], 1)
        self.assertAlmostEqual(rates[(3, "digest,mention")]["rate"], 1.0)
        self.assertEqual([m["user_id"] for m in churn["idle"]], ["2003"])

    def test_a_quiet_member_who_wrote_to_the_bot_hears_privately(self):
        now = int(time.time())
        for uid, name in ((2005, "Away"), (2006, "Stranger")):
            self.update += 1
            self.post(join(self.update, uid, name, now - 25 * DAY))
            self.say(uid, name, "hi all", 8)
        self.update += 1
        start = message(self.update, "/start", user_id=2005, name="Away", chat_id=2005)
        start["message"]["chat"] = {"id": 2005, "first_name": "Away", "type": "private"}
        self.post(start)
        self.call("POST", "/api/v1/care/run")
        self.wait_text(2005, "Away, we haven't seen you in Group for a while")
        self.assertEqual(self.sent_to(2006), [])  # never wrote to the bot: not reachable
        deadline = time.monotonic() + 20
        actions = ""
        while time.monotonic() < deadline and "private" not in actions:
            churn = self.call("GET", "/api/v1/groups/%d/churn" % GROUP_ID)
            actions = {w["user_id"]: w["actions"] for w in churn["warnings"]}.get("2005", "")
            time.sleep(0.1)
        self.assertEqual(actions, "digest,private")  # recorded once Telegram delivered it

    def test_the_daily_run_starts_by_itself_once_a_day(self):
        self.script()
        self.steward.stop()
        # As on the first start of a new day: nothing has run today, and the run is due.
        self.steward.overrides["analytics"]["daily_at"] = "00:00"
        with sqlite3.connect(self.steward.db_path) as db:
            db.execute("DELETE FROM daily_jobs WHERE job = 'care'")
            db.execute("DELETE FROM churn_warnings")
        before = len(self.digests())
        self.steward.start()  # the first check after a start runs the groups not yet run today
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(self.digests()) < before + 1:
            time.sleep(0.05)
        digests = self.digests()
        self.assertEqual(len(digests), before + 1)
        self.assertIn("Quiet for 3+ days (1): Fading", digests[-1]["text"])
        self.assertEqual(self.steward.query(
            "SELECT COUNT(*) FROM daily_jobs WHERE job = 'care'")[0][0], 1)
        # The weekly review is given once per week, however often the daily run runs.
        self.wait_text(REPORT_CHAT, "Weekly review")
        time.sleep(1)
        reviews = [p for p in self.sent_to(REPORT_CHAT) if "Weekly review" in p["text"]]
        self.assertEqual(len(reviews), 1)

    def test_the_weekly_review(self):
        self.script()
        self.say(2002, "Fading", "/hide", 0)  # hidden members are never named in a review
        zone = ZoneInfo("Asia/Shanghai")
        today = datetime.now(zone).date()
        monday = today - timedelta(days=today.weekday())
        week = (monday - timedelta(days=7), monday - timedelta(days=1))

        def in_week(days_ago):
            day = datetime.fromtimestamp(time.time() - days_ago * DAY, zone).date()
            return week[0] <= day <= week[1]

        busy = sum(1 for d in range(0, 20) if in_week(d))
        fading = 1 if in_week(4) else 0
        self.call("POST", "/api/v1/care/run")
        self.wait_text(REPORT_CHAT, "Weekly review · Group")
        posted = [p for p in self.sent_to(REPORT_CHAT) if "Weekly review" in p["text"]]
        self.assertEqual(len(posted), 1)
        text = posted[0]["text"]
        self.assertIn("%s – %s" % (week[0].isoformat(), week[1].isoformat()), text)
        self.assertIn("Most active: Busy (%d)" % busy, text)
        self.assertNotIn("Fading", text)
        self.assertIn("%d messages" % (busy + fading), text)
        self.assertIn("Active rate", text)
        self.assertIn("target 30.0%", text)
        # Last month is reviewed only if counting began before it ended (the script began 25
        # days ago), and then says since when it counted.
        first = datetime.fromtimestamp(time.time() - 25 * DAY, zone).date()
        if first < today.replace(day=1):  # posted after the weekly one: wait for it too
            self.wait_text(REPORT_CHAT, "Monthly review")
        monthly = [p["text"] for p in self.sent_to(REPORT_CHAT) if "Monthly review" in p["text"]]
        if first < today.replace(day=1):
            self.assertEqual(len(monthly), 1)
            self.assertIn("counted only since %s" % first.isoformat(), monthly[0])
        else:
            self.assertEqual(monthly, [])

        review = self.call("GET", "/api/v1/groups/%d/review?period=week" % GROUP_ID)
        self.assertEqual(review["from"], week[0].isoformat())
        self.assertEqual(review["to"], week[1].isoformat())
        self.assertTrue(review["complete"])
        self.assertEqual(review["facts"]["messages"], busy + fading)
        self.assertEqual([m["user_id"] for m in review["top_members"]], ["2001"])
        self.assertEqual(review["top_members"][0]["messages"], busy)
        self.assertEqual(review["text"], text)
        self.assertEqual(sum(review["tiers"].values()), 4)
        busiest = review["best_hours"][0]
        self.assertGreaterEqual(busiest["messages"], 1)
        # This week so far, by date; a week not begun yet is refused, naming the field.
        now = self.call("GET", "/api/v1/groups/%d/review?period=week&date=%s"
                        % (GROUP_ID, today.isoformat()))
        self.assertFalse(now["complete"])
        self.assertEqual(now["from"], monday.isoformat())
        status, body = self.steward.request(
            "GET", "/api/v1/groups/%d/review?period=week&date=2999-01-01" % GROUP_ID,
            headers={"Authorization": "Bearer " + self.admin})
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["field"], "date")
        status, body = self.steward.request(
            "GET", "/api/v1/groups/%d/review?period=year" % GROUP_ID,
            headers={"Authorization": "Bearer " + self.admin})
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["field"], "period")


if __name__ == "__main__":
    unittest.main()
