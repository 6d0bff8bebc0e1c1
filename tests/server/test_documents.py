# SPDX-License-Identifier: Apache-2.0
"""Documents, requirements, approval gates, explorations and discoveries over HTTP."""

import hashlib
import json
import os
import urllib.request

import pytest

from conftest import error_of

S3_URL = os.environ.get("DAGBOARD_TEST_S3_URL", "")

REQUIREMENTS = """## Functional requirements
### REQ-001: Refund request
WHEN a customer requests a refund THE SYSTEM SHALL create a refund record.
### REQ-002: Audit
Category: security
Priority: high | Source: interview 2
THE SYSTEM SHALL log every refund.
"""


def test_document_lifecycle(server, ticket):
    doc = server.ok("POST", "/documents", 201, json={"project_id": "PAY", "kind": "requirements", "title": "Refunds",
                                                      "content": REQUIREMENTS})
    assert (doc["version"], doc["status"], doc["total_requirements"]) == (1, "draft", 2)
    assert doc["requirements_by_category"] == {"functional": 1, "security": 1}
    content = server.get(f"/documents/{doc['id']}/content")
    assert content.status_code == 200 and content.text == REQUIREMENTS
    assert content.headers["Content-Type"].startswith("text/markdown")
    assert content.headers["ETag"] == '"' + hashlib.sha256(REQUIREMENTS.encode()).hexdigest() + '"'
    assert content.headers["X-Content-Type-Options"] == "nosniff" and "sandbox" in content.headers["Content-Security-Policy"]
    for bad in ("text", "text/html\r\nSet-Cookie: a=b", "/x", "text/"):
        error_of(server.post("/documents", json={"title": "x", "content": "y", "content_type": bad}), 400, "VALIDATION_FAILED")
    reqs = server.ok("GET", f"/documents/{doc['id']}/requirements", params={"fields": "requirement_id,priority,source"})
    assert reqs == {"requirements": [{"requirement_id": "REQ-001", "priority": None, "source": None},
                                     {"requirement_id": "REQ-002", "priority": "HIGH", "source": "interview 2"}],
                    "next_cursor": None}
    error_of(server.post(f"/documents/{doc['id']}/approve", json={}), 409, "INVALID_TRANSITION")
    assert server.ok("POST", f"/documents/{doc['id']}/submit")["status"] == "pending_review"
    error_of(server.post(f"/documents/{doc['id']}/reject", json={}), 400, "VALIDATION_FAILED")
    approved = server.ok("POST", f"/documents/{doc['id']}/approve", json={})
    assert approved["status"] == "approved" and approved["approved_by"] == "tester"
    v2 = server.ok("POST", f"/documents/{doc['id']}/versions", 201, json={"content": REQUIREMENTS + "\n"})
    assert (v2["version"], v2["previous_version_id"]) == (2, doc["id"])
    stale = error_of(server.post(f"/documents/{doc['id']}/versions", json={"content": "x"}), 409, "CONFLICT")
    assert stale["latest_id"] == v2["id"]
    server.ok("POST", f"/documents/{v2['id']}/submit")
    rejected = server.ok("POST", f"/documents/{v2['id']}/reject", json={"reason": "too vague"})
    assert (rejected["status"], rejected["rejection_reason"]) == ("rejected", "too vague")
    versions = server.ok("GET", f"/documents/{v2['id']}/versions")["versions"]
    assert [(v["version"], v["status"]) for v in versions] == [(1, "approved"), (2, "rejected")]
    listed = server.ok("GET", "/documents", params={"project_id": "PAY", "latest_only": "false", "fields": "version"})
    assert listed["documents"] == [{"version": 1}, {"version": 2}]
    error_of(server.get("/documents/doc-nope"), 404, "DOCUMENT_NOT_FOUND")
    error_of(server.post("/documents", json={"title": "x", "content": "y", "kind": "memo"}), 400, "VALIDATION_FAILED")
    error_of(server.get(f"/documents/{doc['id']}/presigned-url"), 400, "VALIDATION_FAILED")
    error_of(server.get("/documents", params={"color": "red"}), 400, "VALIDATION_FAILED")
    extracted = server.ok("POST", "/requirements/extract", json={"content": REQUIREMENTS})
    assert extracted["total"] == 2 and extracted["requirements"][0]["ears_pattern"] == "event_driven"


def test_approval_gate_and_requirement_links(server, ticket):
    doc = server.ok("POST", "/documents", 201, json={"kind": "requirements", "title": "R", "content": REQUIREMENTS})
    task = server.ok("POST", "/tasks", 201, json={"ticket_id": ticket["id"], "title": "Refund API"})
    gate = server.ok("POST", f"/tasks/{task['id']}/approval-gates", 201, json={"document_id": doc["id"]})
    assert (gate["document_id"], gate["satisfied"]) == (doc["id"], False)
    assert server.ok("GET", f"/tasks/{task['id']}")["awaiting_approvals"] == 1
    assert server.ok("GET", "/graph/project/PAY/ready")["tasks"] == []
    linked = server.ok("POST", f"/documents/{doc['id']}/requirements/REQ-001/tasks", json={"task_id": task["id"]})
    assert linked["linked_task_ids"] == [task["id"]]
    assert [r["requirement_id"] for r in server.ok("GET", f"/tasks/{task['id']}/requirements")["requirements"]] == ["REQ-001"]
    server.ok("POST", f"/documents/{doc['id']}/submit")
    server.ok("POST", f"/documents/{doc['id']}/approve", json={"approved_by": "alice"})
    ready = server.ok("GET", "/graph/project/PAY/ready")
    assert [t["id"] for t in ready["tasks"]] == [task["id"]]
    unblocked = server.ok("GET", "/events", params={"since": 0, "event_types": "TASKS_UNBLOCKED"})["events"]
    assert [e["payload"]["unblocked_task_ids"] for e in unblocked] == [[task["id"]]]
    gates = server.ok("GET", f"/tasks/{task['id']}/approval-gates")["approval_gates"]
    assert [g["satisfied"] for g in gates] == [True]
    assert server.delete(f"/tasks/{task['id']}/approval-gates/{doc['id']}").status_code == 204
    error_of(server.delete(f"/tasks/{task['id']}/approval-gates/{doc['id']}"), 404, "DOCUMENT_NOT_FOUND")
    unlinked = server.ok("DELETE", f"/documents/{doc['id']}/requirements/REQ-001/tasks/{task['id']}")
    assert unlinked["linked_task_ids"] == []


def test_explorations(server, project):
    e = server.ok("POST", "/explorations", 201, json={"project_id": "PAY", "user_id": "u1", "initial_idea": "Refunds"})
    assert e["current_stage"] == "exploring"
    q = server.ok("POST", f"/explorations/{e['id']}/questions", 201, json={"question_text": "Partial?", "question_category": "scope"})
    assert server.ok("POST", f"/questions/{q['id']}/answer", json={"answer_text": "yes"})["answer_text"] == "yes"
    error_of(server.post(f"/questions/{q['id']}/answer", json={"answer_text": "no"}), 409, "CONFLICT")
    assert [x["id"] for x in server.ok("GET", f"/explorations/{e['id']}/questions")["questions"]] == [q["id"]]
    msg = server.ok("POST", f"/explorations/{e['id']}/messages", json={"role": "assistant", "content": "Noted"})
    assert msg["conversation_history"]["messages"][0]["content"] == "Noted"
    server.ok("POST", "/documents", 201, json={"exploration_id": e["id"], "kind": "requirements", "title": "R", "content": REQUIREMENTS})
    assert server.ok("GET", f"/explorations/{e['id']}")["current_stage"] == "requirements_draft"
    assert [x["id"] for x in server.ok("GET", "/explorations", params={"project_id": "PAY"})["explorations"]] == [e["id"]]
    error_of(server.get("/explorations/exp-nope"), 404, "EXPLORATION_NOT_FOUND")
    design = server.ok("POST", "/designs", 201, json={"exploration_id": e["id"], "title": "D", "content": "## Ledger\n"})
    assert (design["kind"], design["sections"]) == ("design", ["Ledger"])
    listed = server.ok("GET", f"/explorations/{e['id']}/documents", params={"fields": "kind"})["documents"]
    assert listed == [{"kind": "requirements"}, {"kind": "design"}]
    assert [d["kind"] for d in server.ok("GET", "/requirements")["documents"]] == ["requirements"]
    assert server.ok("GET", f"/designs/{design['id']}")["id"] == design["id"]
    error_of(server.get(f"/requirements/{design['id']}"), 404, "DOCUMENT_NOT_FOUND")
    error_of(server.post("/requirements", json={"kind": "design", "title": "x", "content": "y"}), 400, "VALIDATION_FAILED")


def test_discovery_api(server, ticket):
    src = server.ok("POST", "/tasks", 201, json={"ticket_id": ticket["id"], "title": "Ledger", "priority": "LOW"})
    branched = server.ok("POST", "/discoveries/branch", 201, json={
        "source_task_id": src["id"], "discovery_type": "bug", "description": "Rounding drops cents",
        "spawn_phase_id": "PHASE_IMPLEMENTATION", "priority_boost": True, "agent_id": "agent-1"})
    d, task = branched["discovery"], branched["task"]
    assert (task["priority"], task["parent_task_id"], task["task_type"]) == ("MEDIUM", src["id"], "discovery_bug")
    assert d["spawned_task_ids"] == [task["id"]] and d["type"] == "bug" and d["task_id"] == src["id"]
    more = server.ok("POST", f"/discoveries/{d['id']}/spawn-task", 201,
                     json={"description": "Add a regression test", "priority": "HIGH", "phase_id": "PHASE_TESTING"})
    # priority_boost raises even a given priority one level (upstream rule)
    assert (more["discovery_id"], more["status"], more["priority"]) == (d["id"], "pending", "CRITICAL")
    by_task = server.ok("GET", f"/tasks/{src['id']}/discoveries", params={"resolution_status": "in_progress"})
    assert [x["spawned_task_ids"] for x in by_task["discoveries"]] == [[task["id"], more["id"]]]
    assert [x["id"] for x in server.ok("GET", "/agents/agent-1/discoveries")["discoveries"]] == [d["id"]]
    assert [x["id"] for x in server.ok("GET", "/discoveries", params={"discovery_type": "bug"})["discoveries"]] == [d["id"]]
    graph = server.ok("GET", f"/tickets/{ticket['id']}/discovery-graph")
    assert sorted(e["to"] for e in graph["edges"]) == sorted([task["id"], more["id"]])
    nodes = server.ok("GET", f"/graph/dependency-graph/ticket/{ticket['id']}")["nodes"]
    assert [n["type"] for n in nodes].count("discovery") == 1
    plain = server.ok("POST", "/discoveries", 201, json={"source_task_id": src["id"], "discovery_type": "optimization",
                                                         "description": "Cache rates"})
    assert server.ok("POST", f"/discoveries/{plain['id']}/invalidate", json={"reason": "dup"})["resolution_status"] == "invalid"
    assert server.ok("POST", f"/discoveries/{d['id']}/resolve")["resolution_status"] == "resolved"
    error_of(server.post(f"/discoveries/{d['id']}/resolve"), 409, "INVALID_TRANSITION")
    error_of(server.get("/discoveries/disc-nope"), 404, "DISCOVERY_NOT_FOUND")
    assert error_of(server.get("/discoveries"), 400, "VALIDATION_FAILED")["field"] == "discovery_type"
    assert [x["id"] for x in server.ok("GET", "/discoveries", params={"type": "bug"})["discoveries"]] == [d["id"]]
    error_of(server.post("/discoveries/branch", json={"source_task_id": src["id"], "discovery_type": "bug",
                                                      "description": "x"}), 400, "VALIDATION_FAILED")


def test_documents_in_s3(start_server, tmp_path):
    if not S3_URL:
        if os.environ.get("DAGBOARD_REQUIRE_S3") == "1":
            pytest.fail("DAGBOARD_REQUIRE_S3=1 but DAGBOARD_TEST_S3_URL is not set")
        pytest.skip("DAGBOARD_TEST_S3_URL is not set")
    config = tmp_path / "documents.json"
    config.write_text(json.dumps({"max_database_bytes": 100, "s3": {
        "endpoint": S3_URL, "bucket": "dagboard-test", "access_key_id": "S3RVER", "secret_access_key": "S3RVER"}}))
    server = start_server("--documents-config", str(config))
    big = "# Big\n" + "é" * 5000 + str(tmp_path)
    doc = server.ok("POST", "/documents", 201, json={"title": "Big", "content": big})
    assert doc["storage_location"] == "s3" and doc["s3_bucket"] == "dagboard-test"
    assert server.get(f"/documents/{doc['id']}/content").content.decode() == big
    signed = server.ok("GET", f"/documents/{doc['id']}/presigned-url", params={"expires": 60})
    assert signed["expires_in"] == 60
    with urllib.request.urlopen(signed["url"], timeout=10) as answer:
        assert answer.read().decode() == big
    error_of(server.get(f"/documents/{doc['id']}/presigned-url", params={"expires": 0}), 400, "VALIDATION_FAILED")
