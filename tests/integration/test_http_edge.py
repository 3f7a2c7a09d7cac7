"""The HTTP server's limits and deadlines, and TLS verification of the outbound client."""

import json
import os
import shutil
import select
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import unittest
import http.client
import http.server

from harness import FakeBotApi, Steward, message, SECRET


def raw_exchange(port, data, wait=5.0):
    """Sends raw bytes and returns whatever the server answers before closing (or `wait`)."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as s:
        s.sendall(data)
        chunks = []
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except socket.timeout:
            pass
        return b"".join(chunks)


class HttpEdgeTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.steward = Steward(self.api.url)

    def tearDown(self):
        if self.steward.proc is not None:
            self.assertEqual(self.steward.ledger_mismatches(), [])
        self.steward.stop()
        self.api.close()

    def start(self, **server):
        self.steward.overrides = {"server": server}
        self.steward.start()

    def test_slow_client_gets_408_and_is_disconnected(self):
        self.start(read_timeout=1, idle_timeout=1)
        started = time.monotonic()
        answer = raw_exchange(self.steward.port,
                              b"POST /webhook/telegram HTTP/1.1\r\nHost: x\r\n"
                              b"Content-Length: 100\r\n\r\n{\"upd", wait=10)
        self.assertTrue(answer.startswith(b"HTTP/1.1 408"), answer[:40])
        self.assertLess(time.monotonic() - started, 5)

    def test_headers_not_complete_within_read_timeout_get_408(self):
        # A client that starts a request and trickles its headers must not hold the connection
        # for idle_timeout: the whole request has read_timeout from its first byte.
        self.start(read_timeout=1, idle_timeout=30)
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", self.steward.port), timeout=10) as s:
            answer = b""
            try:
                for byte in b"POST /webhook/telegram HTTP/1.1\r\nHost: x\r\nX-Slow: abcdef":
                    s.sendall(bytes([byte]))
                    # Stop trickling once answered: bytes sent after the server closed would
                    # reset the connection and discard the answer before it is read.
                    if select.select([s], [], [], 0.05)[0]:
                        break
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    answer += chunk
            except (socket.timeout, BrokenPipeError, ConnectionResetError):
                pass
        self.assertTrue(answer.startswith(b"HTTP/1.1 408"), answer[:40])
        self.assertIn(b'"error":"request_timeout"', answer)
        self.assertLess(time.monotonic() - started, 4)

    def test_read_timeout_covers_reading_only_not_a_slow_answer(self):
        # The admin lookup behind /warn takes 2 s: longer than read_timeout, yet the request was
        # read in time, so it is answered, not cut off.
        self.api.script("getChatAdministrators", 200, {"ok": True, "result": []}, delay=2)
        self.start(read_timeout=1)
        started = time.monotonic()
        self.assertEqual(self.steward.post_update(message(11, "/warn", message_id=11)), 200)
        self.assertGreaterEqual(time.monotonic() - started, 1.9)

    def test_transfer_encoding_other_than_chunked_is_refused(self):
        self.start()
        answer = raw_exchange(self.steward.port,
                              b"POST /webhook/telegram HTTP/1.1\r\nHost: x\r\n"
                              b"Transfer-Encoding: gzip\r\n\r\n\x1f\x8b")
        self.assertTrue(answer.startswith(b"HTTP/1.1 501"), answer[:40])
        self.assertIn(b"unsupported_transfer_encoding", answer)

    def test_wrong_typed_fields_are_400_naming_the_field(self):
        self.start()
        bad = message(5, "hello", message_id=1)
        bad["message"]["message_id"] = "abc"
        status, body = self.steward.request(
            "POST", "/webhook/telegram", json.dumps(bad).encode(),
            {"X-Telegram-Bot-Api-Secret-Token": SECRET})
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["field"], "message.message_id")
        bad = message(6, "hello")
        bad["message"]["from"]["id"] = "Ann"
        status, body = self.steward.request(
            "POST", "/webhook/telegram", json.dumps(bad).encode(),
            {"X-Telegram-Bot-Api-Secret-Token": SECRET})
        self.assertEqual((status, json.loads(body)["field"]), (400, "message.from.id"))

    def test_absurd_dates_cannot_grant_a_second_checkin(self):
        self.start()
        self.assertEqual(self.steward.post_update(message(7, "/checkin", message_id=7)), 200)
        far = message(8, "/checkin", message_id=8)
        far["message"]["date"] = 2 ** 63 - 1
        self.assertEqual(self.steward.post_update(far), 200)
        ancient = message(9, "/checkin", message_id=9, date=1)
        self.assertEqual(self.steward.post_update(ancient), 200)
        self.api.wait_for(3)
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM checkins"), [(1,)])
        self.assertIn("using the time it arrived", self.steward.read_log())

    def test_idle_connection_is_closed_after_the_idle_timeout(self):
        self.start(idle_timeout=1)
        started = time.monotonic()
        self.assertEqual(raw_exchange(self.steward.port, b"", wait=10), b"")
        self.assertLess(time.monotonic() - started, 5)

    def test_oversized_headers_get_431(self):
        self.start()
        answer = raw_exchange(self.steward.port,
                              b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 +
                              b"\r\n\r\n")
        self.assertTrue(answer.startswith(b"HTTP/1.1 431"), answer[:40])

    def test_garbage_gets_400(self):
        self.start()
        answer = raw_exchange(self.steward.port, b"NOT HTTP AT ALL\r\n\r\n")
        self.assertTrue(answer.startswith(b"HTTP/1.1 400"), answer[:40])

    def test_keep_alive_serves_several_requests_on_one_connection(self):
        self.start()
        conn = http.client.HTTPConnection("127.0.0.1", self.steward.port, timeout=10)
        for i in range(3):
            conn.request("GET", "/healthz")
            res = conn.getresponse()
            self.assertEqual(res.status, 200)
            res.read()
        conn.request("POST", "/webhook/telegram", body=b'{"update_id": 1, "edited_channel_post": {}}',
                     headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
        self.assertEqual(conn.getresponse().status, 200)
        conn.close()

    def test_configured_body_limit(self):
        self.start(body_limit=2048)
        body = b'{"update_id": 1, "pad": "' + b"x" * 4096 + b'"}'
        self.assertEqual(self.steward.post_update(body), 413)
        self.assertEqual(self.steward.post_update(message(2, "fits")), 200)


@unittest.skipIf(shutil.which("openssl") is None, "needs the openssl command")
class TlsVerificationTest(unittest.TestCase):
    """The outbound client must refuse a certificate it cannot verify."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="steward-tls-")
        cert, key = os.path.join(self.dir, "cert.pem"), os.path.join(self.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert],
                       check=True, capture_output=True)
        self.calls = 0
        test = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                test.calls += 1
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        url = "https://127.0.0.1:%d" % self.server.server_address[1]
        self.steward = Steward(url).start()

    def tearDown(self):
        self.assertEqual(self.steward.ledger_mismatches(), [])
        self.steward.stop()
        self.server.shutdown()

    def test_self_signed_certificate_is_refused(self):
        self.assertEqual(self.steward.post_update(message(1, "/checkin")), 200)
        deadline = time.monotonic() + 10
        error = ""
        while time.monotonic() < deadline and "certificate" not in error:
            rows = self.steward.query("SELECT last_error FROM outbox")
            error = rows[0][0] if rows else ""
            time.sleep(0.1)
        self.assertIn("certificate verify failed", error)
        self.assertEqual(self.calls, 0)


if __name__ == "__main__":
    unittest.main()
