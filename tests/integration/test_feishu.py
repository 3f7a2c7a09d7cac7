"""Feishu / Lark, end to end: the real binary receives events signed and encrypted the way
Feishu signs and encrypts them (SHA-256 over timestamp, nonce, Encrypt Key and body; AES-256-CBC
under SHA-256 of the key), answers the URL check, fetches its tenant access token and calls a
fake Feishu IM API on loopback. The official SDK's AESCipher checks the harness's encryption."""

import hashlib
import http.server
import json
import os
import time
import unittest
import urllib.parse

from harness import (FakePlatformApi, Steward, create_token, run_sdk_script, send_json,
                     wait_until)

APP_ID = "cli_a1b2c3"
APP_SECRET = "feishu-app-secret"
ENCRYPT_KEY = "feishu encrypt key"
VERIFICATION_TOKEN = "feishu-verification-token"
CHAT = "oc_group1"
ADMIN = "ou_admin"
def lark_sdk(requests):
    """Runs tests/sdk/feishu.mjs: Node's crypto encrypts, the SDK's AESCipher checks."""
    return run_sdk_script("feishu.mjs", requests)


def encrypted(document):
    """The body Feishu posts for an event when an Encrypt Key is set."""
    plain = json.dumps(document, ensure_ascii=False)
    out = lark_sdk([{"op": "encrypt", "key": ENCRYPT_KEY, "plain": plain}])[0]
    assert not out.startswith("refused"), out
    return {"encrypt": out}


def sign(at, nonce, body):
    return hashlib.sha256(str(at).encode() + nonce.encode() + ENCRYPT_KEY.encode()
                          + body).hexdigest()


def envelope(event_id, event_type, event):
    return {"schema": "2.0",
            "header": {"event_id": event_id, "event_type": event_type,
                       "create_time": str(int(time.time() * 1000)), "token": VERIFICATION_TOKEN,
                       "app_id": APP_ID, "tenant_key": "tk"},
            "event": event}


def message(event_id, text, user="ou_ann", message_id=None, mentions=()):
    return envelope(event_id, "im.message.receive_v1", {
        "sender": {"sender_id": {"open_id": user}, "sender_type": "user", "tenant_key": "tk"},
        "message": {"message_id": message_id or "om_" + event_id,
                    "create_time": str(int(time.time() * 1000)), "chat_id": CHAT,
                    "chat_type": "group", "message_type": "text",
                    "content": json.dumps({"text": text}, ensure_ascii=False),
                    "mentions": [{"key": "@_user_%d" % (i + 1), "id": {"open_id": oid},
                                  "name": name, "tenant_key": "tk"}
                                 for i, (oid, name) in enumerate(mentions)]}})


def post_text(call):
    """The text of a post message Steward sent (runs joined, @ as "@open_id")."""
    post = json.loads(call["body"]["content"])["zh_cn"]
    lines = []
    for line in post["content"]:
        lines.append("".join(e.get("text", "") if e["tag"] != "at" else "@" + e["user_id"]
                             for e in line))
    return "\n".join(lines)


class FakeFeishu(FakePlatformApi):
    """Plays open.feishu.cn: hands out tenant access tokens for the app's credentials and
    answers IM calls that carry the current one; can revoke the token it gave."""

    def __init__(self):
        self.tokens_issued = 0
        self.token = None
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def answer(self, verb):
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                path = urllib.parse.urlparse(self.path).path
                if path == "/open-apis/auth/v3/tenant_access_token/internal":
                    return send_json(self, 200, fake.issue(body))
                with fake.lock:
                    current = fake.token
                if self.headers.get("Authorization") != "Bearer %s" % current:
                    return send_json(self, 400, {"code": 99991663,
                                                 "msg": "Invalid access token for authorization."})
                send_json(self, 200, fake.carry_out(verb, path, body))

            def do_POST(self):
                self.answer("POST")

            def do_DELETE(self):
                self.answer("DELETE")

            def do_GET(self):
                self.answer("GET")

            def log_message(self, *args):
                pass

        super().__init__(Handler)

    def issue(self, body):
        if body != {"app_id": APP_ID, "app_secret": APP_SECRET}:
            return {"code": 10014, "msg": "app secret invalid"}
        with self.lock:
            self.tokens_issued += 1
            self.token = "t-%d" % self.tokens_issued
            return {"code": 0, "msg": "ok", "tenant_access_token": self.token, "expire": 7200}

    def revoke(self):
        with self.lock:
            self.token = "revoked"

    def carry_out(self, verb, path, body):
        if verb == "GET" and path.startswith("/open-apis/im/v1/chats/"):
            what = "chat_info"
            data = {"name": "Feishu Fans", "owner_id": ADMIN, "user_manager_id_list": []}
        elif verb == "GET" and path.startswith("/open-apis/contact/v3/users/"):
            what = "user_info"
            data = {"user": {"open_id": path.rsplit("/", 1)[-1], "name": "Ann Zhang"}}
        elif verb == "POST" and path == "/open-apis/im/v1/messages":
            what, data = "send", {}
        elif verb == "POST" and path.endswith("/reply"):
            what, data = "reply", {}
        elif verb == "DELETE" and "/messages/" in path:
            what, data = "recall", {}
        elif verb == "DELETE" and path.endswith("/members"):
            what, data = "kick", {"invalid_id_list": []}
        else:
            return {"code": 404, "msg": "no such API: %s %s" % (verb, path)}
        count = self.record({"what": what, "path": path, "body": body})
        if what in ("send", "reply"):
            data = {"message_id": "om_bot_%d" % count}
        return {"code": 0, "msg": "success", "data": data}

    def wait_for(self, what, where=lambda call: True, count=1, timeout=15.0):
        return self.calls_where(lambda c: c["what"] == what and where(c), count, timeout)


class FeishuTest(unittest.TestCase):
    def setUp(self):
        self.feishu = FakeFeishu()
        self.steward = Steward("http://127.0.0.1:9", overrides={
            "telegram": None,
            "feishu": {"app_id": APP_ID, "app_secret": APP_SECRET, "encrypt_key": ENCRYPT_KEY,
                       "verification_token": VERIFICATION_TOKEN, "api_base_url": self.feishu.url,
                       "bot_open_id": "ou_bot"},
        }, extra_toml='[templates]\nlanguage = "en"\n[moderation]\nwords = ["words.txt"]\n'
                      'newcomer_messages = 0\n')
        with open(os.path.join(self.steward.dir, "words.txt"), "w") as f:
            f.write("傻逼\tinsult\n")
        self.steward.start()

    def tearDown(self):
        self.assertEqual(self.steward.ledger_mismatches(), [])
        self.steward.stop()
        self.feishu.close()

    def post(self, document, at=None, nonce="n0nce", signature=None, encrypt=True):
        raw = json.dumps(encrypted(document) if encrypt else document).encode()
        at = int(time.time()) if at is None else at
        headers = {"Content-Type": "application/json", "X-Lark-Request-Timestamp": str(at),
                   "X-Lark-Request-Nonce": nonce,
                   "X-Lark-Signature": signature or sign(at, nonce, raw)}
        return self.steward.request("POST", "/webhook/feishu", raw, headers)

    def test_url_check_encrypted_as_feishu_does_is_answered_within_its_second(self):
        challenge = {"challenge": "ajls384kdj", "token": VERIFICATION_TOKEN,
                     "type": "url_verification"}
        body = encrypted(challenge)
        # The official SDK reads the harness's encryption back.
        self.assertEqual(json.loads(lark_sdk([{"op": "decrypt", "key": ENCRYPT_KEY,
                                               "encrypt": body["encrypt"]}])[0]), challenge)
        started = time.monotonic()
        status, answer = self.steward.request("POST", "/webhook/feishu", json.dumps(body).encode(),
                                              {"Content-Type": "application/json"})
        self.assertLess(time.monotonic() - started, 1.0)
        self.assertEqual((status, json.loads(answer)), (200, {"challenge": "ajls384kdj"}))
        wrong = dict(challenge, token="guessed")
        self.assertEqual(self.steward.request("POST", "/webhook/feishu",
                                              json.dumps(encrypted(wrong)).encode(), {})[0], 401)

    def test_tampered_replayed_stale_and_unsigned_events_are_refused(self):
        event = message("ev-bad", "/checkin")
        raw = json.dumps(encrypted(event)).encode()
        at = int(time.time())
        good = sign(at, "n1", raw)
        headers = {"X-Lark-Request-Timestamp": str(at), "X-Lark-Request-Nonce": "n1"}
        self.assertEqual(self.steward.request("POST", "/webhook/feishu", raw + b" ",
                                              dict(headers, **{"X-Lark-Signature": good}))[0], 401)
        self.assertEqual(self.steward.request("POST", "/webhook/feishu", raw,
                                              dict(headers, **{"X-Lark-Request-Nonce": "n2",
                                                               "X-Lark-Signature": good}))[0], 401)
        stale = at - 9 * 3600
        self.assertEqual(self.post(event, at=stale)[0], 401)
        self.assertEqual(self.steward.request("POST", "/webhook/feishu", raw, {})[0], 401)
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM members")[0][0], 0)

    def test_a_check_in_redelivered_counts_once_and_is_answered_as_a_reply(self):
        event = message("ev-100", "/checkin", message_id="om_100")
        self.assertEqual(self.post(event)[0], 200)
        self.assertEqual(self.post(event, nonce="again")[0], 200)  # Feishu's retry
        replies = self.feishu.wait_for("reply", lambda c: c["path"].endswith("/om_100/reply"))
        self.assertEqual(len(replies), 1)
        points = self.steward.query("SELECT points FROM members WHERE user_id = 'ou_ann'")[0][0]
        self.assertGreater(points, 0)
        self.assertIn(str(points), post_text(replies[0]))
        self.assertEqual(replies[0]["body"]["msg_type"], "post")
        self.assertTrue(replies[0]["body"]["uuid"])
        # The group's name, which Feishu's message events lack, is asked for once.
        self.feishu.wait_for("chat_info")
        self.assertTrue(self.steward.query(
            "SELECT 1 FROM groups WHERE platform = 'feishu' AND title = 'Feishu Fans'"))
        time.sleep(0.5)
        self.assertEqual(len(self.feishu.wait_for("reply", count=2, timeout=0.2)), 1)

    def test_members_are_named_from_feishus_contact_directory(self):
        self.post(message("ev-500", "hello"))
        self.assertEqual(len(self.feishu.wait_for("user_info")), 1)
        self.assertTrue(wait_until(lambda: self.steward.query(
            "SELECT display_name FROM members WHERE user_id = 'ou_ann'") == [("Ann Zhang",)]))
        self.post(message("ev-501", "/checkin"))
        replies = self.feishu.wait_for("reply", lambda c: "checked in" in post_text(c))
        self.assertIn("Ann Zhang", post_text(replies[0]))

    def test_a_language_chosen_through_the_api_is_spoken_in_the_group(self):
        # English by configuration; an operator chooses Chinese for this group.
        self.post(message("ev-600", "hello"))
        self.feishu.wait_for("chat_info")
        headers = {"Authorization": "Bearer " + create_token(self.steward, "operator"),
                   "Content-Type": "application/json"}
        status, body = self.steward.request("PUT", "/api/v1/groups/feishu:%s/language" % CHAT,
                                            json.dumps({"language": "zh"}).encode(), headers)
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["language"], "zh")
        self.post(message("ev-601", "/rules"))
        said = self.feishu.calls_where(
            lambda c: c["what"] in ("send", "reply") and "1. " in post_text(c), 1, 15.0)
        self.assertIn("友善交流", post_text(said[0]))

    def test_a_banned_word_is_recalled_and_warned(self):
        self.post(message("ev-200", "你这个傻@逼", user="ou_bo", message_id="om_200"))
        self.assertEqual(len(self.feishu.wait_for(
            "recall", lambda c: c["path"].endswith("/messages/om_200"))), 1)
        warned = self.feishu.wait_for("send", lambda c: "1/5" in post_text(c))
        self.assertEqual(len(warned), 1)

    def test_the_owner_kicks_and_is_told_feishu_cannot_mute(self):
        self.post(message("ev-300", "hello", user="ou_bo"))
        self.post(message("ev-301", "@_user_1 /kick @_user_2 spam", user=ADMIN,
                          mentions=[("ou_bot", "Steward"), ("ou_bo", "Bo")]))
        kicked = self.feishu.wait_for("kick")
        self.assertEqual(len(kicked), 1)
        self.assertEqual(kicked[0]["path"], "/open-apis/im/v1/chats/%s/members" % CHAT)
        self.assertEqual(kicked[0]["body"], {"id_list": ["ou_bo"]})
        self.post(message("ev-302", "/mute @_user_1 10m", user=ADMIN, mentions=[("ou_bo", "Bo")]))
        told = self.feishu.wait_for("reply", lambda c: "could not" in post_text(c))
        self.assertEqual(len(told), 1)
        self.assertIn("Feishu offers no way to do this", post_text(told[0]))

    def test_the_token_is_fetched_once_and_again_when_feishu_revokes_it(self):
        for i in range(3):
            self.post(message("ev-40%d" % i, "/checkin", user="ou_m%d" % i))
        self.assertEqual(len(self.feishu.wait_for("reply", count=3)), 3)
        self.assertEqual(self.feishu.tokens_issued, 1)
        self.feishu.revoke()
        self.post(message("ev-410", "/checkin", user="ou_late"))
        self.assertEqual(len(self.feishu.wait_for(
            "reply", lambda c: c["path"].endswith("/om_ev-410/reply"))), 1)
        self.assertEqual(self.feishu.tokens_issued, 2)


if __name__ == "__main__":
    unittest.main()
