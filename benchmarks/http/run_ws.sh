#!/usr/bin/env bash
# WebSocket load (ws_load.py) against dagboard-server on SQLite, or on a throwaway PostgreSQL
# cluster: 1,000 clients, 1,000 events/s for 30 s by default.
#
#   benchmarks/http/run_ws.sh [sqlite|postgresql] [SECONDS] [CLIENTS] [RATE]
#   BATCH=25 benchmarks/http/run_ws.sh postgresql    (tasks per write request; default 10)
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-deps.sh
scripts/build.sh dagboard-server
build_dir=${DAGBOARD_BUILD_DIR:-build}
backend=${1:-sqlite}
seconds=${2:-30}
clients=${3:-1000}
rate=${4:-1000}
work=$(mktemp -d /tmp/dagboard-ws-bench.XXXXXX)
server_pid=""
pg_dir=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [[ -n "$pg_dir" ]]; then scripts/pg-test-cluster.sh stop "$pg_dir" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

case "$backend" in
  sqlite) db="sqlite://$work/board.db" ;;
  postgresql) pg_dir=$(mktemp -d /tmp/dagboard-ws-bench-pg.XXXXXX); db=$(scripts/pg-test-cluster.sh start "$pg_dir") ;;
  *) echo "run_ws: backend is sqlite or postgresql" >&2; exit 2 ;;
esac
(umask 077 && head -c 48 /dev/urandom | base64 > "$work/secret")
token=$("$build_dir/server/dagboard-server" --jwt-secret-file "$work/secret" --issue-token load)
ulimit -n "$(ulimit -Hn)"
"$build_dir/server/dagboard-server" --db "$db" --listen 127.0.0.1:0 --jwt-secret-file "$work/secret" \
  --threads 2 --max-connections 4096 --log-level warn > "$work/server.out" 2> "$work/server.err" &
server_pid=$!
for _ in $(seq 200); do grep -q listening "$work/server.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$work/server.out")
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) x $(nproc)  backend: $backend"
status=0
/usr/bin/python3 benchmarks/http/ws_load.py --port "$port" --token "$token" --clients "$clients" --rate "$rate" --seconds "$seconds" --batch "${BATCH:-10}" || status=$?
awk -v hz="$(getconf CLK_TCK)" '{printf "server process CPU %.1f s (all of it: setup, writes, fan-out)\n", ($14 + $15) / hz}' "/proc/$server_pid/stat"
exit $status
