# SPDX-License-Identifier: Apache-2.0
"""The event WebSocket: auth, filters, subscribe, resume with `since`, slow clients, pings,
shutdown. Every wait is bounded."""

import asyncio
import base64
import json
import os
import socket
import time

import websockets

from conftest import error_of

WAIT = 15


async def recv_json(ws, timeout=WAIT):
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def recv_events(ws, count, timeout=WAIT):
    events = []
    deadline = time.monotonic() + timeout
    while len(events) < count:
        frame = await recv_json(ws, max(0.1, deadline - time.monotonic()))
        if "event_type" in frame:
            events.append(frame)
    return events


async def expect_silence(ws, seconds=0.5):
    try:
        frame = await asyncio.wait_for(ws.recv(), seconds)
    except asyncio.TimeoutError:
        return
    raise AssertionError(f"unexpected frame {frame}")


async def expect_close(ws, code):
    try:
        while True:
            await asyncio.wait_for(ws.recv(), WAIT)
    except websockets.ConnectionClosed as closed:
        assert closed.code == code, (closed.code, closed.reason)
        return closed.reason


def connect(server, query="", token=True):
    sep = "&" if query else ""
    if token:
        query = f"?token={server.token}{sep}{query[1:] if query.startswith('?') else query}"
    elif query and not query.startswith("?"):
        query = "?" + query
    return websockets.connect(server.ws_url(query), max_size=2**22, open_timeout=WAIT, close_timeout=5)


def http(server, method, path, status, **kw):
    return asyncio.to_thread(server.ok, method, path, status, **kw)


def test_token_is_required(server):
    async def main():
        async with connect(server, token=False) as ws:
            assert "error" in await recv_json(ws)
            await expect_close(ws, 4401)
        async with websockets.connect(server.ws_url("?token=bad.token.here"), open_timeout=WAIT) as ws:
            assert "invalid token" in (await recv_json(ws))["error"]
            await expect_close(ws, 4401)
        headers = {"Authorization": f"Bearer {server.token}"}
        async with websockets.connect(server.ws_url(), extra_headers=headers, open_timeout=WAIT) as ws:
            await http(server, "POST", "/projects", 201, json={"name": "p", "key": "HDR"})
            assert (await recv_json(ws))["event_type"] == "PROJECT_CREATED"
    asyncio.run(main())


def test_filters_subscribe_and_messages(server, project):
    async def main():
        async with connect(server, "event_types=TICKET_CREATED,%20TASK_CREATED&entity_types=ticket") as ws:
            ticket = await http(server, "POST", "/tickets", 201, json={"project_id": "PAY", "title": "t"})
            await http(server, "POST", "/tasks", 201, json={"ticket_id": ticket["id"], "title": "x"})
            frame = await recv_json(ws)
            assert set(frame) >= {"id", "event_type", "entity_type", "entity_id", "payload"}
            assert (frame["event_type"], frame["entity_id"]) == ("TICKET_CREATED", ticket["id"])
            await expect_silence(ws)
            # subscribe merges only the keys it names (upstream dict.update) and is acknowledged
            await ws.send(json.dumps({"type": "subscribe", "entity_types": ["task"]}))
            assert await recv_json(ws) == {"status": "subscribed", "filters": {"entity_types": ["task"]}}
            task = await http(server, "POST", "/tasks", 201, json={"ticket_id": ticket["id"], "title": "y"})
            await http(server, "POST", "/tickets", 201, json={"project_id": "PAY", "title": "u"})
            frame = await recv_json(ws)
            assert (frame["event_type"], frame["entity_id"]) == ("TASK_CREATED", task["id"])
            await expect_silence(ws)
            await ws.send(json.dumps({"type": "subscribe", "event_types": [], "entity_ids": [ticket["id"]],
                                      "entity_types": []}))
            assert (await recv_json(ws))["status"] == "subscribed"
            await http(server, "PATCH", f"/tickets/{ticket['id']}", 200, json={"priority": "HIGH"})
            assert (await recv_json(ws))["event_type"] == "TICKET_UPDATED"
            await ws.send("{nope")
            assert await recv_json(ws) == {"error": "Invalid JSON message"}
            await ws.send(json.dumps({"type": "ping"}))
            assert await recv_json(ws) == {"type": "pong"}
            await ws.send(json.dumps({"type": "subscribe", "colour": ["red"]}))
            assert (await recv_json(ws))["error"]["code"] == "VALIDATION_FAILED"
        async with connect(server, "since=minus-one") as ws:
            assert (await recv_json(ws))["error"]["code"] == "VALIDATION_FAILED"
            await expect_close(ws, 4400)
    asyncio.run(main())


def test_resume_with_since_loses_and_repeats_nothing(server, ticket):
    async def make_tasks(n, tag):
        body = {"tasks": [{"ticket_id": ticket["id"], "title": f"{tag}{i}"} for i in range(n)]}
        await http(server, "POST", "/tasks/batch", 200, json=body)

    async def main():
        seen = []
        async with connect(server, "since=0") as ws:
            await make_tasks(40, "a")
            seen += await recv_events(ws, 22)  # PROJECT_CREATED, TICKET_CREATED, then 20 of the 40
        await make_tasks(30, "b")  # while disconnected
        async with connect(server, f"since={seen[-1]['id']}") as ws:
            await make_tasks(10, "c")  # while replaying or live: still no gap, no duplicate
            seen += await recv_events(ws, 2 + 40 + 30 + 10 - 22)
            await expect_silence(ws)
        ids = [e["id"] for e in seen]
        assert ids == sorted(set(ids)) and len(ids) == 82
        all_events = server.ok("GET", "/events", params={"since": 0, "limit": 1000})["events"]
        assert ids == [e["id"] for e in all_events]
        titles = [e["payload"].get("title") for e in seen if e["event_type"] == "TASK_CREATED"]
        assert titles == [f"a{i}" for i in range(40)] + [f"b{i}" for i in range(30)] + [f"c{i}" for i in range(10)]
    asyncio.run(main())


def raw_ws_client(port, token):
    """A WebSocket client that completes the handshake and then never reads: a tiny receive
    buffer makes the server's writes back up."""
    s = socket.socket()
    s.settimeout(WAIT)
    s.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET /api/v1/ws/events?token={token} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += s.recv(1)
    assert head.startswith(b"HTTP/1.1 101"), head
    return s


def drain_until_closed(s):
    """Reads until the server ends the connection; returns (bytes read, close code or None)."""
    data = b""
    s.settimeout(WAIT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            chunk = s.recv(1 << 16)
        except (ConnectionResetError, socket.timeout):
            break
        if not chunk:
            break
        data += chunk
    close_at = data.rfind(b"\x88")
    code = int.from_bytes(data[close_at + 2:close_at + 4], "big") if close_at >= 0 and len(data) >= close_at + 4 else None
    return data, code


def test_slow_client_is_dropped_without_stalling_others(start_server, database):
    server = start_server("--ws-max-queue-bytes", str(1 << 20))
    project = server.ok("POST", "/projects", 201, json={"name": "p", "key": "SLO"})
    ticket = server.ok("POST", "/tickets", 201, json={"project_id": project["id"], "title": "t"})
    slow = raw_ws_client(server.port, server.token)
    batches, per_batch = 10, 1000
    padding = "x" * 470  # ~900-byte frames: 9 MB, more than the kernel buffers (4 MB) plus the queue

    async def main():
        async with connect(server) as fast:
            reader = asyncio.create_task(recv_events(fast, batches * per_batch, timeout=90))
            for b in range(batches):
                body = {"tasks": [{"ticket_id": ticket["id"], "title": f"{b}-{i}-{padding}"} for i in range(per_batch)]}
                started = time.monotonic()
                await http(server, "POST", "/tasks/batch", 200, json=body)
                assert time.monotonic() - started < 30  # writers never wait for WebSocket clients
            events = await reader
            ids = [e["id"] for e in events]
            assert ids == list(range(ids[0], ids[0] + batches * per_batch))
    asyncio.run(main())
    data, code = drain_until_closed(slow)
    slow.close()
    # It got part of the stream, then the server closed it.
    assert data.count(b'"event_type":"TASK_CREATED"') < batches * per_batch
    assert code in (None, 1008)
    assert "dropped slow WebSocket client" in server.log()


def test_ping_after_silence(start_server):
    server = start_server("--ws-ping-seconds", "1")

    async def main():
        async with connect(server) as ws:
            assert await recv_json(ws, timeout=5) == {"type": "ping"}
    asyncio.run(main())


def test_shutdown_closes_websockets_and_exits_zero(start_server):
    server = start_server()
    idle_http = socket.create_connection(("127.0.0.1", server.port))

    async def main():
        async with connect(server) as ws:
            await asyncio.sleep(0.2)
            started = time.monotonic()
            server.proc.send_signal(15)
            reason = await expect_close(ws, 1001)
            assert reason == "server shutting down"
            return started
    started = asyncio.run(main())
    assert server.proc.wait(10) == 0
    assert time.monotonic() - started < 5
    idle_http.settimeout(5)
    assert idle_http.recv(10) == b""
    idle_http.close()


def test_upgrade_elsewhere_is_refused(server):
    async def main():
        try:
            async with websockets.connect(f"ws://127.0.0.1:{server.port}/api/v1/ws/other", open_timeout=WAIT):
                raise AssertionError("upgrade accepted")
        except websockets.InvalidStatusCode as e:
            assert e.status_code == 404
    asyncio.run(main())


def test_filters_take_keys_and_refuse_typos(server, project):
    async def main():
        async with connect(server, "project_id=PAY&event_types=TICKET_CREATED") as ws:
            ticket = await http(server, "POST", "/tickets", 201, json={"project_id": "PAY", "title": "t"})
            frame = await recv_json(ws)
            assert (frame["event_type"], frame["entity_id"]) == ("TICKET_CREATED", ticket["id"])
            await ws.send(json.dumps({"type": "subscribe", "project_id": "NOPE"}))
            assert (await recv_json(ws))["error"]["code"] == "PROJECT_NOT_FOUND"
            await ws.send(json.dumps({"type": "subscribe", "event_types": ["TICKET_CREATD"]}))
            assert (await recv_json(ws))["error"]["code"] == "VALIDATION_FAILED"
            await http(server, "POST", "/tickets", 201, json={"project_id": "PAY", "title": "still live"})
            assert (await recv_json(ws))["payload"]["title"] == "still live"
        async with connect(server, "event_types=TASK_COMPLETE") as ws:
            assert (await recv_json(ws))["error"]["code"] == "VALIDATION_FAILED"
            await expect_close(ws, 4400)
        async with connect(server, "project_id=NOPE") as ws:
            assert (await recv_json(ws))["error"]["code"] == "PROJECT_NOT_FOUND"
            await expect_close(ws, 4400)
    asyncio.run(main())


def first_frame_arrival(s, limit=60.0):
    """When bytes after the 101 response first arrive: the server's writes have begun (peeked,
    so nothing is read and the server still cannot get rid of its frames)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        seen = s.recv(1 << 16, socket.MSG_PEEK)
        end = seen.find(b"\r\n\r\n")
        if end >= 0 and len(seen) > end + 4:
            return time.monotonic()
        time.sleep(0.05)
    raise AssertionError(f"no frame within {limit} s")


def test_a_replay_client_that_never_reads_is_cut(server, ticket):
    """40 events of 500 KB replayed to a socket that never reads: the server gives each frame
    10 s and then drops the client, and stops on SIGTERM in time."""
    for i in range(40):
        server.ok("PATCH", f"/tickets/{ticket['id']}", json={"context": {"blob": str(i) * 500_000}})
    key = base64.b64encode(os.urandom(16)).decode()
    s = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    s.sendall((f"GET /api/v1/ws/events?token={server.token}&since=0 HTTP/1.1\r\nHost: x\r\n"
               f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
               f"Sec-WebSocket-Version: 13\r\n\r\n").encode())
    cut = False
    try:
        sending_at = first_frame_arrival(s)  # the replay reads its page first: slow under load
        time.sleep(max(0.0, sending_at + 15 - time.monotonic()))  # never read: the 10 s run out
        s.settimeout(30)
        started = time.monotonic()
        while time.monotonic() - started < 60:  # now drain what was buffered, until the end
            if not s.recv(1 << 20):
                cut = True
                break
    except (ConnectionResetError, socket.timeout):
        cut = True
    finally:
        s.close()
    assert cut, "the replay kept the connection"
    assert server.ok("GET", "/health")["status"] == "ok"


def test_a_session_ends_when_its_token_expires(server, project):
    async def run():
        token = server.make_token("short-lived", lifetime=3)
        url = server.ws_url(f"?token={token}")
        async with websockets.connect(url, open_timeout=WAIT) as ws:
            started = time.monotonic()
            reason = await expect_close(ws, 4401)
            assert "expired" in reason and time.monotonic() - started < 10
    asyncio.run(run())
