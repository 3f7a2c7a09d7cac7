"""Community analytics through the real binary: a scripted month of activity (dated by the
platform's timestamps, in the group's zone, Asia/Shanghai), then the stats API's numbers, its CSV
read back by Python's csv module, the weekday × hour heatmap, and /stats in the chat."""

import csv
import datetime
import io
import json
import time
import unittest

from harness import FakeBotApi, GROUP_ID, Steward, create_token, message

ADMIN = 1111
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
A, B, C, E = (2001, "Ann"), (2002, "Bo"), (2003, "Cy"), (2005, "Eve")


def at(day, hour, minute=0):
    """Unix time of 2025-11-`day` hour:minute in Shanghai (October when day is negative)."""
    base = datetime.datetime(2025, 11, 1, tzinfo=SHANGHAI) + datetime.timedelta(days=day - 1)
    return int((base + datetime.timedelta(hours=hour, minutes=minute)).timestamp())


def service(update_id, date, sender, **fields):
    body = {"message_id": update_id, "date": date,
            "chat": {"id": GROUP_ID, "title": "Makers", "type": "supergroup"},
            "from": {"id": sender[0], "is_bot": False, "first_name": sender[1]}}
    body.update(fields)
    return {"update_id": update_id, "message": body}


def user(member):
    return {"id": member[0], "is_bot": False, "first_name": member[1]}


class AnalyticsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = FakeBotApi()
        cls.api.admins = [ADMIN]
        cls.steward = Steward(cls.api.url, {"points": {"per_message": 0}}).start()
        cls.token = create_token(cls.steward, "viewer")
        cls.script_month()

    @classmethod
    def tearDownClass(cls):
        cls.steward.stop()
        cls.api.close()

    @classmethod
    def post(cls, update):
        assert cls.steward.post_update(update) == 200

    @classmethod
    def script_month(cls):
        say = lambda uid, text, member, when: cls.post(  # noqa: E731
            message(uid, text, user_id=member[0], name=member[1], date=when))
        cls.post(service(1, at(-11, 12), E, new_chat_members=[user(E)]))  # 2025-10-20
        cls.post(service(2, at(3, 10), A, new_chat_members=[user(A), user(B), user(C)]))
        say(3, "hello everyone", A, at(3, 10, 5))
        say(4, "again", A, at(3, 10, 30))
        say(5, "/checkin", A, at(3, 10, 40))
        say(6, "hi from Bo", B, at(3, 11, 10))
        say(3, "hello everyone", A, at(3, 10, 5))  # a redelivery: counted once
        say(7, "morning", A, at(4, 9))
        cls.post(service(8, at(4, 20), C, left_chat_member=user(C)))  # Cy leaves
        cls.post(service(9, at(5, 15), (ADMIN, "Admin"), left_chat_member=user(E)))  # Eve kicked
        say(10, "next week", B, at(10, 16))

    def get(self, path, accept=None):
        headers = {"Authorization": "Bearer " + self.token}
        if accept:
            headers["Accept"] = accept
        return self.steward.request("GET", path, headers=headers)

    def stats(self, query):
        status, body = self.get("/api/v1/groups/%d/stats?%s" % (GROUP_ID, query))
        self.assertEqual(status, 200, body)
        return json.loads(body)

    def test_daily_series_counts_each_day_in_the_group_zone(self):
        out = self.stats("from=2025-11-03&to=2025-11-05&interval=day")
        self.assertEqual(out["time_zone"], "Asia/Shanghai")
        monday, tuesday, wednesday = out["series"]
        self.assertEqual((monday["from"], monday["to"]), ("2025-11-03", "2025-11-03"))
        self.assertEqual(monday["members_start"], 1)  # Eve, since October
        self.assertEqual(monday["joins"], 3)
        self.assertEqual(monday["members_end"], 4)
        self.assertEqual(monday["messages"], 4)  # the redelivered update counted once
        self.assertEqual(monday["speakers"], 2)
        self.assertEqual(monday["checkins"], 1)
        earned = self.steward.query("SELECT SUM(delta) FROM ledger WHERE delta > 0")[0][0]
        self.assertGreater(earned, 0)
        self.assertEqual(monday["points_earned"], earned)
        self.assertAlmostEqual(monday["active_rate"], 2 / 4)
        self.assertEqual((tuesday["messages"], tuesday["speakers"]), (1, 1))
        self.assertEqual((tuesday["leaves"], tuesday["left"], tuesday["kicked"]), (1, 1, 0))
        self.assertEqual(tuesday["members_end"], 3)
        self.assertAlmostEqual(tuesday["exit_rate"], 1 / 4)
        self.assertEqual((wednesday["kicked"], wednesday["members_end"]), (1, 2))
        self.assertEqual(wednesday["messages"], 0)
        self.assertAlmostEqual(monday["join_rate"], 3.0)

    def test_week_summary_kpis_against_targets(self):
        out = self.stats("from=2025-11-03&to=2025-11-09&interval=week")
        self.assertEqual(len(out["series"]), 1)
        summary = out["summary"]
        self.assertEqual((summary["members_start"], summary["members_end"]), (1, 2))
        self.assertEqual((summary["joins"], summary["leaves"]), (3, 2))
        self.assertEqual(summary["speakers"], 2)  # Ann and Bo, distinct over the week
        self.assertAlmostEqual(summary["dau"], 3 / 7)  # Mon: Ann, Bo; Tue: Ann
        kpis = {k["name"]: k for k in summary["kpis"]}
        self.assertAlmostEqual(kpis["active_rate"]["value"], 1.0)
        self.assertAlmostEqual(kpis["active_rate"]["target"], 0.30)
        self.assertAlmostEqual(kpis["active_rate"]["progress"], 1.0 / 0.30)
        self.assertAlmostEqual(kpis["join_rate"]["value"], 3.0)
        self.assertAlmostEqual(kpis["exit_rate"]["value"], 2.0)
        self.assertAlmostEqual(kpis["speaking_rate"]["value"], 3 / 7 / 2)
        self.assertAlmostEqual(kpis["checkin_rate"]["value"], 1 / 7 / 2)
        # Ann, Bo, Cy joined on the 3rd; Cy left after a day and a half.
        self.assertAlmostEqual(kpis["retention_d1"]["value"], 1.0)
        self.assertAlmostEqual(kpis["retention_d7"]["value"], 2 / 3)
        self.assertAlmostEqual(kpis["conversion"]["value"], 0.0)  # nobody redeemed

    def test_monthly_series_cuts_the_period_at_month_boundaries(self):
        out = self.stats("from=2025-10-15&to=2025-11-30&interval=month")
        october, november = out["series"]
        self.assertEqual((october["from"], october["to"]), ("2025-10-15", "2025-10-31"))
        self.assertEqual((october["joins"], october["members_end"]), (1, 1))
        self.assertEqual((november["from"], november["to"]), ("2025-11-01", "2025-11-30"))
        self.assertEqual((november["messages"], november["speakers"]), (6, 2))

    def test_csv_reads_back_with_python_csv(self):
        path = "/api/v1/groups/%d/stats?from=2025-11-03&to=2025-11-05" % GROUP_ID
        status, body = self.get(path, accept="text/csv")
        self.assertEqual(status, 200)
        self.assertTrue(body.startswith(b"\xef\xbb\xbf"))  # spreadsheets read it as UTF-8
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
        self.assertEqual([r["from"] for r in rows], ["2025-11-03", "2025-11-04", "2025-11-05"])
        self.assertEqual(rows[0]["messages"], "4")
        self.assertEqual(rows[1]["left"], "1")
        self.assertAlmostEqual(float(rows[0]["active_rate"]), 0.5)
        status, same = self.get(path + "&format=csv")
        self.assertEqual(same, body)

    def test_heatmap_by_weekday_and_hour(self):
        status, body = self.get("/api/v1/groups/%d/stats/heatmap?from=2025-11-01&to=2025-11-30"
                                % GROUP_ID)
        self.assertEqual(status, 200, body)
        hours = {d["weekday"]: d["messages"] for d in json.loads(body)["hours"]}
        self.assertEqual(hours["Mon"][10], 3)  # Ann ×3 on the 3rd
        self.assertEqual(hours["Mon"][11], 1)  # Bo on the 3rd
        self.assertEqual(hours["Mon"][16], 1)
        self.assertEqual(hours["Tue"][9], 1)
        self.assertEqual(sum(sum(v) for v in hours.values()), 6)

    def test_answers_have_the_fields_the_openapi_schema_names(self):
        status, body = self.steward.get("/api/v1/openapi.json")
        schemas = json.loads(body)["components"]["schemas"]
        stats = schemas["Stats"]["properties"]
        out = self.stats("from=2025-11-03&to=2025-11-09")
        self.assertEqual(set(out), set(stats))
        self.assertEqual(set(out["summary"]), set(stats["summary"]["properties"]))
        for bucket in out["series"]:
            self.assertEqual(set(bucket), set(stats["series"]["items"]["properties"]))
        status, body = self.get("/api/v1/groups/%d/stats/heatmap" % GROUP_ID)
        self.assertEqual(set(json.loads(body)), set(schemas["Heatmap"]["properties"]))
        status, body = self.get("/api/v1/groups/%d/review?period=month&date=2025-11-03"
                                % GROUP_ID)
        self.assertEqual(status, 200, body)
        review = json.loads(body)
        self.assertEqual(set(review), set(schemas["Review"]["properties"]))
        self.assertEqual(set(review["kpis"][0]),
                         set(schemas["Review"]["properties"]["kpis"]["items"]["properties"]))

    def test_bad_periods_name_the_field(self):
        for query, field in (("from=2025-13-01", "from"), ("to=yesterday", "to"),
                             ("from=0000-01-01", "from"), ("to=9999-12-31", "to"),
                             ("from=2025-11-05&to=2025-11-01", "from"),
                             ("interval=year", "interval"), ("from=2000-01-01&to=2025-01-01",
                                                             "from")):
            status, body = self.get("/api/v1/groups/%d/stats?%s" % (GROUP_ID, query))
            self.assertEqual(status, 400, query)
            self.assertEqual(json.loads(body)["field"], field, query)
        status, _ = self.get("/api/v1/groups/-42/stats")
        self.assertEqual(status, 404)

    def wait_text(self, needle, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for body in self.api.sent():
                if needle in body.get("text", ""):
                    return body["text"]
            time.sleep(0.05)
        self.fail("nothing sent contains %r: %r" % (needle, self.api.sent()))

    def test_stats_command_for_admins_in_their_language(self):
        self.post(message(100, "/stats", user_id=B[0], name=B[1]))
        self.wait_text("Only group admins can use /stats.")
        self.post(message(101, "/stats", user_id=ADMIN, name="Admin"))
        report = self.wait_text("📊 Today (as of ")
        self.assertIn("active rate", report)
        self.assertIn("(target 30.0%)", report)
        self.assertIn("Last 7 days", report)
        self.post(message(102, "统计", user_id=ADMIN, name="Admin"))
        report = self.wait_text("📊 今日数据")
        self.assertIn("活跃率", report)

if __name__ == "__main__":
    unittest.main()
