"""Admin checks through getChatAdministrators (cached), exercised by /timezone."""

import time
import unittest

from harness import FakeBotApi, Steward, message, GROUP_ID


class AdminTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.api.admins = [1111]
        self.steward = Steward(self.api.url).start()

    def tearDown(self):
        self.assertEqual(self.steward.ledger_mismatches(), [])
        self.steward.stop()
        self.api.close()

    def zone(self):
        return self.steward.query("SELECT time_zone FROM groups WHERE chat_id = ?",
                                  str(GROUP_ID))[0][0]

    def test_only_admins_change_the_time_zone_and_the_list_is_cached(self):
        self.steward.post_update(message(1, "/timezone Europe/Berlin", user_id=2222, name="Bo"))
        self.steward.post_update(message(2, "/timezone Mars/Olympus", user_id=1111))
        self.steward.post_update(message(3, "/timezone Europe/Berlin", user_id=1111))
        self.steward.post_update(message(4, "/timezone", user_id=2222, name="Bo"))
        sent = self.api.wait_for(4)
        self.assertIn("Only group admins", sent[0]["text"])
        self.assertIn("“Mars/Olympus” is not a time zone", sent[1]["text"])
        self.assertIn("Time zone set to Europe/Berlin", sent[2]["text"])
        self.assertIn("Europe/Berlin time", sent[3]["text"])
        self.assertEqual(self.zone(), "Europe/Berlin")
        self.assertEqual(len(self.api.sent("getChatAdministrators")), 1)
        self.assertEqual(self.api.sent("getChatAdministrators")[0]["chat_id"], GROUP_ID)

    def test_an_expired_list_answers_while_one_refresh_runs(self):
        self.steward.stop()
        self.steward = Steward(self.api.url, overrides={
            "telegram": {"admin_cache_seconds": 1}}).start()
        self.steward.post_update(message(1, "/timezone Europe/Berlin", user_id=1111))
        self.api.wait_for(1)
        time.sleep(1.2)  # the list has expired
        self.api.script("getChatAdministrators", 200, {"ok": True, "result": [
            {"status": "administrator",
             "user": {"id": 1111, "is_bot": False, "first_name": "Admin"}}]}, delay=3)
        for n in range(5):
            started = time.monotonic()
            self.assertEqual(self.steward.post_update(
                message(10 + n, "/timezone Asia/Tokyo", user_id=1111)), 200)
            self.assertLess(time.monotonic() - started, 1.0)  # nobody waits for the refresh
        sent = self.api.wait_for(6)
        self.assertTrue(all("Time zone set to Asia/Tokyo" in m["text"] for m in sent[1:6]))
        time.sleep(3.5)
        self.assertEqual(len(self.api.attempts_of("getChatAdministrators")), 2)  # one refresh

    def test_configured_admins_may_use_every_admin_command_and_refusals_are_one(self):
        self.steward.stop()
        # An id written as a number, as people copy it from Telegram.
        self.steward = Steward(self.api.url, extra_toml="[moderation]\nadmin_ids = [3333]\n").start()
        self.steward.post_update(message(1, "hi all", user_id=2222, name="Bo"))
        self.steward.post_update(message(2, "/timezone Europe/Berlin", user_id=3333, name="Cy"))
        self.steward.post_update(message(3, "/give 2222 5 helpful", user_id=3333, name="Cy"))
        self.steward.post_update(message(4, "/stats", user_id=3333, name="Cy"))
        self.steward.post_update(message(5, "时区 Asia/Tokyo", user_id=2222, name="Bo"))
        self.steward.post_update(message(6, "/give 3333 5", user_id=2222, name="Bo"))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            texts = [m["text"] for m in self.api.sent()]
            if sum("只有群管理员" in t or "Only group admins" in t for t in texts) >= 2 and \
                    any("Time zone set" in t for t in texts) and len(texts) >= 6:
                break
            time.sleep(0.1)
        self.assertTrue(any("Time zone set to Europe/Berlin" in t for t in texts), texts)
        self.assertEqual(self.steward.query(
            "SELECT points FROM members WHERE user_id = '2222'")[0][0] >= 5, True)
        self.assertTrue(any("Today" in t or "today" in t for t in texts), texts)  # /stats answered
        self.assertIn("只有群管理员可以使用 时区。", texts)  # named as it was typed
        self.assertIn("Only group admins can use /give.", texts)
        self.assertEqual(self.zone(), "Europe/Berlin")

    def test_unknown_admin_status_is_said_not_guessed(self):
        self.api.script("getChatAdministrators", 502, {"ok": False, "description": "down"})
        self.steward.post_update(message(1, "/timezone Europe/Berlin", user_id=1111))
        sent = self.api.wait_for(1)
        self.assertIn("could not check whether you are an admin", sent[0]["text"])
        self.assertEqual(self.zone(), "Asia/Shanghai")

    def test_a_changed_zone_moves_the_checkin_day(self):
        # 2026-11-21 20:00 UTC: 04:00 on the 22nd in Shanghai, 21:00 on the 21st in Berlin.
        self.steward.post_update(message(1, "/timezone Europe/Berlin", user_id=1111))
        self.steward.post_update(message(2, "/checkin", user_id=2222, date=1795291200))
        self.api.wait_for(2)
        self.assertEqual(self.steward.query("SELECT day_iso FROM checkins"), [("2026-11-21",)])


if __name__ == "__main__":
    unittest.main()
