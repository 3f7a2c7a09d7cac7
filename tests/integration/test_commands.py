"""The command registry through the real binary: the README's command reference is what
`steward commands` prints, and every command answers in the language it was asked in — members
get their answer, admin commands refuse members with the one refusal, admins get served."""

import json
import os
import re
import subprocess
import sys
import time
import unittest

from harness import FakeBotApi, Steward, message

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CJK = re.compile(r"[\u4e00-\u9fff]")
# One chat gets every answer: lift the outbound pacing so the test does not wait for it.
FAST = {"dispatch": {"per_chat_per_second": 1000, "per_chat_burst": 1000,
                     "per_chat_per_minute": 100000, "global_per_second": 1000}}
ADMIN, MEMBER = 1111, 2222


def registry(extra=()):
    out = subprocess.run([os.environ["STEWARD_BIN"], "commands", "--json", *extra],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def chinese_alias(spec):
    return next(a for a in spec["aliases"] if not a.startswith("/") and CJK.search(a))


class CommandRegistryTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.api.admins = [ADMIN]
        self.steward = None
        self.update_id = 0

    def tearDown(self):
        if self.steward:
            self.assertEqual(self.steward.ledger_mismatches(), [])
            self.steward.stop()
        self.api.close()

    def ask(self, text, user_id):
        """Sends `text` as its own message; returns the message id the answer will quote."""
        self.update_id += 1
        message_id = 5000 + self.update_id
        self.assertEqual(self.steward.post_update(message(
            self.update_id, text, user_id=user_id, name="Bo", message_id=message_id)), 200)
        return message_id

    def answers(self, asked, timeout=30):
        """The text of the reply quoting each message id in `asked`, in order."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            by_message = {}
            for body in self.api.sent():
                quoted = body.get("reply_parameters", {}).get("message_id")
                by_message.setdefault(quoted, body["text"])
            if all(m in by_message for m in asked):
                break
            time.sleep(0.1)
        return [by_message.get(m) for m in asked]

    def test_the_readme_command_and_template_references_are_the_code(self):
        check = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "readme_commands.py")],
                               capture_output=True, text=True)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        # Every key of the book is in the README, with both built-ins behind `--json`.
        book = json.loads(subprocess.run([os.environ["STEWARD_BIN"], "templates", "--json"],
                                         check=True, capture_output=True, text=True).stdout)
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        self.assertGreater(len(book), 80)
        for entry in book:
            self.assertIn("| `%s` |" % entry["key"], readme)
            self.assertTrue(entry["en"] and entry["zh"], entry["key"])

    def test_every_command_answers_in_the_language_it_was_asked_in(self):
        self.steward = Steward(self.api.url, overrides=FAST).start()
        specs = registry()
        asked = []  # (spec, language, message id)
        for spec in specs:
            if spec["role"] == "member":
                asked.append((spec, "zh", self.ask(chinese_alias(spec), MEMBER)))
                asked.append((spec, "en", self.ask("/" + spec["name"], MEMBER)))
        answers = self.answers([m for _, _, m in asked])
        for (spec, lang, _), answer in zip(asked, answers):
            with self.subTest(command=spec["name"], lang=lang):
                self.assertIsNotNone(answer, "no answer")
                self.assertNotIn("Only group admins", answer)
                if lang == "zh":
                    self.assertRegex(answer, CJK, "a Chinese command got no Chinese answer")
                    self.assertNotRegex(answer, r"\b(the|your|you|Use)\b", answer)
                elif spec["name"] != "rules":  # the rules are the group's own text
                    self.assertRegex(answer, r"\b[A-Za-z]{3,}\b", answer)

    def test_every_admin_command_refuses_members_alike_and_serves_admins(self):
        self.steward = Steward(self.api.url, overrides=FAST).start()
        admin_specs = [s for s in registry() if s["role"] == "admin"]
        self.assertGreater(len(admin_specs), 15)
        asked = []  # (spec, language, asked by an admin, message id)
        for spec in admin_specs:
            asked.append((spec, "zh", False, self.ask(chinese_alias(spec), MEMBER)))
            asked.append((spec, "en", False, self.ask("/" + spec["name"], MEMBER)))
            asked.append((spec, "zh", True, self.ask(chinese_alias(spec), ADMIN)))
        answers = self.answers([m for *_, m in asked])
        for (spec, lang, by_admin, _), answer in zip(asked, answers):
            with self.subTest(command=spec["name"], lang=lang, by_admin=by_admin):
                self.assertIsNotNone(answer, "no answer")
                if not by_admin:
                    # The refusal names the command as it was typed.
                    self.assertEqual(answer, "只有群管理员可以使用 %s。" % chinese_alias(spec)
                                     if lang == "zh" else
                                     "Only group admins can use /%s." % spec["name"])
                else:  # an admin asking in Chinese (without arguments) is answered in Chinese
                    self.assertNotIn("只有群管理员", answer)
                    self.assertRegex(answer, CJK)
                    self.assertNotRegex(answer, r"\b(the|your|Use|Usage)\b", answer)
        # /help shows a member the member commands and an admin theirs too.
        member_help, admin_help = self.answers([self.ask("帮助", MEMBER), self.ask("帮助", ADMIN)])
        self.assertNotIn("警告", member_help)
        self.assertIn("• 警告 [原因]（/warn）", admin_help)
        self.assertIn("• 签到（/checkin）", member_help)

    def test_configured_aliases_work_are_listed_and_collisions_are_refused(self):
        self.steward = Steward(self.api.url, overrides=FAST,
                               extra_toml='[commands]\ncheckin = ["打卡", "qd"]\n'
                                          'warn = ["黄牌"]\n').start()
        zh_checkin, help_text, refused, en_checkin = self.answers([
            self.ask("打卡！", MEMBER), self.ask("帮助", MEMBER), self.ask("黄牌", MEMBER),
            self.ask("qd", ADMIN)])
        self.assertIn("签到成功", zh_checkin)
        self.assertIn("• 打卡（/checkin）", help_text)
        self.assertEqual(refused, "只有群管理员可以使用 黄牌。")
        self.assertNotRegex(en_checkin, CJK)  # an ASCII alias is answered in English
        specs = {s["name"]: s for s in registry(["--config", self.steward.config_path])}
        self.assertEqual(specs["checkin"]["aliases"], ["打卡", "qd"])
        # 签到 is no longer an alias: it is an ordinary message now.
        self.assertIsNone(self.answers([self.ask("签到", MEMBER)], timeout=2)[0])

        clash = subprocess.run(
            [os.environ["STEWARD_BIN"], "check-config", "--config", self.steward.config_path],
            capture_output=True, text=True)
        self.assertEqual(clash.returncode, 0, clash.stderr)
        with open(self.steward.config_path, "a", encoding="utf-8") as f:
            f.write('points = ["打卡"]\n')
        clash = subprocess.run(
            [os.environ["STEWARD_BIN"], "check-config", "--config", self.steward.config_path],
            capture_output=True, text=True)
        self.assertNotEqual(clash.returncode, 0)
        self.assertIn('commands.points: "打卡" would invoke both /checkin and /points',
                      clash.stderr)

    def test_a_command_steward_does_not_have_names_the_nearest_one(self):
        self.steward = Steward(self.api.url, overrides=FAST).start()
        near, far, bare, other_bot = self.ask("/givepoints@steward_bot 10", ADMIN), \
            self.ask("/weather@Steward_Bot", MEMBER), self.ask("/givepoints 10", ADMIN), \
            self.ask("/givepoints@other_bot 10", ADMIN)
        near_answer, far_answer = self.answers([near, far])
        self.assertEqual(near_answer,
                         "I don't know /givepoints. Did you mean /give? /help lists what I can do "
                         "here.")
        self.assertEqual(far_answer, "I don't know /weather. /help lists what I can do here.")
        # A bare /givepoints may be another bot's command in a group, and one addressed to
        # another bot is its business: neither gets an answer.
        self.assertEqual(self.answers([bare, other_bot], timeout=2), [None, None])
        # The message is still a message: the member's activity counts it.
        self.assertEqual(self.steward.query(
            "SELECT message_count FROM members WHERE user_id = ?", str(MEMBER)), [(1,)])
        # In a private chat every slash command is for Steward.
        private = message(99, "/chekin", user_id=MEMBER, name="Bo", message_id=99,
                          chat_id=MEMBER)
        private["message"]["chat"] = {"id": MEMBER, "first_name": "Bo", "type": "private"}
        self.assertEqual(self.steward.post_update(private), 200)
        self.assertEqual(self.answers([99]), [
            "I don't know /chekin. Did you mean /checkin? /help lists what I can do here."])


if __name__ == "__main__":
    unittest.main()
