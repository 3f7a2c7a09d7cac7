"""A minimal fake Telegram Bot API for load runs: every call succeeds. Replies need somewhere to
go; the dispatcher's own rate limits decide how fast they leave.

    python3 tests/bench/fake_bot_api.py <port>
"""
import http.server
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        body = b'{"ok":true,"result":{"message_id":1}}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    # The default backlog of 5 drops connection attempts under load, and a dropped SYN is
    # retried a second later: the benchmark would measure that instead of Steward.
    request_queue_size = 1024
    daemon_threads = True


Server(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
