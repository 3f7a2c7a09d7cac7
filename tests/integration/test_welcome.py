"""Welcome messages, goodbyes, /rules and FAQ answers through the real binary."""

import time
import unittest

from harness import FakeBotApi, GROUP_ID, Steward, joins, message

TEMPLATES = """
[templates]
language = "en"
goodbye = true
welcome_burst = "1s"
[templates.en]
rules = "No spam in {group}, please."
[[faq]]
id = "price"
triggers = ["价格", "how much"]
match = "contains"
answer = "Prices are pinned, {name}."
cooldown = "1h"
"""


def leaves(update_id, uid, name):
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()),
        "chat": {"id": GROUP_ID, "title": "Makers", "type": "supergroup"},
        "from": {"id": uid, "is_bot": False, "first_name": name},
        "left_chat_member": {"id": uid, "is_bot": False, "first_name": name}}}


class WelcomeTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.steward = Steward(self.api.url, extra_toml=TEMPLATES).start()

    def tearDown(self):
        self.assertEqual(self.steward.ledger_mismatches(), [])
        self.steward.stop()
        self.api.close()

    def test_a_burst_of_joins_gets_one_combined_welcome_with_escaped_names(self):
        self.steward.post_update(joins(1, [(501, "Ann"), (502, "<b>Bo</b>")]))
        self.steward.post_update(joins(2, [(503, "{points}")]))
        welcome = self.api.wait_for(1, timeout=10)
        self.assertEqual(len(welcome), 1)
        text = welcome[0]["text"]
        self.assertEqual(welcome[0]["parse_mode"], "HTML")
        self.assertIn('<a href="tg://user?id=501">Ann</a>', text)
        self.assertIn("&lt;b&gt;Bo&lt;/b&gt;", text)  # a name is text, never markup
        self.assertIn(">{points}</a>", text)            # ... and never a placeholder
        self.assertIn("No spam in Makers, please.", text)
        time.sleep(1.5)
        self.assertEqual(len(self.api.sent()), 1)  # still one message for the burst

    def test_a_join_reported_twice_is_welcomed_once(self):
        self.steward.post_update(joins(10, [(507, "Fay")]))
        self.steward.post_update(joins(11, [(507, "Fay")]))  # e.g. message and chat_member
        welcome = self.api.wait_for(1, timeout=10)
        self.assertEqual(welcome[0]["text"].count("tg://user?id=507"), 1)
        time.sleep(1.5)
        self.assertEqual(len(self.api.sent()), 1)

    def test_next_welcome_removes_the_previous_one(self):
        self.steward.post_update(joins(3, [(504, "Cy")]))
        self.api.wait_for(1, timeout=10)
        time.sleep(0.5)  # the answer (with the welcome's message id) comes back to the core
        self.steward.post_update(joins(4, [(505, "Di")]))
        self.assertEqual(len(self.api.wait_for(2, timeout=10)), 2)
        deleted = self.api.wait_for(1, method="deleteMessage", timeout=10)
        self.assertEqual(deleted[0]["message_id"], 1)  # the fake API numbers every message 1

    def test_goodbye_and_rules(self):
        self.steward.post_update(leaves(5, 506, "Ed"))
        self.assertIn("Ed has left Makers", self.api.wait_for(1)[0]["text"])
        self.steward.post_update(message(6, "/rules", message_id=60))
        self.steward.post_update(message(7, "群规", message_id=61))
        replies = self.api.replies(2)
        self.assertEqual([r["text"] for r in replies], ["No spam in Group, please."] * 2)

    def test_faq_answers_once_per_cooldown(self):
        self.steward.post_update(message(8, "請問價格？", message_id=70))
        self.steward.post_update(message(9, "价格呢", user_id=2222, name="Bo", message_id=71))
        reply = self.api.replies(1)[0]
        self.assertEqual(reply["text"], "Prices are pinned, Ann.")
        self.assertEqual(reply["reply_parameters"]["message_id"], 70)
        time.sleep(1)
        self.assertEqual(len(self.api.replies(1)), 1)


class TemplateConfigTest(unittest.TestCase):
    def test_unknown_placeholder_is_a_config_error_naming_the_key(self):
        import subprocess
        from harness import STEWARD_BIN
        api = FakeBotApi()
        steward = Steward(api.url, extra_toml='[templates.zh]\nwelcome = "欢迎 {nmae}"\n')
        steward.write_config()
        result = subprocess.run([STEWARD_BIN, "check-config", "--config", steward.config_path],
                                capture_output=True, text=True, timeout=30)
        api.close()
        self.assertEqual(result.returncode, 2)
        self.assertIn("templates.zh.welcome: unknown placeholder {nmae}", result.stderr)


class FaqCollisionTest(unittest.TestCase):
    def test_a_trigger_moderation_acts_on_is_reported_at_start(self):
        api = FakeBotApi()
        steward = Steward(api.url)
        import os
        with open(os.path.join(steward.dir, "words.txt"), "w") as f:
            f.write("刷单\n")
        steward.extra_toml = ('[moderation]\nwords = ["words.txt"]\n[[faq]]\nid = "jobs"\n'
                              'triggers = ["刷单"]\nanswer = "We do not hire."\n')
        steward.start()
        try:
            self.assertIn('faq jobs: trigger "刷单" collides with moderation rule word',
                          steward.read_log())
        finally:
            steward.stop()
            api.close()


class WelcomeAcrossRestartTest(unittest.TestCase):
    """An acknowledged join is welcomed even when Steward dies inside the burst window."""

    def test_join_acknowledged_then_killed_is_welcomed_after_restart(self):
        import signal
        api = FakeBotApi()
        steward = Steward(api.url, extra_toml=TEMPLATES.replace('welcome_burst = "1s"',
                                                                'welcome_burst = "3s"'))
        steward.start()
        try:
            self.assertEqual(steward.post_update(joins(1, [(501, "Nia")])), 200)
            steward.stop(signal.SIGKILL)  # well inside the 3 s window: nothing was sent yet
            self.assertEqual(api.sent(), [])
            steward.start()
            welcome = api.wait_for(1, timeout=15)
            self.assertEqual(len(welcome), 1)
            self.assertIn("tg://user?id=501", welcome[0]["text"])
            # The same join redelivered after the restart is not welcomed twice.
            self.assertEqual(steward.post_update(joins(2, [(501, "Nia")])), 200)
            time.sleep(4)
            self.assertEqual(len(api.sent()), 1)
        finally:
            steward.stop()
            api.close()


if __name__ == "__main__":
    unittest.main()
