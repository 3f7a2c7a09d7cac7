"""Test harness: the real steward binary on a loopback port, a temporary SQLite file, and a fake
Telegram Bot API on loopback that records every call and can be told how to answer."""

import http.client
import http.server
import json
import os
import re
import signal
import socket
import struct
import sqlite3
import subprocess
import tempfile
import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import postgresql

STEWARD_BIN = os.environ.get("STEWARD_BIN", os.path.join(
    os.path.dirname(__file__), "..", "..", "build", "steward"))
SECRET = "s3cret"
GROUP_ID = -1001234567890


SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)


def arrival_time(connection):
    """When a call's first bytes reached this host, on the monotonic clock: the kernel's receive
    timestamp, so that Python's own scheduling (a thread per connection, the GIL, a busy machine)
    adds no jitter to pacing measurements. Falls back to now."""
    now_mono, now_wall = time.monotonic(), time.time()
    try:
        _, ancillary, _, _ = connection.recvmsg(1, 256, socket.MSG_PEEK)
    except OSError:
        return now_mono
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(data) >= 16:
            seconds, nanoseconds = struct.unpack("qq", data[:16])
            return now_mono - (now_wall - (seconds + nanoseconds / 1e9))
    return now_mono


LISTENING = re.compile(r'steward\.listening\b.*?address"?[=:]"?[0-9.]+:(\d+)')


def listening_port(log):
    """The port of the last steward.listening record in `log` (text or JSON), or None."""
    found = LISTENING.findall(log)
    return int(found[-1]) if found else None


def send_json(handler, status, payload):
    """Answers a BaseHTTPRequestHandler's request with a JSON body (keep-alive safe)."""
    data = json.dumps(payload).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


class FakeBotApi:
    """Plays api.telegram.org: answers {"ok":true} unless a scripted answer is queued."""

    def __init__(self):
        self.calls = []  # successful calls: (method, body dict, monotonic time)
        self.attempts = []  # every call: (method, status, monotonic time)
        self.attempted = []  # every call: (method, body), however it was answered
        self.scripted = []  # (method, status, body, headers, delay) answered first, in order
        self.admins = []  # user ids getChatAdministrators reports
        # What getChatMember says of the bot: an administrator with every right it asks for.
        self.bot_member = {"status": "administrator",
                           "user": {"id": 123456, "is_bot": True, "first_name": "Steward"},
                           "can_delete_messages": True, "can_restrict_members": True,
                           "can_invite_users": True}
        self.lock = threading.Lock()
        self.connections = 0  # TCP connections Steward opened to us
        # True: close each connection right after answering, without saying so (a server whose
        # keep-alive ended): the next call on it finds it closed.
        self.close_silently = False
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self):
                super().setup()
                with api.lock:
                    api.connections += 1

            def handle_one_request(self):
                # Per request: Steward keeps connections alive, so one carries many calls.
                self.arrived = arrival_time(self.connection)
                super().handle_one_request()

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                method = self.path.rsplit("/", 1)[-1]
                status, answer, headers, delay = api._answer(method, body, self.arrived)
                if delay:
                    time.sleep(delay)
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(payload)
                if api.close_silently:
                    self.close_connection = True

            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            # Steward opens a connection for each call in flight; the default backlog of 5
            # drops connection attempts under a storm, and the retransmitted SYN arrives seconds
            # later.
            request_queue_size = 1024
            daemon_threads = True

            def server_bind(self):
                # Accepted connections inherit kernel receive timestamps (see arrival_time).
                self.socket.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
                super().server_bind()

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def _answer(self, method, body, now):
        with self.lock:
            self.attempted.append((method, body))
            for i, (m, status, answer, headers, delay) in enumerate(self.scripted):
                if m == method:
                    del self.scripted[i]
                    self.attempts.append((method, status, now))
                    if status == 200 and not delay:
                        self.calls.append((method, body, now))
                    return status, answer, headers, delay
            self.attempts.append((method, 200, now))
            self.calls.append((method, body, now))
            if method == "createChatInviteLink":
                link = "https://t.me/+fake%d" % len(self.calls)
                return 200, {"ok": True, "result": {
                    "invite_link": link, "name": body.get("name", ""), "creates_join_request": False,
                    "is_primary": False, "is_revoked": False}}, {}, 0
            if method == "getChatMember":  # the bot asks what it may do: everything here
                return 200, {"ok": True, "result": dict(self.bot_member)}, {}, 0
            if method == "getChatAdministrators":
                return 200, {"ok": True, "result": [
                    {"status": "administrator",
                     "user": {"id": uid, "is_bot": False, "first_name": "Admin"}}
                    for uid in self.admins]}, {}, 0
            return 200, {"ok": True, "result": {"message_id": 1}}, {}, 0

    def script(self, method, status, answer, headers=None, delay=0):
        """Answers the next call of `method` this way (a delayed answer is not counted as sent:
        the caller may be killed before it arrives)."""
        with self.lock:
            self.scripted.append((method, status, answer, headers or {}, delay))

    def attempted_bodies(self, method):
        """Bodies of every call of `method`, however it was answered (delayed ones too)."""
        with self.lock:
            return [body for m, body in self.attempted if m == method]

    def attempts_of(self, method):
        """Monotonic times of every call of `method`, whatever it was answered."""
        with self.lock:
            return [t for m, _, t in self.attempts if m == method]

    def sent(self, method="sendMessage", kind=None):
        """Bodies of successful calls. kind="reply": answers quoting a member's message;
        kind="post": announcements (level-ups, badges) that quote nothing."""
        with self.lock:
            bodies = [body for m, body, _ in self.calls if m == method]
        if kind == "reply":
            return [b for b in bodies if "reply_parameters" in b]
        if kind == "post":
            return [b for b in bodies if "reply_parameters" not in b]
        return bodies

    def wait_for(self, count, method="sendMessage", timeout=20.0, kind=None):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.sent(method, kind)) >= count:
                break
            time.sleep(0.05)
        return self.sent(method, kind)

    def replies(self, count, timeout=20.0):
        return self.wait_for(count, timeout=timeout, kind="reply")

    def posts(self, count, timeout=20.0):
        return self.wait_for(count, timeout=timeout, kind="post")

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return '"%s"' % value


# What AddressSanitizer, UndefinedBehaviorSanitizer and ThreadSanitizer print on a finding (the
# sanitizer builds of scripts/sanitize.sh run these same tests).
SANITIZER_REPORTS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "WARNING: ThreadSanitizer")


def check_sanitizer_reports(log):
    for marker in SANITIZER_REPORTS:
        if marker in log:
            start = log.index(marker)
            raise AssertionError("sanitizer finding in steward's log:\n" + log[start:start + 4000])


def later_today(zone=ZoneInfo("Asia/Shanghai")):
    """A local time an hour from now in the groups' default zone, or 23:59 near midnight: the
    daily care is due once that time of day has passed."""
    now = datetime.now(zone)
    later = now + timedelta(hours=1)
    return later.strftime("%H:%M") if later.date() == now.date() else "23:59"


class Steward:
    """The real binary with a temporary config and database. `overrides` maps a config section
    to keys that replace or extend the test defaults, e.g. {"server": {"read_timeout": 1}}."""

    def __init__(self, api_url, overrides=None, extra_toml="", serve_args=()):
        self.dir = tempfile.mkdtemp(prefix="steward-it-")
        self.db_path = os.path.join(self.dir, "steward.db")
        self.config_path = os.path.join(self.dir, "steward.toml")
        self.api_url = api_url
        self.overrides = overrides or {}
        self.extra_toml = extra_toml  # appended verbatim, e.g. [[shop.items]] tables
        self.serve_args = list(serve_args)  # e.g. ["--test-clock"]
        self.daily_at = later_today()  # fixed for this Steward's restarts
        # STEWARD_TEST_STORAGE=postgresql: the data in a database of its own on the test server.
        self.pg_database = (postgresql.create_database()
                            if postgresql.STORAGE == "postgresql" else None)
        self.proc = None
        self.port = None

    def write_config(self, port=0):
        """Port 0: Steward binds a port the kernel picks and logs it (see start)."""
        sections = {
            "server": {"listen": "127.0.0.1:%d" % port},
            "storage": ({"path": self.db_path} if self.pg_database is None else
                        {"backend": "postgresql", "postgresql": "dbname=" + self.pg_database}),
            "telegram": {"token": "123456:ABC", "secret_token": SECRET,
                         "api_base_url": self.api_url, "bot_username": "steward_bot"},
            # Generous limits so tests do not wait on Telegram's real ones unless they ask to.
            "dispatch": {"per_chat_per_second": 50.0, "per_chat_burst": 50,
                         "per_chat_per_minute": 10000, "backoff_initial_ms": 200},
            # Every badge announced when earned, as most tests count them; test_badges.py
            # holds the default pace of one a minute per group.
            "badges": {"announce_every": "off"},
            # The daily care (tiers, churn, reviews, badge digests) not yet due today: run on its
            # own once the groups' care time has passed, it would send messages a test does not
            # expect. Tests that want it set the time or call POST /api/v1/care/run.
            "analytics": {"daily_at": self.daily_at},
        }
        for section, keys in self.overrides.items():
            if keys is None:  # e.g. {"telegram": None}: a Steward without Telegram
                sections.pop(section, None)
                continue
            sections.setdefault(section, {}).update(keys)
        with open(self.config_path, "w") as f:
            for section, keys in sections.items():
                f.write("[%s]\n" % section)
                for key, value in keys.items():
                    f.write("%s = %s\n" % (key, toml_value(value)))
            f.write(self.extra_toml)

    def start(self):
        # Steward picks its own port and says which: a port chosen here and bound later by
        # Steward could meanwhile be chosen by a test running beside this one, whose requests
        # would then reach this Steward (and its readiness check be answered by ours).
        self.write_config(0)
        log_path = os.path.join(self.dir, "steward.log")
        earlier = os.path.getsize(log_path) if os.path.exists(log_path) else 0
        self.log = open(log_path, "ab")
        self.proc = subprocess.Popen([STEWARD_BIN, "serve", "--config", self.config_path]
                                     + self.serve_args,
                                     stdout=self.log, stderr=self.log)
        self.port = None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.log.close()
                self.proc = None
                raise RuntimeError("steward exited early: " + self.read_log())
            if self.port is None:
                with open(log_path, "rb") as f:
                    f.seek(earlier)
                    self.port = listening_port(f.read().decode(errors="replace"))
            try:
                if self.port is not None and self.get("/readyz")[0] == 200:
                    # Command-line tools read the address from the file (e.g. console links).
                    self.write_config(self.port)
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("steward did not become ready: " + self.read_log())

    def read_log(self):
        with open(os.path.join(self.dir, "steward.log"), "rb") as f:
            return f.read().decode(errors="replace")

    def request(self, method, path, body=b"", headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            res = conn.getresponse()
            return res.status, res.read()
        finally:
            conn.close()

    def get(self, path):
        return self.request("GET", path)

    def post_update(self, update, secret=SECRET):
        body = update if isinstance(update, (bytes, bytearray)) else json.dumps(update).encode()
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        return self.request("POST", "/webhook/telegram", body, headers)[0]

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=timeout)
        finally:
            self.log.close()
        self.proc = None
        check_sanitizer_reports(self.read_log())
        return code

    def ledger_mismatches(self):
        """Members whose cached balance differs from the sum of their ledger rows."""
        return self.query("SELECT m.id, m.points, COALESCE(SUM(l.delta), 0) AS total "
                          "FROM members m LEFT JOIN ledger l ON l.member_id = m.id "
                          "GROUP BY m.id HAVING m.points != COALESCE(SUM(l.delta), 0)")

    def query(self, sql, *args):
        if self.pg_database is not None:
            return postgresql.query(self.pg_database, sql, args)
        conn = sqlite3.connect(self.db_path, timeout=10)
        try:
            return conn.execute(sql, args).fetchall()
        finally:
            conn.close()


class FakePlatformApi:
    """Base of the fake platform APIs: a threading HTTP server on a loopback port of its own,
    the calls it carried out (dicts, appended by subclasses under `lock`) and a way to wait for
    them. Subclasses pass their BaseHTTPRequestHandler class."""

    def __init__(self, handler):
        self.calls = []
        self.lock = threading.Lock()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def record(self, call):
        """Keeps a call; returns how many there are now."""
        with self.lock:
            self.calls.append(call)
            return len(self.calls)

    def calls_where(self, where, count=1, timeout=15.0):
        """The calls `where(call)` accepts, once there are `count` of them or `timeout` passed."""
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                found = [c for c in self.calls if where(c)]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


SDK_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sdk")


def run_sdk_script(script, requests):
    """Runs a tests/sdk script (the platforms' own SDKs from npm) with one JSON request per line
    on stdin; its answer lines, one per request."""
    lines = "".join(json.dumps(r) + "\n" for r in requests)
    result = subprocess.run(["node", script], input=lines, capture_output=True, text=True,
                            cwd=SDK_DIR, timeout=60)
    if result.returncode != 0:
        raise RuntimeError("%s failed: %s" % (script, result.stderr))
    return result.stdout.split("\n")[:len(requests)]


def wait_until(check, timeout=15.0):
    """Whether `check()` came true within `timeout` seconds (polled every 50 ms)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


class PostingMeanwhile:
    """`with PostingMeanwhile(steward):` — messages keep arriving (update ids from `first_id`)
    while the block runs, as they would while an operator backs up or copies the database."""

    def __init__(self, steward, first_id=100, user_id=5000, text="hello"):
        self.steward, self.first_id, self.user_id, self.text = steward, first_id, user_id, text
        self.running = threading.Event()
        self.thread = threading.Thread(target=self._post)

    def _post(self):
        update_id = self.first_id
        while self.running.is_set():
            self.steward.post_update(message(update_id, self.text, user_id=self.user_id))
            update_id += 1

    def __enter__(self):
        self.running.set()
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.running.clear()
        self.thread.join()
        return False


def joins(update_id, members, chat_id=GROUP_ID):
    """An update where `members` ([(user_id, first_name), ...]) joined the group."""
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()),
        "chat": {"id": chat_id, "title": "Makers", "type": "supergroup"},
        "from": {"id": members[0][0], "is_bot": False, "first_name": members[0][1]},
        "new_chat_members": [{"id": uid, "is_bot": False, "first_name": name}
                             for uid, name in members]}}


def message(update_id, text, user_id=1111, name="Ann", message_id=None, chat_id=GROUP_ID,
            date=None):
    return {
        "update_id": update_id,
        "message": {
            "message_id": message_id if message_id is not None else update_id,
            "from": {"id": user_id, "is_bot": False, "first_name": name},
            "chat": {"id": chat_id, "title": "Group", "type": "supergroup"},
            "date": int(date if date is not None else time.time()),
            "text": text,
        },
    }


def reply_to(update, user_id, name, message_id=999):
    """Makes `update` a reply to message `message_id` written by `user_id`."""
    update["message"]["reply_to_message"] = {
        "message_id": message_id, "date": update["message"]["date"],
        "chat": update["message"]["chat"], "text": "hi",
        "from": {"id": user_id, "is_bot": False, "first_name": name}}
    return update


def create_token(steward, role, name=None):
    """A new admin API token of `role`, made with `steward token create` as an operator would."""
    result = subprocess.run([STEWARD_BIN, "token", "create", "--config", steward.config_path,
                             "--role", role, "--name", name or role + "-ci"],
                            capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise RuntimeError("token create failed: " + result.stderr)
    return result.stdout.strip()


def fnv1a(text):
    """FNV-1a (64 bits) of `text`: the stable hash Steward assigns A/B test variants with."""
    h = 14695981039346656037
    for byte in text.encode():
        h ^= byte
        h = (h * 1099511628211) % (1 << 64)
    return h
