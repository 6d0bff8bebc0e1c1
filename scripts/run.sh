#!/usr/bin/env bash
# The main job on the embedded default: installs what is missing, builds, and runs the
# quickstart on ./dagboard.db (SQLite). Safe to run again: the demo is created once.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh quickstart
exec "${DAGBOARD_BUILD_DIR:-build}/examples/quickstart" "${1:-sqlite://dagboard.db}"
