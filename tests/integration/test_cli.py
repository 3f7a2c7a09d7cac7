"""The command line: configuration errors name the file and key, help describes everything."""

import os
import socket
import subprocess
import tempfile
import textwrap
import unittest

from harness import STEWARD_BIN

MINIMAL = """
[server]
listen = "127.0.0.1:8080"
[storage]
path = "steward.db"
[telegram]
token = "123456:ABC"            # also from STEWARD_TELEGRAM_TOKEN
secret_token = "s3cret"          # empty = verification off, with a warning at start
api_base_url = "https://api.telegram.org"
"""


def run(*args, env=None, cwd=None):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("STEWARD_TELEGRAM")}
    full_env.update(env or {})
    return subprocess.run([STEWARD_BIN, *args], capture_output=True, text=True, env=full_env,
                          cwd=cwd, timeout=30)


class CliTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="steward-cli-")

    def config(self, text):
        path = os.path.join(self.dir, "steward.toml")
        with open(path, "w") as f:
            f.write(textwrap.dedent(text))
        return path

    def check(self, text, env=None):
        return run("check-config", "--config", self.config(text), env=env)

    def test_minimal_config_is_valid(self):
        result = self.check(MINIMAL)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("configuration is valid", result.stdout)

    def test_example_config_is_valid(self):
        example = os.path.join(os.path.dirname(__file__), "..", "..", "deploy",
                               "steward.example.toml")
        result = run("check-config", "--config", example)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_unknown_key_names_file_line_and_key(self):
        result = self.check(MINIMAL + "[checkin]\nbase_pionts = 5\n")
        self.assertEqual(result.returncode, 2)
        self.assertIn("steward.toml:11: checkin.base_pionts: unknown key", result.stderr)

    def test_bad_values_are_all_reported(self):
        result = self.check(MINIMAL.replace('"127.0.0.1:8080"', '"nowhere"') +
                            '[groups]\ndefault_time_zone = "Mars/Olympus"\n'
                            "[checkin]\nbase_points = -3\n")
        self.assertEqual(result.returncode, 2)
        self.assertIn("server.listen: must be HOST:PORT", result.stderr)
        self.assertIn("groups.default_time_zone: unknown IANA time zone 'Mars/Olympus'",
                      result.stderr)
        self.assertIn("checkin.base_points: must be between 0 and 1000000, not -3", result.stderr)
        self.assertIn("3 problems", result.stderr)

    def test_wrong_type_names_the_key(self):
        result = self.check(MINIMAL.replace('path = "steward.db"', "path = 5"))
        self.assertEqual(result.returncode, 2)
        self.assertIn("storage.path: must be a string", result.stderr)

    def test_toml_syntax_error_names_file_and_line(self):
        result = self.check(MINIMAL + "[server\n")
        self.assertEqual(result.returncode, 2)
        self.assertIn("steward.toml:10:", result.stderr)

    def test_missing_file(self):
        result = run("check-config", "--config", os.path.join(self.dir, "absent.toml"))
        self.assertEqual(result.returncode, 2)
        self.assertIn("absent.toml", result.stderr)

    def test_token_from_environment(self):
        no_token = MINIMAL.replace('token = "123456:ABC"', "")
        self.assertEqual(self.check(no_token).returncode, 2)
        self.assertIn("telegram.token: is required", self.check(no_token).stderr)
        ok = self.check(no_token, env={"STEWARD_TELEGRAM_TOKEN": "1:from-env"})
        self.assertEqual(ok.returncode, 0, ok.stderr)

    def test_plain_http_api_only_on_loopback(self):
        remote = self.check(MINIMAL.replace("https://api.telegram.org", "http://example.com"))
        self.assertEqual(remote.returncode, 2)
        self.assertIn("telegram.api_base_url: plain http:// is only allowed", remote.stderr)
        local = self.check(MINIMAL.replace("https://api.telegram.org", "http://127.0.0.1:9"))
        self.assertEqual(local.returncode, 0, local.stderr)

    def test_help_describes_commands(self):
        result = run("--help")
        self.assertEqual(result.returncode, 0)
        for command in ("serve", "check-config", "migrate", "demo"):
            self.assertIn(command, result.stdout)
        self.assertIn("--config", run("serve", "--help").stdout)
        self.assertIn("--once", run("demo", "--help").stdout)

    def test_migrate_creates_schema(self):
        path = self.config(MINIMAL)
        result = run("migrate", "--config", path, cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.dir, "steward.db")))

    def test_port_in_use_fails_with_a_clear_message(self):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            path = self.config(MINIMAL.replace("8080", str(port)))
            result = run("serve", "--config", path, cwd=self.dir)
        self.assertEqual(result.returncode, 1)
        self.assertIn("cannot listen on 127.0.0.1:%d: the address is in use" % port,
                      result.stderr)

    def test_demo_runs_the_scripted_group(self):
        port = socket.socket()
        port.bind(("127.0.0.1", 0))
        number = port.getsockname()[1]
        port.close()
        result = subprocess.run([STEWARD_BIN, "demo", "--once", "--listen",
                                 "127.0.0.1:%d" % number], capture_output=True, text=True,
                                cwd=self.dir, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Ann checked in: +10 points", result.stdout)
        self.assertIn("签到成功", result.stdout)
        self.assertIn("already checked in", result.stdout)
        self.assertIn("PUT /api/v1/templates/checkin      → API answered 200 (version 1)",
                      result.stdout)
        self.assertIn('<a href="tg://user?id=1004">Dee</a> 早安打卡成功', result.stdout)
        # The fake API answers the bot's questions in Telegram's shape: no warning that the
        # chat's admins could not be listed ("answered HTTP 200", which the demo did not mean).
        self.assertNotIn("[warning]", result.stdout + result.stderr)
        self.assertIn("getChatAdministrators", result.stdout)

    def test_demo_plays_qq_slack_and_relay_groups(self):
        port = socket.socket()
        port.bind(("127.0.0.1", 0))
        number = port.getsockname()[1]
        port.close()
        result = subprocess.run([STEWARD_BIN, "demo", "--once", "--platform", "onebot",
                                 "--db", "qq-demo.db", "--listen", "127.0.0.1:%d" % number],
                                capture_output=True, text=True, cwd=self.dir, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("/webhook/onebot", result.stdout)
        self.assertIn("→ webhook answered 204", result.stdout)  # signed posts accepted
        self.assertNotIn("answered 401", result.stdout)
        self.assertIn("send_group_msg: [quoting 2003] ✅ Ann checked in", result.stdout)
        self.assertIn("delete_msg: message_id=2011", result.stdout)
        self.assertIn("set_group_ban: user_id=1003 duration=", result.stdout)
        self.assertIn("@1004 早安打卡成功", result.stdout)  # the operator's template, a real @
        self.assertNotIn("[warning]", result.stdout + result.stderr)
        for platform, expected in (("slack", ["chat.postMessage", "Slack offers no way to do this"]),
                                   ("generic", ["send_message", "mute: user_id=\"1003\""]),
                                   ("feishu", ["reply: ✅ Ann checked in",
                                               "Feishu offers no way to do this"]),
                                   ("dingtalk", ["send: ✅ Ann checked in",
                                                 "DingTalk offers no way to do this"]),
                                   ("wecom", ["response: ✅ ann checked in",
                                              "WeCom offers no way to do this"])):
            port = socket.socket()
            port.bind(("127.0.0.1", 0))
            number = port.getsockname()[1]
            port.close()
            result = subprocess.run([STEWARD_BIN, "demo", "--once", "--platform", platform,
                                     "--db", platform + "-demo.db", "--listen",
                                     "127.0.0.1:%d" % number],
                                    capture_output=True, text=True, cwd=self.dir, timeout=60)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertNotIn("answered 401", result.stdout)
            self.assertNotIn("[warning]", result.stdout + result.stderr)
            self.assertIn("checked in: +10 points", result.stdout)
            for text in expected:
                self.assertIn(text, result.stdout)
        bad = subprocess.run([STEWARD_BIN, "demo", "--platform", "irc"], capture_output=True,
                             text=True, cwd=self.dir, timeout=30)
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("irc", bad.stderr)


if __name__ == "__main__":
    unittest.main()
