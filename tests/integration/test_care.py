"""Member care through the real binary: tiers from a scripted month of activity, churn warnings
(a digest to the report chat, a kind mention in the group, once per member and level), a
member's return counted as reactivation, and the daily run starting by itself after a restart."""

import json
import sqlite3
import time
import unittest

from harness import FakeBotApi, GROUP_ID, Steward, create_token, message

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
            {"analytics": {"daily_at": "00:00"},
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
        for days_ago in range(0, 20):
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
        digest = self.wait_sent_to(REPORT_CHAT, 1)[0]["text"]
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

        self.call("POST", "/api/v1/care/run")  # again the same day: nobody is warned twice
        time.sleep(2)
        self.assertEqual(len(self.sent_to(REPORT_CHAT)), 1)

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

    def test_the_daily_run_starts_by_itself_once_a_day(self):
        self.script()
        self.steward.stop()
        # As on the first start of a new day: nothing has run today (the check may have run
        # while the script was half posted).
        with sqlite3.connect(self.steward.db_path) as db:
            db.execute("DELETE FROM daily_jobs")
            db.execute("DELETE FROM churn_warnings")
        before = len(self.sent_to(REPORT_CHAT))
        self.steward.start()  # the first check after a start runs the groups not yet run today
        digests = self.wait_sent_to(REPORT_CHAT, before + 1)
        self.assertEqual(len(digests), before + 1)
        self.assertIn("Quiet for 3+ days (1): Fading", digests[-1]["text"])
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM daily_jobs")[0][0], 1)


if __name__ == "__main__":
    unittest.main()
