#!/usr/bin/env bash
# Configures (once) and builds dagboard. Extra arguments are build targets (default: all).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${DAGBOARD_BUILD_DIR:-build}
# Paths under the checkout are hashed relative to it, so clones elsewhere share the cache.
export CCACHE_BASEDIR="$PWD"
if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DPython_EXECUTABLE=/usr/bin/python3 -DDAGBOARD_BUILD_BENCHMARKS=ON >/dev/null
fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build "$build_dir" -j "$(nproc)" "${targets[@]}"
