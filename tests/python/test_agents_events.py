# SPDX-License-Identifier: Apache-2.0
import pytest

import dagboard
from conftest import event_types


def test_register_with_defaults(ws):
    a = ws.agents.register(capabilities=["SQL", " python ", "sql"])
    assert (a.agent_type, a.status, a.capacity, a.health_status) == ("worker", "IDLE", 1, "unknown")
    assert a.capabilities == ["sql", "python"]
    assert ws.agents.get(a.id) == a
    [e] = ws.events.read()
    assert e.event_type == "AGENT_REGISTERED" and e.payload["capabilities"] == ["sql", "python"]


def test_agent_bad_input(ws):
    for kwargs, field in [({"capacity": 0}, "capacity"), ({"agent_type": "robot"}, "agent_type"),
                          ({"status": "idle"}, "status"), ({"capabilities": "sql"}, "capabilities")]:
        with pytest.raises(dagboard.ValidationError) as info:
            ws.agents.register(**kwargs)
        assert info.value.field == field
    with pytest.raises(dagboard.NotFoundError):
        ws.agents.register(project_id="NOPE")
    assert ws.events.last_id() == 0


def test_heartbeat_and_status(ws):
    a = ws.agents.register(agent_type="monitor")
    beat = ws.agents.heartbeat(a.id, health_status="healthy")
    assert beat.health_status == "healthy" and beat.last_heartbeat >= a.last_heartbeat
    assert ws.agents.update(a.id, status="RUNNING").status == "RUNNING"
    ws.agents.update(a.id, capacity=4)
    assert event_types(ws) == ["AGENT_REGISTERED", "AGENT_HEARTBEAT", "AGENT_STATUS_CHANGED",
                               "AGENT_UPDATED"]
    with pytest.raises(dagboard.NotFoundError) as info:
        ws.agents.heartbeat("nobody")
    assert info.value.code == "AGENT_NOT_FOUND"


def test_every_mutation_writes_one_event_in_order(ws, project):
    t = ws.tickets.create(project_id=project.id, title="t")
    task = ws.tasks.create(ticket_id=t.id, title="x")
    ws.tasks.update(task.id, force=True, status="running")
    ws.agents.register(project_id=project.id)
    events = ws.events.read()
    assert [e.id for e in events] == [1, 2, 3, 4, 5]
    assert [e.event_type for e in events] == ["PROJECT_CREATED", "TICKET_CREATED", "TASK_CREATED",
                                              "TASK_STARTED", "AGENT_REGISTERED"]
    assert {e.project_id for e in events} == {project.id}


def test_actor_is_recorded(ws):
    ws.as_actor("agent-7").projects.create(name="x", key="ACT")
    ws.projects.create(name="y", key="NOA")
    assert [e.actor for e in ws.events.read()] == ["agent-7", None]


def test_event_filters(ws, project):
    other = ws.projects.create(name="o", key="OTH")
    t1 = ws.tickets.create(project_id=project.id, title="one")
    t2 = ws.tickets.create(project_id=other.id, title="two")
    assert len(ws.events.read(event_types=["TICKET_CREATED", "PROJECT_CREATED"])) == 4
    assert len(ws.events.read(event_types=["TICKET_CREATED"], project_id=other.id)) == 1
    assert [e.entity_id for e in ws.events.read(entity_ids=[t1.id, t2.id])] == [t1.id, t2.id]
    assert [e.id for e in ws.events.read(since=2, limit=1)] == [3]
