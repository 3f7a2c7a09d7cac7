"""The admin API's reads of committed rows run on connections of their own beside the core
thread ([storage] readers): a long report does not hold up webhooks meanwhile, and what the API
or a webhook commits is read back at once. With readers = 0 the report runs on the core thread,
and a webhook waits for it: that case is here too, so the test shows it can tell them apart."""

import json
import sqlite3
import threading
import time
import unittest
from datetime import datetime
from zoneinfo import ZoneInfo

import postgresql
from harness import FakeBotApi, GROUP_ID, Steward, create_token, message

YEARS = 5
MEMBERS_A_DAY = 1000


def seed_activity(db_path):
    """Five years of who-was-active-on-which-day for the group: a weekly series over them
    counts distinct members per week from 1.8 million daily rows (a report of a large group)."""
    db = sqlite3.connect(db_path, timeout=30)
    with db:
        group = db.execute("SELECT id FROM groups WHERE chat_id = ?", (str(GROUP_ID),)).fetchone()[0]
        today = int(time.time()) // 86400
        db.execute(f"""WITH RECURSIVE d(day) AS (SELECT {today - YEARS * 365}
                         UNION ALL SELECT day + 1 FROM d WHERE day < {today}),
                       k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < {MEMBERS_A_DAY - 1})
                       INSERT OR IGNORE INTO active_days (group_id, local_day, member_id)
                       SELECT {group}, day, 1 + (day * 7919 + i * 13) % 100000 FROM d, k""")
    db.close()


@unittest.skipIf(postgresql.STORAGE == "postgresql", "seeds the SQLite file directly")
class ReadersTest(unittest.TestCase):
    OVERRIDES = None  # the test defaults: one reader

    @classmethod
    def setUpClass(cls):
        cls.api = FakeBotApi()
        cls.steward = Steward(cls.api.url, cls.OVERRIDES).start()
        cls.token = create_token(cls.steward, "viewer")
        assert cls.steward.post_update(message(1, "hello", user_id=2001)) == 200
        seed_activity(cls.steward.db_path)
        cls.next_update = 100

    @classmethod
    def tearDownClass(cls):
        cls.steward.stop()
        cls.api.close()

    def get(self, path):
        return self.steward.request("GET", path,
                                    headers={"Authorization": "Bearer " + self.token})

    def report(self):
        today = time.strftime("%Y-%m-%d", time.gmtime())
        first = time.strftime("%Y-%m-%d", time.gmtime(time.time() - YEARS * 365 * 86400))
        return self.get(f"/api/v1/groups/{GROUP_ID}/stats?from={first}&to={today}&interval=week")

    def webhook_during_report(self):
        """Starts the report, posts a webhook while it runs; (report s, webhook answered s after
        the report began, report answered s after it began, webhook status)."""
        done = {}

        def run_report():
            status, _ = self.report()
            done["report"] = time.monotonic()
            done["status"] = status

        began = time.monotonic()
        worker = threading.Thread(target=run_report)
        worker.start()
        time.sleep(0.05)  # the report is under way
        ReadersTest.next_update += 1
        status = self.steward.post_update(message(ReadersTest.next_update, "still here",
                                                  user_id=2002))
        webhook = time.monotonic() - began
        worker.join()
        self.assertEqual(done["status"], 200)
        return webhook, done["report"] - began, status

    def report_seconds(self):
        self.report()  # warm the page cache
        began = time.monotonic()
        status, body = self.report()
        self.assertEqual(status, 200, body)
        return time.monotonic() - began

    def test_a_long_report_does_not_hold_up_webhooks(self):
        alone = self.report_seconds()
        # The test means something only if the report is long next to a webhook's few ms.
        self.assertGreater(alone, 0.25, "the seeded report is too quick to tell; seed more")
        webhook, report, status = self.webhook_during_report()
        self.assertEqual(status, 200)
        self.assertLess(webhook, report,
                        f"the webhook was answered {webhook:.3f} s after the report began, "
                        f"the report at {report:.3f} s: it waited for the report")

    def test_what_a_webhook_commits_is_read_back_at_once(self):
        ReadersTest.next_update += 1
        self.assertEqual(self.steward.post_update(
            message(ReadersTest.next_update, "new here", user_id=2099, name="Newcomer")), 200)
        status, body = self.get(f"/api/v1/groups/{GROUP_ID}/members?search=Newcomer")
        self.assertEqual(status, 200, body)
        self.assertEqual([m["user_id"] for m in json.loads(body)["members"]], ["2099"])

    def test_a_review_is_written_with_the_templates_saved_through_the_core(self):
        # The review is composed where the reports are, and rendered with the operator's saved
        # templates, which the core holds: a reader reads them afresh for each review.
        operator = {"Authorization": "Bearer " + create_token(self.steward, "operator"),
                    "Content-Type": "application/json"}
        # This week in the group's zone: counting began today, so it has a text.
        today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
        path = f"/api/v1/groups/{GROUP_ID}/review?period=week&date={today}"
        status, body = self.get(path)
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["time_zone"], "Asia/Shanghai")
        self.assertTrue(json.loads(body)["text"].startswith("📊 周复盘"), body)  # built in
        for version, text in enumerate(["Our week in {group}: {summary}",
                                        "本周 {group}：{summary}"], start=1):
            saved = {"text": text, "group": str(GROUP_ID)}
            status, body = self.steward.request("PUT", "/api/v1/templates/review_week",
                                                json.dumps(saved).encode(), operator)
            self.assertEqual(status, 200, body)
            self.assertEqual(json.loads(body)["version"], version)
            status, body = self.get(path)
            self.assertEqual(status, 200, body)
            self.assertTrue(json.loads(body)["text"].startswith(text.split("{")[0]), body)


@unittest.skipIf(postgresql.STORAGE == "postgresql", "seeds the SQLite file directly")
class WithoutReadersTest(ReadersTest):
    """readers = 0: the report runs on the core thread, and the webhook waits for it."""

    OVERRIDES = {"storage": {"readers": 0}}

    def test_a_long_report_does_not_hold_up_webhooks(self):
        self.skipTest("without readers it does: test_the_webhook_waits_for_the_report")

    def test_the_webhook_waits_for_the_report(self):
        alone = self.report_seconds()
        self.assertGreater(alone, 0.25, "the seeded report is too quick to tell")
        webhook, _, status = self.webhook_during_report()
        self.assertEqual(status, 200)
        self.assertGreater(webhook, alone / 2)


if __name__ == "__main__":
    unittest.main()
