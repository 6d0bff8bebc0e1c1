# SPDX-License-Identifier: Apache-2.0
"""List routes: comma-separated filter values, sort orders with cursors, totals."""

from conftest import error_of

PRIORITIES = {"a": "LOW", "b": "HIGH", "c": "CRITICAL", "d": "HIGH", "e": "MEDIUM", "f": "CRITICAL", "g": "LOW"}


def make_tickets(server, project):
    for title, priority in PRIORITIES.items():
        server.ok("POST", "/tickets", 201, json={"project_id": "PAY", "title": title, "priority": priority})


def every_page(server, path, params):
    titles, cursor = [], None
    for _ in range(100):
        body = server.ok("GET", path, params={**params, **({"cursor": cursor} if cursor else {})})
        titles += [t["title"] for t in body["tickets"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return titles
    raise AssertionError("the pages never ended")


def test_several_values_sort_and_total(server, project):
    make_tickets(server, project)
    body = server.ok("GET", "/tickets", params={"project_id": "PAY", "priority": "HIGH,CRITICAL",
                                                 "sort": "-priority", "limit": 3, "include_total": "true"})
    assert [t["title"] for t in body["tickets"]] == ["f", "c", "d"] and body["total"] == 4
    assert "total" not in server.ok("GET", "/tickets", params={"limit": 1})
    for limit in (1, 2, 7):
        assert every_page(server, "/tickets", {"sort": "-priority", "limit": limit}) == ["f", "c", "d", "b", "e", "g", "a"]
        assert every_page(server, "/tickets", {"sort": "-created_at", "limit": limit}) == list("gfedcba")


def test_bad_list_requests_are_coded_errors(server, project):
    make_tickets(server, project)
    first = server.ok("GET", "/tickets", params={"sort": "-priority", "limit": 2})
    assert error_of(server.get("/tickets", params={"sort": "priority", "cursor": first["next_cursor"]}),
                    400, "VALIDATION_FAILED")["field"] == "cursor"
    assert error_of(server.get("/tickets", params={"sort": "title"}), 400, "VALIDATION_FAILED")["field"] == "sort"
    assert error_of(server.get("/tickets", params={"priority": "HIGH,URGENT"}), 400,
                    "VALIDATION_FAILED")["field"] == "priority"
    assert error_of(server.get("/tickets", params={"include_total": "maybe"}), 400,
                    "VALIDATION_FAILED")["field"] == "include_total"
    assert error_of(server.get("/graph/project/PAY/ready", params={"sort": "-created_at"}), 400,
                    "VALIDATION_FAILED")["field"] == "sort"


def test_task_and_agent_lists(server, project):
    ticket = server.ok("POST", "/tickets", 201, json={"project_id": "PAY", "title": "t"})
    ids = [server.ok("POST", "/tasks", 201, json={"ticket_id": ticket["id"], "title": name,
                                                  "priority": "HIGH" if name == "two" else "LOW"})["id"]
           for name in ("one", "two", "three")]
    server.ok("POST", f"/tasks/{ids[2]}/cancel", json={"force": True, "reason": "not needed"})
    tasks = server.ok("GET", "/tasks", params={"ticket_id": ticket["key"], "status": "pending,cancelled",
                                               "sort": "-priority", "include_total": "1"})
    assert [t["title"] for t in tasks["tasks"]] == ["two", "three", "one"] and tasks["total"] == 3
    assert [t["title"] for t in server.ok("GET", "/tasks", params={"status": "cancelled"})["tasks"]] == ["three"]
    for kind in ("worker", "monitor", "guardian"):
        server.ok("POST", "/agents/register", 201, json={"agent_type": kind})
    agents = server.ok("GET", "/agents", params={"agent_type": "worker,monitor", "include_total": "true",
                                                 "sort": "-created_at"})
    assert [a["agent_type"] for a in agents["agents"]] == ["monitor", "worker"] and agents["total"] == 2
