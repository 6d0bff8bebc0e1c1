# SPDX-License-Identifier: Apache-2.0
"""Tasks, dependencies, graph exports and scheduling over HTTP."""

import threading
import time

from conftest import error_of


def make_chain(server, ticket, n=3):
    ids = []
    for i in range(n):
        body = {"ticket_id": ticket["id"], "title": f"step {i}", "estimate": float(i + 1)}
        if ids:
            body["depends_on"] = [ids[-1]]
        ids.append(server.ok("POST", "/tasks", 201, json=body)["id"])
    return ids


def test_task_crud_and_filters(server, ticket):
    task = server.ok("POST", "/tasks", 201, json={"ticket_id": "PAY-1", "title": "Schema", "required_capabilities": [" SQL "]})
    assert task["ticket_id"] == ticket["id"] and task["required_capabilities"] == ["sql"] and task["status"] == "pending"
    assert server.ok("GET", f"/tasks/{task['id']}")["title"] == "Schema"
    put = server.ok("PUT", f"/tasks/{task['id']}", json={"title": "Schema v2", "priority": "CRITICAL"})
    assert put["title"] == "Schema v2" and put["priority"] == "CRITICAL"
    assert server.ok("PATCH", f"/tasks/{task['id']}", json={"estimate": 2.5})["estimate"] == 2.5
    error_of(server.get("/tasks/00000000-0000-4000-8000-000000000000"), 404, "TASK_NOT_FOUND")
    error_of(server.post("/tasks", json={"ticket_id": "PAY-1"}), 400, "VALIDATION_FAILED")
    batch = server.ok("POST", "/tasks/batch", json={"tasks": [
        {"id": "11111111-1111-4111-8111-111111111111", "ticket_id": "PAY-1", "title": "a"},
        {"ticket_id": "PAY-1", "title": "b", "depends_on": ["11111111-1111-4111-8111-111111111111"]}]})
    assert [t["title"] for t in batch["tasks"]] == ["a", "b"]
    error_of(server.post("/tasks/batch", json={"tasks": [{"ticket_id": "PAY-1", "title": "ok"},
                                                         {"ticket_id": "PAY-1", "title": ""}]}), 400, "VALIDATION_FAILED")
    listed = server.ok("GET", "/tasks", params={"ticket_id": "PAY-1", "limit": 2, "fields": "title"})
    assert len(listed["tasks"]) == 2 and listed["tasks"][0] == {"title": "Schema v2"} and listed["next_cursor"]
    assert all(set(t) == {"title"} for t in listed["tasks"])
    rest = server.ok("GET", "/tasks", params={"ticket_id": "PAY-1", "cursor": listed["next_cursor"]})
    # a batch shares one creation time, so its tasks page in id order: a and b in either order
    assert sorted([listed["tasks"][1]["title"], rest["tasks"][0]["title"]]) == ["a", "b"] and len(rest["tasks"]) == 1
    error_of(server.get("/tasks", params={"status": "sleeping"}), 400, "VALIDATION_FAILED")


def test_dependencies_and_cycles(server, ticket):
    a, b, c = make_chain(server, ticket)
    deps = server.ok("GET", f"/tasks/{c}/dependencies")
    assert deps == {"task_id": c, "depends_on": [b], "dependencies_complete": False, "blocked_tasks": []}
    assert [t["id"] for t in server.ok("GET", f"/tasks/{a}/dependencies")["blocked_tasks"]] == [b]
    details = error_of(server.post(f"/tasks/{a}/dependencies", json={"depends_on": [c]}), 409, "TASK_DEPENDENCY_CYCLE")
    assert details["cycle"] == [a, c, b, a]
    assert server.ok("POST", f"/tasks/{a}/check-circular", json=[c]) == {"has_circular_dependency": True, "cycle": [a, c, b, a]}
    assert server.ok("POST", f"/tasks/{c}/check-circular", json={"depends_on": [a]}) == {"has_circular_dependency": False, "cycle": None}
    error_of(server.post(f"/tasks/{c}/dependencies", json={"depends_on": ["00000000-0000-4000-8000-000000000000"]}),
             404, "TASK_NOT_FOUND")
    added = server.ok("POST", f"/tasks/{c}/dependencies", json={"depends_on": [a]})
    assert sorted(added["depends_on"]) == sorted([a, b]) and added["dependencies_complete"] is False
    replaced = server.ok("PUT", f"/tasks/{c}/dependencies", json={"depends_on": [a]})
    assert replaced["depends_on"] == [a]
    removed = server.ok("DELETE", f"/tasks/{c}/dependencies/{a}")
    assert removed == {"task_id": c, "depends_on": [], "dependencies_complete": True}
    error_of(server.delete(f"/tasks/{c}/dependencies/{a}"), 400, "VALIDATION_FAILED")
    error_of(server.post(f"/tasks/{c}/dependencies", json={"depends_on": "nope"}), 400, "VALIDATION_FAILED")


def claim(server, agent, task_id):
    return server.ok("POST", "/scheduler/claim", json={"agent_id": agent["id"], "task_id": task_id})["task"]


def test_lifecycle(server, ticket):
    a, b = make_chain(server, ticket, 2)
    agent = server.ok("POST", "/agents/register", 201, json={"project_id": "PAY", "capacity": 2})
    error_of(server.post(f"/tasks/{a}/start"), 409, "INVALID_TRANSITION")
    error_of(server.post(f"/tasks/{a}/complete", json={"result": {"ok": True}}), 409, "INVALID_TRANSITION")
    assert claim(server, agent, a)["status"] == "assigned"
    assert server.ok("POST", f"/tasks/{a}/start", json={"agent_id": agent["id"]})["status"] == "running"
    done = server.ok("POST", f"/tasks/{a}/complete", json={"result": {"ok": True}, "agent_id": agent["id"]})
    assert done["status"] == "completed" and done["result"] == {"ok": True}
    assert server.ok("GET", f"/tasks/{b}/dependencies")["dependencies_complete"] is True
    claim(server, agent, b)
    server.ok("POST", f"/tasks/{b}/start", json={"agent_id": agent["id"]})
    failed = server.ok("POST", f"/tasks/{b}/fail", json={"error_message": "disk full", "agent_id": agent["id"]})
    # Upstream's retry rule: a retryable failure with retries left goes back to pending.
    assert failed["status"] == "pending" and failed["retry_count"] == 1 and failed["error_message"] == "disk full"
    error_of(server.post(f"/tasks/{b}/fail", json={}), 400, "VALIDATION_FAILED")
    c = server.ok("POST", "/tasks", 201, json={"ticket_id": ticket["id"], "title": "c"})["id"]
    cancelled = server.ok("POST", f"/tasks/{c}/cancel", json={"reason": "not needed"})
    assert cancelled["status"] == "cancelled"
    assert server.ok("POST", "/tasks/check-timeouts") == {"timed_out": []}


def test_graph_exports(server, ticket):
    a, b, c = make_chain(server, ticket)
    graph = server.ok("GET", f"/graph/dependency-graph/ticket/{ticket['id']}")
    assert {n["id"] for n in graph["nodes"]} == {a, b, c}
    assert {(e["source"], e["target"]) for e in graph["edges"] if e["type"] == "depends_on"} == {(a, b), (b, c)}
    project = server.ok("GET", "/graph/dependency-graph/project/PAY")
    assert f"ticket-{ticket['id']}" in {n["id"] for n in project["nodes"]}
    # Each task's place in the schedule, as layers, critical-path and ready say.
    nodes = {n["id"]: n for n in project["nodes"] if n["type"] == "task"}
    assert [nodes[t]["wave"] for t in (a, b, c)] == [0, 1, 2]
    assert [nodes[t]["slack"] for t in (a, b, c)] == [0, 0, 0]
    assert [nodes[t]["ready"] for t in (a, b, c)] == [True, False, False]
    ready = [t["id"] for t in server.ok("GET", "/graph/project/PAY/ready")["tasks"]]
    assert ready == [a]
    last = server.ok("GET", "/events", params={"limit": 1000})["events"][-1]["id"]
    assert project["metadata"]["last_event_id"] == last
    dot = server.get("/graph/dependency-graph/project/PAY", params={"format": "dot"})
    assert dot.status_code == 200 and dot.headers["Content-Type"].startswith("text/vnd.graphviz")
    assert dot.text.startswith("digraph dagboard {") and dot.text.count(" -> ") == 2
    mermaid = server.get(f"/graph/dependency-graph/ticket/{ticket['id']}", params={"format": "mermaid"})
    assert mermaid.text.startswith("flowchart LR") and mermaid.text.count(" --> ") == 2
    error_of(server.get("/graph/dependency-graph/project/PAY", params={"format": "png"}), 400, "VALIDATION_FAILED")
    error_of(server.get("/graph/dependency-graph/ticket/PAY-9"), 404, "TICKET_NOT_FOUND")
    blocked = server.ok("GET", f"/graph/dependency-graph/task/{a}/blocked")
    assert blocked["blocked_count"] == 1 and blocked["blocked_tasks"][0]["id"] == b
    blocking = server.ok("GET", f"/graph/dependency-graph/task/{c}/blocking")
    assert [t["id"] for t in blocking["blocking_tasks"]] == [b]
    assert blocking["blocking_tasks"][0]["is_complete"] is False and blocking["all_dependencies_complete"] is False
    error_of(server.get("/graph/dependency-graph/task/00000000-0000-4000-8000-000000000000/blocking"), 404, "TASK_NOT_FOUND")
    assert [t["id"] for t in server.ok("GET", "/graph/project/PAY/ready")["tasks"]] == [a]
    assert server.ok("GET", "/graph/project/PAY/topological-order")["task_ids"] == [a, b, c]
    assert server.ok("GET", "/graph/project/PAY/layers")["layers"] == [[a], [b], [c]]
    path = server.ok("GET", "/graph/project/PAY/critical-path", params={"weighted": "true"})
    assert path["task_ids"] == [a, b, c] and path["length"] == 6.0


def test_scheduling(server, ticket):
    a, b = make_chain(server, ticket, 2)
    agent = server.ok("POST", "/agents/register", 201, json={"phase_id": "PHASE_IMPLEMENTATION", "capacity": 2})
    error_of(server.get("/scheduler/next", params={"agent_id": agent["id"]}), 400, "VALIDATION_FAILED")
    assert server.ok("GET", "/scheduler/next", params={"agent_id": agent["id"], "project_id": "PAY"})["task"]["id"] == a
    claimed = server.ok("POST", "/scheduler/claim", json={"agent_id": agent["id"], "project_id": "PAY", "lease_seconds": 60})["task"]
    assert claimed["id"] == a and claimed["status"] == "assigned" and claimed["assigned_agent_id"] == agent["id"]
    assert server.ok("POST", "/scheduler/claim", json={"agent_id": agent["id"], "project_id": "PAY"}) == {"task": None}
    renewed = server.ok("POST", "/scheduler/renew", json={"task_id": a, "agent_id": agent["id"], "lease_seconds": 600})
    assert renewed["lease_expires_at"] > claimed["lease_expires_at"]
    released = server.ok("POST", "/scheduler/release", json={"task_id": a, "agent_id": agent["id"]})
    assert released["status"] == "pending" and released["assigned_agent_id"] is None
    error_of(server.post("/scheduler/renew", json={"task_id": a, "agent_id": agent["id"]}), 409, "CONFLICT")
    other = server.ok("POST", "/agents/register", 201, json={"project_id": "PAY"})
    server.ok("POST", "/scheduler/claim", json={"agent_id": other["id"], "task_id": a})
    error_of(server.post("/scheduler/renew", json={"task_id": a, "agent_id": agent["id"]}), 409, "CONFLICT")
    server.ok("POST", "/scheduler/release", json={"task_id": a, "agent_id": other["id"]})
    server.ok("POST", "/scheduler/claim", json={"agent_id": agent["id"], "task_id": a})
    server.ok("POST", f"/tasks/{a}/start", json={"agent_id": agent["id"]})
    done = server.ok("POST", "/scheduler/complete", json={"task_id": a, "result": {"rows": 3}, "agent_id": agent["id"]})
    assert done["status"] == "completed"
    assert server.ok("POST", "/scheduler/claim", json={"agent_id": agent["id"], "project_id": "PAY"})["task"]["id"] == b
    error_of(server.post("/scheduler/claim", json={"agent_id": "00000000-0000-4000-8000-000000000000"}), 404, "AGENT_NOT_FOUND")
    error_of(server.post("/scheduler/claim", json={}), 400, "VALIDATION_FAILED")
    error_of(server.post("/scheduler/claim", json={"agent_id": agent["id"], "lease_seconds": 0}), 400, "VALIDATION_FAILED")
    error_of(server.get("/scheduler/next"), 400, "VALIDATION_FAILED")
    assert server.ok("POST", "/scheduler/expire-leases") == {"expired": []}


def test_zombie_agent_is_refused_over_http(server, ticket):
    """Agent A's lease runs out and B takes the task: A's complete and fail change nothing."""
    [a] = make_chain(server, ticket, 1)
    zombie = server.ok("POST", "/agents/register", 201, json={"project_id": "PAY", "capacity": 2})
    live = server.ok("POST", "/agents/register", 201, json={"project_id": "PAY", "capacity": 2})
    server.ok("POST", "/scheduler/claim", json={"agent_id": zombie["id"], "task_id": a, "lease_seconds": 1})
    server.ok("POST", f"/tasks/{a}/start", json={"agent_id": zombie["id"]})
    taken = None
    for _ in range(60):  # bounded: the one-second lease runs out within 3 s
        time.sleep(0.05)
        taken = server.ok("POST", "/scheduler/claim", json={"agent_id": live["id"], "project_id": "PAY"})["task"]
        if taken:
            break
    assert taken and taken["id"] == a
    server.ok("POST", f"/tasks/{a}/start", json={"agent_id": live["id"]})
    refused = error_of(server.post(f"/tasks/{a}/complete", json={"agent_id": zombie["id"], "result": {"by": "A"}}),
                       409, "CONFLICT")
    assert refused["holder"] == live["id"]
    error_of(server.post("/scheduler/complete", json={"task_id": a, "agent_id": zombie["id"]}), 409, "CONFLICT")
    error_of(server.post(f"/tasks/{a}/fail", json={"agent_id": zombie["id"], "error_message": "x"}), 409, "CONFLICT")
    error_of(server.post(f"/tasks/{a}/complete", json={}), 400, "VALIDATION_FAILED")
    error_of(server.post(f"/tasks/{a}/complete", json={"agent_id": live["id"], "force": "yes"}), 400, "VALIDATION_FAILED")
    task = server.ok("GET", f"/tasks/{a}")
    assert (task["status"], task["assigned_agent_id"], task["retry_count"]) == ("running", live["id"], 0)
    done = server.ok("POST", "/scheduler/complete", json={"task_id": a, "agent_id": live["id"], "result": {"by": "B"}})
    assert done["result"] == {"by": "B"}
    [event] = server.ok("GET", "/events", params={"since": 0, "event_types": "TASK_COMPLETED"})["events"]
    assert event["payload"]["agent_id"] == live["id"]


def test_claim_long_poll(server, ticket):
    agent = server.ok("POST", "/agents/register", 201, json={"project_id": "PAY", "capacity": 2})
    answers = []
    poll = threading.Thread(target=lambda: answers.append(
        server.post("/scheduler/claim", json={"agent_id": agent["id"], "wait_seconds": 60})))
    poll.start()
    time.sleep(0.3)
    # The I/O threads keep serving while the claim waits.
    created = server.ok("POST", "/tasks", 201, json={"ticket_id": ticket["id"], "title": "arrives"})
    poll.join(timeout=30)
    assert not poll.is_alive()
    assert answers[0].status_code == 200 and answers[0].json()["task"]["id"] == created["id"]
    began = time.monotonic()
    assert server.ok("POST", "/scheduler/claim", json={"agent_id": agent["id"], "wait_seconds": 0.3})["task"] is None
    assert time.monotonic() - began >= 0.3
    error_of(server.post("/scheduler/claim", json={"agent_id": agent["id"], "wait_seconds": 500}), 400,
             "VALIDATION_FAILED")
    error_of(server.post("/scheduler/claim", json={"agent_id": agent["id"], "wait": 5}), 400, "VALIDATION_FAILED")


def test_stranded_and_progress_over_http(server, ticket):
    a, b = make_chain(server, ticket, 2)
    agent = server.ok("POST", "/agents/register", 201, json={"project_id": "PAY", "capacity": 2})
    assert server.ok("GET", "/graph/project/PAY/progress")["ready"] == 1
    server.ok("POST", "/scheduler/claim", json={"agent_id": agent["id"], "task_id": a})
    server.ok("POST", f"/tasks/{a}/fail", json={"agent_id": agent["id"], "error_message": "not found"})
    stranded = server.ok("GET", "/graph/project/PAY/stranded")["tasks"]
    assert [t["id"] for t in stranded] == [b] and stranded[0]["stranded"] is True
    assert server.ok("GET", f"/tasks/{b}")["stranded"] is True
    progress = server.ok("GET", f"/graph/ticket/{ticket['key']}/progress")
    assert (progress["scope"], progress["total"], progress["stranded"], progress["settled"]) == ("ticket", 2, 1, True)
    nodes = server.ok("GET", f"/graph/dependency-graph/ticket/{ticket['id']}")["nodes"]
    assert [n["id"] for n in nodes if n.get("stranded")] == [b]
    cards = [c for col in server.ok("GET", "/board/view", params={"project_id": "PAY"})["columns"] for c in col["tickets"]]
    assert [(c["tasks_total"], c["tasks_stranded"]) for c in cards] == [(2, 1)]
    error_of(server.get("/graph/project/NOPE/progress"), 404, "PROJECT_NOT_FOUND")
