#!/usr/bin/env bash
# `make conformance`: serve the demo on a free port (a throw-away SQLite database,
# development settings so introspection is on: the audit's variables checks query
# `__type`), run the graphql-http server audit against /graphql (audit.mjs fails on any
# warning or error), Apollo Client's persisted-query link round trip (apq.mjs), then
# tests/conformance/codegen/run.sh when it exists, with the
# server still up (GRAPHQL_URL). npm installs use `npm ci` from the committed lock file,
# here, never in the repository root.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BIN="$ROOT/.venv/bin"
WORK="$(mktemp -d)"
SERVER_PID=""

cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

(cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)

cd "$ROOT"
PORT="$("$BIN/python" -c 'from tests.launcher import free_port; print(free_port())')"
export DATABASE_URL="sqlite://$WORK/conformance.sqlite3"
export QSM_ENV=development QSM_SECRET_KEY=conformance QSM_SWEEP_INTERVAL=0
export QSM_UPLOAD_DIR="$WORK/uploads" QSM_CLOCK_CONTROL=0 LOG_LEVEL=warning
"$BIN/qsm" migrate >/dev/null
"$BIN/qsm" seed --demo >/dev/null
HOST=127.0.0.1 PORT="$PORT" WORKERS=1 "$BIN/qsm" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do
    if curl -fs "$BASE/healthz" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "conformance: the server exited:" >&2
        cat "$WORK/server.log" >&2
        exit 1
    fi
    sleep 0.1
done
curl -fs "$BASE/healthz" >/dev/null || { echo "conformance: no /healthz" >&2; cat "$WORK/server.log" >&2; exit 1; }

echo "== graphql-http server audit ($BASE/graphql) =="
node "$HERE/audit.mjs" "$BASE/graphql"
echo "== Apollo Client persisted-query link =="
node "$HERE/apq.mjs" "$BASE/graphql"

if [ -x "$HERE/codegen/run.sh" ]; then
    echo "== codegen =="
    GRAPHQL_URL="$BASE/graphql" "$HERE/codegen/run.sh"
fi
