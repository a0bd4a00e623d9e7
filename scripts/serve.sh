#!/usr/bin/env bash
# Serves Borikan: the ASGI server (pages, API, websockets) and the task worker, together.
# Ctrl+C stops both.
set -euo pipefail
HOST="${1:-127.0.0.1}"
PORT="${2:-8000}"
BIN="$(dirname "$0")/../.venv/bin"

"$BIN/borikan" worker --queue-name '*' --no-reload &
WORKER=$!
"$BIN/uvicorn" borikan.asgi:application --host "$HOST" --port "$PORT" --lifespan off &
SERVER=$!
trap 'kill $WORKER $SERVER 2>/dev/null; wait 2>/dev/null' EXIT INT TERM

"$BIN/python" - "$HOST" "$PORT" <<'PY'
import sys, time, urllib.request
for _ in range(100):
    try:
        urllib.request.urlopen(f"http://{sys.argv[1]}:{sys.argv[2]}/healthz", timeout=1)
        break
    except OSError:
        time.sleep(0.2)
PY
cat <<MSG

  Borikan is running.
    Staff pages   http://$HOST:$PORT/            (Thai; English from the header)
    Admin         http://$HOST:$PORT/admin/
    API docs      http://$HOST:$PORT/api/v1/docs
    Health        http://$HOST:$PORT/healthz
MSG
"$BIN/borikan" demo --logins
echo "  Press Ctrl+C to stop."
wait -n $WORKER $SERVER
