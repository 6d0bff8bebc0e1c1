# Sourced by scripts/sanitize.sh and scripts/fuzz.sh: configures (once) the clang build of a
# sanitizer and prints its directory. The address build also holds the fuzzers, so the library is
# instrumented and compiled once for both.
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=1  # -g would put the build path into the hash: clones would never share
configure_sanitized_build() {
  local kind=$1 dir fuzzers=OFF server=OFF
  case "$kind" in
    address) dir=build-asan fuzzers=ON server=ON ;;  # fuzz_server_input needs the server core
    thread) dir=build-tsan ;;
  esac
  if [[ ! -f "$dir/CMakeCache.txt" ]]; then
    CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DDAGBOARD_SANITIZE="$kind" -DDAGBOARD_BUILD_FUZZERS=$fuzzers -DDAGBOARD_BUILD_TESTS=ON \
      -DDAGBOARD_BUILD_SERVER=$server -DDAGBOARD_BUILD_PYTHON=OFF -DDAGBOARD_BUILD_BENCHMARKS=OFF \
      -DDAGBOARD_BUILD_EXAMPLES=OFF >/dev/null
  fi
  echo "$dir"
}
