#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on a free loopback port, for tests.
#   scripts/pg-test-cluster.sh start DIR   -> prints the connection URL on stdout
#   scripts/pg-test-cluster.sh stop DIR
#   scripts/pg-test-cluster.sh restart|pause|resume DIR   for fault tests: restart the server,
#                                          stop it keeping its data, start it again (same port)
# Runs the server as the `postgres` user (initdb and pg_ctl refuse to run as root).
set -euo pipefail

cmd=${1:?usage: pg-test-cluster.sh start|stop DIR}
base=${2:?usage: pg-test-cluster.sh start|stop DIR}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "$pgbin/pg_ctl" ]] || { echo "pg-test-cluster: PostgreSQL server binaries not found" >&2; exit 1; }

as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then su postgres -s /bin/bash -c "$1"; else bash -c "$1"; fi
}

server_options() {  # $1: port
  echo "-p $1 -k $base/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
}

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "$cmd" in
  start)
    if [[ -d "$base" && ! -f "$base/.dagboard-test-cluster" && -n "$(ls -A "$base")" ]]; then
      echo "pg-test-cluster.sh: $base is not empty and not a test cluster; give a new directory" >&2
      exit 2
    fi
    rm -rf "$base"
    mkdir -p "$base/data" "$base/sock"
    touch "$base/.dagboard-test-cluster"  # stop removes only directories that carry this mark
    [[ $(id -u) -eq 0 ]] && chown -R postgres:postgres "$base"
    as_postgres "$pgbin/initdb -D $base/data -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >$base/initdb.log 2>&1"
    for attempt in 1 2 3; do
      port=$(free_port)
      if as_postgres "$pgbin/pg_ctl -D $base/data -l $base/server.log -w -t 30 -o \"$(server_options "$port")\" start >/dev/null"; then
        break
      fi
      [[ $attempt -eq 3 ]] && { cat "$base/server.log" >&2; exit 1; }
    done
    as_postgres "psql -h $base/sock -p $port -U postgres -v ON_ERROR_STOP=1 -qc \"CREATE ROLE dagboard LOGIN PASSWORD 'dagboard'\" -c \"CREATE DATABASE dagboard OWNER dagboard\"" >/dev/null
    echo "$port" >"$base/port"
    echo "postgresql://dagboard:dagboard@127.0.0.1:$port/dagboard"
    ;;
  restart)
    as_postgres "$pgbin/pg_ctl -D $base/data -l $base/server.log -m fast -w -t 30 restart >/dev/null"
    ;;
  pause)
    as_postgres "$pgbin/pg_ctl -D $base/data -m fast -w -t 30 stop >/dev/null"
    ;;
  resume)
    as_postgres "$pgbin/pg_ctl -D $base/data -l $base/server.log -w -t 30 -o \"$(server_options "$(cat "$base/port")")\" start >/dev/null"
    ;;
  stop)
    if [[ -d "$base/data" ]]; then
      as_postgres "$pgbin/pg_ctl -D $base/data -m fast -w stop >/dev/null 2>&1" || true
    fi
    # Only a directory this script made is deleted: `stop /tmp` by mistake must not empty /tmp.
    if [[ -f "$base/.dagboard-test-cluster" ]]; then rm -rf "$base"; fi
    ;;
  *)
    echo "usage: pg-test-cluster.sh start|stop|restart|pause|resume DIR" >&2
    exit 2
    ;;
esac
