"""`steward rules test` and `steward rules replay`: the operator's way to try rules."""

import json
import os
import sqlite3
import subprocess
import tempfile
import time
import unittest

from harness import STEWARD_BIN


def run(*args, cwd=None):
    return subprocess.run([STEWARD_BIN, *args], capture_output=True, text=True, cwd=cwd,
                          timeout=60)


class RulesCliTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="steward-rules-")
        os.makedirs(os.path.join(self.dir, "rules"))
        self.write("rules/words.txt", "# words\n傻逼\tinsult\nfree money\tscam\tdelete\n")
        self.write("rules/allow.txt", "舞台独白\n")
        self.config = self.write("steward.toml", '[moderation]\nwords = ["rules/words.txt"]\n'
                                                 'allow = ["rules/allow.txt"]\n'
                                                 '[storage]\npath = "steward.db"\n')

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_one_json_object_per_text_in_order(self):
        texts = ["傻@逼", "hello", "加我薇信：abc_123", "frее mоnеy", "舞台独白很精彩"]
        result = run("rules", "test", "--config", self.config, *texts)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(len(lines), len(texts))
        verdicts = [json.loads(line) for line in lines]
        self.assertEqual([v["text"] for v in verdicts], texts)
        self.assertEqual(list(verdicts[0].keys()), ["text", "action", "matches"])
        self.assertEqual(verdicts[0]["action"], "warn")
        m = verdicts[0]["matches"][0]
        self.assertEqual((m["rule"], m["tag"], m["start"], m["end"], m["matched"]),
                         ("word", "insult", 0, 7, "傻@逼"))
        self.assertEqual(verdicts[1], {"text": "hello", "action": "allow", "matches": []})
        self.assertEqual(verdicts[2]["matches"][0]["rule"], "wechat")
        self.assertEqual(verdicts[3]["action"], "delete")
        self.assertEqual(verdicts[4]["matches"], [])

    def test_relative_lists_resolve_from_the_config_folder_only(self):
        # The lists sit beside the config, not in the working directory: they are found.
        self.write("sub/rules/words.txt", "傻逼\tinsult\twarn\n")
        self.write("sub/other.toml", '[moderation]\nwords = ["rules/words.txt"]\n')
        elsewhere = os.path.join(self.dir, "sub")
        result = run("rules", "test", "--config", "other.toml", "傻逼", cwd=elsewhere)
        self.assertEqual(result.returncode, 0, result.stderr)
        result = run("rules", "test", "--config", "sub/other.toml", "傻逼", cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["action"], "warn")
        # A list only in the working directory is not used silently: the error names the path.
        self.write("sub2/other.toml", '[moderation]\nwords = ["rules/words.txt"]\n')
        result = run("rules", "test", "--config", "sub2/other.toml", "x", cwd=self.dir)
        self.assertEqual(result.returncode, 2)
        self.assertIn('cannot read "%s"' % os.path.join(self.dir, "sub2", "rules", "words.txt"),
                      result.stderr)

    def test_bad_regex_names_file_and_line(self):
        self.write("rules/regex.txt", "ok\n(unclosed\n")
        config = self.write("bad.toml", '[moderation]\nregex = ["rules/regex.txt"]\n')
        result = run("rules", "test", "--config", config, "x")
        self.assertEqual(result.returncode, 2)
        self.assertIn('regex.txt:2: bad regex "(unclosed"', result.stderr)

    def test_missing_list_and_bad_key_are_config_errors(self):
        config = self.write("missing.toml", '[moderation]\nwords = ["nope.txt"]\nladder = ["warn", "mute x"]\n')
        result = run("rules", "test", "--config", config, "x")
        self.assertEqual(result.returncode, 2)
        self.assertIn("moderation.words: cannot read", result.stderr)
        self.assertIn("moderation.ladder", result.stderr)

    def test_group_lists_apply_with_group(self):
        self.write("rules/group.txt", "secretword\n")
        config = self.write("group.toml", '[moderation]\nwords = ["rules/words.txt"]\n'
                                          '[moderation.groups."-100777"]\nwords = ["rules/group.txt"]\n')
        plain = json.loads(run("rules", "test", "--config", config, "secretword").stdout)
        grouped = json.loads(run("rules", "test", "--config", config, "--group", "-100777",
                                 "secretword").stdout)
        self.assertEqual(plain["action"], "allow")
        self.assertEqual(grouped["action"], "warn")

    def database_with_a_member(self):
        """A migrated database with one group and one member; its connection and the time."""
        migrate = self.write("migrate.toml", '[storage]\npath = "steward.db"\n[telegram]\ntoken = "1:A"\n')
        self.assertEqual(run("migrate", "--config", migrate, cwd=self.dir).returncode, 0)
        db = sqlite3.connect(os.path.join(self.dir, "steward.db"))
        db.execute("INSERT INTO groups (id, platform, chat_id, time_zone, created_at) "
                   "VALUES (1, 'telegram', '-1001', 'UTC', 0)")
        db.execute("INSERT INTO members (id, group_id, user_id, first_seen) VALUES (1, 1, '5', 0)")
        return db, int(time.time())

    def test_replay_reports_what_would_change(self):
        db, now = self.database_with_a_member()
        for i, text in enumerate(["傻逼", "hello", "call 13800138000", "old 傻逼"]):
            at = now - 60 if i < 3 else now - 30 * 86400
            db.execute("INSERT INTO messages (group_id, message_id, member_id, text, at) "
                       "VALUES (1, ?, 1, ?, ?)", (str(i), text, at))
        db.execute("INSERT INTO moderation_log (group_id, member_id, message_id, rule, action, "
                   "taken, at) VALUES (1, 1, '2', 'phone', 'warn', 'delete, warn 1/5', ?)", (now,))
        # Like with like: an admin's /del, a flood finding and a newcomer's link read with the
        # newcomer rules are no content changes.
        db.execute("INSERT INTO moderation_log (group_id, member_id, message_id, rule, action, "
                   "taken, actor, at) VALUES (1, 1, '1', 'del', 'del', 'delete', '9001', ?)",
                   (now,))
        db.execute("INSERT INTO messages (group_id, message_id, member_id, text, at) "
                   "VALUES (1, '7', 1, 'same again', ?)", (now - 50,))
        db.execute("INSERT INTO moderation_log (group_id, member_id, message_id, rule, action, "
                   "taken, at) VALUES (1, 1, '7', 'flood', 'mute', 'delete, mute', ?)", (now,))
        db.execute("INSERT INTO messages (group_id, message_id, member_id, text, at, newcomer) "
                   "VALUES (1, '8', 1, 'see https://spam.example.com', ?, 1)", (now - 40,))
        db.execute("INSERT INTO moderation_log (group_id, member_id, message_id, rule, action, "
                   "taken, at) VALUES (1, 1, '8', 'url', 'delete', 'delete', ?)", (now,))
        db.commit()
        db.close()
        result = run("rules", "replay", "--config", self.config, "--since", "7d", cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        by_rule = {line["rule"]: line for line in lines if "rule" in line}
        self.assertEqual(by_rule["word"]["newly_matched"], 1)
        self.assertEqual(by_rule["word"]["samples"][0]["text"], "傻逼")
        self.assertNotIn("phone", by_rule)  # acted on then and now: no change
        self.assertNotIn("(cleared)", by_rule)
        self.assertEqual(lines[-1]["summary"]["messages"], 5)
        self.assertEqual(lines[-1]["summary"]["changed"], 1)
        self.assertEqual(run("rules", "replay", "--config", self.config, "--since", "x").returncode, 2)

    def test_replay_reads_the_lists_with_the_edits_stored_through_the_api(self):
        db, now = self.database_with_a_member()
        for i, text in enumerate(["傻逼", "buy followers here"]):
            db.execute("INSERT INTO messages (group_id, message_id, member_id, text, at) "
                       "VALUES (1, ?, 1, ?, ?)", (str(i), text, now - 60))
        # Another instance's API took 傻逼 off the word list and put "buy followers" on it.
        db.execute("INSERT INTO word_edits (list, removed, word, tag, action, actor, at) VALUES "
                   "('words', 1, '傻逼', '', '', 'api:ops', ?), "
                   "('words', 0, 'buy followers', 'ad', 'delete', 'api:ops', ?)", (now, now))
        db.commit()
        db.close()
        result = run("rules", "replay", "--config", self.config, "--since", "7d", cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        by_rule = {line["rule"]: line for line in lines if "rule" in line}
        self.assertEqual(by_rule["word"]["newly_matched"], 1, lines)
        self.assertEqual(by_rule["word"]["samples"][0]["text"], "buy followers here")


REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FORTUNES = "/usr/share/games/fortunes"
CHINESE_FORTUNES = ("chinese", "tang300", "song100")  # Debian's fortunes-zh


def english_fortunes():
    """fortune-mod's English collections (Debian's fortunes): the files without an extension."""
    return sorted(os.path.join(FORTUNES, name) for name in os.listdir(FORTUNES)
                  if "." not in name and name not in CHINESE_FORTUNES)


class FalseAlarmTest(unittest.TestCase):
    """Ordinary text nobody on the team wrote, read with the example configuration's rules."""

    def stats(self, *files, flagged=False):
        args = ["rules", "test", "--config", os.path.join(REPO, "deploy", "steward.example.toml"),
                "--stats", *(["--flagged"] if flagged else []), *files]
        result = run(*args)
        self.assertEqual(result.returncode, 0, result.stderr)
        return [json.loads(line) for line in result.stdout.splitlines()]

    def test_counts_lines_flags_and_false_alarms(self):
        folder = tempfile.mkdtemp(prefix="steward-corpus-")
        path = os.path.join(folder, "sample")
        with open(path, "w") as f:
            f.write("Look it up\n%\n\n\x1b[33m    -- an author\x1b[m\n"
                    "see https://www.debian.org/intro\n"   # a link written out: flagged, no alarm
                    "call 138 0013 8000 now\n"             # a phone in ordinary text: an alarm
                    "mail bob@example.org\n")              # an address written out: no alarm
        lines = self.stats(path, flagged=True)
        flagged, summary = lines[:-1], lines[-1]
        self.assertEqual([v["text"] for v in flagged],
                         ["see https://www.debian.org/intro", "call 138 0013 8000 now",
                          "mail bob@example.org"])
        self.assertEqual((summary["corpus"], summary["lines"], summary["flagged"],
                          summary["false_alarms"]), (path, 5, 3, 1))
        self.assertEqual(summary["by_rule"], {"email": 1, "phone": 1, "url": 1})
        self.assertEqual(summary["false_alarm_percent"], 20.0)
        missing = run("rules", "test", "--config",
                      os.path.join(REPO, "deploy", "steward.example.toml"), "--stats",
                      path + ".absent")
        self.assertEqual(missing.returncode, 2)
        self.assertIn("sample.absent: cannot be read", missing.stderr)

    def test_packaged_chinese_and_english_text_raises_under_one_alarm_per_thousand_lines(self):
        chinese = [os.path.join(FORTUNES, name) for name in CHINESE_FORTUNES]
        english = english_fortunes()
        self.assertGreater(len(english), 20, "install Debian's fortunes and fortunes-zh")
        summaries = {s["corpus"]: s for s in self.stats(*chinese, *english)}
        for path in chinese:
            self.assertGreater(summaries[path]["lines"], 500, path)
            self.assertLess(summaries[path]["false_alarm_percent"], 0.1, summaries[path])
        english_lines = sum(summaries[p]["lines"] for p in english)
        english_alarms = sum(summaries[p]["false_alarms"] for p in english)
        self.assertGreater(english_lines, 40000)
        self.assertLess(100.0 * english_alarms / english_lines, 0.1)
        self.assertLess(summaries["total"]["false_alarm_percent"], 0.1, summaries["total"])


if __name__ == "__main__":
    unittest.main()
