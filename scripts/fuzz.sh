#!/usr/bin/env bash
# Builds the libFuzzer targets with clang under AddressSanitizer and UBSan (in build-asan/, beside
# the sanitized C++ suite) and runs each for SECONDS (default 10) from its corpus in fuzz/corpus/<target>/. New inputs found
# go to build-asan/corpus/<target>/ (not committed); a crash leaves its input there and fails.
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
source scripts/sanitized-build.sh
build_dir=$(configure_sanitized_build address)
cmake --build "$build_dir" -j "$(nproc)" --target fuzzers
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for target in fuzz_text fuzz_json_readers fuzz_server_input fuzz_webhooks; do
  found="$build_dir/corpus/$target"
  mkdir -p "$found" "$build_dir/crashes/$target"
  echo "fuzz: $target for ${seconds}s"
  "$build_dir/fuzz/$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build_dir/crashes/$target/" \
    "$found" "fuzz/corpus/$target" 2>&1 | grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)" || true
  if compgen -G "$build_dir/crashes/$target/*" >/dev/null; then
    echo "fuzz: $target found a failing input: $(ls "$build_dir/crashes/$target")" >&2
    exit 1
  fi
done
