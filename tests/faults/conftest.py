# SPDX-License-Identifier: Apache-2.0
"""Fault-injection tests: each module gets a PostgreSQL cluster of its own (the shared test
cluster cannot be restarted under the other suites), started and stopped here."""

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLUSTER = ROOT / "scripts" / "pg-test-cluster.sh"
sys.path.insert(0, str(ROOT / "benchmarks" / "faults"))


class Cluster:
    """A private PostgreSQL server: its URL, its log, and restart/pause/resume."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="dagboard-fault-pg."))
        self.url = self._run("start")

    def _run(self, command):
        done = subprocess.run([str(CLUSTER), command, str(self.dir)], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, f"pg-test-cluster.sh {command}: {done.stderr}"
        return done.stdout.strip()

    def restart(self):
        self._run("restart")

    def pause(self):
        self._run("pause")

    def resume(self):
        self._run("resume")

    def log(self):
        return (self.dir / "server.log").read_text(errors="replace")

    def fresh_schema(self, name):
        subprocess.run(["psql", self.url, "-q", "-v", "ON_ERROR_STOP=1", "-c", f"CREATE SCHEMA {name}"],
                       check=True, capture_output=True, timeout=60)
        return f"{self.url}?options=-csearch_path%3D{name}"

    def stop(self):
        self._run("stop")


@pytest.fixture(scope="module")
def cluster():
    c = Cluster()
    yield c
    c.stop()
