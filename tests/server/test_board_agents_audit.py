# SPDX-License-Identifier: Apache-2.0
"""Board, agents, audit and the polling event API over HTTP."""

from conftest import error_of


def tickets_in(view, column_id):
    return [t["id"] for c in view["columns"] if c["id"] == column_id for t in c["tickets"]]


def test_board_view_move_and_wip(server, project):
    workflow = server.ok("GET", "/projects/PAY/workflow")
    for column in workflow["columns"]:
        if column["id"] == "building":
            column["wip_limit"] = 3
    assert server.ok("PUT", "/projects/PAY/workflow", json=workflow) == workflow
    ids = [server.ok("POST", "/tickets", 201, json={"project_id": "PAY", "title": f"t{i}"})["id"] for i in range(4)]
    view = server.ok("GET", "/board/view", params={"project_id": "PAY"})
    assert view["project_id"] == project["id"]
    assert tickets_in(view, "backlog") == ids
    building = next(c for c in view["columns"] if c["id"] == "building")
    limit = building["wip_limit"]
    assert limit == 3
    for ticket_id in ids[:limit]:
        moved = server.ok("POST", "/board/move", json={"ticket_id": ticket_id, "target_column_id": "building"})
        assert moved["status"] == "moved" and moved["new_column"] == "building" and moved["new_phase"] == "PHASE_IMPLEMENTATION"
    details = error_of(server.post("/board/move", json={"ticket_id": ids[3], "target_column_id": "building"}),
                       409, "WIP_LIMIT_EXCEEDED")
    assert details["column"] == "building" and details["limit"] == 3 and details["count"] == 3
    assert server.ok("GET", f"/tickets/{ids[3]}")["phase_id"] == "PHASE_BACKLOG"
    assert server.ok("GET", "/board/wip-violations", params={"project_id": "PAY"}) == []
    server.ok("POST", "/board/move", json={"ticket_id": ids[3], "target_column_id": "building", "force": True})
    violations = server.ok("GET", "/board/wip-violations", params={"project_id": "PAY"})
    assert violations == [{"column_id": "building", "column_name": building["name"], "wip_limit": 3,
                           "current_count": 4, "excess": 1}]
    stats = {s["column_id"]: s for s in server.ok("GET", "/board/stats", params={"project_id": "PAY"})}
    assert stats["building"]["ticket_count"] == 4 and stats["building"]["wip_exceeded"] is True
    assert stats["building"]["utilization"] == 4 / 3 and stats["backlog"]["ticket_count"] == 0
    error_of(server.post("/board/move", json={"ticket_id": ids[0], "target_column_id": "nowhere"}), 400, "VALIDATION_FAILED")
    error_of(server.post("/board/move", json={"target_column_id": "building"}), 400, "VALIDATION_FAILED")
    error_of(server.get("/board/view"), 400, "VALIDATION_FAILED")
    error_of(server.get("/board/view", params={"project_id": "NOPE"}), 404, "PROJECT_NOT_FOUND")


def test_board_columns_and_auto_transition(server, ticket):
    column = server.ok("GET", "/board/column/PHASE_IMPLEMENTATION", params={"project_id": "PAY"})
    assert column["id"] == "building" and "PHASE_IMPLEMENTATION" in column["phase_mapping"]
    error_of(server.get("/board/column/PHASE_NOWHERE", params={"project_id": "PAY"}), 400, "VALIDATION_FAILED")
    result = server.ok("POST", f"/board/auto-transition/{ticket['id']}")
    view = server.ok("GET", "/board/view", params={"project_id": "PAY"})
    backlog = next(c for c in view["columns"] if c["id"] == "backlog")
    if backlog["auto_transition_to"]:
        assert result["transitioned"] is True and result["new_column"] == backlog["auto_transition_to"]
    else:
        assert result == {"ticket_id": ticket["id"], "transitioned": False,
                          "reason": "No auto-transition configured or WIP limit exceeded"}
    error_of(server.post("/board/auto-transition/PAY-99"), 404, "TICKET_NOT_FOUND")


def test_agents(server, project):
    agent = server.ok("POST", "/agents/register", 201,
                      json={"agent_name": "w1", "project_id": "PAY", "capabilities": ["Python"], "capacity": 2})
    assert agent["health_status"] == "unknown" and agent["capabilities"] == ["python"]
    server.ok("POST", "/agents/register", 201, json={"agent_name": "g", "agent_type": "guardian"})
    assert server.ok("GET", f"/agents/{agent['id']}")["agent_name"] == "w1"
    listed = server.ok("GET", "/agents", params={"project_id": "PAY", "fields": "agent_name"})
    assert listed == {"agents": [{"agent_name": "w1"}], "next_cursor": None}
    beat = server.ok("POST", f"/agents/{agent['id']}/heartbeat", json={"health_status": "healthy"})
    assert beat["health_status"] == "healthy" and beat["last_heartbeat"]
    assert server.ok("PATCH", f"/agents/{agent['id']}", json={"capacity": 5})["capacity"] == 5
    error_of(server.post(f"/agents/{agent['id']}/heartbeat", json={"health_status": "sleepy"}), 400, "VALIDATION_FAILED")
    error_of(server.get("/agents/00000000-0000-4000-8000-000000000000"), 404, "AGENT_NOT_FOUND")
    error_of(server.post("/agents/register", json={"capacity": 0}), 400, "VALIDATION_FAILED")


def test_audit_and_event_polling(server, ticket):
    server.ok("POST", "/tickets/PAY-1/transition", json={"to_status": "analyzing"})
    trail = server.ok("GET", "/audit/tickets/PAY-1")
    types = [e["event_type"] for e in trail["entries"]]
    assert types == ["TICKET_CREATED", "TICKET_STATUS_CHANGED"]
    change = trail["entries"][1]
    assert change["type"] == "status_change" and change["details"]["to_status"] == "analyzing"
    assert change["agent_id"] is None or change["agent_id"] == "tester"
    first = server.ok("GET", "/audit/projects/PAY", params={"limit": 1})
    assert len(first["entries"]) == 1 and first["next_cursor"]
    rest = server.ok("GET", "/audit/projects/PAY", params={"cursor": first["next_cursor"]})
    assert [e["event_type"] for e in first["entries"] + rest["entries"]] == \
        ["PROJECT_CREATED", "TICKET_CREATED", "TICKET_STATUS_CHANGED"]
    future = server.ok("GET", "/audit/projects/PAY", params={"start_date": "2999-01-01T00:00:00Z"})
    assert future["entries"] == []
    error_of(server.get("/audit/projects/PAY", params={"start_date": "yesterday"}), 400, "VALIDATION_FAILED")
    error_of(server.get("/audit/tickets/PAY-5"), 404, "TICKET_NOT_FOUND")

    everything = server.ok("GET", "/events", params={"since": 0})
    assert [e["event_type"] for e in everything["events"]] == ["PROJECT_CREATED", "TICKET_CREATED", "TICKET_STATUS_CHANGED"]
    assert all(e["actor"] == "tester" for e in everything["events"])
    assert everything["last_id"] == everything["events"][-1]["id"]
    only = server.ok("GET", "/events", params={"since": 0, "event_types": "TICKET_CREATED, TICKET_STATUS_CHANGED",
                                                "entity_ids": ticket["id"]})
    assert [e["event_type"] for e in only["events"]] == ["TICKET_CREATED", "TICKET_STATUS_CHANGED"]
    after = server.ok("GET", "/events", params={"since": everything["last_id"]})
    assert after == {"events": [], "last_id": everything["last_id"]}
    paged = server.ok("GET", "/events", params={"since": 0, "limit": 2})
    assert len(paged["events"]) == 2 and paged["last_id"] == paged["events"][1]["id"]
    error_of(server.get("/events", params={"since": "x"}), 400, "VALIDATION_FAILED")
    error_of(server.get("/events", params={"limit": 0}), 400, "VALIDATION_FAILED")


def test_event_filters_are_exact_over_http(server, ticket):
    by_key = server.ok("GET", "/events", params={"since": 0, "project_id": "PAY"})["events"]
    assert by_key and all(e["project_id"] == ticket["project_id"] for e in by_key)
    [created] = server.ok("GET", "/events", params={"since": 0, "entity_ids": ticket["key"]})["events"]
    assert created["event_type"] == "TICKET_CREATED"
    error_of(server.get("/events", params={"project_id": "NOPE"}), 404, "PROJECT_NOT_FOUND")
    details = error_of(server.get("/events", params={"event_types": "TICKET_CREATD"}), 400, "VALIDATION_FAILED")
    assert details["field"] == "event_types"
    newest = server.ok("GET", "/events", params={"since": 0, "limit": 10000})["last_id"]
    assert error_of(server.get("/events", params={"since": newest + 5}), 400, "VALIDATION_FAILED")["field"] == "since"


def test_moves_keep_the_rules_over_http(server, project):
    blocker = server.ok("POST", "/tickets", 201, json={"project_id": "PAY", "title": "blocker"})
    blocked = server.ok("POST", "/tickets", 201, json={"project_id": "PAY", "title": "b", "blocked_by": [blocker["key"]]})
    server.ok("POST", "/board/move", json={"ticket_id": blocked["id"], "target_column_id": "deploying"})
    details = error_of(server.post("/board/move", json={"ticket_id": blocked["id"], "target_column_id": "done"}),
                       409, "INVALID_TRANSITION")
    assert details["blocked_by"] == [blocker["key"]]
    forced = server.ok("POST", "/board/move", json={"ticket_id": blocked["id"], "target_column_id": "done", "force": True})
    assert forced["new_column"] == "done"
    task = server.ok("POST", "/tasks", 201, json={"ticket_id": blocker["id"], "title": "t"})
    assert error_of(server.call("PATCH", f"/tasks/{task['id']}", json={"status": "completed"}), 400,
                    "VALIDATION_FAILED")["field"] == "status"
    assert server.ok("PATCH", f"/tasks/{task['id']}", json={"status": "cancelled", "force": True})["status"] == "cancelled"
