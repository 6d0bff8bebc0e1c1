#!/usr/bin/env bash
# The Python package as a user installs it, offline: `pip install .` into a fresh venv (Debian's
# setuptools and wheel; --no-index so nothing is fetched), then `import dagboard` from another
# directory, the typed stubs installed beside it, and a wheel built the same way.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/dagboard-pip.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Debian's Python, whose system site has the Debian setuptools and wheel.
"${DAGBOARD_PYTHON:-/usr/bin/python3}" -m venv --system-site-packages "$work/venv"
pip=("$work/venv/bin/python" -m pip --disable-pip-version-check --no-input)
"${pip[@]}" install --no-build-isolation --no-index "$src" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; exit 1; }

cd "$work"   # away from the source tree: the import must come from the venv
"$work/venv/bin/python" - <<'PY'
import inspect, pathlib, sys
import dagboard
where = pathlib.Path(dagboard.__file__).resolve()
assert where.is_relative_to(pathlib.Path(sys.prefix).resolve()), where
for name in ("py.typed", "__init__.pyi", "_dagboard.pyi", "_records.pyi"):
    assert (where.parent / name).is_file(), name
ws = dagboard.open("sqlite::memory:")
p = ws.projects.create(name="Pip", key="PIP")
t = ws.tickets.create(project_id=p.id, title="Installed")
assert t.key == "PIP-1", t.key
assert "project_id" in inspect.signature(ws.tickets.create).parameters
print("pip: dagboard", dagboard.__version__, "imports from", where.parent)
PY
version=$("${pip[@]}" show dagboard | sed -n "s/^Version: //p")
imported=$("$work/venv/bin/python" -c 'import dagboard; print(dagboard.__version__)')
[[ "$version" == "$imported" ]] || { echo "pip: pip show says $version, the module $imported" >&2; exit 1; }

"${pip[@]}" wheel --no-build-isolation --no-index --no-deps -w "$work/dist" "$src" >"$work/wheel.log" 2>&1 ||
  { cat "$work/wheel.log" >&2; exit 1; }
wheel=$(ls "$work"/dist/dagboard-*.whl)
"$work/venv/bin/python" - "$wheel" <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
assert any(n.startswith("dagboard/_dagboard") and n.endswith(".so") for n in names), names
assert {"dagboard/__init__.py", "dagboard/py.typed", "dagboard/__init__.pyi"} <= names, names
print("pip: wheel", sys.argv[1].rsplit("/", 1)[1])
PY
echo "pip: install and wheel work offline"
