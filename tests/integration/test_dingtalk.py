"""DingTalk, end to end: the real binary receives robot callbacks signed the way DingTalk signs
them (Base64 HMAC-SHA256 of "timestamp\\nsecret", one hour either way), fetches its access token
and calls a fake DingTalk API on loopback: robot messages in markdown, and in scene groups mutes
and removals. Node's crypto (the formula of every official sample) cross-checks the signing."""

import base64
import hashlib
import hmac
import http.server
import json
import os
import subprocess
import time
import unittest
import urllib.parse

from harness import SDK_DIR, FakePlatformApi, Steward, send_json, wait_until

APP_KEY = "dingtestkey"
APP_SECRET = "dingtalk-app-secret"
CONVERSATION = "cidGroupOne=="


def sign(stamp_ms, secret=APP_SECRET):
    mac = hmac.new(secret.encode(), ("%d\n%s" % (stamp_ms, secret)).encode(), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


def node_sign(stamp_ms):
    script = ("const c=require('crypto');const [t,s]=process.argv.slice(1);"
              "process.stdout.write(c.createHmac('sha256',s).update(t+'\\n'+s).digest('base64'))")
    return subprocess.run(["node", "-e", script, str(stamp_ms), APP_SECRET], capture_output=True,
                          text=True, check=True, cwd=SDK_DIR, timeout=60).stdout


def callback(msg_id, text, staff="ann01", nick="Ann", admin=False, mentions=()):
    return {"conversationId": CONVERSATION, "conversationType": "2",
            "conversationTitle": "DingTalk Fans", "chatbotUserId": "$:LWCP_v1:$bot",
            "chatbotCorpId": "dingcorp", "msgId": msg_id, "msgtype": "text",
            "senderNick": nick, "senderStaffId": staff, "senderId": "$:LWCP_v1:$" + staff,
            "isAdmin": admin, "isInAtList": True, "createAt": int(time.time() * 1000),
            "sessionWebhook": "https://oapi.dingtalk.com/robot/sendBySession?session=x",
            "sessionWebhookExpiredTime": int(time.time() * 1000) + 5400000,
            "atUsers": [{"dingtalkId": "$:LWCP_v1:$bot"}] +
                       [{"dingtalkId": "$:" + s, "staffId": s} for s in mentions],
            "text": {"content": " " + text}}


def shown(call):
    """The markdown text of a robot message Steward sent."""
    return json.loads(call["body"]["msgParam"])["text"]


class FakeDingTalk(FakePlatformApi):
    """Plays api.dingtalk.com and oapi.dingtalk.com: tokens for the app's credentials, robot
    messages and scene-group calls that carry the current token."""

    def __init__(self):
        self.tokens_issued = 0
        self.refuse_tokens = False  # answers token requests as DingTalk does a wrong AppKey
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
                url = urllib.parse.urlparse(self.path)
                if url.path == "/v1.0/oauth2/accessToken":
                    if body != {"appKey": APP_KEY, "appSecret": APP_SECRET} or fake.refuse_tokens:
                        return send_json(self, 400, {"code": "invalidClientId",
                                                     "message": "wrong app"})
                    with fake.lock:
                        fake.tokens_issued += 1
                    return send_json(self, 200, {"accessToken": "at-1", "expireIn": 7200})
                token = (urllib.parse.parse_qs(url.query).get("access_token", [""])[0]
                         or self.headers.get("x-acs-dingtalk-access-token"))
                if token != "at-1":
                    return send_json(self, 401, {"code": "InvalidAuthentication",
                                                 "message": "bad token"})
                count = fake.record({"path": url.path, "body": body})
                if url.path.startswith("/topapi/"):
                    return send_json(self, 200, {"errcode": 0, "errmsg": "ok"})
                send_json(self, 200, {"processQueryKey": "pqk-%d" % count, "success": True})

            def log_message(self, *args):
                pass

        super().__init__(Handler)

    def wait_for(self, path, where=lambda call: True, count=1, timeout=15.0):
        return self.calls_where(lambda c: c["path"] == path and where(c), count, timeout)


SEND = "/v1.0/robot/groupMessages/send"


class DingTalkTest(unittest.TestCase):
    scene_groups = False

    def setUp(self):
        self.dingtalk = FakeDingTalk()
        self.steward = Steward("http://127.0.0.1:9", overrides={
            "telegram": None,
            "dingtalk": {"app_key": APP_KEY, "app_secret": APP_SECRET,
                         "api_base_url": self.dingtalk.url, "oapi_base_url": self.dingtalk.url,
                         "scene_groups": self.scene_groups},
        }, extra_toml='[templates]\nlanguage = "en"\n[moderation]\nwords = ["words.txt"]\n'
                      'newcomer_messages = 0\n')
        with open(os.path.join(self.steward.dir, "words.txt"), "w") as f:
            f.write("傻逼\tinsult\n")
        self.steward.start()

    def tearDown(self):
        self.assertEqual(self.steward.ledger_mismatches(), [])
        self.steward.stop()
        self.dingtalk.close()

    def post(self, body, stamp_ms=None, signature=None):
        stamp_ms = int(time.time() * 1000) if stamp_ms is None else stamp_ms
        return self.steward.request("POST", "/webhook/dingtalk",
                                    json.dumps(body, ensure_ascii=False).encode(),
                                    {"Content-Type": "application/json; charset=utf-8",
                                     "timestamp": str(stamp_ms),
                                     "sign": signature or sign(stamp_ms)})


class DingTalkGroupTest(DingTalkTest):
    def test_nodes_crypto_signs_as_the_harness_and_only_fresh_signatures_pass(self):
        now = int(time.time() * 1000)
        self.assertEqual(node_sign(now), sign(now))
        event = callback("msg-bad", "/checkin")
        self.assertEqual(self.post(event, signature=sign(now, "other secret"))[0], 401)
        self.assertEqual(self.post(event, stamp_ms=now - 3601 * 1000)[0], 401)
        self.assertEqual(self.post(event, stamp_ms=now + 3601 * 1000)[0], 401)
        self.assertEqual(self.steward.request("POST", "/webhook/dingtalk",
                                              json.dumps(event).encode(), {})[0], 401)
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM members")[0][0], 0)

    def test_a_check_in_redelivered_counts_once_and_is_answered_in_markdown(self):
        event = callback("msg-100", "/checkin")
        self.assertEqual(self.post(event)[0], 200)
        self.assertEqual(self.post(event)[0], 200)
        sent = self.dingtalk.wait_for(SEND)
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent[0]["body"]["openConversationId"], CONVERSATION)
        self.assertEqual(sent[0]["body"]["robotCode"], APP_KEY)
        self.assertEqual(sent[0]["body"]["msgKey"], "sampleMarkdown")
        points = self.steward.query("SELECT points FROM members WHERE user_id = 'ann01'")[0][0]
        self.assertIn(str(points), shown(sent[0]))
        self.assertTrue(self.steward.query(
            "SELECT 1 FROM groups WHERE platform = 'dingtalk' AND title = 'DingTalk Fans'"))
        time.sleep(0.5)
        self.assertEqual(len(self.dingtalk.wait_for(SEND, count=2, timeout=0.2)), 1)
        self.assertEqual(self.dingtalk.tokens_issued, 1)

    def test_a_refused_token_holds_the_answer_back_until_one_is_granted(self):
        self.dingtalk.refuse_tokens = True
        self.post(callback("msg-150", "/checkin"))
        self.assertTrue(wait_until(lambda: "could not get an access token from dingtalk: "
                                           "DingTalk error invalidClientId: wrong app"
                                           in self.steward.read_log()))
        self.assertEqual(self.dingtalk.wait_for(SEND, timeout=0.5), [])
        self.dingtalk.refuse_tokens = False
        self.assertEqual(len(self.dingtalk.wait_for(SEND)), 1)  # retried, now with a token
        self.assertEqual(self.dingtalk.tokens_issued, 1)

    def test_a_word_is_warned_as_a_robot_cannot_delete(self):
        self.post(callback("msg-200", "你这个傻@逼", staff="bo01", nick="Bo"))
        warned = self.dingtalk.wait_for(SEND, lambda c: "1/5" in shown(c))
        self.assertEqual(len(warned), 1)
        self.assertEqual(self.dingtalk.wait_for("/v1.0/robot/groupMessages/recall", timeout=0.3),
                         [])
        taken = self.steward.query("SELECT taken FROM moderation_log")[0][0]
        self.assertIn("cannot delete", taken)

    def test_outside_scene_groups_a_mute_is_answered_honestly(self):
        self.post(callback("msg-300", "hello", staff="bo01", nick="Bo"))
        self.post(callback("msg-301", "/mute @Bo 10m", admin=True, mentions=["bo01"]))
        told = self.dingtalk.wait_for(SEND, lambda c: "could not" in shown(c))
        self.assertEqual(len(told), 1)
        self.assertIn("DingTalk offers no way to do this", shown(told[0]))


class DingTalkSceneGroupTest(DingTalkTest):
    scene_groups = True

    def test_an_admin_mutes_and_removes_in_a_scene_group(self):
        self.post(callback("msg-400", "hello", staff="bo01", nick="Bo"))
        self.post(callback("msg-401", "/mute @Bo 10m spam", admin=True, mentions=["bo01"]))
        muted = self.dingtalk.wait_for("/v1.0/im/sceneGroups/muteMembers/set")
        self.assertEqual(len(muted), 1)
        self.assertEqual(muted[0]["body"]["userIdList"], ["bo01"])
        self.assertEqual(muted[0]["body"]["muteStatus"], 1)
        self.assertTrue(590000 <= muted[0]["body"]["muteDuration"] <= 600000,
                        muted[0]["body"])
        self.assertEqual(len(self.dingtalk.wait_for(SEND, lambda c: "muted" in shown(c))), 1)
        # A member who is no admin cannot.
        self.post(callback("msg-402", "/kick @Bo", staff="cy01", mentions=["bo01"]))
        self.post(callback("msg-403", "/kick @Bo", admin=True, mentions=["bo01"]))
        removed = self.dingtalk.wait_for("/topapi/im/chat/scenegroup/member/delete")
        self.assertEqual([c["body"] for c in removed],
                         [{"open_conversation_id": CONVERSATION, "user_ids": "bo01"}])


if __name__ == "__main__":
    unittest.main()
