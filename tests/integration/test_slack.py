"""Slack's Events API, end to end: the real binary receives requests signed like Slack signs them
(v0 HMAC-SHA256, five-minute window, URL verification, retries by event_id) and calls a fake
Slack Web API on loopback with its bot token."""

import hashlib
import hmac
import http.server
import json
import os
import threading
import time
import unittest
import urllib.parse

from harness import Steward, run_sdk_script, send_json, wait_until

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-test-token"
CHANNEL = "C0123CHAN"
ADMIN = "UADMIN"
NAMES = {"U0ANN": "Ann Lee"}  # display names users.info answers (others: their real name)


def sign(body, at):
    base = b"v0:" + str(at).encode() + b":" + body
    return "v0=" + hmac.new(SIGNING_SECRET.encode(), base, hashlib.sha256).hexdigest()


class FakeSlack:
    """Answers Web API calls {"ok":true,...}; refuses a wrong bot token like Slack."""

    def __init__(self):
        self.calls = []
        self.lock = threading.Lock()
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
                method = self.path.rsplit("/", 1)[-1]
                if self.headers.get("Authorization") != "Bearer " + BOT_TOKEN:
                    answer = {"ok": False, "error": "invalid_auth"}
                else:
                    with fake.lock:
                        fake.calls.append((method, body))
                        answer = {"ok": True, "ts": "%d.%06d" % (time.time(), len(fake.calls))}
                send_json(self, 200, answer)

            def do_GET(self):  # read methods: users.info?user=…
                url = urllib.parse.urlparse(self.path)
                user = urllib.parse.parse_qs(url.query).get("user", [""])[0]
                if self.headers.get("Authorization") != "Bearer " + BOT_TOKEN:
                    return send_json(self, 200, {"ok": False, "error": "invalid_auth"})
                with fake.lock:
                    fake.calls.append((url.path.rsplit("/", 1)[-1], {"user": user}))
                send_json(self, 200, {"ok": True, "user": {
                    "id": user, "name": user.lower(), "real_name": "Real " + user,
                    "profile": {"display_name": NAMES.get(user, ""), "real_name": "Real " + user}}})

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def wait_for(self, method, where=lambda body: True, count=1, timeout=15.0):
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                found = [b for m, b in self.calls if m == method and where(b)]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def message_event(event_id, text, user="U0ANN", ts=None):
    return {"token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
            "event_id": event_id, "event_time": int(time.time()),
            "event": {"type": "message", "channel": CHANNEL, "channel_type": "channel",
                      "user": user, "text": text,
                      "ts": ts or "%d.%06d" % (time.time(), abs(hash(event_id)) % 10**6)}}


def bolt_verdicts(requests):
    """What @slack/bolt's own verifySlackRequest says of each (body, timestamp, signature)."""
    return run_sdk_script("verify_slack.mjs", [
        {"signingSecret": SIGNING_SECRET, "body": body.decode(), "timestamp": str(at),
         "signature": signature, "nowMilliseconds": int(time.time() * 1000)}
        for body, at, signature in requests])


class SlackTest(unittest.TestCase):
    def setUp(self):
        self.slack = FakeSlack()
        self.steward = Steward("http://127.0.0.1:9", overrides={
            "telegram": None,
            "slack": {"signing_secret": SIGNING_SECRET, "bot_token": BOT_TOKEN,
                      "api_base_url": self.slack.url, "bot_user_id": "UBOT"},
        }, extra_toml='[templates]\nlanguage = "en"\n[moderation]\nwords = ["words.txt"]\n'
                      'newcomer_messages = 0\nadmin_ids = ["%s"]\n' % ADMIN)
        with open(os.path.join(self.steward.dir, "words.txt"), "w") as f:
            f.write("傻逼\tinsult\n")
        self.steward.start()

    def tearDown(self):
        self.assertEqual(self.steward.ledger_mismatches(), [])
        self.steward.stop()
        self.slack.close()

    def post(self, body, at=None, signature=None, retry=None):
        raw = json.dumps(body).encode()
        at = int(time.time()) if at is None else at
        headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": str(at),
                   "X-Slack-Signature": signature or sign(raw, at)}
        if retry:
            headers["X-Slack-Retry-Num"] = str(retry)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        return self.steward.request("POST", "/webhook/slack", raw, headers)

    def test_slacks_own_sdk_agrees_with_what_the_harness_signs_and_steward_reads(self):
        body = json.dumps(message_event("Ev900", "/checkin")).encode()
        now = int(time.time())
        good = (body, now, sign(body, now))
        tampered = (body.replace(b"checkin", b"checkim"), now, sign(body, now))
        stale = (body, now - 600, sign(body, now - 600))
        self.assertEqual(bolt_verdicts([good, tampered, stale])[0], "valid")
        verdicts = bolt_verdicts([good, tampered, stale])
        self.assertTrue(verdicts[1].startswith("refused"), verdicts)
        self.assertTrue(verdicts[2].startswith("refused"), verdicts)
        # Steward agrees request by request.
        statuses = [self.steward.request("POST", "/webhook/slack", b, {
            "X-Slack-Request-Timestamp": str(at), "X-Slack-Signature": sig})[0]
            for b, at, sig in (good, tampered, stale)]
        self.assertEqual(statuses, [200, 401, 401])

    def test_url_verification_and_only_fresh_signed_requests(self):
        challenge = {"token": "x", "type": "url_verification",
                     "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
        status, body = self.post(challenge)
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["challenge"], challenge["challenge"])
        self.assertEqual(self.post(challenge, signature="v0=" + "0" * 64)[0], 401)
        self.assertEqual(self.post(challenge, at=int(time.time()) - 400)[0], 401)
        self.assertEqual(self.post(challenge, at=int(time.time()) + 400)[0], 401)

    def test_a_check_in_retried_by_slack_counts_once_and_is_answered_in_the_thread(self):
        event = message_event("Ev100", "/checkin", ts="1700000000.000100")
        self.assertEqual(self.post(event)[0], 200)
        self.assertEqual(self.post(event, retry=1)[0], 200)  # same event_id, fresh signature
        answer = self.slack.wait_for("chat.postMessage",
                                     lambda b: b.get("thread_ts") == "1700000000.000100")
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer[0]["channel"], CHANNEL)
        points = self.steward.query("SELECT points FROM members WHERE user_id = 'U0ANN'")[0][0]
        self.assertIn(str(points), answer[0]["text"])
        time.sleep(0.5)
        self.assertEqual(len(self.slack.wait_for("chat.postMessage", count=2, timeout=0.2)), 1)

    def test_members_are_named_as_slack_names_them_once_it_was_asked(self):
        self.post(message_event("Ev500", "hello"))
        asked = self.slack.wait_for("users.info")
        self.assertEqual(asked, [{"user": "U0ANN"}])
        self.assertTrue(wait_until(lambda: self.steward.query(
            "SELECT display_name FROM members WHERE user_id = 'U0ANN'") == [("Ann Lee",)]))
        self.post(message_event("Ev501", "/checkin"))
        answer = self.slack.wait_for("chat.postMessage", lambda b: "checked in" in b["text"])
        self.assertIn("Ann Lee", answer[0]["text"])
        self.post(message_event("Ev502", "hi", user="U0BO"))
        self.assertTrue(wait_until(lambda: self.steward.query(
            "SELECT display_name FROM members WHERE user_id = 'U0BO'") == [("Real U0BO",)]))
        self.assertEqual(len(self.slack.wait_for("users.info", count=3, timeout=0.5)), 2)

    def test_a_word_is_warned_not_deleted_with_a_bot_token(self):
        self.post(message_event("Ev200", "你这个傻@逼", user="U0BO"))
        warned = self.slack.wait_for("chat.postMessage", lambda b: "1/5" in b["text"])
        self.assertEqual(len(warned), 1)
        self.assertEqual(self.slack.wait_for("chat.delete", timeout=0.3), [])
        taken = self.steward.query("SELECT taken FROM moderation_log")[0][0]
        self.assertIn("cannot delete", taken)

    def test_admins_kick_and_are_told_slack_cannot_mute(self):
        self.post(message_event("Ev300", "hello", user="U0BO"))
        self.post(message_event("Ev301", "/kick <@U0BO|bo> spam", user=ADMIN))
        kicked = self.slack.wait_for("conversations.kick")
        self.assertEqual(kicked, [{"channel": CHANNEL, "user": "U0BO"}])
        self.slack.wait_for("chat.postMessage", lambda b: "removed" in b["text"])
        self.post(message_event("Ev302", "/mute <@U0BO|bo> 10m", user=ADMIN))
        told = self.slack.wait_for("chat.postMessage", lambda b: "could not" in b["text"])
        self.assertEqual(len(told), 1)
        self.assertIn("Slack offers no way to do this", told[0]["text"])


if __name__ == "__main__":
    unittest.main()
