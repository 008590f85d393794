#!/usr/bin/env bash
# `make test`'s suites in two lanes at once (docs/testing.md). Most of a suite's time is
# waiting (servers starting, subprocesses, PostgreSQL round trips, Chromium), so two lanes
# fill the 2 cores better than one; each stage still runs alone in its own pytest process.
#
#   lane 1: unit/API on SQLite, then the browser suites (SQLite)
#   lane 2: unit/API on PostgreSQL (when DATABASE_URL is a postgres URL), then conformance
#
# Each stage's output goes to test-logs/<stage>.log; this prints one line when a stage
# starts and ends, the tail of a failed stage's log, and a table of stage times at the end.
# A lane stops at its first failed stage; the other lane runs on; the exit code is 1 if any
# stage failed. STAGES_SERIAL=1 runs the two lanes one after the other.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/.venv/bin"
#  (not test-results/: pytest-playwright deletes that folder when a pytest session starts)
LOGS="$ROOT/test-logs"
mkdir -p "$LOGS"
: >"$LOGS/stages.txt"
cd "$ROOT"

SQLITE="env -u DATABASE_URL $BIN/pytest tests"
POSTGRES="$BIN/pytest tests"
E2E="env -u DATABASE_URL $BIN/pytest e2e -p no:asyncio -c e2e/pytest.ini ${ARGS:-}"
CONFORMANCE="tests/conformance/run.sh"

stage() {  # stage NAME COMMAND...: run it, log it, time it; its exit status
    local name="$1" started=$SECONDS status
    shift
    echo "== $name: started ($(date -u +%H:%M:%S))"
    if "$@" >"$LOGS/$name.log" 2>&1; then status=passed; else status=FAILED; fi
    local took=$((SECONDS - started))
    printf '%-12s %-7s %3d:%02d\n' "$name" "$status" $((took / 60)) $((took % 60)) >>"$LOGS/stages.txt"
    echo "== $name: $status in $((took / 60)) min $((took % 60)) s (test-logs/$name.log)"
    if [ "$status" = FAILED ]; then
        echo "---- last lines of test-logs/$name.log ----"
        tail -n 60 "$LOGS/$name.log"
        echo "---- end of $name ----"
        return 1
    fi
}

lane1() { stage sqlite $SQLITE && stage e2e $E2E; }
lane2() {
    case "${DATABASE_URL:-}" in postgres*) stage postgres $POSTGRES || return 1 ;; esac
    stage conformance $CONFORMANCE
}

started=$SECONDS
if [ "${STAGES_SERIAL:-0}" = 1 ]; then
    lane1; one=$?
    lane2; two=$?
else
    lane1 & first=$!
    lane2 & second=$!
    wait "$first"; one=$?
    wait "$second"; two=$?
fi
took=$((SECONDS - started))
echo "== stage times (wall clock; the lanes overlap) =="
cat "$LOGS/stages.txt"
printf '%-12s %-7s %3d:%02d\n' "all" "" $((took / 60)) $((took % 60))
[ "$one" = 0 ] && [ "$two" = 0 ]
