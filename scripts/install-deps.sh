#!/usr/bin/env bash
# Installs the Debian packages dagboard needs to build and run; with `test`, also those only the
# tests need (Chromium for the browser tests). Safe to run twice: it asks apt only for what is missing.
#   scripts/install-deps.sh [test]
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache git
  python3 python3-dev python3-pybind11 pybind11-dev python3-pytest
  libsoci-dev libsqlite3-dev sqlite3 postgresql libpq-dev
  libboost-dev libboost-graph-dev nlohmann-json3-dev libssl-dev libcurl4-openssl-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  python3-networkx
  libjwt-dev python3-requests python3-websockets python3-jwt
  wrk python3-fastapi python3-uvicorn
  python3-botocore
  clang libclang-rt-14-dev
)

if [[ "${1:-}" == "test" ]]; then
  # The web UI's browser tests drive Debian's Chromium (no browser download); the emoji font
  # draws the column icons in their screenshots.
  packages+=(chromium fonts-noto-color-emoji)
  # `pip install .` into a throwaway venv (offline: Debian's setuptools and wheel), the stubs'
  # type check and the OpenAPI response checks.
  packages+=(python3-venv python3-setuptools python3-wheel python3-pip python3-mypy python3-jsonschema)
fi

# Node.js and npm build the web UI and run the loopback S3 server of the tests. The machine may carry its own Node.js
# build (with npm inside); Debian's packages are only asked for when there is no npm at all.
if ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
