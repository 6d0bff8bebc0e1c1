#!/usr/bin/env bash
# Builds the web UI (server/web) into build/web: installs the pinned npm packages from the
# committed lockfile when it changed (npm ci --ignore-scripts: no install script ever runs), then
# bundles with esbuild. Needs Node.js 20 or newer; exits 3 and says why when it is missing.
#   scripts/build-web.sh [--typecheck]     --typecheck also runs tsc --noEmit
set -euo pipefail
cd "$(dirname "$0")/.."
web=server/web
out=$(realpath -m "${DAGBOARD_BUILD_DIR:-build}/web")
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "web: Node.js and npm are not installed; the UI is not built" >&2
  exit 3
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if ((major < 20)); then
  echo "web: Node.js $(node --version) is too old for the UI's tools (20 or newer); the UI is not built" >&2
  exit 3
fi
# npm ci only when the lockfile differs from what was installed last (it deletes node_modules).
stamp=$web/node_modules/.dagboard-lock
if ! cmp -s "$web/package-lock.json" "$stamp" 2>/dev/null; then
  (cd "$web" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp "$web/package-lock.json" "$stamp"
fi
if [[ "${1:-}" == "--typecheck" ]]; then
  (cd "$web" && ./node_modules/.bin/tsc --noEmit -p .)
  echo "web: type check passed"
fi
(cd "$web" && DAGBOARD_WEB_OUT="$out" node build.mjs)
