"""The signed generic webhook (docs/generic-webhook.md), end to end: a relay posts events signed
with HMAC-SHA256 over timestamp and body, and receives Steward's actions, signed the same way, at
its callback URL (a fake relay on loopback that checks every signature)."""

import hashlib
import hmac
import http.server
import json
import os
import threading
import time
import unittest

from harness import Steward, send_json

SECRET = "generic-test-secret"
WORDS = "banme\tspam\tban\n傻逼\tinsult\n"


def sign(body, at, secret=SECRET):
    message = b"v1:" + str(at).encode() + b":" + body
    return "v1=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class FakeRelay:
    """Receives actions; records those whose signature is right, counts those whose is not."""

    def __init__(self):
        self.actions = []
        self.bad_signatures = 0
        self.refuse = {}  # action → error text to answer {"ok":false,...} with, once
        self.lock = threading.Lock()
        relay = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                at = self.headers.get("X-Steward-Timestamp", "")
                good = at.isdigit() and abs(time.time() - int(at)) < 300 and hmac.compare_digest(
                    sign(raw, int(at)), self.headers.get("X-Steward-Signature", ""))
                body = json.loads(raw)
                with relay.lock:
                    if not good:
                        relay.bad_signatures += 1
                        answer = {"ok": False, "error": "bad signature"}
                    elif body["action"] in relay.refuse:
                        answer = {"ok": False, "error": relay.refuse.pop(body["action"])}
                    else:
                        relay.actions.append(body)
                        answer = {"ok": True, "message_id": "r%d" % len(relay.actions)}
                send_json(self, 200 if good else 401, answer)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return "http://127.0.0.1:%d/actions" % self.server.server_address[1]

    def wait_for(self, where, count=1, timeout=15.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                found = [a for a in self.actions if where(a)]
            if len(found) >= count:
                return found
            time.sleep(0.05)
        return found

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def event(event_id, text, user="u1", name="Ann", admin=None, mentions=None, message_id=None):
    user_obj = {"id": user, "name": name}
    if admin is not None:
        user_obj["is_admin"] = admin
    message = {"id": message_id or "m-" + event_id, "text": text}
    if mentions:
        message["mentions"] = mentions
    return {"id": event_id, "type": "message", "time": int(time.time()),
            "chat": {"id": "team-1", "title": "Makers"}, "user": user_obj, "message": message}


class GenericWebhookTest(unittest.TestCase):
    def setUp(self):
        self.relay = FakeRelay()
        self.steward = Steward("http://127.0.0.1:9", overrides={
            "telegram": None,
            "generic": {"secret": SECRET, "callback_url": self.relay.url},
        }, extra_toml='can = ["delete", "mute"]\n[templates]\nlanguage = "en"\n'
                      '[moderation]\nwords = ["words.txt"]\nnewcomer_messages = 0\n')
        with open(os.path.join(self.steward.dir, "words.txt"), "w") as f:
            f.write(WORDS)
        self.steward.start()

    def tearDown(self):
        self.assertEqual(self.relay.bad_signatures, 0)
        self.assertEqual(self.steward.ledger_mismatches(), [])
        self.steward.stop()
        self.relay.close()

    def post(self, body, at=None, signature=None):
        raw = json.dumps(body).encode() if not isinstance(body, bytes) else body
        at = int(time.time()) if at is None else at
        headers = {"Content-Type": "application/json", "X-Steward-Timestamp": str(at),
                   "X-Steward-Signature": signature or sign(raw, at)}
        return self.steward.request("POST", "/webhook/generic", raw, headers)

    def test_only_fresh_signed_events_are_read(self):
        raw = json.dumps(event("e1", "/checkin")).encode()
        now = int(time.time())
        self.assertEqual(self.post(raw, signature="v1=00")[0], 401)
        self.assertEqual(self.post(raw.replace(b"checkin", b"checkim"), signature=sign(raw, now),
                                   at=now)[0], 401)
        self.assertEqual(self.post(raw, at=now - 3600)[0], 401)  # a replay of an old request
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM ledger")[0][0], 0)
        status, body = self.post({"id": "e2", "type": "message", "user": {"id": "u1"}})
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["field"], "chat")

    def test_check_in_twice_delivered_counts_once_and_is_answered_signed(self):
        for _ in range(2):
            self.assertEqual(self.post(event("e10", "/checkin", message_id="m10"))[0], 200)
        answer = self.relay.wait_for(lambda a: a.get("reply_to") == "m10")
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer[0]["action"], "send_message")
        self.assertEqual(answer[0]["chat_id"], "team-1")
        points = self.steward.query("SELECT points FROM members WHERE user_id = 'u1'")[0][0]
        self.assertIn(str(points), answer[0]["plain_text"])
        time.sleep(0.5)
        self.assertEqual(len(self.relay.wait_for(lambda a: a.get("reply_to") == "m10")), 1)

    def test_sanctions_follow_what_the_relay_declared(self):
        # Declared: delete and mute. A word's warning deletes; "ban" cannot be done here.
        self.post(event("e20", "你这个傻@逼", user="u2", name="Bo", message_id="m20"))
        self.relay.wait_for(lambda a: a["action"] == "delete_message")
        self.post(event("e21", "banme", user="u2", name="Bo", message_id="m21"))
        deleted = self.relay.wait_for(lambda a: a["action"] == "delete_message", 2)
        self.assertEqual([a["message_id"] for a in deleted], ["m20", "m21"])
        time.sleep(0.5)
        self.assertEqual(self.relay.wait_for(lambda a: a["action"] in ("ban", "kick"), 1, 0.1), [])
        taken = self.steward.query("SELECT taken FROM moderation_log ORDER BY id")[1][0]
        self.assertIn("cannot ban", taken)

    def test_a_mute_is_announced_only_when_the_relay_did_it(self):
        self.relay.refuse["mute"] = "target_is_admin: Bo owns the room"
        mute = event("e30", "/mute @Bo 10m", user="u9", name="Admin", admin=True,
                     mentions=[{"user": {"id": "u2", "name": "Bo"}, "start": 6, "end": 9}])
        self.assertEqual(self.post(mute)[0], 200)
        told = self.relay.wait_for(lambda a: "could not" in a.get("plain_text", ""))
        self.assertEqual(len(told), 1, self.relay.actions)
        self.assertIn("they are an admin", told[0]["plain_text"])
        mute["id"], mute["message"]["id"] = "e31", "m31"
        self.post(mute)
        done = self.relay.wait_for(lambda a: a["action"] == "mute")
        self.assertEqual(done[0]["user_id"], "u2")
        self.assertGreater(done[0]["until"], time.time() + 500)
        self.relay.wait_for(lambda a: "muted" in a.get("plain_text", ""))


if __name__ == "__main__":
    unittest.main()
