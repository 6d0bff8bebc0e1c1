#!/usr/bin/env bash
# Every test, C++ and Python, on SQLite and on a throwaway PostgreSQL cluster, with a loopback
# S3-protocol server, all started and always stopped by this script. Fails when anything fails,
# and when the PostgreSQL or S3 suites did not run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
scripts/build.sh
scripts/build-web.sh --typecheck   # the UI the browser tests load, and its type check

pg_dir=$(mktemp -d /tmp/dagboard-pg.XXXXXX)
s3_dir=$(mktemp -d /tmp/dagboard-s3.XXXXXX)
cleanup() {
  scripts/pg-test-cluster.sh stop "$pg_dir" || true
  scripts/s3-test-server.sh stop "$s3_dir" || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
DAGBOARD_TEST_PG_URL=$(scripts/pg-test-cluster.sh start "$pg_dir")
export DAGBOARD_TEST_PG_URL
export DAGBOARD_REQUIRE_PG=1   # a PostgreSQL case that cannot run fails instead of skipping
echo "test: PostgreSQL cluster at ${DAGBOARD_TEST_PG_URL}"
DAGBOARD_TEST_S3_URL=$(scripts/s3-test-server.sh start "$s3_dir")
export DAGBOARD_TEST_S3_URL
export DAGBOARD_REQUIRE_S3=1   # the S3 tests fail instead of skipping when the server is missing
echo "test: S3-protocol server (s3rver) at ${DAGBOARD_TEST_S3_URL}"

build_dir=${DAGBOARD_BUILD_DIR:-build}
pg_cases=$(cd "$build_dir" && ctest -N | grep -c '/PostgreSQL' || true)
if [[ "$pg_cases" -eq 0 ]]; then
  echo "test: no PostgreSQL test cases were found; refusing to pass" >&2
  exit 1
fi
(cd "$build_dir" && ctest --output-on-failure -j 2 --timeout 900)
# The C++ suite again under AddressSanitizer + UBSan, and its threaded suites under
# ThreadSanitizer (clang builds in build-asan/ and build-tsan/).
scripts/sanitize.sh address
scripts/sanitize.sh thread
# The parsers of outside input under libFuzzer, AddressSanitizer and UBSan (the same build-asan/
# library), briefly: the seeds (fuzz/corpus) and what a few seconds of mutation reach.
# Longer: scripts/fuzz.sh 600.
scripts/fuzz.sh "${DAGBOARD_FUZZ_SECONDS:-10}"
