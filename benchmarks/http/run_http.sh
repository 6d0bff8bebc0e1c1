#!/usr/bin/env bash
# HTTP benchmarks, measured in one run on one SQLite file: wrk against dagboard-server and
# against the FastAPI + uvicorn reference (fastapi_reference.py), for GET /api/v1/board/view of a
# 1,000-ticket board and GET /api/v1/health. Both check a JWT on board/view.
#
#   benchmarks/http/run_http.sh [SECONDS]      (default 10 s per measurement)
#   CONNECTIONS=4 benchmarks/http/run_http.sh   (wrk connections; default 32)
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-deps.sh
scripts/build.sh dagboard-server _dagboard
build_dir=${DAGBOARD_BUILD_DIR:-build}
seconds=${1:-10}
connections=${CONNECTIONS:-32}
work=$(mktemp -d /tmp/dagboard-http-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() {  # URL: up to 20 s
  for _ in $(seq 200); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "run_http: $1 did not come up" >&2; exit 1
}

db=$work/board.db
(umask 077 && head -c 48 /dev/urandom | base64 > "$work/secret")
PYTHONPATH=$build_dir/python /usr/bin/python3 benchmarks/http/seed_board.py "sqlite://$db" 1000
token=$("$build_dir/server/dagboard-server" --jwt-secret-file "$work/secret" --issue-token bench)

server_port=$(free_port)
"$build_dir/server/dagboard-server" --db "sqlite://$db" --listen "127.0.0.1:$server_port" \
  --jwt-secret-file "$work/secret" --threads 2 --log-level warn > "$work/server.out" 2>&1 &
pids+=($!)
fastapi_port=$(free_port)
(cd benchmarks/http && PYTHONPATH="$PWD/../../$build_dir/python" DAGBOARD_DB="$db" JWT_SECRET_FILE="$work/secret" \
  exec /usr/bin/python3 fastapi_reference.py "$fastapi_port" 2) > "$work/fastapi.out" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$server_port/api/v1/health"
wait_for "http://127.0.0.1:$fastapi_port/api/v1/health"

# The two answers must agree before their speed is compared.
view=/api/v1/board/view?project_id=BENCH
/usr/bin/python3 - "$server_port" "$fastapi_port" "$token" <<'PY'
import json, sys, urllib.request
def get(port):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/board/view?project_id=BENCH",
                                 headers={"Authorization": f"Bearer {sys.argv[3]}"})
    return json.load(urllib.request.urlopen(req, timeout=30))
a, b = get(sys.argv[1]), get(sys.argv[2])
cards = lambda v: {c["id"]: sorted(t["id"] for t in c["tickets"]) for c in v["columns"]}
assert cards(a) == cards(b), "dagboard-server and the FastAPI reference disagree"
print(f"board view: {sum(len(c['tickets']) for c in a['columns'])} tickets in {len(a['columns'])} columns, same on both")
PY

measure() {  # NAME URL
  local rps
  rps=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $token" "$2" | tee "$work/wrk.txt" |
        awk '/Requests\/sec/ {print $2}')
  local p50 p99
  p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
  local errors
  errors=$(awk '/Socket errors|Non-2xx/ {$1=$1; printf "%s ", $0}' "$work/wrk.txt")
  printf '%-34s %10s req/s   p50 %8s   p99 %8s   %s\n' "$1" "$rps" "$p50" "$p99" "$errors" >&2
  echo "$rps"
}

echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) x $(nproc)"
echo "wrk -t2 -c$connections -d${seconds}s on loopback; dagboard-server --threads 2; uvicorn --workers 2"
s_view=$(measure "dagboard-server board/view (1K)" "http://127.0.0.1:$server_port$view" | tail -1)
f_view=$(measure "fastapi board/view (1K)" "http://127.0.0.1:$fastapi_port$view" | tail -1)
s_health=$(measure "dagboard-server health" "http://127.0.0.1:$server_port/api/v1/health" | tail -1)
f_health=$(measure "fastapi health" "http://127.0.0.1:$fastapi_port/api/v1/health" | tail -1)
awk -v a="$s_view" -v b="$f_view" -v c="$s_health" -v d="$f_health" \
  'BEGIN { printf "ratio board/view: %.1fx   ratio health: %.1fx\n", a / b, c / d }'
