"""The admin REST API end to end: tokens from the CLI, roles, errors, OpenAPI, audit."""

import json
import subprocess
import unittest

from harness import FakeBotApi, STEWARD_BIN, Steward, message


class ApiTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.steward = Steward(self.api.url).start()
        self.tokens = {}
        for role in ("viewer", "operator", "admin"):
            result = subprocess.run([STEWARD_BIN, "token", "create", "--config",
                                     self.steward.config_path, "--role", role, "--name", role + "-ci"],
                                    capture_output=True, text=True, timeout=30)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.tokens[role] = result.stdout.strip()

    def tearDown(self):
        self.steward.stop()
        self.api.close()

    def call(self, method, path, role=None):
        headers = {"Authorization": "Bearer " + self.tokens[role]} if role else {}
        status, body = self.steward.request(method, path, headers=headers)
        return status, json.loads(body) if body else None

    def test_tokens_roles_and_errors(self):
        self.assertTrue(self.tokens["viewer"].startswith("stw_"))
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM api_tokens WHERE secret_hash = ?",
                                            self.tokens["viewer"]), [(0,)])  # only hashes stored
        self.assertEqual(self.call("GET", "/api/v1/groups")[0], 401)
        self.assertEqual(self.call("GET", "/api/v1/groups", "viewer")[0], 200)
        self.assertEqual(self.call("POST", "/api/v1/rules/reload", "operator")[0], 403)
        status, body = self.call("POST", "/api/v1/rules/reload", "admin")
        self.assertEqual(status, 202)
        status, audit = self.call("GET", "/api/v1/audit", "admin")
        self.assertEqual(audit["entries"][0]["actor"], "admin-ci")
        self.assertEqual(audit["entries"][0]["action"], "rules.reload")
        status, body = self.call("GET", "/api/v1/moderation/log?limit=abc", "viewer")
        self.assertEqual((status, body["field"]), (400, "limit"))

    def test_groups_members_and_moderation_log(self):
        self.steward.post_update(message(1, "hello", user_id=4242, name="Zoë", message_id=5))
        self.steward.post_update(message(2, "call 13800138000 now", user_id=4343, name="Spam",
                                         message_id=6))
        self.api.wait_for(1, method="deleteMessage")
        status, groups = self.call("GET", "/api/v1/groups", "viewer")
        chat = groups["groups"][0]["chat_id"]
        status, members = self.call("GET", "/api/v1/groups/%s/members?search=zo%%C3%%AB" % chat,
                                    "viewer")
        self.assertEqual([m["user_id"] for m in members["members"]], ["4242"])
        status, log = self.call("GET", "/api/v1/moderation/log?group=%s&limit=5" % chat, "viewer")
        self.assertEqual(log["entries"][0]["rule"], "phone")
        self.assertEqual(log["entries"][0]["spans"][0]["matched"], "13800138000")

    def test_template_preview_end_to_end(self):
        headers = {"Authorization": "Bearer " + self.tokens["operator"],
                   "Content-Type": "application/json"}
        body = json.dumps({"key": "goodbye", "text": "Bye {name} <b>from</b> {group}"}).encode()
        status, raw = self.steward.request("POST", "/api/v1/templates/preview", body, headers)
        self.assertEqual(status, 200, raw)
        self.assertEqual(json.loads(raw)["rendered"], "Bye Ann <b>from</b> Sample group")
        body = json.dumps({"key": "goodbye", "text": "Bye {points}"}).encode()
        status, raw = self.steward.request("POST", "/api/v1/templates/preview", body, headers)
        self.assertEqual((status, json.loads(raw)["field"]), (400, "text"))

    def test_openapi_needs_no_token(self):
        status, spec = self.call("GET", "/api/v1/openapi.json")
        self.assertEqual(status, 200)
        self.assertEqual(spec["openapi"], "3.0.3")
        self.assertIn("/api/v1/moderation/log", spec["paths"])


if __name__ == "__main__":
    unittest.main()
