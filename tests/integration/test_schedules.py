"""Scheduled SOP posts through the real binary: a one-off post arrives on time, once."""

import datetime
import time
import unittest

from harness import FakeBotApi, GROUP_ID, Steward, message


class ScheduleTest(unittest.TestCase):
    def test_one_off_post_goes_out_once_in_the_group(self):
        api = FakeBotApi()
        at = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=4)
        steward = Steward(api.url, extra_toml=(
            '[[schedules]]\nid = "launch"\nonce = %s\ntext = "📣 {group}: launch day {date}"\n'
            '[[schedules]]\nid = "weekly"\ncron = "0 9 * * 1"\ntext = "weekly"\n'
            % at.replace(microsecond=0).isoformat()))
        steward.start()
        try:
            steward.post_update(message(1, "hello", message_id=10))  # Steward learns the group
            deadline = time.monotonic() + 15
            launches = []
            while time.monotonic() < deadline and not launches:
                launches = [m for m in api.sent() if "launch day" in m["text"]]
                time.sleep(0.05)
            self.assertEqual(len(launches), 1)
            self.assertEqual(launches[0]["chat_id"], GROUP_ID)
            self.assertTrue(launches[0]["text"].startswith("📣 Group: launch day 20"))
            self.assertEqual(launches[0]["parse_mode"], "HTML")
            self.assertGreaterEqual(time.time(), at.timestamp() - 1)
            time.sleep(2)
            self.assertEqual(len([m for m in api.sent() if "launch day" in m["text"]]), 1)
            self.assertEqual(len(steward.query("SELECT * FROM schedule_runs")), 2)
        finally:
            steward.stop()
            api.close()

    def test_bad_cron_is_a_config_error_naming_the_entry(self):
        import subprocess
        from harness import STEWARD_BIN
        api = FakeBotApi()
        steward = Steward(api.url, extra_toml='[[schedules]]\nid = "x"\ncron = "0 25 * * *"\n'
                                              'text = "hi"\n')
        steward.write_config()
        result = subprocess.run([STEWARD_BIN, "check-config", "--config", steward.config_path],
                                capture_output=True, text=True, timeout=30)
        api.close()
        self.assertEqual(result.returncode, 2)
        self.assertIn("schedules[0].cron: hour", result.stderr)


if __name__ == "__main__":
    unittest.main()
