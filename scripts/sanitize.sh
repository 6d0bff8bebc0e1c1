#!/usr/bin/env bash
# Builds with clang under sanitizers and runs the C++ suite there, on SQLite, and on PostgreSQL
# and S3 when DAGBOARD_TEST_PG_URL / DAGBOARD_TEST_S3_URL are set (as scripts/test.sh sets them).
#   scripts/sanitize.sh address [ctest arguments]  every C++ test under AddressSanitizer + UBSan,
#                                                   in build-asan/ (shared with scripts/fuzz.sh)
#   scripts/sanitize.sh thread  [ctest arguments]  the threaded suites under ThreadSanitizer,
#                                                   in build-tsan/
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?usage: scripts/sanitize.sh address|thread [ctest arguments]}
shift
source scripts/sanitized-build.sh
case "$kind" in
  address)
    build_dir=$(configure_sanitized_build address)
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ;;
  thread)
    build_dir=$(configure_sanitized_build thread)
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" ;;
  *) echo "sanitize: address or thread, not '$kind'" >&2; exit 2 ;;
esac
cmake --build "$build_dir" -j "$(nproc)" --target dagboard_tests
echo "sanitize: C++ suite under the $kind sanitizer ($build_dir)"
(cd "$build_dir" && ctest --output-on-failure -j 2 --timeout 900 "$@")
