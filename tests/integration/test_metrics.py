"""/metrics: every metric described, domain counters counted once per committed update,
and the version on the command line and in steward_build_info."""

import os
import re
import subprocess
import time
import unittest

from harness import FakeBotApi, Steward, STEWARD_BIN, message

ITEMS = """
[[shop.items]]
id = "sticker"
price = 5
"""


def series(text, name, **labels):
    """The value of one series, or 0 when it was never counted."""
    wanted = ",".join('%s="%s"' % kv for kv in labels.items())
    for line in text.splitlines():
        if line.startswith(name + ("{" + wanted + "}" if wanted else "") + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0


class MetricsTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.steward = Steward(self.api.url, extra_toml=ITEMS).start()

    def tearDown(self):
        self.steward.stop()
        self.api.close()

    def metrics(self):
        status, body = self.steward.get("/metrics")
        self.assertEqual(status, 200)
        return body.decode()

    def test_the_wal_is_copied_back_on_its_own_thread_and_stays_bounded(self):
        # A thousand WAL pages ask the checkpoint thread; COMMIT copies only past four thousand.
        for i in range(700):
            text = "message %d about nothing in particular, %s" % (i, "words " * (i % 40))
            self.assertEqual(self.steward.post_update(
                message(5000 + i, text, user_id=300 + i % 97, chat_id=-100200 - i % 7)), 200)
        background = 0
        for _ in range(100):
            background = series(self.metrics(), "steward_wal_checkpoints_total", by="background")
            if background >= 1:
                break
            time.sleep(0.1)
        self.assertGreaterEqual(background, 1)
        wal_pages = (os.path.getsize(self.steward.db_path + "-wal") - 32) // (4096 + 24)
        self.assertLessEqual(wal_pages, 2 * 4000)
        self.assertEqual(self.steward.query("SELECT count(*) FROM processed_events")[0][0], 700)

    def test_domain_counters_and_descriptions(self):
        self.steward.post_update(message(1, "/checkin", user_id=1))
        self.steward.post_update(message(1, "/checkin", user_id=1))  # redelivered: once
        self.steward.post_update(message(2, "/checkin", user_id=2))
        self.steward.post_update(message(3, "/redeem sticker", user_id=1))
        self.steward.post_update(message(4, "加我薇 信：abc_123 有优惠", user_id=3))
        self.assertEqual(self.steward.get("/api/v1/groups")[0], 401)
        for made_up in ("/api/v1/x1", "/api/v1/x2"):  # one label for every unknown path
            self.assertEqual(self.steward.request("BREW", made_up)[0], 401)
        self.api.wait_for(3)
        text = self.metrics()

        self.assertEqual(series(text, "steward_checkins_total", platform="telegram"), 2)
        self.assertEqual(series(text, "steward_redemptions_total", platform="telegram",
                                item="sticker"), 1)
        self.assertEqual(series(text, "steward_moderation_verdicts_total", rule="wechat",
                                action="warn"), 1)
        self.assertEqual(series(text, "steward_api_requests_total", route="/api/v1/groups",
                                method="GET", status="401"), 1)
        self.assertEqual(series(text, "steward_api_requests_total", route="/api/v1/(other)",
                                method="OTHER", status="401"), 2)
        self.assertEqual(series(text, "steward_events_total", platform="telegram",
                                outcome="duplicate"), 1)
        self.assertGreaterEqual(series(text, "steward_dispatch_queue_seconds_count"), 1)

        described = set(re.findall(r"^# HELP (\S+) \S", text, re.M))
        typed = set(re.findall(r"^# TYPE (\S+) (?:counter|gauge|histogram)$", text, re.M))
        self.assertEqual(described, typed)
        for line in text.splitlines():
            if line.startswith("#"):
                continue
            name = re.match(r"[a-z_]+", line).group(0)
            base = re.sub(r"_(bucket|sum|count)$", "", name)
            self.assertTrue(name in typed or base in typed, line)

    def test_version(self):
        result = subprocess.run([STEWARD_BIN, "--version"], capture_output=True, text=True,
                                timeout=10)
        self.assertEqual(result.returncode, 0)
        match = re.fullmatch(r"steward (\d+\.\d+\.\d+)\n", result.stdout)
        self.assertIsNotNone(match, result.stdout)
        self.assertIn('steward_build_info{version="%s"} 1' % match.group(1), self.metrics())


if __name__ == "__main__":
    unittest.main()
