#!/usr/bin/env bash
# The main job on the embedded default: installs what is missing, builds, seeds the demo project
# once (examples/quickstart) and serves it with dagboard-server on SQLite.
#
#   scripts/run.sh [DATABASE_URL]     default sqlite://dagboard.db; e.g. postgresql://u:p@host/db
#   DAGBOARD_LISTEN=127.0.0.1:9000 scripts/run.sh
#
# Safe to run again: the demo is created once and the JWT secret is kept in .dagboard/.
# Stop the server with Ctrl-C (or SIGTERM): it finishes open requests and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh quickstart dagboard-server
build_dir=${DAGBOARD_BUILD_DIR:-build}
static=()
if scripts/build-web.sh; then
  static=(--static-dir "$build_dir/web")
else
  echo "run: serving the HTTP API only (no web UI)" >&2
fi
db=${1:-sqlite://dagboard.db}
listen=${DAGBOARD_LISTEN:-127.0.0.1:8080}

"$build_dir/examples/quickstart" "$db"

secret_file=.dagboard/jwt-secret
if [[ ! -s "$secret_file" ]]; then
  mkdir -p .dagboard
  (umask 077 && head -c 48 /dev/urandom | base64 > "$secret_file")
fi
token=$("$build_dir/server/dagboard-server" --jwt-secret-file "$secret_file" --issue-token "${USER:-dev}")

if ((${#static[@]})); then
  open_hint="open:          http://$listen/board/DEMO#token=$token"
else
  open_hint="web UI:        not built (see the message above)"
fi
cat <<EOF_HINT

dagboard-server on $db
  $open_hint
  export TOKEN=$token   # valid 24 h
  try:           curl -H "Authorization: Bearer \$TOKEN" http://$listen/api/v1/board/view?project_id=DEMO
  events:        ws://$listen/api/v1/ws/events?token=\$TOKEN
  stop:          Ctrl-C
  PostgreSQL:    make run ARGS=postgresql://user:pass@127.0.0.1:5432/dagboard  (or scripts/run.sh URL)
EOF_HINT
exec "$build_dir/server/dagboard-server" --db "$db" --listen "$listen" --jwt-secret-file "$secret_file" "${static[@]}"
