#!/usr/bin/env bash
# Seeds a 10K-ticket / 100K-task / 1M-event project (SQLite) and runs the statistics benchmark.
#   benchmarks/stats/run.sh [benchmark flags]
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/build.sh _dagboard bench_statistics
dir=$(mktemp -d /tmp/dagboard-bench-stats.XXXXXX)
trap 'rm -rf "$dir"' EXIT
PYTHONPATH="${DAGBOARD_BUILD_DIR:-build}/python" /usr/bin/python3 benchmarks/stats/seed.py "$dir/stats.db"
"${DAGBOARD_BUILD_DIR:-build}/benchmarks/bench_statistics" "sqlite://$dir/stats.db" "$@"
