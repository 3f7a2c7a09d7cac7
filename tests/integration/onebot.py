"""A fake OneBot 11 implementation on loopback (the HTTP API NapCat, LLOneBot, Lagrange and
go-cqhttp serve, shared/reference/platforms.md §5b.5) and builders of the event posts it makes,
signed the way they sign them (HMAC-SHA1 of the body, X-Signature: sha1=…)."""

import hashlib
import hmac
import http.server
import json
import threading
import time
import urllib.parse

from harness import send_json

SECRET = "onebot-test-secret"
ACCESS_TOKEN = "onebot-api-token"
SELF_ID = 10001000
GROUP = 20002000


def signature(body, secret=SECRET):
    return "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()


def post(steward, event, secret=SECRET, signed=True, raw=None):
    """Posts an event as a OneBot implementation does; returns (status, body)."""
    body = raw if raw is not None else json.dumps(event, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json", "X-Self-ID": str(SELF_ID)}
    if signed:
        headers["X-Signature"] = signature(body, secret)
    return steward.request("POST", "/webhook/onebot", body, headers)


def group_message(message_id, segments, user_id=30003000, name="Ann", role="member",
                  group_id=GROUP, when=None):
    if isinstance(segments, str):
        segments = [{"type": "text", "data": {"text": segments}}]
    text = "".join(s["data"].get("text", "") for s in segments if s["type"] == "text")
    return {"time": int(when or time.time()), "self_id": SELF_ID, "post_type": "message",
            "message_type": "group", "sub_type": "normal", "message_id": message_id,
            "group_id": group_id, "user_id": user_id, "message": segments, "raw_message": text,
            "font": 14, "sender": {"user_id": user_id, "nickname": name, "card": "",
                                   "role": role}}


def notice(kind, sub_type, user_id, group_id=GROUP, operator_id=0):
    return {"time": int(time.time()), "self_id": SELF_ID, "post_type": "notice",
            "notice_type": kind, "sub_type": sub_type, "group_id": group_id,
            "user_id": user_id, "operator_id": operator_id}


def text_of(call):
    """The text a send_group_msg call shows (segments joined; @ as "@qq")."""
    out = ""
    for segment in call["message"]:
        if segment["type"] == "text":
            out += segment["data"]["text"]
        elif segment["type"] == "at":
            out += "@" + segment["data"]["qq"]
    return out


class FakeOneBot:
    """Answers every action {"status":"ok","retcode":0,…} unless told otherwise; refuses a
    missing (401) or wrong (403) access token like the implementations do."""

    def __init__(self):
        self.calls = []  # (action, body) of calls it carried out
        self.refused_tokens = 0
        self.scripted = []  # (action, answer dict) answered first, in order
        self.bot_role = "admin"
        self.admins = []  # user ids get_group_member_list reports as admins
        self.lock = threading.Lock()
        self.next_message_id = 9000
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                url = urllib.parse.urlparse(self.path)
                token = urllib.parse.parse_qs(url.query).get("access_token", [""])[0]
                bearer = self.headers.get("Authorization", "")
                if bearer.startswith("Bearer "):
                    token = bearer[7:]
                if token != ACCESS_TOKEN:
                    with fake.lock:
                        fake.refused_tokens += 1
                    send_json(self, 401 if not token else 403,
                              {"status": "failed", "retcode": 1403})
                    return
                send_json(self, 200, fake.carry_out(url.path.strip("/"), body))

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def carry_out(self, action, body):
        with self.lock:
            for i, (scripted_action, answer) in enumerate(self.scripted):
                if scripted_action == action:
                    del self.scripted[i]
                    return answer
            self.calls.append((action, body))
            if action in ("send_group_msg", "send_private_msg"):
                self.next_message_id += 1
                return {"status": "ok", "retcode": 0,
                        "data": {"message_id": self.next_message_id}}
            if action == "get_group_member_info":
                return {"status": "ok", "retcode": 0,
                        "data": {"group_id": body.get("group_id"), "user_id": body.get("user_id"),
                                 "role": self.bot_role if body.get("user_id") == SELF_ID
                                 else "member"}}
            if action == "get_group_info":
                return {"status": "ok", "retcode": 0,
                        "data": {"group_id": body.get("group_id"), "group_name": "Makers QQ",
                                 "member_count": 42}}
            if action == "get_group_member_list":
                return {"status": "ok", "retcode": 0,
                        "data": [{"user_id": uid, "role": "admin"} for uid in self.admins]}
            return {"status": "ok", "retcode": 0, "data": None}

    def refuse(self, action, msg="NOT_MANAGEABLE", wording="机器人权限不足"):
        """The next call of `action` fails the way go-cqhttp fails it: HTTP 200, retcode 100."""
        with self.lock:
            self.scripted.append((action, {"status": "failed", "retcode": 100, "msg": msg,
                                           "wording": wording, "data": None}))

    def of(self, action):
        with self.lock:
            return [body for a, body in self.calls if a == action]

    def wait_for(self, action, count=1, timeout=15.0, where=lambda body: True):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [b for b in self.of(action) if where(b)]
            if len(found) >= count:
                return found
            time.sleep(0.05)
        return [b for b in self.of(action) if where(b)]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def onebot_overrides(api_url, self_id=SELF_ID, telegram=False):
    """Config for a Steward serving QQ through the fake (and Telegram too if asked)."""
    out = {"onebot": {"secret": SECRET, "api_url": api_url, "access_token": ACCESS_TOKEN,
                      "self_id": str(self_id), "per_group_per_second": 50.0,
                      "per_group_burst": 50, "per_group_per_minute": 10000,
                      "global_per_second": 200.0}}
    if not telegram:
        out["telegram"] = None
    return out
