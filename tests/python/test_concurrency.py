# SPDX-License-Identifier: Apache-2.0
"""Several processes and threads on one database never share a ticket key."""

import multiprocessing
import threading

import dagboard


def _create_tickets(url, count, results):
    ws = dagboard.open(url, pool_size=2)
    for _ in range(count):
        ws.tickets.create(project_id="DAG", title="p")
    results.put("ok")


def test_processes_get_distinct_dense_keys(db_url):
    ws = dagboard.open(db_url)
    ws.projects.create(name="Dagboard", key="DAG")
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    procs = [ctx.Process(target=_create_tickets, args=(db_url, 15, results)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    assert [results.get(timeout=5) for _ in procs] == ["ok"] * 4
    numbers = sorted(t.number for t in ws.tickets.list(project_id="DAG", limit=1000))
    assert numbers == list(range(1, 61))
    assert [e.id for e in ws.events.read(limit=1000)] == list(range(1, 62))


def test_threads_share_one_workspace(ws, project):
    def work():
        for _ in range(20):
            ws.tickets.create(project_id="DAG", title="t")
    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    keys = {t.key for t in ws.tickets.list(project_id="DAG", limit=1000)}
    assert keys == {f"DAG-{n}" for n in range(1, 121)}


def test_database_calls_release_the_gil(tmp_path):
    """A call waiting on a database lock must not stop other Python threads."""
    import sqlite3
    import time

    url = f"sqlite://{tmp_path}/gil.db"
    ws = dagboard.open(url, busy_timeout_ms=20000)
    ws.projects.create(name="Dagboard", key="DAG")
    holder = sqlite3.connect(str(tmp_path / "gil.db"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # hold the write lock
    outcome = []
    worker = threading.Thread(
        target=lambda: outcome.append(ws.tickets.create(project_id="DAG", title="waits").key))
    worker.start()
    spins, deadline = 0, time.monotonic() + 0.3
    while time.monotonic() < deadline:  # only runs if the worker let go of the GIL
        spins += 1
    assert worker.is_alive(), "the worker should still be waiting for the lock"
    holder.execute("COMMIT")
    worker.join(timeout=30)
    assert outcome == ["DAG-1"]
    assert spins > 1000
