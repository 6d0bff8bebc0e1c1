#!/usr/bin/env bash
# Every test, C++ and Python, on SQLite and on a throwaway PostgreSQL cluster that this script
# starts and always stops. Fails when anything fails, and when the PostgreSQL suite did not run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh

pg_dir=$(mktemp -d /tmp/dagboard-pg.XXXXXX)
cleanup() { scripts/pg-test-cluster.sh stop "$pg_dir" || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM
DAGBOARD_TEST_PG_URL=$(scripts/pg-test-cluster.sh start "$pg_dir")
export DAGBOARD_TEST_PG_URL
export DAGBOARD_REQUIRE_PG=1   # a PostgreSQL case that cannot run fails instead of skipping
echo "test: PostgreSQL cluster at ${DAGBOARD_TEST_PG_URL}"

build_dir=${DAGBOARD_BUILD_DIR:-build}
pg_cases=$(cd "$build_dir" && ctest -N | grep -c '/PostgreSQL' || true)
if [[ "$pg_cases" -eq 0 ]]; then
  echo "test: no PostgreSQL test cases were found; refusing to pass" >&2
  exit 1
fi
(cd "$build_dir" && ctest --output-on-failure -j 2 --timeout 900)
