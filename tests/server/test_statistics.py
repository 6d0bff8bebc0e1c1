# SPDX-License-Identifier: Apache-2.0
"""Statistics over HTTP: the library's answers, its refusals, and the check."""

from datetime import datetime, timedelta, timezone

import dagboard
from conftest import error_of


def lifecycle(server, ticket):
    agent = server.ok("POST", "/agents/register", 201, json={"project_id": "PAY", "capacity": 2})
    tasks = [server.ok("POST", "/tasks", 201, json={"ticket_id": "PAY-1", "title": t})["id"] for t in "ab"]
    for task, outcome in zip(tasks, ("complete", "fail")):
        server.ok("POST", "/scheduler/claim", json={"agent_id": agent["id"], "task_id": task})
        server.ok("POST", f"/tasks/{task}/start", json={"agent_id": agent["id"]})
        body = {"agent_id": agent["id"]}
        body.update({"result": {"ok": True}} if outcome == "complete" else {"error_message": "flaky"})
        server.ok("POST", f"/tasks/{task}/{outcome}", json=body)
    server.ok("POST", "/board/move", json={"ticket_id": "PAY-1", "target_column_id": "done", "force": True})
    return agent


def test_statistics_routes_answer_what_the_library_does(server, ticket, database):
    agent = lifecycle(server, ticket)
    now = datetime.now(timezone.utc)
    # Ending now (before the queries run): no answer depends on the clock of its query.
    window = {"from": (now - timedelta(hours=1)).isoformat(), "to": now.isoformat(), "bucket": "hour"}
    through = server.ok("GET", "/statistics/projects/PAY/throughput", params=window)
    assert (sum(through["tickets_done"]), sum(through["tasks_completed"]), sum(through["tasks_failed"])) == (1, 1, 1)
    assert len(through["buckets"]) in (1, 2) and through["bucket"] == "hour"
    overview = server.ok("GET", "/statistics/projects/PAY/overview")
    assert overview["tickets"]["by_status"]["done"] == 1 and overview["tickets"]["completion_rate"] == 1.0
    assert overview["agents"] == {"active": 1, "tasks_completed": 1,
                                  "average_completion_time": overview["agents"]["average_completion_time"]}
    agents = server.ok("GET", "/statistics/agents", params={"project_id": "PAY"})
    assert agents["tasks_completed_per_agent"] == {agent["id"]: 1}
    assert agents["tasks_failed_per_agent"] == {agent["id"]: 1}
    tickets = server.ok("GET", "/statistics/tickets", params={"project_id": "PAY"})
    assert tickets["total"] == 1 and set(tickets["average_time_in_phase"]) == {"PHASE_BACKLOG", "PHASE_DONE"}
    # Every series is the library's own answer, rendered.
    ws = dagboard.open(database.url)
    lib_window = {"from_": window["from"], "to": window["to"], "bucket": "hour"}
    for route, call in (("flow", ws.statistics.flow), ("cycle-times", ws.statistics.cycle_times),
                        ("throughput", ws.statistics.throughput)):
        assert server.ok("GET", f"/statistics/projects/PAY/{route}", params=window) == call("PAY", **lib_window)
    done = next(c for c in server.ok("GET", "/statistics/projects/PAY/flow", params=window)["columns"]
                if c["column_id"] == "done")
    assert done["counts"][-1] == 1
    util = server.ok("GET", "/statistics/projects/PAY/utilisation", params=window)
    assert [a["agent_id"] for a in util["agents"]] == [agent["id"]]
    phases = server.ok("GET", "/statistics/projects/PAY/time-in-phase", params=window)["phases"]
    assert phases["PHASE_BACKLOG"]["tickets"] == 1
    assert server.ok("POST", "/statistics/check") == {"events_replayed": ws.events.last_id(),
                                                      "rows": server.ok("POST", "/statistics/check")["rows"],
                                                      "mismatches": 0, "rebuilt": False}
    ws.close()


def test_statistics_refusals_are_coded(server, project):
    now = datetime.now(timezone.utc)
    too_many = {"from": (now - timedelta(days=60)).isoformat(), "to": now.isoformat(), "bucket": "hour"}
    details = error_of(server.get("/statistics/projects/PAY/flow", params=too_many), 400, "VALIDATION_FAILED")
    assert details["field"] == "bucket" and details["max_buckets"] == 1000
    error_of(server.get("/statistics/projects/PAY/flow", params={"bucket": "minute"}), 400, "VALIDATION_FAILED")
    error_of(server.get("/statistics/projects/PAY/flow", params={"from": "yesterday"}), 400, "VALIDATION_FAILED")
    details = error_of(server.get("/statistics/projects/PAY/throughput", params={"since": "0"}), 400,
                       "VALIDATION_FAILED")
    assert details["field"] == "since"
    error_of(server.get("/statistics/projects/NOPE/overview"), 404, "PROJECT_NOT_FOUND")
    error_of(server.get("/statistics/tickets"), 400, "VALIDATION_FAILED")
    error_of(server.get("/statistics/agents", params={"project_id": "PAY", "x": "1"}), 400, "VALIDATION_FAILED")
