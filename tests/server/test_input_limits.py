# SPDX-License-Identifier: Apache-2.0
"""No request or message can crash the server: deep, huge or malformed JSON is a coded 400
(or an error frame), and the server answers the next request."""

import asyncio
import json

import websockets

from conftest import error_of


def nested(depth):
    return "[" * depth + "]" * depth


def test_deep_bodies_are_refused_and_the_server_lives_on(server, project):
    # 60,000 levels inside context: a 360 KB body under the body limit
    body = '{"project_id": "PAY", "title": "deep", "context": ' + '{"k":' * 60_000 + "1" + "}" * 60_000 + "}"
    assert 300_000 < len(body) < 1_000_000
    details = error_of(server.post("/tickets", data=body, headers={"Content-Type": "application/json"}),
                       400, "VALIDATION_FAILED")
    assert details["field"] == "body"
    # deeper than the field limit but inside the document bound: the field is named
    for path, field, payload in [
            ("/tickets", "context", {"project_id": "PAY", "title": "t", "context": {"x": json.loads(nested(80))}}),
            (f"/projects/{project['id']}", "settings", {"settings": {"x": json.loads(nested(80))}})]:
        method = server.post if path == "/tickets" else server.patch
        assert error_of(method(path, json=payload), 400, "VALIDATION_FAILED")["field"] == field
    for text in ('{"project_id": "PAY", "title": "n", "context": {"x": NaN}}',
                 '{"project_id": "PAY", "title": "n", "context": {"x": 1e400}}'):
        error_of(server.post("/tickets", data=text, headers={"Content-Type": "application/json"}),
                 400, "VALIDATION_FAILED")
    assert server.ok("GET", "/health")["status"] == "ok"
    assert server.ok("GET", "/tickets", params={"project_id": "PAY"})["tickets"] == []


def test_odd_websocket_messages_get_error_frames(server):
    async def run():
        url = server.ws_url(f"?token={server.token}")
        async with websockets.connect(url, open_timeout=15) as ws:
            for message in ('{"type": 1}', '{"type": null}', "1e400", "[" * 2000 + "]" * 2000, "[]"):
                await ws.send(message)
                reply = json.loads(await asyncio.wait_for(ws.recv(), 15))
                assert "error" in reply, (message[:20], reply)
            await ws.send('{"type": "ping"}')
            assert json.loads(await asyncio.wait_for(ws.recv(), 15)) == {"type": "pong"}
    asyncio.run(run())


def test_bytes_no_record_can_hold_are_not_found_or_refused(server, ticket):
    """Invalid UTF-8 and NUL bytes: 404 for an id, 400 naming a filter, the same on both
    backends; no SQL or table names in any message."""
    for path, code in [("/tickets/%FF", "TICKET_NOT_FOUND"), ("/tickets/PAY-1%00junk", "TICKET_NOT_FOUND"),
                       ("/projects/%FF%FE", "PROJECT_NOT_FOUND"), ("/tasks/a%00b", "TASK_NOT_FOUND"),
                       ("/agents/%FF", "AGENT_NOT_FOUND")]:
        r = server.get(path)
        error_of(r, 404, code)
        assert "SELECT" not in r.text and "tickets" not in r.text.lower().replace("ticket '", ""), r.text
    for query, field in [({"project_id": b"\xff"}, "project_id"), ({"phase_id": "a\x00b"}, "phase_id"),
                         ({"status": "pending", "assigned_agent_id": b"\xfe"}, "assigned_agent_id")]:
        assert error_of(server.get("/tasks", params=query), 400, "VALIDATION_FAILED")["field"] == field
    assert server.ok("GET", "/tickets/PAY-1")["key"] == "PAY-1"


def test_unknown_body_fields_are_refused_everywhere(server, ticket):
    task = server.ok("POST", "/tasks", 201, json={"ticket_id": ticket["id"], "title": "t"})
    agent = server.ok("POST", "/agents/register", 201, json={"agent_type": "worker"})
    t = task["id"]
    cases = [
        (f"/tasks/{t}/start", {"agentid": agent["id"]}, "agentid"),
        (f"/tasks/{t}/complete", {"agent_id": agent["id"], "reslt": 1}, "reslt"),
        (f"/tasks/{t}/fail", {"agent_id": agent["id"]}, "error_message"),
        (f"/tasks/{t}/fail", {"agent_id": agent["id"], "error_message": "x", "retry": True}, "retry"),
        (f"/tasks/{t}/cancel", {"force": True, "reson": "typo"}, "reson"),
        ("/scheduler/complete", {"task_id": t, "agentid": agent["id"]}, "agentid"),
        ("/board/move", {"ticket_id": ticket["id"], "target_column_id": "building", "forse": True}, "forse"),
        (f"/agents/{agent['id']}/heartbeat", {"health": "healthy"}, "health"),
        (f"/tasks/{t}/dependencies", {"depends_on": [], "mode": "replace"}, "mode"),
        ("/github/connect?project_id=PAY", {"owner": "a", "repo": "b", "secret": "s"}, "secret"),
        ("/scheduler/renew", {"task_id": t, "agent_id": agent["id"], "lease": 60}, "lease"),
        ("/scheduler/renew", {"task_id": t, "agent_id": agent["id"], "lease_seconds": "60"}, "lease_seconds"),
        ("/scheduler/renew", {"task_id": t, "agent_id": agent["id"], "lease_seconds": 0}, "lease_seconds"),
        ("/scheduler/renew", {"agent_id": agent["id"]}, "task_id"),
        ("/scheduler/release", {"task_id": t, "agent_id": agent["id"], "lease_seconds": 60}, "lease_seconds"),
        ("/scheduler/release", {"task_id": t}, "agent_id"),
    ]
    before = server.ok("GET", "/events", params={"limit": 1000})["events"]
    for path, body, field in cases:
        assert error_of(server.post(path, json=body), 400, "VALIDATION_FAILED")["field"] == field, path
    assert server.ok("GET", "/events", params={"limit": 1000})["events"] == before  # nothing written
    assert server.ok("GET", f"/tasks/{t}")["status"] == "pending"
