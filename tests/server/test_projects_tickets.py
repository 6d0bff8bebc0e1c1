# SPDX-License-Identifier: Apache-2.0
"""Projects and tickets over HTTP: upstream paths and shapes, paging, fields, coded errors."""

from conftest import error_of


def test_project_crud_and_errors(server, project):
    assert project["key"] == "PAY" and project["status"] == "active"
    assert project["id"].startswith("project-")
    assert server.ok("GET", "/projects/PAY")["id"] == project["id"]
    assert server.ok("GET", f"/projects/{project['id']}")["name"] == "Payments"
    details = error_of(server.post("/projects", json={"name": "Again", "key": "PAY"}), 409, "CONFLICT")
    assert details["key"] == "PAY"
    error_of(server.get("/projects/NOPE"), 404, "PROJECT_NOT_FOUND")
    assert error_of(server.post("/projects", json={"name": "x", "key": "lower"}), 400, "VALIDATION_FAILED")["field"] == "key"
    assert error_of(server.post("/projects", json={"name": "x", "key": "OK", "bogus": 1}), 400,
                    "VALIDATION_FAILED")["field"] == "bogus"
    updated = server.ok("PATCH", "/projects/PAY", json={"description": "Refunds and more"})
    assert updated["description"] == "Refunds and more"
    archived = server.ok("DELETE", "/projects/PAY")
    assert archived["status"] == "archived"
    assert server.ok("GET", "/projects/PAY")["status"] == "archived"


def test_project_list_pages_and_fields(server):
    for key in ["AAA", "BBB", "CCC"]:
        server.ok("POST", "/projects", 201, json={"name": key.lower(), "key": key})
    first = server.ok("GET", "/projects", params={"limit": 2, "fields": "key,name"})
    assert [p["key"] for p in first["projects"]] == ["AAA", "BBB"]
    assert all(set(p) == {"key", "name"} for p in first["projects"])
    assert first["next_cursor"]
    second = server.ok("GET", "/projects", params={"limit": 2, "cursor": first["next_cursor"]})
    assert [p["key"] for p in second["projects"]] == ["CCC"]
    assert second["next_cursor"] is None
    error_of(server.get("/projects", params={"limit": "many"}), 400, "VALIDATION_FAILED")
    error_of(server.get("/projects", params={"colour": "red"}), 400, "VALIDATION_FAILED")
    error_of(server.get("/projects", params={"cursor": "garbage"}), 400, "VALIDATION_FAILED")


def test_project_stats_spawn_agent_and_workflow(server, project):
    for title in ["a", "b", "c"]:
        server.ok("POST", "/tickets", 201, json={"project_id": "PAY", "title": title})
    server.ok("POST", "/tickets", 201, json={"project_id": "PAY", "title": "d", "phase_id": "PHASE_IMPLEMENTATION"})
    agent = server.ok("POST", "/projects/PAY/spawn-agent", 201,
                      json={"agent_type": "worker", "phase_id": "PHASE_IMPLEMENTATION", "capabilities": ["SQL"], "capacity": 2})
    assert agent["project_id"] == project["id"] and agent["capabilities"] == ["sql"] and agent["capacity"] == 2
    stats = server.ok("GET", "/projects/PAY/stats")
    assert stats == {"project_id": project["id"], "total_tickets": 4,
                     "tickets_by_status": {"backlog": 3, "building": 1},
                     "tickets_by_phase": {"PHASE_BACKLOG": 3, "PHASE_IMPLEMENTATION": 1},
                     # the spawned agent registered just now: active (docs/statistics.md)
                     "active_agents": 1, "total_commits": 0}
    workflow = server.ok("GET", "/projects/PAY/workflow")
    assert workflow["phases"][0]["id"] == "PHASE_BACKLOG"
    error_of(server.put("/projects/PAY/workflow", json={"phases": []}), 400, "VALIDATION_FAILED")
    error_of(server.get("/projects/NOPE/stats"), 404, "PROJECT_NOT_FOUND")


def test_ticket_crud(server, project, ticket):
    assert ticket["key"] == "PAY-1" and ticket["status"] == "backlog" and ticket["phase_id"] == "PHASE_BACKLOG"
    assert server.ok("GET", "/tickets/PAY-1")["id"] == ticket["id"]
    patched = server.ok("PATCH", "/tickets/PAY-1", json={"priority": "HIGH", "description": "d"})
    assert patched["priority"] == "HIGH" and patched["description"] == "d"
    error_of(server.patch("/tickets/PAY-1", json={"priority": "URGENT"}), 400, "VALIDATION_FAILED")
    error_of(server.post("/tickets", json={"project_id": "NOPE", "title": "x"}), 404, "PROJECT_NOT_FOUND")
    error_of(server.post("/tickets", json={"project_id": "PAY", "title": ""}), 400, "VALIDATION_FAILED")
    second = server.ok("POST", "/tickets", 201, json={"project_id": "PAY", "title": "Two", "priority": "LOW"})
    listed = server.ok("GET", "/tickets", params={"project_id": "PAY", "priority": "LOW"})
    assert [t["key"] for t in listed["tickets"]] == [second["key"]]
    r = server.delete("/tickets/PAY-2")
    assert r.status_code == 204 and r.content == b""
    error_of(server.get("/tickets/PAY-2"), 404, "TICKET_NOT_FOUND")


def test_ticket_state_machine_block_and_history(server, ticket):
    moved = server.ok("POST", "/tickets/PAY-1/transition", json={"to_status": "analyzing", "reason": "start"})
    assert moved["status"] == "analyzing" and moved["phase_id"] == "PHASE_REQUIREMENTS"
    details = error_of(server.post("/tickets/PAY-1/transition", json={"to_status": "done"}), 409, "INVALID_TRANSITION")
    assert details["from"] == "analyzing" and details["to"] == "done"
    forced = server.ok("POST", "/tickets/PAY-1/transition", json={"to_status": "testing", "force": True})
    assert forced["status"] == "testing"
    regressed = server.ok("POST", "/tickets/PAY-1/regress",
                          params={"to_status": "building", "validation_feedback": "tests fail"})
    assert regressed["status"] == "building"
    assert regressed["context"]["regressions"][0]["validation_feedback"] == "tests fail"
    blocked = server.ok("POST", "/tickets/PAY-1/block", params={"blocker_type": "environment"})
    assert blocked["is_blocked"] is True and blocked["phase_id"] == "PHASE_BLOCKED"
    error_of(server.post("/tickets/PAY-1/block", params={"blocker_type": "gremlins"}), 400, "VALIDATION_FAILED")
    unblocked = server.ok("POST", "/tickets/PAY-1/unblock")
    assert unblocked["is_blocked"] is False and unblocked["phase_id"] == "PHASE_IMPLEMENTATION"
    tasks = server.ok("GET", "/tasks", params={"ticket_id": "PAY-1"})["tasks"]
    assert [t["title"] for t in tasks] == ["Fix environment"]
    history = server.ok("GET", "/tickets/PAY-1/phase-history")["history"]
    assert [h["to_phase"] for h in history] == ["PHASE_REQUIREMENTS", "PHASE_TESTING", "PHASE_IMPLEMENTATION",
                                                 "PHASE_BLOCKED", "PHASE_IMPLEMENTATION"]
    error_of(server.post("/tickets/PAY-1/transition", json={}), 400, "VALIDATION_FAILED")
    error_of(server.post("/tickets/PAY-9/transition", json={"to_status": "analyzing"}), 404, "TICKET_NOT_FOUND")


def test_ticket_approval(server, project):
    settings = {"approval": {"ticket_human_review": True, "timeout_seconds": 600, "on_reject": "archive"}}
    server.ok("PATCH", "/projects/PAY", json={"settings": settings})
    first = server.ok("POST", "/tickets", 201, json={"project_id": "PAY", "title": "Needs review"})
    second = server.ok("POST", "/tickets", 201, json={"project_id": "PAY", "title": "Also"})
    assert first["approval_status"] == "pending_review"
    assert server.ok("GET", "/tickets/pending-review-count", params={"project_id": "PAY"}) == {"pending_count": 2}
    status = server.ok("GET", "/tickets/approval-status", params={"ticket_id": first["id"]})
    assert status["approval_status"] == "pending_review" and status["deadline_at"]
    assert server.ok("POST", "/tickets/approve", json={"ticket_id": first["id"]})["status"] == "approved"
    error_of(server.post("/tickets/approve", json={"ticket_id": first["id"]}), 409, "INVALID_TRANSITION")
    rejected = server.ok("POST", "/tickets/reject", json={"ticket_id": second["id"], "rejection_reason": "dup"})
    assert rejected["status"] == "rejected" and rejected["rejection_reason"] == "dup"
    assert server.ok("GET", "/tickets/pending-review-count", params={"project_id": "PAY"}) == {"pending_count": 0}
    error_of(server.post("/tickets/reject", json={"ticket_id": first["id"]}), 400, "VALIDATION_FAILED")
    error_of(server.post("/tickets/approve", json={}), 400, "VALIDATION_FAILED")
    error_of(server.get("/tickets/approval-status"), 400, "VALIDATION_FAILED")
    assert server.ok("POST", "/tickets/check-approval-timeouts") == {"timed_out": []}


def test_ticket_tasks_artifacts_and_gates(server, ticket):
    task = server.ok("POST", f"/tickets/{ticket['id']}/tasks", 201, json={"title": "Schema", "priority": "HIGH"})
    assert task["ticket_id"] == ticket["id"] and task["status"] == "pending" and task["priority"] == "HIGH"
    error_of(server.post("/tickets/PAY-7/tasks", json={"title": "x"}), 404, "TICKET_NOT_FOUND")
    gate = server.ok("GET", "/tickets/PAY-1/gate-status")
    assert gate["phase_id"] == "PHASE_BACKLOG"
    artifact = server.ok("POST", "/tickets/PAY-1/artifacts", 201, json={"artifact_type": "document", "path": "x.md"})
    assert artifact["artifact_type"] == "document" and artifact["phase_id"] == "PHASE_BACKLOG"
    progressed = server.ok("POST", "/tickets/PAY-1/progress")
    if gate["met"] or server.ok("GET", "/tickets/PAY-1/gate-status")["met"]:
        assert progressed["phase_id"] != "PHASE_BACKLOG"
    else:
        assert progressed == {"status": "no_progression"}


def test_etags_if_match_and_if_none_match(server, ticket):
    first = server.get(f"/tickets/{ticket['id']}")
    etag = first.headers["ETag"]
    assert etag == f'"{first.json()["version"]}"'
    unchanged = server.get(f"/tickets/{ticket['id']}", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    edited = server.call("PATCH", f"/tickets/{ticket['id']}", json={"title": "mine"}, headers={"If-Match": etag})
    assert edited.status_code == 200 and edited.headers["ETag"] != etag
    stale = server.call("PATCH", f"/tickets/{ticket['id']}", json={"title": "theirs"}, headers={"If-Match": etag})
    details = error_of(stale, 412, "PRECONDITION_FAILED")
    assert f'"{details["expected_version"]}"' == etag
    assert server.ok("GET", f"/tickets/{ticket['id']}")["title"] == "mine"
    assert server.get(f"/tickets/{ticket['id']}", headers={"If-None-Match": etag}).status_code == 200
    task = server.ok("POST", "/tasks", 201, json={"ticket_id": ticket["id"], "title": "t"})
    tag = server.get(f"/tasks/{task['id']}").headers["ETag"]
    error_of(server.call("PATCH", f"/tasks/{task['id']}", json={"title": "x"}, headers={"If-Match": '"0000"'}),
             412, "PRECONDITION_FAILED")
    assert server.call("PATCH", f"/tasks/{task['id']}", json={"title": "x"}, headers={"If-Match": tag}).status_code == 200
