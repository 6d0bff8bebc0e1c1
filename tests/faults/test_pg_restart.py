# SPDX-License-Identifier: Apache-2.0
"""A PostgreSQL restart, and a stop of 5 s then a start, under writers, readers, a Python
subscriber and WebSocket followers: an outage is a prompt, coded UNAVAILABLE; afterwards
everything works again within seconds, and every committed event is delivered once."""

import asyncio
import importlib.util
import json
import threading
import time
from pathlib import Path

import requests
import websockets

import dagboard

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("server_harness", HERE.parent / "server" / "conftest.py")
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

RECOVERY_GOAL_S = 5.0


class Load:
    """Writers and readers in threads; what they saw, with the time of each success."""

    def __init__(self, write, read):
        self.write, self.read = write, read
        self.acked, self.unavailable, self.faults = [], [], []
        self.last_ok = 0.0
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._loop, args=(fn,), daemon=True)
                        for fn in (self._write, self._read)]

    def _write(self, n):
        self.acked.append(self.write(n))

    def _read(self, n):
        self.read()

    def _loop(self, step):
        n = 0
        while not self.stop.is_set():
            n += 1
            began = time.monotonic()
            try:
                step(n)
                if step == self._write:
                    self.last_ok = time.monotonic()
            except Unavailable as e:
                self.unavailable.append((time.monotonic() - began, str(e)))
                time.sleep(0.05)
            except Exception as e:  # noqa: BLE001 - every other failure is a finding
                self.faults.append(repr(e)[:300])
                time.sleep(0.05)

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(30)

    def recovered_after(self, since, limit=20.0):
        """Seconds from `since` to the first acknowledged write after it."""
        deadline = since + limit
        while time.monotonic() < deadline:
            if self.last_ok > since:
                return self.last_ok - since
            time.sleep(0.02)
        raise AssertionError(f"no write succeeded within {limit} s; last faults {self.faults[-3:]}")


class Unavailable(Exception):
    pass


def wait_until(predicate, limit=15.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def outage_scenario(cluster, load):
    """Runs a restart, then a stop of 5 s and a start; returns the two recovery times and when
    the stop began."""
    time.sleep(1.0)
    cluster.restart()  # returns when the server accepts connections again
    after_restart = load.recovered_after(time.monotonic())
    cluster.pause()
    paused_at = time.monotonic()
    time.sleep(5.0)
    load.during_outage = list(load.unavailable)
    cluster.resume()
    after_stop = load.recovered_after(time.monotonic())
    time.sleep(1.0)
    return after_restart, after_stop, paused_at


def test_python_process_survives_restart_and_outage(cluster):
    ws = dagboard.open(cluster.fresh_schema("lib"), pool_size=2)
    project = ws.projects.create(name="Restart", key="RST")
    delivered = []
    sub = ws.events.subscribe(lambda e: delivered.append((e.id, e.entity_id)), since=ws.events.last_id(),
                              event_types=["TICKET_CREATED"], project_id="RST")

    def write(n):
        try:
            return ws.tickets.create(project_id=project.id, title=f"t{n}").id
        except dagboard.UnavailableError as e:
            raise Unavailable(str(e)) from e

    def read():
        try:
            ws.tickets.list(project_id="RST", limit=5, sort="-created_at")
        except dagboard.UnavailableError as e:
            raise Unavailable(str(e)) from e

    with Load(write, read) as load:
        after_restart, after_stop, _ = outage_scenario(cluster, load)
    print(f"python: recovered {after_restart:.2f} s after the restart, {after_stop:.2f} s after the start")
    assert load.faults == []
    assert after_restart < RECOVERY_GOAL_S and after_stop < RECOVERY_GOAL_S
    assert load.during_outage, "the stop was not noticed"
    assert max(took for took, _ in load.during_outage) < 4.0  # prompt, not a hang
    stored, cursor = set(), None
    for _ in range(1000):
        page = ws.tickets.list(project_id="RST", limit=1000, cursor=cursor)
        stored |= {t.id for t in page}
        cursor = page.next_cursor
        if cursor is None:
            break
    assert set(load.acked) <= stored
    assert wait_until(lambda: {entity for _, entity in delivered} == stored), \
        (len(delivered), len(stored))
    ids = [i for i, _ in delivered]
    assert ids == sorted(set(ids))  # in order, none twice
    sub.cancel()
    ws.close()


async def follow(url, seen, ready, stop):
    async with websockets.connect(url, open_timeout=15, close_timeout=5) as socket:
        ready.set()
        while not stop.is_set():
            try:
                frame = json.loads(await asyncio.wait_for(socket.recv(), 0.5))
            except asyncio.TimeoutError:
                continue
            if frame.get("event_type") == "TICKET_CREATED":
                seen.append((frame["id"], frame["entity_id"]))


async def upgrade_status(url):
    """The HTTP status a WebSocket upgrade gets (101 when it is accepted)."""
    try:
        async with websockets.connect(url, open_timeout=10):
            return 101
    except websockets.exceptions.InvalidStatusCode as refused:
        return refused.status_code
    except Exception as other:  # noqa: BLE001 - a dropped socket is the defect we test for
        return repr(other)


def test_server_survives_restart_and_outage(cluster, tmp_path):
    server = harness.Server(cluster.fresh_schema("srv"), tmp_path)
    try:
        server.ok("POST", "/projects", 201, json={"name": "Restart", "key": "SRV"})
        since = server.ok("GET", "/health/ready")["last_event_id"]
        seen, ready, stop = [], threading.Event(), threading.Event()
        url = server.ws_url(f"?token={server.token}&since={since}&event_types=TICKET_CREATED")
        follower = threading.Thread(target=lambda: asyncio.run(follow(url, seen, ready, stop)), daemon=True)
        follower.start()
        assert ready.wait(15)
        writer_http, reader_http = requests.Session(), requests.Session()
        for s in (writer_http, reader_http):
            s.headers["Authorization"] = f"Bearer {server.token}"

        def call(session, method, path, **kw):
            r = session.request(method, server.url(path), timeout=30, **kw)
            if r.status_code == 503:
                body = r.json()["error"]
                assert body["code"] == "UNAVAILABLE" and r.headers.get("Retry-After"), (r.headers, body)
                raise Unavailable(body["message"])
            assert r.status_code < 300, (r.status_code, r.text)
            return r.json()

        def write(n):
            return call(writer_http, "POST", "/tickets", json={"project_id": "SRV", "title": f"t{n}"})["id"]

        def read():
            call(reader_http, "GET", "/tickets", params={"project_id": "SRV", "limit": 5})

        outage_checks = {}
        with Load(write, read) as load:
            time.sleep(1.0)
            cluster.restart()
            after_restart = load.recovered_after(time.monotonic())
            cluster.pause()
            try:
                time.sleep(1.0)
                outage_checks["live"] = requests.get(server.url("/health"), timeout=10).status_code
                ready_answer = requests.get(server.url("/health/ready"), timeout=10)
                outage_checks["ready"] = (ready_answer.status_code, ready_answer.headers.get("Retry-After"))
                outage_checks["upgrade"] = asyncio.run(upgrade_status(server.ws_url(f"?token={server.token}")))
                time.sleep(4.0)
                load.during_outage = list(load.unavailable)
            finally:
                cluster.resume()
            after_stop = load.recovered_after(time.monotonic())
            time.sleep(1.0)
        print(f"server: recovered {after_restart:.2f} s after the restart, {after_stop:.2f} s after the start")
        assert load.faults == []
        assert outage_checks == {"live": 200, "ready": (503, "1"), "upgrade": 503}
        assert after_restart < RECOVERY_GOAL_S and after_stop < RECOVERY_GOAL_S
        assert load.during_outage and max(took for took, _ in load.during_outage) < 4.0
        assert server.ok("GET", "/health/ready")["database"] == "reachable"
        stored, cursor = set(), None
        for _ in range(1000):
            page = server.ok("GET", "/tickets", params={"project_id": "SRV", "limit": 1000,
                                                         **({"cursor": cursor} if cursor else {})})
            stored |= {t["id"] for t in page["tickets"]}
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert set(load.acked) <= stored
        assert wait_until(lambda: {entity for _, entity in seen} == stored), (len(seen), len(stored))
        ids = [i for i, _ in seen]
        assert ids == sorted(set(ids))
        stop.set()
        follower.join(10)
    finally:
        assert server.stop() == 0, server.log()
