# SPDX-License-Identifier: Apache-2.0
"""Versioned documents, approval, requirements, explorations and approval-gated tasks, on both
backends (and S3 for large versions when make test provides it)."""

import hashlib
import os
import threading

import pytest

import dagboard

S3_URL = os.environ.get("DAGBOARD_TEST_S3_URL", "")

REQUIREMENTS = """# Refunds

## Functional requirements

### REQ-001: Refund request
**Priority:** HIGH
WHEN a customer requests a refund THE SYSTEM SHALL create a refund record within 2 seconds.

### REQ-002: Refund status
The system shall show the refund status to the customer.

## Security requirements

- **REQ-003**: IF the amount exceeds the charge THEN THE SYSTEM SHALL refuse the refund.
  Priority: critical
"""


@pytest.fixture
def board(ws):
    p = ws.projects.create(name="Payments", key="PAY")
    t = ws.tickets.create(project_id=p.id, title="Refund flow")
    return ws, p, t


def test_store_reads_requirements_and_counts_categories(board):
    ws, p, _ = board
    doc = ws.documents.store(project_id=p.key, kind="requirements", title="Refunds", content=REQUIREMENTS)
    assert (doc.version, doc.status, doc.lineage_id, doc.previous_version_id) == (1, "draft", doc.id, None)
    assert doc.content_hash == hashlib.sha256(REQUIREMENTS.encode()).hexdigest()
    assert (doc.storage_location, doc.content_size, doc.project_id) == ("database", len(REQUIREMENTS), p.id)
    assert doc.total_requirements == 3
    assert doc.requirements_by_category == {"functional": 2, "security": 1}
    reqs = ws.documents.requirements(doc.id)
    assert [(r.requirement_id, r.category, r.priority, r.ears_pattern) for r in reqs] == [
        ("REQ-001", "functional", "HIGH", "event_driven"),
        ("REQ-002", "functional", None, "ubiquitous"),
        ("REQ-003", "security", "CRITICAL", "unwanted_behavior")]
    assert reqs[0].title == "Refund request" and reqs[0].id == doc.id + ":REQ-001" and reqs[0].source is None
    assert ws.documents.content(doc.id) == REQUIREMENTS


def test_bad_documents_are_refused_and_change_nothing(board):
    ws, p, _ = board
    with pytest.raises(dagboard.ValidationError) as info:
        ws.documents.store(kind="requirements", title="Dup", content="### REQ-001: a\n### REQ-001: b\n")
    assert info.value.details["requirement_id"] == "REQ-001" and info.value.details["lines"] == [1, 2]
    with pytest.raises(dagboard.ValidationError) as info:
        ws.documents.store(kind="memo", title="x", content="y")
    assert info.value.details["field"] == "kind"
    with pytest.raises(dagboard.NotFoundError):
        ws.documents.store(project_id="NOPE", title="x", content="y")
    with pytest.raises(dagboard.NotFoundError) as info:
        ws.documents.store(exploration_id="exp-missing", title="x", content="y")
    assert info.value.code == "EXPLORATION_NOT_FOUND"
    assert ws.documents.list().items == []
    assert ws.document_store.describe(hashlib.sha256(b"y").hexdigest()) is None
    with pytest.raises(dagboard.NotFoundError) as info:
        ws.documents.get("doc-missing")
    assert info.value.code == "DOCUMENT_NOT_FOUND"


def test_versions_approval_and_supersession(board):
    ws, p, _ = board
    v1 = ws.documents.store(project_id=p.id, kind="design", title="Ledger", content="## Ledger\n```mermaid\ngraph\n```\n")
    assert v1.sections == ["Ledger"] and v1.diagrams_included == ["mermaid"]
    with pytest.raises(dagboard.InvalidTransitionError) as info:
        ws.documents.approve(v1.id)
    assert info.value.details == {"document_id": v1.id, "status": "draft", "required_status": "pending_review"}
    assert ws.documents.submit(v1.id).status == "pending_review"
    with pytest.raises(dagboard.InvalidTransitionError):
        ws.documents.submit(v1.id)
    approved = ws.documents.approve(v1.id, approved_by="alice")
    assert (approved.status, approved.approved_by) == ("approved", "alice") and approved.approved_at
    v2 = ws.documents.save_version(v1.id, content="## Ledger v2\n", title="Ledger 2")
    assert (v2.version, v2.previous_version_id, v2.lineage_id, v2.status, v2.title) == (2, v1.id, v1.id, "draft", "Ledger 2")
    with pytest.raises(dagboard.ConflictError) as info:
        ws.documents.save_version(v1.id, content="stale")
    assert info.value.details["latest_id"] == v2.id and info.value.details["latest_version"] == 2
    ws.documents.submit(v2.id)
    with pytest.raises(dagboard.ValidationError):
        ws.documents.reject(v2.id, reason="  ")
    rejected = ws.documents.reject(v2.id, reason="missing the refund path", rejected_by="bob")
    assert (rejected.status, rejected.rejection_reason, rejected.rejected_by) == ("rejected", "missing the refund path", "bob")
    with pytest.raises(dagboard.InvalidTransitionError):
        ws.documents.approve(v2.id)
    v3 = ws.documents.save_version(v2.id, content="## Ledger v3\n")
    ws.documents.submit(v3.id)
    ws.documents.approve(v3.id)
    statuses = [(d.version, d.status) for d in ws.documents.versions(v2.id)]
    assert statuses == [(1, "superseded"), (2, "rejected"), (3, "approved")]
    assert [d.id for d in ws.documents.list(project_id=p.id).items] == [v3.id]
    assert len(ws.documents.list(project_id=p.id, latest_only=False).items) == 3
    assert [d.version for d in ws.documents.list(status="superseded", latest_only=False).items] == [1]
    assert ws.documents.list(status="superseded").items == []  # never the newest version
    events = [e for e in ws.events.read(since=0, limit=1000) if e.event_type == "DOCUMENT_APPROVED"]
    assert [e.payload["superseded_ids"] for e in events] == [[], [v1.id]]


def test_an_older_version_cannot_replace_the_approved_one(board):
    ws, p, _ = board
    v1 = ws.documents.store(title="Plan", content="one")
    ws.documents.submit(v1.id)
    v2 = ws.documents.save_version(v1.id, content="two")
    ws.documents.submit(v2.id)
    ws.documents.approve(v2.id)
    with pytest.raises(dagboard.InvalidTransitionError) as info:
        ws.documents.approve(v1.id)
    assert info.value.details["approved_id"] == v2.id
    assert ws.documents.get(v1.id).status == "pending_review"


def test_approval_gates_hold_tasks_until_approval(board):
    ws, p, t = board
    doc = ws.documents.store(project_id=p.id, kind="requirements", title="Refunds", content=REQUIREMENTS)
    a = ws.tasks.create(ticket_id=t.id, title="Schema")
    b = ws.tasks.create(ticket_id=t.id, title="Other")
    gate = ws.documents.require_approval(a.id, doc.id)
    assert (gate.task_id, gate.document_id, gate.satisfied) == (a.id, doc.id, False)
    assert ws.documents.require_approval(a.id, doc.id).created_at == gate.created_at  # idempotent
    assert ws.tasks.get(a.id).awaiting_approvals == 1
    assert [x.id for x in ws.graph.ready(p.id).items] == [b.id]
    node = next(n for n in ws.graph.ticket_graph(t.id)["nodes"] if n["id"] == a.id)
    assert (node["is_blocked"], node["awaiting_approvals"]) == (True, 1)
    agent = ws.agents.register(agent_type="worker", phase_id="PHASE_IMPLEMENTATION", capacity=5, project_id=p.id)
    assert ws.scheduler.claim(agent.id).id == b.id
    assert ws.scheduler.claim(agent.id) is None  # the gated task is not claimable
    last = ws.events.read(since=0, limit=1000)[-1].id
    ws.documents.submit(doc.id)
    v2 = ws.documents.save_version(doc.id, content=REQUIREMENTS + "\n### REQ-004: x\nThe system shall log.\n")
    ws.documents.approve(doc.id)  # approving version 1 releases the gate on the document
    assert ws.tasks.get(a.id).awaiting_approvals == 0
    assert [x.id for x in ws.graph.ready(p.id).items] == [a.id]
    unblocked = [e for e in ws.events.read(since=last, limit=100) if e.event_type == "TASKS_UNBLOCKED"]
    assert [e.payload["unblocked_task_ids"] for e in unblocked] == [[a.id]]
    assert ws.documents.approval_gates(a.id)[0].satisfied is True
    ws.documents.submit(v2.id)
    ws.documents.approve(v2.id)  # a later approval announces nothing more
    assert len([e for e in ws.events.read(since=last, limit=100) if e.event_type == "TASKS_UNBLOCKED"]) == 1
    c = ws.tasks.create(ticket_id=t.id, title="Late")
    assert ws.documents.require_approval(c.id, v2.id).satisfied is True  # approved already
    assert ws.tasks.get(c.id).awaiting_approvals == 0


def test_gates_wait_for_dependencies_too_and_can_be_removed(board):
    ws, p, t = board
    doc = ws.documents.store(title="Design", content="d")
    a = ws.tasks.create(ticket_id=t.id, title="A")
    b = ws.tasks.create(ticket_id=t.id, title="B", depends_on=[a.id])
    ws.documents.require_approval(b.id, doc.id)
    agent = ws.agents.register(agent_type="worker", phase_id="PHASE_IMPLEMENTATION", capacity=5, project_id=p.id)
    ws.tasks.start(ws.scheduler.claim(agent.id).id, agent_id=agent.id)
    ws.tasks.complete(a.id, agent_id=agent.id)
    assert [x.id for x in ws.graph.ready(p.id).items] == []
    ws.documents.remove_approval_gate(b.id, doc.id)
    assert [x.id for x in ws.graph.ready(p.id).items] == [b.id]
    with pytest.raises(dagboard.NotFoundError):
        ws.documents.remove_approval_gate(b.id, doc.id)
    claimed = ws.scheduler.claim(agent.id)
    assert claimed.id == b.id
    with pytest.raises(dagboard.InvalidTransitionError) as info:
        ws.documents.require_approval(claimed.id, doc.id)
    assert info.value.details == {"task_id": b.id, "status": "assigned"}


def test_requirement_links_follow_new_versions(board):
    ws, p, t = board
    doc = ws.documents.store(kind="requirements", title="R", content=REQUIREMENTS)
    task = ws.tasks.create(ticket_id=t.id, title="Refund API")
    linked = ws.documents.link_requirement(doc.id, "REQ-001", task.id)
    assert linked.linked_task_ids == [task.id]
    assert ws.documents.link_requirement(doc.id, "REQ-001", task.id).linked_task_ids == [task.id]
    with pytest.raises(dagboard.NotFoundError):
        ws.documents.link_requirement(doc.id, "REQ-009", task.id)
    with pytest.raises(dagboard.ValidationError):
        ws.documents.link_requirement(doc.id, "R1", task.id)
    changed = REQUIREMENTS.replace("within 2 seconds", "within 1 second")
    v2 = ws.documents.save_version(doc.id, content=changed)
    [req] = ws.documents.requirements_for_task(task.id)
    assert req.document_id == v2.id and req.ears_format.endswith("within 1 second.")
    assert ws.documents.requirements(v2.id)[0].linked_task_ids == [task.id]
    assert ws.documents.unlink_requirement(v2.id, "REQ-001", task.id).linked_task_ids == []
    assert ws.documents.requirements_for_task(task.id) == []


def test_exploration_stage_follows_its_documents(board):
    ws, p, _ = board
    e = ws.explorations.start(project_id=p.id, user_id="u1", initial_idea="Refunds for card payments")
    assert e.current_stage == "exploring" and e.conversation_history == {"messages": []}
    q = ws.explorations.ask(e.id, question_text="Partial refunds?", question_category="scope", ai_confidence=0.7)
    assert ws.explorations.answer(q.id, "yes").answer_text == "yes"
    with pytest.raises(dagboard.ConflictError):
        ws.explorations.answer(q.id, "no")
    with pytest.raises(dagboard.ValidationError):
        ws.explorations.ask(e.id, question_text="x", ai_confidence=1.5)
    e = ws.explorations.add_message(e.id, "user", "hello")
    assert [m["role"] for m in e.conversation_history["messages"]] == ["user"]
    stages = []
    r = ws.documents.store(exploration_id=e.id, kind="requirements", title="R", content=REQUIREMENTS)
    stages.append(ws.explorations.get(e.id).current_stage)
    ws.documents.submit(r.id)
    stages.append(ws.explorations.get(e.id).current_stage)
    ws.documents.approve(r.id)
    stages.append(ws.explorations.get(e.id).current_stage)
    d = ws.documents.store(exploration_id=e.id, kind="design", title="D", content="## A\n", requirements_id=r.id)
    ws.documents.submit(d.id)
    stages.append(ws.explorations.get(e.id).current_stage)
    ws.documents.approve(d.id)
    done = ws.explorations.get(e.id)
    stages.append(done.current_stage)
    assert stages == ["requirements_draft", "requirements_review", "design_draft", "design_review", "completed"]
    assert (done.requirements_document_id, done.design_document_id) == (r.id, d.id) and done.completed_at
    assert [x.id for x in ws.explorations.list(project_id=p.id).items] == [e.id]


def test_concurrent_versions_one_wins(db_url):
    ws = dagboard.open(db_url)
    doc = ws.documents.store(title="Shared", content="v1")
    outcomes, lock = [], threading.Lock()

    def save(i):
        try:
            v = dagboard.open(db_url).documents.save_version(doc.id, content=f"writer {i}")
            with lock:
                outcomes.append(v.version)
        except dagboard.ConflictError:
            with lock:
                outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(i,)) for i in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(outcomes, key=str) == [2] + ["conflict"] * 5
    assert [d.version for d in ws.documents.versions(doc.id)] == [1, 2]


def test_large_versions_go_to_s3(db_url):
    if not S3_URL:
        if os.environ.get("DAGBOARD_REQUIRE_S3") == "1":
            pytest.fail("DAGBOARD_REQUIRE_S3=1 but DAGBOARD_TEST_S3_URL is not set")
        pytest.skip("DAGBOARD_TEST_S3_URL is not set")
    ws = dagboard.open(db_url, documents={"max_database_bytes": 1000, "s3": {
        "endpoint": S3_URL, "bucket": "dagboard-test", "region": "eu-west-3",
        "access_key_id": "S3RVER", "secret_access_key": "S3RVER"}})
    big = "### REQ-001: big\nThe system shall scale.\n" + "x" * 5000 + db_url
    doc = ws.documents.store(kind="requirements", title="Big", content=big)
    assert (doc.storage_location, doc.s3_bucket, doc.s3_region) == ("s3", "dagboard-test", "eu-west-3")
    assert doc.total_requirements == 1 and ws.documents.content(doc.id) == big
    assert ws.documents.presigned_url(doc.id, expires=60).startswith(S3_URL)
    small = ws.documents.save_version(doc.id, content="short")
    assert small.storage_location == "database" and small.s3_key is None
    with pytest.raises(dagboard.ValidationError):
        ws.documents.presigned_url(small.id)


def test_deleting_a_project_takes_its_documents_and_discoveries(board):
    ws, p, t = board
    doc = ws.documents.store(project_id=p.id, kind="requirements", title="R", content=REQUIREMENTS)
    task = ws.tasks.create(ticket_id=t.id, title="A")
    ws.documents.require_approval(task.id, doc.id)
    ws.documents.link_requirement(doc.id, "REQ-001", task.id)
    ws.discoveries.record_and_branch(source_task_id=task.id, discovery_type="bug", description="x",
                                     spawn_phase_id="PHASE_IMPLEMENTATION")
    ws.explorations.start(project_id=p.id, user_id="u", initial_idea="i")
    ws.projects.delete(p.id)
    with pytest.raises(dagboard.NotFoundError):
        ws.documents.get(doc.id)
    assert ws.explorations.list().items == [] and ws.discoveries.by_type("bug") == []
