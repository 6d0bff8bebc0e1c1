# SPDX-License-Identifier: Apache-2.0
"""Maintenance from the command line (docs/http-api.md, "Maintenance"): the search index rebuilt
and the statistics checked and repaired on --db, while a server uses the same database."""

import json
import sqlite3
import subprocess

from conftest import SERVER_BIN
from test_statistics import lifecycle


def maintain(database, *flags):
    done = subprocess.run([SERVER_BIN, "--db", database.url, *flags], capture_output=True, text=True, timeout=120)
    return done.returncode, json.loads(done.stdout) if done.stdout.strip() else done.stderr


def tamper(database, sql):
    """Changes the tables behind the library's back, as a bad migration or a hand edit would."""
    if database.schema:
        subprocess.run(["psql", database.url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                       capture_output=True, timeout=60)
        return
    with sqlite3.connect(database.url[len("sqlite://"):], timeout=10) as db:
        db.execute(sql)


def test_statistics_are_checked_and_repaired_from_the_command_line(server, ticket, database):
    lifecycle(server, ticket)
    rc, check = maintain(database, "--check-statistics")
    assert rc == 0 and check["mismatches"] == 0 and check["rebuilt"] is False
    rows = check["rows"]
    assert rows == server.ok("POST", "/statistics/check")["rows"] and rows > 5
    tamper(database, "UPDATE state_changes SET to_status = 'testing' WHERE to_status = 'done'")
    rc, found = maintain(database, "--check-statistics")
    assert (rc, found["mismatches"], found["rebuilt"], found["rows"]) == (3, 1, False, rows)  # left as found
    assert maintain(database, "--check-statistics")[0] == 3
    rc, repaired = maintain(database, "--repair-statistics")
    assert (rc, repaired["mismatches"], repaired["rebuilt"]) == (0, 1, True)
    rc, again = maintain(database, "--check-statistics")
    assert (rc, again["mismatches"], again["rows"]) == (0, 0, rows)
    assert server.ok("POST", "/statistics/check")["mismatches"] == 0  # the running server agrees


def test_the_search_index_is_rebuilt_from_the_command_line(server, ticket, database):
    lifecycle(server, ticket)  # the ticket, two tasks and an agent: four records
    tamper(database, "DELETE FROM search_documents")
    assert server.ok("GET", "/search", params={"q": "refund"})["total"] == 0
    rc, rebuilt = maintain(database, "--rebuild-search")
    assert (rc, rebuilt) == (0, {"documents": 4})
    found = server.ok("GET", "/search", params={"q": "refund"})
    assert [h["key"] for h in found["tickets"]["items"]] == ["PAY-1"]
    assert server.ok("POST", "/search/rebuild") == {"documents": 4}


def test_maintenance_options_are_checked(database, tmp_path):
    helped = subprocess.run([SERVER_BIN, "--help"], capture_output=True, text=True, timeout=30)
    for flag in ("--rebuild-search", "--check-statistics", "--repair-statistics"):
        assert flag in helped.stdout
    rc, message = maintain(database, "--rebuild-search", "--check-statistics")
    assert rc == 2 and "cannot be combined with another maintenance option" in message
    rc, message = maintain(database, "--check-statistics", "--rebuild-search=1")
    assert rc == 2 and "--rebuild-search takes no value" in message
    missing = subprocess.run([SERVER_BIN, "--db", f"sqlite://{tmp_path}/none/x.db", "--rebuild-search"],
                             capture_output=True, text=True, timeout=30)
    assert missing.returncode == 1 and missing.stdout == ""  # the database cannot be opened
