#!/usr/bin/env bash
# The package as a downstream project uses it, checked end to end:
#   1. `cmake --install` of the build into a fresh prefix;
#   2. a CMake project that finds it with find_package(dagboard), built and run;
#   3. the same main.cpp compiled with nothing but pkg-config, and run;
#   4. a CMake project that takes the source tree with add_subdirectory, built and run; its
#      cache must not get our options turned on, nor a build type it did not choose;
#   5. the library built shared (BUILD_SHARED_LIBS=ON), installed, and the find_package
#      consumer linked against libdagboard.so and run.
# usage: tests/consumer/run.sh BUILD_DIR   (from the source tree's root or anywhere)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$1" && pwd)
work=$(mktemp -d /tmp/dagboard-consumer.XXXXXX)
trap 'rm -rf "$work"' EXIT
export CCACHE_BASEDIR="$src" CCACHE_NOHASHDIR=1

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
for f in include/dagboard/dagboard.hpp include/dagboard/version.hpp lib/libdagboard.a \
         lib/cmake/dagboard/dagboardConfig.cmake lib/cmake/dagboard/dagboardConfigVersion.cmake \
         lib/cmake/dagboard/FindSOCI.cmake lib/pkgconfig/dagboard.pc; do
  [[ -f "$work/prefix/$f" ]] || { echo "consumer: the install lacks $f" >&2; exit 1; }
done

echo "consumer: find_package(dagboard)"
cmake -S "$src/tests/consumer" -B "$work/find" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/find.log"
cmake --build "$work/find" >>"$work/find.log"
"$work/find/consumer"

echo "consumer: pkg-config"
# shellcheck disable=SC2046  # pkg-config's flags are words
c++ -std=c++20 "$src/tests/consumer/main.cpp" -o "$work/pkgconfig-consumer" \
  $(PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" pkg-config --cflags --libs dagboard)
"$work/pkgconfig-consumer"

echo "consumer: add_subdirectory"
cmake -S "$src/tests/consumer" -B "$work/untyped" -G Ninja -DDAGBOARD_SOURCE_DIR="$src" >"$work/untyped.log"
grep -q '^CMAKE_BUILD_TYPE:STRING=$' "$work/untyped/CMakeCache.txt" ||
  { echo "consumer: dagboard set the parent's build type" >&2; exit 1; }
# Beside the main build and with its flags, so ccache finds the library's objects.
sub="$src/build-consumer"
rm -rf "$sub"
cmake -S "$src/tests/consumer" -B "$sub" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DDAGBOARD_SOURCE_DIR="$src" -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >"$work/sub.log"
cmake --build "$sub" --target consumer >>"$work/sub.log"
"$sub/consumer"
cache="$sub/CMakeCache.txt"
for option in DAGBOARD_BUILD_TESTS DAGBOARD_BUILD_PYTHON DAGBOARD_BUILD_SERVER DAGBOARD_BUILD_BENCHMARKS \
              DAGBOARD_BUILD_EXAMPLES DAGBOARD_INSTALL; do
  grep -q "^$option:BOOL=OFF$" "$cache" || { echo "consumer: $option is not off under add_subdirectory" >&2; exit 1; }
done
rm -rf "$sub"

echo "consumer: shared library"
# Same depth and flags as build/ (the objects are position-independent either way): ccache hits.
shared="$src/build-shared"
rm -rf "$shared"
cmake -S "$src" -B "$shared" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON \
  -DDAGBOARD_BUILD_TESTS=OFF -DDAGBOARD_BUILD_PYTHON=OFF -DDAGBOARD_BUILD_SERVER=OFF \
  -DDAGBOARD_BUILD_EXAMPLES=OFF >"$work/shared.log"
cmake --build "$shared" >>"$work/shared.log"
cmake --install "$shared" --prefix "$work/shared-prefix" >>"$work/shared.log"
rm -rf "$shared"
sos=("$work"/shared-prefix/lib/libdagboard.so.*.*)
[[ -f "${sos[0]}" ]] || { echo "consumer: the shared install lacks libdagboard.so.X.Y" >&2; exit 1; }
cmake -S "$src/tests/consumer" -B "$work/find-shared" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/shared-prefix" >"$work/find-shared.log"
cmake --build "$work/find-shared" >>"$work/find-shared.log"
# Not `ldd | grep -q`: grep stops at the match, ldd dies of SIGPIPE and pipefail fails the line.
linked=$(ldd "$work/find-shared/consumer")
[[ "$linked" == *"libdagboard.so."*" => $work/shared-prefix/lib/"* ]] ||
  { echo "consumer: not linked against the installed libdagboard.so" >&2; echo "$linked" >&2; exit 1; }
"$work/find-shared/consumer"
echo "consumer: all four ways work"
