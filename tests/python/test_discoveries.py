# SPDX-License-Identifier: Apache-2.0
"""Discoveries: record, record_and_branch in one transaction, upstream's title and priority
rules, graphs, resolution; both backends."""

import pytest

import dagboard


@pytest.fixture
def board(ws):
    p = ws.projects.create(name="Payments", key="PAY")
    t = ws.tickets.create(project_id=p.id, title="Refund flow")
    src = ws.tasks.create(ticket_id=t.id, title="Ledger", priority="MEDIUM")
    return ws, p, t, src


def test_title_and_priority_rules():
    assert dagboard.discovery_title("short") == "short"
    text = "Null pointer in the refund calculation when the currency is missing"
    assert dagboard.discovery_title(text) == "Null pointer in the refund calculation when the currency is..."
    assert dagboard.discovery_title("x" * 70) == "x" * 60 + "..."
    assert dagboard.discovery_title("a" * 20 + " " + "b" * 50) == ("a" * 20 + " " + "b" * 39) + "..."


def test_record_and_branch(board):
    ws, p, t, src = board
    last = ws.events.read(since=0, limit=1000)[-1].id
    d, task = ws.discoveries.record_and_branch(
        source_task_id=src.id, discovery_type="bug", description="Refund totals ignore the currency rounding rules",
        spawn_phase_id="PHASE_TESTING", priority_boost=True, metadata={"file": "ledger.py"}, agent_id="agent-7")
    assert (task.ticket_id, task.parent_task_id, task.task_type, task.phase_id, task.status) == (
        t.id, src.id, "discovery_bug", "PHASE_TESTING", "pending")
    assert task.priority == "HIGH"  # MEDIUM boosted one level
    assert task.title == "Refund totals ignore the currency rounding rules"
    assert (d.source_task_id, d.ticket_id, d.spawned_task_ids, d.resolution_status, d.agent_id) == (
        src.id, t.id, [task.id], "in_progress", "agent-7")
    assert d.metadata == {"file": "ledger.py"}
    types = [e.event_type for e in ws.events.read(since=last, limit=100)]
    assert types == ["DISCOVERY_MADE", "TASK_CREATED", "DISCOVERY_BRANCHED"]
    made = ws.events.read(since=last, limit=100)[0].payload
    assert (made["type"], made["task_id"], made["spawned_task_id"]) == ("bug", src.id, task.id)
    assert [x.id for x in ws.discoveries.by_task(src.id)] == [d.id]
    assert ws.discoveries.by_task(src.id, resolution_status="open") == []
    assert [x.id for x in ws.discoveries.by_agent("agent-7")] == [d.id]
    assert [x.id for x in ws.discoveries.by_type("bug")] == [d.id]
    with pytest.raises(dagboard.ValidationError) as empty:
        ws.discoveries.by_type(" ")
    assert empty.value.details["field"] == "discovery_type"
    g = ws.graph.ticket_graph(t.id)
    kinds = sorted((e["type"], e["source"], e["target"]) for e in g["edges"])
    assert kinds == sorted([("discovered", src.id, "discovery-" + d.id), ("spawned_from", "discovery-" + d.id, task.id),
                            ("parent_child", src.id, task.id)])
    assert g["metadata"]["discovery_count"] == 1
    assert [n["type"] for n in ws.graph.ticket_graph(t.id, include_discoveries=False)["nodes"]] == ["task", "task"]
    wf = ws.discoveries.workflow_graph(t.key)
    assert wf["edges"] == [{"from": src.id, "to": task.id, "discovery_id": d.id, "discovery_type": "bug",
                            "description": d.description}]
    assert {n["id"] for n in wf["nodes"]} == {src.id, task.id}
    found = [e for e in ws.audit.ticket(t.id).items if e.type == "discovery"]
    assert [e.details["discovery_type"] for e in found] == ["bug", "bug"]  # DISCOVERY_MADE, DISCOVERY_BRANCHED


def test_spawn_more_then_resolve(board):
    ws, p, t, src = board
    d = ws.discoveries.record(source_task_id=src.id, discovery_type="missing_requirement", description="No refunds spec")
    assert (d.resolution_status, d.spawned_task_ids, d.priority_boost) == ("open", [], False)
    task = ws.discoveries.spawn_task(d.id, phase_id="PHASE_REQUIREMENTS", description="Write the refunds spec",
                                     priority="CRITICAL")
    assert task.priority == "CRITICAL" and task.task_type == "discovery_missing_requirement"
    d = ws.discoveries.get(d.id)
    assert d.spawned_task_ids == [task.id] and d.resolution_status == "in_progress"
    assert ws.discoveries.resolve(d.id).resolution_status == "resolved"
    with pytest.raises(dagboard.InvalidTransitionError):
        ws.discoveries.resolve(d.id)
    with pytest.raises(dagboard.InvalidTransitionError):
        ws.discoveries.spawn_task(d.id, phase_id="PHASE_IMPLEMENTATION", description="more")
    other = ws.discoveries.record(source_task_id=src.id, discovery_type="optimization", description="cache")
    invalid = ws.discoveries.mark_invalid(other.id, reason="already cached")
    assert invalid.resolution_status == "invalid" and invalid.metadata == {"invalid_reason": "already cached"}


def test_bad_input_changes_nothing(board):
    ws, p, t, src = board
    before = ws.events.read(since=0, limit=1000)[-1].id
    with pytest.raises(dagboard.NotFoundError) as info:
        ws.discoveries.record_and_branch(source_task_id="missing", discovery_type="bug", description="x",
                                         spawn_phase_id="PHASE_IMPLEMENTATION")
    assert info.value.code == "TASK_NOT_FOUND"
    with pytest.raises(dagboard.ValidationError) as info:
        ws.discoveries.record(source_task_id=src.id, discovery_type="Bug!", description="x")
    assert info.value.details["field"] == "discovery_type"
    with pytest.raises(dagboard.ValidationError):  # not a phase of the workflow: no discovery either
        ws.discoveries.record_and_branch(source_task_id=src.id, discovery_type="bug", description="x",
                                         spawn_phase_id="PHASE_NOWHERE")
    with pytest.raises(dagboard.NotFoundError) as info:
        ws.discoveries.get("disc-missing")
    assert info.value.code == "DISCOVERY_NOT_FOUND"
    assert ws.events.read(since=before, limit=10) == []
    assert ws.discoveries.by_task(src.id) == [] and len(ws.tasks.list(ticket_id=t.id).items) == 1
