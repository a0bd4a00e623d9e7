#!/usr/bin/env bash
# `make cluster`: the production layout on this machine — PostgreSQL and Redis (the machine's
# own services), two ASGI app processes on two ports and two workers. Ctrl+C stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PGURL="${CLUSTER_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/borikan_cluster}"
export REDIS_URL="${CLUSTER_REDIS_URL:-redis://127.0.0.1:6379/1}"
export DATABASE_URL="$PGURL"
PORT="${PORT:-8001}"

"$BIN/python" - "$PGURL" "$REDIS_URL" <<'PY'
import sys
from urllib.parse import urlsplit

import psycopg
import redis

url, redis_url = sys.argv[1], sys.argv[2]
name = urlsplit(url).path.lstrip("/")
admin = url.rsplit("/", 1)[0] + "/postgres"
try:
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as pg:
        if not pg.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            pg.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")
except psycopg.OperationalError as exc:
    sys.exit(
        f"PostgreSQL does not answer at {admin} ({exc}).\n"
        "Start it (Debian: apt-get install postgresql && service postgresql start), or set "
        "CLUSTER_DATABASE_URL."
    )
try:
    redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
except redis.RedisError as exc:
    sys.exit(
        f"Redis does not answer at {redis_url} ({exc}).\n"
        "Start it (Debian: apt-get install redis-server && service redis-server start), or set "
        "CLUSTER_REDIS_URL."
    )
PY
"$BIN/borikan" migrate --noinput -v0
"$BIN/borikan" demo
exec "$BIN/borikan" cluster --web 2 --workers 2 --port "$PORT"
