# SPDX-License-Identifier: Apache-2.0
import pytest

import dagboard
from conftest import event_types


def test_keys_in_order_per_project_and_never_reused(ws, project):
    other = ws.projects.create(name="Pay", key="PAY")
    t1 = ws.tickets.create(project_id="DAG", title="one")
    t2 = ws.tickets.create(project_id=project.id, title="two")
    assert (t1.key, t1.number, t2.key) == ("DAG-1", 1, "DAG-2")
    assert ws.tickets.create(project_id=other.id, title="p").key == "PAY-1"
    ws.tickets.delete("DAG-2")
    assert ws.tickets.create(project_id="DAG", title="three").key == "DAG-3"


def test_defaults_and_lookup(ws, project):
    t = ws.tickets.create(project_id=project.id, title="Refund flow")
    assert (t.status, t.priority, t.phase_id, t.approval_status) == \
        ("backlog", "MEDIUM", "PHASE_BACKLOG", "approved")
    assert t.is_blocked is False and t.context == {} and t.blocked_by == []
    assert ws.tickets.get("DAG-1") == t
    assert ws.tickets.get("dag-1") == t
    assert ws.tickets.get(t.id) == t
    [e] = ws.events.read(event_types=["TICKET_CREATED"])
    assert e.payload["key"] == "DAG-1" and e.payload["title"] == "Refund flow"


def test_bad_input_changes_nothing(ws, project):
    last = ws.events.last_id()
    with pytest.raises(dagboard.NotFoundError) as info:
        ws.tickets.create(project_id="NOPE", title="x")
    assert info.value.code == "PROJECT_NOT_FOUND"
    for kwargs, field in [({"title": ""}, "title"), ({"title": " \t"}, "title"),
                          ({"title": "x" * 501}, "title"),
                          ({"title": "x", "status": "doing"}, "status"),
                          ({"title": "x", "priority": "high"}, "priority"),
                          ({"title": "x", "phase_id": "PHASE_X"}, "phase_id"),
                          ({"title": "x", "context": "text"}, "context")]:
        with pytest.raises(dagboard.ValidationError) as info:
            ws.tickets.create(project_id=project.id, **kwargs)
        assert info.value.field == field, kwargs
    assert ws.events.last_id() == last
    assert ws.tickets.create(project_id=project.id, title="ok").key == "DAG-1"


def test_update_phase_blocked_and_event(ws, ticket):
    u = ws.tickets.update(ticket.key, phase_id="PHASE_DESIGN", status="analyzing",
                          is_blocked=True, blocked_reason="dependency")
    assert (u.phase_id, u.previous_phase_id, u.status) == ("PHASE_DESIGN", "PHASE_BACKLOG", "analyzing")
    assert u.blocked_at is not None
    [e] = ws.events.read(event_types=["TICKET_UPDATED"])
    assert e.payload["changes"]["status"] == {"old": "backlog", "new": "analyzing"}
    assert ws.tickets.update(ticket.id, is_blocked=False).blocked_at is None


def test_blocked_by_links_both_ways(ws, project):
    a = ws.tickets.create(project_id=project.id, title="A")
    b = ws.tickets.create(project_id=project.id, title="B", blocked_by=["DAG-1"])
    assert b.blocked_by == [a.id]
    assert ws.tickets.get(a.id).blocks == [b.id]
    with pytest.raises(dagboard.ValidationError):
        ws.tickets.update(a.id, blocked_by=[a.id])
    with pytest.raises(dagboard.NotFoundError):
        ws.tickets.update(a.id, blocked_by=["DAG-99"])
    assert ws.tickets.update(b.id, blocked_by=[]).blocked_by == []


def test_context_round_trips(ws, project):
    context = {"workflow_mode": "spec_driven", "notes": "ünïcode ; 'q' \"dq\"",
               "nested": {"list": [1, 2.5, True, None]}}
    t = ws.tickets.create(project_id=project.id, title="ctx", context=context)
    assert ws.tickets.get(t.id).context == context


def test_list_filters(ws, project):
    other = ws.projects.create(name="Other", key="OTH")
    ws.tickets.create(project_id=project.id, title="a", priority="HIGH")
    ws.tickets.create(project_id=project.id, title="b", status="building", priority="HIGH")
    ws.tickets.create(project_id=project.id, title="c", status="building")
    ws.tickets.create(project_id=other.id, title="d", priority="HIGH")
    titles = lambda **q: [t.title for t in ws.tickets.list(**q)]  # noqa: E731
    assert titles(project_id="DAG") == ["a", "b", "c"]
    assert titles(priority="HIGH") == ["a", "b", "d"]
    assert titles(project_id=project.id, status="building", priority="HIGH") == ["b"]
    assert titles(phase_id="PHASE_DONE") == []


def test_delete_takes_tasks_along(ws, ticket):
    task = ws.tasks.create(ticket_id=ticket.id, title="t")
    ws.tickets.delete(ticket.id)
    with pytest.raises(dagboard.NotFoundError) as info:
        ws.tasks.get(task.id)
    assert info.value.code == "TASK_NOT_FOUND"
    assert event_types(ws)[-1] == "TICKET_DELETED"
