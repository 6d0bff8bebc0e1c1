#!/usr/bin/env bash
# The web UI benchmark: seeds 1,000- and 10,000-ticket boards and 5,000- and 10,000-task graphs
# into a temporary SQLite database, serves them with the real server and measures in headless
# Chromium; also times a cold UI install and build. Figures go to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-deps.sh test
scripts/build.sh dagboard-server _dagboard
dir=$(mktemp -d /tmp/dagboard-ui-bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) x $(nproc)"
start=$(date +%s.%N)
rm -rf server/web/node_modules
scripts/build-web.sh >/dev/null
echo "cold UI install + build (npm cache warm): $(echo "$(date +%s.%N) - $start" | bc) s"
PYTHONPATH=build/python /usr/bin/python3 benchmarks/web/seed.py "sqlite://$dir/bench.db"
node benchmarks/web/ui_bench.mjs "$dir/bench.db"
