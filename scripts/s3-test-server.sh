#!/usr/bin/env bash
# A throwaway S3-protocol server (npm s3rver) on loopback for the tests.
#
#   scripts/s3-test-server.sh start DIR   prints the endpoint, e.g. http://127.0.0.1:40123
#   scripts/s3-test-server.sh stop DIR
#
# s3rver is installed into build/npm from the committed lockfile (tests/s3/package-lock.json,
# npm ci --ignore-scripts), again only when the lockfile changed. Its bucket is
# "dagboard-test"; its keys are S3RVER / S3RVER. It does not verify signatures: the signer is
# checked against botocore instead (tests/python/test_sigv4.py).
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?directory}
root=$(cd "$(dirname "$0")/.." && pwd)
tools=$root/${DAGBOARD_BUILD_DIR:-build}/npm

case "$cmd" in
  start)
    stamp=$tools/node_modules/.dagboard-lock
    if ! cmp -s "$root/tests/s3/package-lock.json" "$stamp" 2>/dev/null; then
      mkdir -p "$tools"
      cp "$root/tests/s3/package.json" "$root/tests/s3/package-lock.json" "$root/tests/s3/.npmrc" "$tools/"
      (cd "$tools" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
      cp "$root/tests/s3/package-lock.json" "$stamp"
    fi
    mkdir -p "$dir/data"
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    (exec node "$tools/node_modules/.bin/s3rver" -d "$dir/data" -a 127.0.0.1 -p "$port" \
       --configure-bucket dagboard-test > "$dir/s3rver.log" 2>&1) &
    echo $! > "$dir/s3rver.pid"
    for _ in $(seq 200); do
      grep -q "listening" "$dir/s3rver.log" 2>/dev/null && break
      sleep 0.1
    done
    grep -q "listening" "$dir/s3rver.log" || { echo "s3rver did not start: $(cat "$dir/s3rver.log")" >&2; exit 1; }
    echo "http://127.0.0.1:$port"
    ;;
  stop)
    if [[ -f "$dir/s3rver.pid" ]]; then
      pid=$(cat "$dir/s3rver.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$dir/s3rver.pid"
    fi
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
