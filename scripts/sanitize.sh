#!/usr/bin/env bash
# Builds the library and the C++ tests with AddressSanitizer and UBSan (in build-asan/) and runs
# the C++ suite on SQLite, and on PostgreSQL when DAGBOARD_TEST_PG_URL is set (as make test sets it).
# (UBSan's vptr check is off: it needs type info from SOCI, which Debian's build does not export.)
#   scripts/sanitize.sh [ctest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=build-asan
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined -fno-sanitize=vptr" \
    -DDAGBOARD_BUILD_PYTHON=OFF -DDAGBOARD_BUILD_SERVER=OFF -DDAGBOARD_BUILD_BENCHMARKS=OFF \
    -DDAGBOARD_BUILD_EXAMPLES=OFF >/dev/null
fi
cmake --build "$build_dir" -j "$(nproc)" --target dagboard_tests
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd "$build_dir" && ctest --output-on-failure -j 2 --timeout 900 "$@")
