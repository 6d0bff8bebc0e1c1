# SPDX-License-Identifier: Apache-2.0
"""Commit links over HTTP (upstream's actual /api/v1/commits paths)."""

from conftest import error_of

SHA = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"


def test_link_get_list_and_statistics(server, ticket):
    body = {"commit_sha": SHA, "commit_message": "Fixes PAY-1", "agent_id": "agent-1",
            "files_list": [{"path": "src/a.py", "additions": 5, "deletions": 2}]}
    linked = server.ok("POST", "/commits/ticket/PAY-1/link", 201, json=body)
    assert linked["ticket_id"] == ticket["id"] and linked["insertions"] == 5 and linked["link_method"] == "manual"
    details = error_of(server.post("/commits/ticket/PAY-1/link", json=body), 409, "CONFLICT")
    assert details["commit_sha"] == SHA
    error_of(server.post("/commits/ticket/PAY-9/link", json=body), 404, "TICKET_NOT_FOUND")
    error_of(server.post("/commits/ticket/PAY-1/link", json={"commit_sha": "zz"}), 400, "VALIDATION_FAILED")
    got = server.ok("GET", f"/commits/{SHA[:8]}")
    assert got["commit_sha"] == SHA and got["ticket_ids"] == [ticket["id"]]
    error_of(server.get("/commits/abc"), 400, "VALIDATION_FAILED")
    error_of(server.get("/commits/ffffffff"), 404, "COMMIT_NOT_FOUND")
    listed = server.ok("GET", "/commits/ticket/PAY-1", params={"fields": "commit_sha"})
    assert listed == {"commits": [{"commit_sha": SHA}], "next_cursor": None}
    assert [c["commit_sha"] for c in server.ok("GET", "/commits/agent/agent-1")["commits"]] == [SHA]
    stats = server.ok("GET", "/statistics/commits", params={"project_id": "PAY"})
    assert stats["total_commits"] == 1 and stats["commits_per_ticket"] == {ticket["id"]: 1}
    assert stats["most_active_files"] == [{"path": "src/a.py", "commits": 1, "changes": 7}]
    view = server.ok("GET", "/board/view", params={"project_id": "PAY"})
    card = next(t for c in view["columns"] for t in c["tickets"] if t["id"] == ticket["id"])
    assert (card["insertions"], card["deletions"]) == (5, 2)
    events = server.ok("GET", "/events", params={"since": 0, "event_types": "COMMIT_LINKED"})["events"]
    assert [e["entity_id"] for e in events] == [SHA]
