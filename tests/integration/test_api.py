"""The admin REST API end to end: tokens from the CLI, roles, errors, OpenAPI, audit."""

import json
import os
import subprocess
import time
import unittest

from harness import FakeBotApi, STEWARD_BIN, Steward, create_token, message


class ApiTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.steward = Steward(self.api.url)
        with open(os.path.join(self.steward.dir, "words.txt"), "w") as f:
            f.write("# words the operators keep\nfree money\tscam\tdelete\n")
        self.steward.extra_toml = '[moderation]\nwords = ["words.txt"]\nnewcomer_messages = 0\n'
        self.steward.start()
        self.tokens = {role: create_token(self.steward, role)
                       for role in ("viewer", "operator", "admin")}

    def tearDown(self):
        self.steward.stop()
        self.api.close()

    def call(self, method, path, role=None, body=None):
        headers = {"Authorization": "Bearer " + self.tokens[role]} if role else {}
        raw = b""
        if body is not None:
            headers["Content-Type"] = "application/json"
            raw = json.dumps(body).encode()
        status, answer = self.steward.request(method, path, raw, headers)
        return status, json.loads(answer) if answer else None

    def test_scheme_is_case_insensitive_405_names_allowed_methods_and_errors_are_json(self):
        for scheme in ("bearer", "BEARER", "Bearer  "):
            status, _ = self.steward.request(
                "GET", "/api/v1/groups", b"",
                {"Authorization": scheme + " " + self.tokens["viewer"]})
            self.assertEqual(status, 200, scheme)
        conn_status, raw = self.steward.request(
            "PUT", "/api/v1/groups", b"{}", {"Authorization": "Bearer " + self.tokens["admin"]})
        self.assertEqual(conn_status, 405)
        self.assertEqual(json.loads(raw)["error"], "method_not_allowed")
        import http.client
        conn = http.client.HTTPConnection("127.0.0.1", self.steward.port, timeout=10)
        conn.request("PUT", "/api/v1/groups", body=b"{}",
                     headers={"Authorization": "Bearer " + self.tokens["admin"]})
        res = conn.getresponse()
        self.assertEqual((res.status, res.getheader("Allow")), (405, "GET"))
        res.read()
        conn.request("POST", "/healthz")
        res = conn.getresponse()
        self.assertEqual((res.status, res.getheader("Allow")), (405, "GET, HEAD"))
        self.assertEqual(json.loads(res.read())["error"], "method_not_allowed")
        conn.request("GET", "/no/such/thing")
        res = conn.getresponse()
        self.assertEqual(res.status, 404)
        self.assertEqual(res.getheader("Content-Type"), "application/json")
        self.assertIn("/no/such/thing", json.loads(res.read())["message"])
        conn.close()

    def checkin_reply(self, update_id, user_id, name):
        before = len(self.api.sent(kind="reply"))
        self.steward.post_update(message(update_id, "签到", user_id=user_id, name=name))
        return self.api.wait_for(before + 1, kind="reply")[-1]

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

    def test_a_revoked_token_stops_working_at_once(self):
        self.assertEqual(self.call("GET", "/api/v1/groups", "viewer")[0], 200)
        listed = subprocess.run([STEWARD_BIN, "token", "list", "--config",
                                 self.steward.config_path], capture_output=True, text=True,
                                timeout=30)
        rows = [line.split("\t") for line in listed.stdout.splitlines()]
        self.assertEqual([r[1:] for r in rows],
                         [["viewer", "viewer-ci", "live", "every group"],
                          ["operator", "operator-ci", "live", "every group"],
                          ["admin", "admin-ci", "live", "every group"]])
        self.assertNotIn(self.tokens["viewer"], listed.stdout)
        revoke = [STEWARD_BIN, "token", "revoke", "--config", self.steward.config_path, rows[0][0]]
        result = subprocess.run(revoke, capture_output=True, text=True, timeout=30)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.call("GET", "/api/v1/groups", "viewer")[0], 401)
        again = subprocess.run(revoke, capture_output=True, text=True, timeout=30)
        self.assertEqual(again.returncode, 1)
        self.assertIn("no live token with id", again.stderr)
        status, audit = self.call("GET", "/api/v1/audit", "admin")
        self.assertEqual((audit["entries"][0]["actor"], audit["entries"][0]["action"]),
                         ("cli", "token.revoke"))

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

    def test_saved_templates_are_used_at_once_survive_a_restart_and_roll_back(self):
        text = "🎯 {mention} 打卡 +{points}，共 {balance} 分"
        status, saved = self.call("PUT", "/api/v1/templates/checkin", "operator",
                                  {"text": text, "language": "zh", "note": "shorter"})
        self.assertEqual((status, saved["version"]), (200, 1), saved)
        reply = self.checkin_reply(1, 7, "<b>Eve</b>")
        self.assertEqual(reply["parse_mode"], "HTML")
        self.assertEqual(reply["text"],
                         '🎯 <a href="tg://user?id=7">&lt;b&gt;Eve&lt;/b&gt;</a> 打卡 +10，共 10 分')

        self.steward.stop()
        self.steward.start()
        self.assertIn("打卡", self.checkin_reply(2, 8, "Fay")["text"])

        status, versions = self.call("GET", "/api/v1/templates/checkin/versions?language=zh",
                                     "viewer")
        self.assertEqual([(v["version"], v["author"], v["note"]) for v in versions["versions"]],
                         [(1, "operator-ci", "shorter")])
        self.assertEqual(self.call("DELETE", "/api/v1/templates/checkin?language=zh",
                                   "viewer")[0], 403)
        self.assertEqual(self.call("DELETE", "/api/v1/templates/checkin?language=zh",
                                   "operator")[0], 200)
        self.assertIn("签到成功", self.checkin_reply(3, 9, "Gus")["text"])
        status, back = self.call("POST", "/api/v1/templates/checkin/rollback", "operator",
                                 {"version": 1, "language": "zh"})
        self.assertEqual((status, back["version"], back["text"]), (200, 3, text))
        self.assertIn("打卡", self.checkin_reply(4, 10, "Hal")["text"])

        status, audit = self.call("GET", "/api/v1/audit", "admin")
        actions = [(e["action"], e["target"]) for e in audit["entries"]]
        self.assertEqual(actions, [("template.rollback", "lang:zh/checkin"),
                                   ("template.remove", "lang:zh/checkin"),
                                   ("template.save", "lang:zh/checkin")])
        self.assertEqual(json.loads(audit["entries"][1]["before"]), {"version": 1, "text": text})
        self.assertEqual(json.loads(audit["entries"][1]["after"]), {"version": 2, "text": None})
        self.assertEqual(self.steward.ledger_mismatches(), [])

    def test_a_bad_template_is_refused_with_the_field_and_changes_nothing(self):
        for body in ({"text": "Hi {pionts}"}, {"text": "<b>Hi {name}"}, {"text": 5},
                     {"text": "Hi", "group": "-1"}):
            status, answer = self.call("PUT", "/api/v1/templates/checkin", "operator", body)
            self.assertEqual(status, 400, body)
            self.assertIn(answer["field"], ("text", "group"))
        self.assertIn("签到成功", self.checkin_reply(1, 7, "Eve")["text"])
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM template_versions"), [(0,)])

    def test_a_word_added_through_the_api_is_enforced_without_a_restart(self):
        status, added = self.call("POST", "/api/v1/rules/words", "operator",
                                  {"word": "buy followers", "tag": "ad", "action": "delete"})
        self.assertEqual(status, 202, added)
        with open(os.path.join(self.steward.dir, "words.txt")) as f:
            self.assertEqual(f.read(), "# words the operators keep\nfree money\tscam\tdelete\n"
                                       "buy followers\tad\tdelete\n")
        # The lists compile in the background: send until the new word is acted on.
        deadline = time.monotonic() + 20
        update = 100
        while time.monotonic() < deadline:
            update += 1
            self.steward.post_update(message(update, "you can buy followers here #%d" % update,
                                             user_id=update, name="U%d" % update))
            time.sleep(0.2)
            if self.steward.query("SELECT COUNT(*) FROM moderation_log WHERE tag = 'ad'")[0][0]:
                break
        self.assertEqual(self.steward.query(
            "SELECT rule, tag, action FROM moderation_log WHERE tag = 'ad' LIMIT 1"),
            [("word", "ad", "delete")])
        self.assertEqual(self.call("DELETE", "/api/v1/rules/words?word=buy%20followers",
                                   "operator")[0], 202)
        status, listed = self.call("GET", "/api/v1/rules/words", "viewer")
        self.assertEqual([e["word"] for e in listed["entries"]], ["free money"])

    def test_faq_and_a_one_off_post_saved_through_the_api_work_at_once(self):
        status, entry = self.call("PUT", "/api/v1/faq/hours", "operator",
                                  {"triggers": ["营业时间"], "answer": "9:00-18:00, {mention}",
                                   "cooldown_s": 0})
        self.assertEqual((status, entry["collisions"]), (200, []), entry)
        self.steward.post_update(message(1, "請問營業時間？", user_id=7, name="Eve"))
        reply = self.api.wait_for(1, kind="reply")[0]
        self.assertEqual(reply["text"], '9:00-18:00, <a href="tg://user?id=7">Eve</a>')

        status, entry = self.call("PUT", "/api/v1/faq/money", "operator",
                                  {"triggers": ["free money"], "answer": "No."})
        self.assertEqual(entry["collisions"][0]["action"], "delete")

        status, post = self.call("PUT", "/api/v1/schedules/launch", "operator",
                                 {"once": int(time.time()) + 2, "text": "🚀 {group} launches"})
        self.assertEqual(status, 200, post)
        posts = self.api.wait_for(2, kind="post", timeout=15)  # Eve's newcomer badge, the post
        self.assertIn(("🚀 Group launches", "HTML"),
                      [(p["text"], p.get("parse_mode")) for p in posts])
        status, audit = self.call("GET", "/api/v1/audit", "admin")
        self.assertEqual([e["action"] for e in audit["entries"]],
                         ["schedule.save", "faq.save", "faq.save"])

    def test_member_profile_and_ledger(self):
        self.checkin_reply(1, 7, "Eve")
        status, groups = self.call("GET", "/api/v1/groups", "viewer")
        chat = groups["groups"][0]["chat_id"]
        status, profile = self.call("GET", "/api/v1/groups/%s/members/7" % chat, "viewer")
        self.assertEqual((status, profile["points"], profile["ledger_sum"]), (200, 10, 10))
        self.assertEqual(profile["last_streak"], 1)
        status, ledger = self.call("GET", "/api/v1/groups/%s/members/7/ledger" % chat, "viewer")
        self.assertEqual([e["reason"] for e in ledger["entries"]], ["checkin"])
        self.assertEqual(self.call("GET", "/api/v1/groups/%s/members/999" % chat, "viewer")[0],
                         404)

    def test_a_group_upgraded_to_a_supergroup_keeps_its_saved_templates(self):
        old, new = -4001, -1004001
        self.steward.post_update(message(1, "hi", chat_id=old))
        status, saved = self.call("PUT", "/api/v1/templates/rules", "operator",
                                  {"text": "Rules of the old group", "group": str(old)})
        self.assertEqual(status, 200, saved)
        migrate = {"update_id": 2, "message": {
            "message_id": 50, "from": {"id": 1, "is_bot": False, "first_name": "Admin"},
            "chat": {"id": old, "title": "Group", "type": "group"},
            "date": int(time.time()), "migrate_to_chat_id": new}}
        self.assertEqual(self.steward.post_update(migrate), 200)
        before = len(self.api.sent(kind="reply"))
        self.steward.post_update(message(3, "/rules", chat_id=new))
        self.assertEqual(self.api.wait_for(before + 1, kind="reply")[-1]["text"],
                         "Rules of the old group")
        status, shown = self.call("GET", "/api/v1/templates?group=%d" % new, "viewer")
        self.assertEqual(shown["templates"]["rules"]["scope"], "group:%d" % new)

    def test_a_group_switched_to_english_is_welcomed_in_english(self):
        self.steward.post_update(message(1, "hi"))
        status, groups = self.call("GET", "/api/v1/groups", "viewer")
        chat = groups["groups"][0]["chat_id"]
        self.assertEqual(groups["groups"][0]["language"], "zh")
        status, answer = self.call("PUT", "/api/v1/groups/%s/language" % chat, "operator",
                                   {"language": "en"})
        self.assertEqual((status, answer["language"]), (200, "en"))
        before = len(self.api.sent(kind="reply"))
        self.steward.post_update(message(2, "/rules"))
        self.assertIn("Be kind", self.api.wait_for(before + 1, kind="reply")[-1]["text"])

    def test_the_clock_cannot_be_set_without_serve_test_clock(self):
        status, _ = self.call("PUT", "/api/v1/testing/clock", "admin", {"now": 1900000000})
        self.assertEqual(status, 404)

    def test_openapi_needs_no_token(self):
        status, spec = self.call("GET", "/api/v1/openapi.json")
        self.assertEqual(status, 200)
        self.assertEqual(spec["openapi"], "3.0.3")
        self.assertIn("/api/v1/moderation/log", spec["paths"])
        self.assertEqual(set(spec["paths"]["/api/v1/templates/{key}"]), {"put", "delete"})
        self.assertEqual(spec["paths"]["/api/v1/templates/{key}"]["put"]["parameters"][0]["name"],
                         "key")


if __name__ == "__main__":
    unittest.main()
