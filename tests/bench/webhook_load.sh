#!/usr/bin/env bash
# End-to-end load on the real binary: wrk posts distinct Telegram updates (each de-duplicated,
# committed with synchronous=FULL and answered after COMMIT) and, as the baseline in the same
# run against the same server, GET /healthz (HTTP only, no database). Prints both rates and the
# ratio. Needs wrk (apt-get install wrk). Usage: tests/bench/webhook_load.sh [seconds] [conns]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10}
connections=${2:-32}
command -v wrk >/dev/null || { echo "webhook_load: needs wrk (apt-get install wrk)"; exit 2; }
[ -x build/steward ] || bash scripts/build.sh

work=$(mktemp -d)
trap 'kill $steward_pid $api_pid 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
api_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

# A minimal fake Bot API so the replies have somewhere to go.
python3 - "$api_port" <<'PY' &
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        body = b'{"ok":true,"result":{}}'
        self.send_response(200); self.send_header("Content-Length", str(len(body)))
        self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
api_pid=$!

cat > "$work/steward.toml" <<TOML
[server]
listen = "127.0.0.1:$port"
[storage]
path = "$work/load.db"
[telegram]
token = "1:LOAD"
secret_token = "s3cret"
api_base_url = "http://127.0.0.1:$api_port"
[log]
level = "warn"
TOML
build/steward serve --config "$work/steward.toml" 2>"$work/steward.log" &
steward_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

rate() { awk '/Requests\/sec/ {print $2}'; }
baseline=$(wrk -t2 -c"$connections" -d"${duration}s" "http://127.0.0.1:$port/healthz" | tee "$work/healthz.txt" | rate)
webhook=$(wrk -t2 -c"$connections" -d"${duration}s" -s tests/bench/webhook_load.lua \
  "http://127.0.0.1:$port" 2>"$work/wrk-errors.txt" | tee "$work/webhook.txt" | rate)
batches=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^steward_batch_size_(sum|count)/ {v[$1]=$2} END {if (v["steward_batch_size_count"]>0) printf "%.1f", v["steward_batch_size_sum"]/v["steward_batch_size_count"]}')
echo "GET /healthz (baseline):        $baseline req/s"
echo "POST /webhook/telegram (commit): $webhook req/s  (mean batch size $batches)"
python3 -c "print('webhook / baseline = %.3f' % ($webhook / $baseline))"
grep -E "Latency" "$work/webhook.txt" | sed 's/^/webhook /'
if [ -s "$work/wrk-errors.txt" ]; then echo "non-200 answers:"; sort "$work/wrk-errors.txt" | uniq -c; fi
