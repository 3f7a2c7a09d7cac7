"""WeCom, end to end: the real binary receives callbacks built with Tencent's own @wecom/crypto
(WXBizMsgCrypt: SHA-1 signature over the sorted token, timestamp, nonce and ciphertext;
AES-256-CBC padded to 32 bytes), answers the GET URL check with the decrypted echo, answers AI
bot messages through their response_url and writes to members through the app's API with an
access token it fetches itself — all against a fake WeCom API on loopback."""

import http.server
import json
import os
import time
import unittest
import urllib.parse

from harness import FakePlatformApi, Steward, run_sdk_script, send_json, wait_until

TOKEN = "wecomtoken"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
CORP_ID = "wwcorp0123456789"
CORP_SECRET = "wecom-corp-secret"
AGENT_ID = 1000002
def wecom_sdk(requests):
    """Runs tests/sdk/wecom.mjs (@wecom/crypto) on each request; its JSON answers."""
    return [json.loads(line) for line in run_sdk_script("wecom.mjs", requests)]


def signed_query(encrypted, at=None, nonce="n0nce", **extra):
    at = int(time.time()) if at is None else at
    signature = wecom_sdk([{"op": "sign", "token": TOKEN, "timestamp": str(at), "nonce": nonce,
                            "encrypt": encrypted}])[0]["signature"]
    return "/webhook/wecom?" + urllib.parse.urlencode(
        dict(msg_signature=signature, timestamp=at, nonce=nonce, **extra))


def seal(message, receive_id):
    return wecom_sdk([{"op": "seal", "key": AES_KEY, "message": message, "id": receive_id}])[0][
        "encrypt"]


class FakeWeCom(FakePlatformApi):
    """Plays qyapi.weixin.qq.com: access tokens for the app's credentials, message/send with the
    current one, and AI bot response_urls that each take one answer."""

    def __init__(self):
        self.tokens_issued = 0
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                query = urllib.parse.parse_qs(url.query)
                if url.path != "/cgi-bin/gettoken" or query.get("corpid") != [CORP_ID] or \
                        query.get("corpsecret") != [CORP_SECRET]:
                    return send_json(self, 200, {"errcode": 40001, "errmsg": "invalid credential"})
                with fake.lock:
                    fake.tokens_issued += 1
                send_json(self, 200, {"errcode": 0, "errmsg": "ok", "access_token": "wx-token",
                                      "expires_in": 7200})

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
                url = urllib.parse.urlparse(self.path)
                query = urllib.parse.parse_qs(url.query)
                if url.path == "/cgi-bin/aibot/response":
                    code = query.get("response_code", [""])[0]
                    with fake.lock:
                        used = any(c.get("code") == code for c in fake.calls)
                    if used:
                        return send_json(self, 200, {"errcode": 40058, "errmsg": "used"})
                    fake.record({"path": url.path, "code": code, "body": body})
                    return send_json(self, 200, {"errcode": 0, "errmsg": "ok"})
                if query.get("access_token") != ["wx-token"]:
                    return send_json(self, 200, {"errcode": 40014, "errmsg": "invalid token"})
                fake.record({"path": url.path, "body": body})
                send_json(self, 200, {"errcode": 0, "errmsg": "ok", "msgid": "m1"})

            def log_message(self, *args):
                pass

        super().__init__(Handler)

    def wait_for(self, path, where=lambda call: True, count=1, timeout=15.0):
        return self.calls_where(lambda c: c["path"] == path and where(c), count, timeout)


class WeComTest(unittest.TestCase):
    def setUp(self):
        self.wecom = FakeWeCom()
        self.steward = Steward("http://127.0.0.1:9", overrides={
            "telegram": None,
            "wecom": {"token": TOKEN, "encoding_aes_key": AES_KEY, "corp_id": CORP_ID,
                      "corp_secret": CORP_SECRET, "agent_id": str(AGENT_ID),
                      "api_base_url": self.wecom.url},
        }, extra_toml='[templates]\nlanguage = "en"\n[moderation]\nwords = ["words.txt"]\n'
                      'newcomer_messages = 0\n')
        with open(os.path.join(self.steward.dir, "words.txt"), "w") as f:
            f.write("傻逼\tinsult\n")
        self.steward.start()

    def tearDown(self):
        self.assertEqual(self.steward.ledger_mismatches(), [])
        self.steward.stop()
        self.wecom.close()

    def bot_message(self, msgid, text, user="ann", code=None, at=None):
        document = {"msgid": msgid, "aibotid": "AIBOT", "chatid": "wrGroup1", "chattype": "group",
                    "from": {"userid": user}, "msgtype": "text",
                    "response_url": self.wecom.url + "/cgi-bin/aibot/response?response_code="
                                    + (code or msgid),
                    "text": {"content": "@Steward " + text}}
        encrypted = seal(json.dumps(document), "")
        return self.steward.request("POST", signed_query(encrypted, at=at),
                                    json.dumps({"encrypt": encrypted}).encode(),
                                    {"Content-Type": "application/json"})

    def test_url_checks_of_the_app_and_the_ai_bot_are_answered_with_the_plain_echo(self):
        for receive_id in (CORP_ID, ""):
            echo = seal("echo-%s" % (receive_id or "aibot"), receive_id)
            status, body = self.steward.request("GET", signed_query(echo, echostr=echo))
            self.assertEqual((status, body), (200, ("echo-%s" % (receive_id or "aibot")).encode()))
        echo = seal("x", CORP_ID)
        bad = signed_query(echo, echostr=echo).replace("nonce=n0nce", "nonce=other")
        self.assertEqual(self.steward.request("GET", bad)[0], 401)
        elsewhere = seal("x", "wwanothercorp")
        self.assertEqual(self.steward.request("GET", signed_query(elsewhere, echostr=elsewhere))[0],
                         400)

    def test_an_ai_bot_check_in_is_answered_once_through_its_response_url(self):
        self.assertEqual(self.bot_message("msg-100", "/checkin")[0], 200)
        self.assertEqual(self.bot_message("msg-100", "/checkin")[0], 200)  # WeCom's retry
        answers = self.wecom.wait_for("/cgi-bin/aibot/response")
        self.assertEqual(len(answers), 1)
        self.assertEqual(answers[0]["code"], "msg-100")
        self.assertEqual(answers[0]["body"]["msgtype"], "markdown")
        points = self.steward.query("SELECT points FROM members WHERE user_id = 'ann'")[0][0]
        self.assertIn(str(points), answers[0]["body"]["markdown"]["content"])
        # What the SDK decrypts is what Steward read: one member, one check-in.
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM ledger")[0][0], 1)

    def test_a_rule_tripped_in_an_ai_bot_group_is_warned_in_answer_to_the_message(self):
        self.assertEqual(self.bot_message("msg-300", "你这个傻@逼", user="bo")[0], 200)
        # The AI bot cannot delete and cannot post unprompted: the warning answers the message
        # through its response_url.
        warned = self.wecom.wait_for("/cgi-bin/aibot/response", lambda c: c["code"] == "msg-300")
        self.assertEqual(len(warned), 1)
        self.assertIn("1/5", warned[0]["body"]["markdown"]["content"])
        taken = self.steward.query("SELECT taken FROM moderation_log")[0][0]
        self.assertIn("cannot delete", taken)

    def test_stale_and_tampered_callbacks_are_refused(self):
        self.assertEqual(self.bot_message("msg-200", "/checkin", at=int(time.time()) - 2 * 86400)[0],
                         401)
        encrypted = seal(json.dumps({"msgid": "m"}), "")
        query = signed_query(encrypted)
        tampered = encrypted[:10] + ("A" if encrypted[10] != "A" else "B") + encrypted[11:]
        self.assertEqual(self.steward.request("POST", query,
                                              json.dumps({"encrypt": tampered}).encode())[0], 401)
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM members")[0][0], 0)

    def test_the_app_answers_a_member_one_to_one_with_its_access_token(self):
        xml = ("<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[bo]]>"
               "</FromUserName><CreateTime>%d</CreateTime><MsgType><![CDATA[text]]></MsgType>"
               "<Content><![CDATA[/help]]></Content><MsgId>4561255354251345930</MsgId>"
               "<AgentID>%d</AgentID></xml>" % (CORP_ID, time.time(), AGENT_ID))
        encrypted = seal(xml, CORP_ID)
        body = ("<xml><ToUserName><![CDATA[%s]]></ToUserName><Encrypt><![CDATA[%s]]></Encrypt>"
                "<AgentID><![CDATA[%d]]></AgentID></xml>" % (CORP_ID, encrypted, AGENT_ID))
        status, answer = self.steward.request("POST", signed_query(encrypted), body.encode(),
                                              {"Content-Type": "text/xml"})
        self.assertEqual((status, answer), (200, b""))  # empty: no passive reply
        sent = self.wecom.wait_for("/cgi-bin/message/send")
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent[0]["body"]["touser"], "bo")
        self.assertEqual(sent[0]["body"]["agentid"], AGENT_ID)
        self.assertIn("/checkin", sent[0]["body"]["markdown"]["content"])
        self.assertEqual(self.wecom.tokens_issued, 1)


if __name__ == "__main__":
    unittest.main()
