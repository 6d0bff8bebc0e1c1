# SPDX-License-Identifier: Apache-2.0
"""Every test taking `ws` runs on SQLite and on PostgreSQL.

PostgreSQL comes from DAGBOARD_TEST_PG_URL (make test starts a cluster); each test gets its own
schema. Without the URL those tests skip, unless DAGBOARD_REQUIRE_PG=1, when they fail."""

import os
import subprocess
import uuid

import pytest

import dagboard

PG_URL = os.environ.get("DAGBOARD_TEST_PG_URL", "")
REQUIRE_PG = os.environ.get("DAGBOARD_REQUIRE_PG") == "1"


def _psql(sql):
    subprocess.run(["psql", PG_URL, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                   capture_output=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite://{tmp_path}/board.db"
        return
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("DAGBOARD_REQUIRE_PG=1 but DAGBOARD_TEST_PG_URL is not set")
        pytest.skip("DAGBOARD_TEST_PG_URL is not set")
    schema = "py_" + uuid.uuid4().hex[:12]
    _psql(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    _psql(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def ws(db_url):
    return dagboard.open(db_url)


@pytest.fixture
def project(ws):
    return ws.projects.create(name="Dagboard", key="DAG")


@pytest.fixture
def ticket(ws, project):
    return ws.tickets.create(project_id=project.id, title="A ticket")


def event_types(ws, since=0):
    return [e.event_type for e in ws.events.read(since=since, limit=10000)]
