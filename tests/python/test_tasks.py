# SPDX-License-Identifier: Apache-2.0
import datetime

import pytest

import dagboard
from conftest import event_types

A = "11111111-1111-4111-8111-111111111111"
B = "22222222-2222-4222-8222-222222222222"


def test_create_with_defaults_and_dependencies(ws, project, ticket):
    a = ws.tasks.create(ticket_id=ticket.id, title="Schema")
    b = ws.tasks.create(ticket_id="DAG-1", title="API", priority="HIGH", depends_on=[a.id],
                        required_capabilities=[" SQL ", "sql", "Python"], estimate=3.0)
    assert (a.status, a.task_type, a.phase_id, a.max_retries) == \
        ("pending", "implementation", "PHASE_IMPLEMENTATION", 3)
    assert a.project_id == project.id and b.ticket_id == ticket.id
    assert b.depends_on == [a.id]
    assert b.required_capabilities == ["sql", "python"]
    assert b.estimate == 3.0
    assert ws.tasks.get(b.id) == b
    created = ws.events.read(event_types=["TASK_CREATED"])
    assert created[1].payload["dependencies"] == [a.id]


def test_unknown_references_change_nothing(ws, ticket):
    a = ws.tasks.create(ticket_id=ticket.id, title="a")
    last = ws.events.last_id()
    with pytest.raises(dagboard.NotFoundError) as info:
        ws.tasks.create(ticket_id=ticket.id, title="x", depends_on=[a.id, "7d0f8c5e-0000-4000-8000-000000000000"])
    assert info.value.code == "TASK_NOT_FOUND"
    assert info.value.details == {"id": "7d0f8c5e-0000-4000-8000-000000000000"}
    assert ws.events.last_id() == last
    assert len(ws.tasks.list()) == 1


def test_bad_fields_name_the_field(ws, ticket):
    for kwargs, field in [({"title": ""}, "title"), ({"max_retries": -1}, "max_retries"),
                          ({"timeout_seconds": 0}, "timeout_seconds"), ({"estimate": -1.5}, "estimate"),
                          ({"phase_id": "PHASE_NOPE"}, "phase_id"), ({"status": "done"}, "status"),
                          ({"deadline_at": "tomorrow"}, "deadline_at"),
                          ({"deadline_at": datetime.datetime(2030, 1, 1)}, "deadline_at"),
                          ({"id": "not-a-uuid"}, "id")]:
        kwargs.setdefault("title", "t")
        with pytest.raises(dagboard.ValidationError) as info:
            ws.tasks.create(ticket_id=ticket.id, **kwargs)
        assert info.value.field == field, kwargs
    assert len(ws.tasks.list()) == 0


def test_deadline_accepts_aware_datetimes(ws, ticket):
    when = datetime.datetime(2030, 1, 31, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    t = ws.tasks.create(ticket_id=ticket.id, title="t", deadline_at=when)
    assert t.deadline_at == "2030-01-31T10:00:00.000000Z"


def test_batch_is_all_or_nothing(ws, ticket):
    batch = [{"id": A, "ticket_id": ticket.id, "title": "a"},
             {"id": B, "ticket_id": ticket.id, "title": "b", "depends_on": [A]},
             {"ticket_id": ticket.id, "title": "c", "phase_id": "PHASE_BAD"}]
    last = ws.events.last_id()
    with pytest.raises(dagboard.ValidationError):
        ws.tasks.create_many(batch)
    assert ws.events.last_id() == last and len(ws.tasks.list()) == 0
    batch[2] = {"ticket_id": ticket.id, "title": "c", "depends_on": [A, B]}
    tasks = ws.tasks.create_many(batch)
    assert [t.id for t in tasks[:2]] == [A, B]
    assert ws.tasks.get(tasks[2].id).depends_on == [A, B]
    assert len(ws.events.read(since=last)) == 3


def test_chosen_ids_must_be_free(ws, ticket):
    ws.tasks.create(id=A, ticket_id=ticket.id, title="a")
    with pytest.raises(dagboard.ConflictError):
        ws.tasks.create(id=A, ticket_id=ticket.id, title="b")


def test_status_changes_stamp_times_and_name_the_event(ws, ticket):
    t = ws.tasks.create(ticket_id=ticket.id, title="t")
    since = ws.events.last_id()
    ws.tasks.update(t.id, force=True, status="claiming")
    running = ws.tasks.update(t.id, force=True, status="running")
    assert running.started_at is not None and running.completed_at is None
    done = ws.tasks.update(t.id, force=True, status="completed", result={"ok": True})
    assert done.completed_at is not None and done.started_at == running.started_at
    assert done.result == {"ok": True}
    ws.tasks.update(t.id, title="Renamed")
    assert event_types(ws, since) == ["TASK_STATUS_CHANGED", "TASK_STARTED", "TASK_COMPLETED",
                                      "TASK_UPDATED"]
    with pytest.raises(dagboard.ValidationError) as info:
        ws.tasks.update(t.id, depends_on=[])
    assert info.value.field == "depends_on"


def test_list_filters(ws, project, ticket):
    second = ws.tickets.create(project_id=project.id, title="second")
    a = ws.tasks.create(ticket_id=ticket.id, title="a")
    ws.tasks.create(ticket_id=second.id, title="b")
    ws.tasks.update(a.id, force=True, status="running")
    assert [t.title for t in ws.tasks.list(ticket_id="DAG-2")] == ["b"]
    assert len(ws.tasks.list(project_id="DAG")) == 2
    assert [t.id for t in ws.tasks.list(status="running")] == [a.id]
