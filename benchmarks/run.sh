#!/usr/bin/env bash
# Builds and runs every benchmark on SQLite and on a throwaway PostgreSQL cluster, and prints
# the machine it ran on. Results go to benchmarks/results/<date>.txt (not committed); copy the
# figures into docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh bench_storage bench_graph bench_board bench_references bench_documents s3_memory bench_claim_wait
pg_dir=$(mktemp -d /tmp/dagboard-bench-pg.XXXXXX)
s3_dir=$(mktemp -d /tmp/dagboard-bench-s3.XXXXXX)
trap 'scripts/pg-test-cluster.sh stop "$pg_dir"; scripts/s3-test-server.sh stop "$s3_dir"' EXIT
DAGBOARD_BENCH_PG_URL=$(scripts/pg-test-cluster.sh start "$pg_dir")
s3_url=$(scripts/s3-test-server.sh start "$s3_dir")
export DAGBOARD_BENCH_PG_URL
mkdir -p benchmarks/results
out=benchmarks/results/$(date -u +%Y-%m-%dT%H%M%SZ).txt
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) x $(nproc)"
  echo "memory: $(free -h | awk '/Mem:/ {print $2}')"
  echo "note: PostgreSQL runs with fsync=off on loopback; SQLite file uses WAL, synchronous=NORMAL"
  "${DAGBOARD_BUILD_DIR:-build}/benchmarks/bench_storage" "$@"
  "${DAGBOARD_BUILD_DIR:-build}/benchmarks/bench_graph" "$@"
  "${DAGBOARD_BUILD_DIR:-build}/benchmarks/bench_board" "$@"
  "${DAGBOARD_BUILD_DIR:-build}/benchmarks/bench_references" "$@"
  "${DAGBOARD_BUILD_DIR:-build}/benchmarks/bench_documents" "$@"
  "${DAGBOARD_BUILD_DIR:-build}/benchmarks/s3_memory" "sqlite://$s3_dir/memory.db" "$s3_url" 20
  "${DAGBOARD_BUILD_DIR:-build}/benchmarks/bench_claim_wait" "sqlite://$s3_dir/claim_wait.db" 100 60
  "${DAGBOARD_BUILD_DIR:-build}/benchmarks/bench_claim_wait" "$DAGBOARD_BENCH_PG_URL" 100 60
  /usr/bin/python3 benchmarks/compare_networkx.py
} 2>&1 | tee "$out"
