# SPDX-License-Identifier: Apache-2.0
"""End-to-end tests of dagboard-server: the real binary on a free loopback port, driven with
requests and websockets.

DAGBOARD_SERVER_BACKEND picks the database (sqlite, or postgresql from DAGBOARD_TEST_PG_URL;
with DAGBOARD_REQUIRE_PG=1 a missing URL fails instead of skipping)."""

import os
import secrets
import select
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import jwt
import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also when loaded by tests/faults
import openapi_check  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SERVER_BIN = os.environ.get("DAGBOARD_SERVER_BIN", str(ROOT / "build" / "server" / "dagboard-server"))
BACKEND = os.environ.get("DAGBOARD_SERVER_BACKEND", "sqlite")
PG_URL = os.environ.get("DAGBOARD_TEST_PG_URL", "")
REQUIRE_PG = os.environ.get("DAGBOARD_REQUIRE_PG") == "1"


def _psql(sql):
    subprocess.run(["psql", PG_URL, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True)


class Database:
    """A fresh database on the selected backend: a SQLite file or a PostgreSQL schema."""

    def __init__(self, tmp_path):
        self.schema = None
        if BACKEND == "sqlite":
            self.url = f"sqlite://{tmp_path}/board.db"
            return
        if not PG_URL:
            if REQUIRE_PG:
                pytest.fail("DAGBOARD_REQUIRE_PG=1 but DAGBOARD_TEST_PG_URL is not set")
            pytest.skip("DAGBOARD_TEST_PG_URL is not set")
        self.schema = "srv_" + uuid.uuid4().hex[:12]
        _psql(f"CREATE SCHEMA {self.schema}")
        sep = "&" if "?" in PG_URL else "?"
        self.url = f"{PG_URL}{sep}options=-csearch_path%3D{self.schema}"

    def drop(self):
        if self.schema:
            _psql(f"DROP SCHEMA {self.schema} CASCADE")


class Server:
    """One dagboard-server process. Stops itself on close(); every wait is bounded."""

    def __init__(self, db_url, tmp_path, *extra, auth=True, preexec_fn=None):
        self.secret = secrets.token_hex(32)
        secret_file = tmp_path / f"jwt-{uuid.uuid4().hex[:6]}.secret"
        secret_file.write_text(self.secret + "\n")
        self.stderr_path = tmp_path / f"server-{uuid.uuid4().hex[:6]}.log"
        args = [SERVER_BIN, "--db", db_url, "--listen", "127.0.0.1:0", "--threads", "4", *extra]
        args += ["--jwt-secret-file", str(secret_file)] if auth else ["--dev-no-auth"]
        self._stderr = open(self.stderr_path, "w")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self._stderr, text=True,
                                     preexec_fn=preexec_fn)
        line = self._read_line(20)
        assert line.startswith("listening on http://127.0.0.1:"), f"server said {line!r}: {self.log()}"
        self.port = int(line.rsplit(":", 1)[1])
        self.base = f"http://127.0.0.1:{self.port}"
        self.token = self.make_token("tester")
        self.http = requests.Session()
        if auth:
            self.http.headers["Authorization"] = f"Bearer {self.token}"

    def _read_line(self, timeout):
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            self.proc.kill()
            raise AssertionError(f"server did not start in {timeout}s: {self.log()}")
        return self.proc.stdout.readline().strip()

    def make_token(self, sub, lifetime=3600, **claims):
        now = int(time.time())
        payload = {"sub": sub, "iat": now, "exp": now + lifetime, **claims}
        return jwt.encode(payload, self.secret, algorithm="HS256")

    def log(self):
        if not self._stderr.closed:
            self._stderr.flush()
        return self.stderr_path.read_text()

    def url(self, path):
        return f"{self.base}/api/v1{path}"

    def ws_url(self, query=""):
        return f"ws://127.0.0.1:{self.port}/api/v1/ws/events{query}"

    def call(self, method, path, **kw):
        kw.setdefault("timeout", 30)
        response = self.http.request(method, self.url(path), **kw)
        openapi_check.check(method, response.url, response)
        return response

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, json=None, **kw):
        return self.call("POST", path, json=json, **kw)

    def put(self, path, json=None, **kw):
        return self.call("PUT", path, json=json, **kw)

    def patch(self, path, json=None, **kw):
        return self.call("PATCH", path, json=json, **kw)

    def delete(self, path, **kw):
        return self.call("DELETE", path, **kw)

    def ok(self, method, path, status=200, **kw):
        """The JSON of a call that must answer `status`."""
        r = self.call(method, path, **kw)
        assert r.status_code == status, f"{method} {path}: {r.status_code} {r.text}"
        return r.json() if r.content else None

    def stop(self, timeout=20):
        """SIGTERM, then the exit status (killing the process if it does not stop in time)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
                raise AssertionError(f"server did not stop in {timeout}s: {self.log()}")
        self.http.close()
        self._stderr.close()
        self.proc.stdout.close()
        return self.proc.returncode


def error_of(response, status, code):
    """Asserts the coded error body and returns its details."""
    assert response.status_code == status, f"{response.status_code} {response.text}"
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code, body
    assert body["error"]["message"]
    return body["error"]["details"]


@pytest.fixture
def database(tmp_path):
    db = Database(tmp_path)
    yield db
    db.drop()


@pytest.fixture
def start_server(database, tmp_path):
    """Starts servers on the test's database; every one is stopped (and must exit 0)."""
    started = []

    def start(*extra, auth=True):
        server = Server(database.url, tmp_path, *extra, auth=auth)
        started.append(server)
        return server

    yield start
    for server in started:
        status = server.stop()
        assert status == 0, f"exit status {status}: {server.log()}"


@pytest.fixture
def server(start_server):
    return start_server()


@pytest.fixture
def project(server):
    return server.ok("POST", "/projects", 201, json={"name": "Payments", "key": "PAY"})


@pytest.fixture
def ticket(server, project):
    return server.ok("POST", "/tickets", 201, json={"project_id": project["id"], "title": "Refund flow"})
