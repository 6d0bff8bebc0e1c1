# SPDX-License-Identifier: Apache-2.0
"""Event subscriptions; ports the filter cases of upstream's test_websocket_events.py and
test_03_event_bus.py (publish, subscribe and receive)."""

import multiprocessing
import time

import pytest

import dagboard
def _write_tickets(url, n):
    ws = dagboard.open(url, pool_size=1)
    for i in range(n):
        ws.tickets.create(project_id="DAG", title=f"x{i}")


def _wait(predicate, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def test_subscribe_in_order_with_filters(ws, project):
    got, tickets = [], []
    start = ws.events.last_id()
    with ws.events.subscribe(got.append) as everything, \
            ws.events.subscribe(tickets.append, event_types=["TICKET_CREATED"], project_id=project.id):
        for i in range(5):
            ws.tickets.create(project_id=project.id, title=f"t{i}")
        assert _wait(lambda: len(got) == 5 and len(tickets) == 5)
        assert [e.id for e in got] == list(range(start + 1, start + 6))
        assert [e.payload["title"] for e in tickets] == [f"t{i}" for i in range(5)]
        assert everything.last_id == start + 5
    ws.tickets.create(project_id=project.id, title="after")
    time.sleep(0.1)
    assert len(got) == 5


def test_subscribe_replays_and_sees_other_processes(db_url, ws, project):
    start = ws.events.last_id()
    ws.tickets.create(project_id=project.id, title="before")
    seen = []
    sub = ws.events.subscribe(seen.append, since=start, event_types=["TICKET_CREATED"])
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write_tickets, args=(db_url, 10)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    assert _wait(lambda: len(seen) == 21)
    resume = sub.last_id
    sub.cancel()
    assert not sub.active
    _write_tickets(db_url, 3)
    more = []
    with ws.events.subscribe(more.append, since=resume, event_types=["TICKET_CREATED"]):
        assert _wait(lambda: len(more) == 3)
    ids = [e.id for e in seen + more]
    assert ids == sorted(set(ids)) and len(ids) == 24


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the raise below, reported
def test_cancel_inside_callback_and_errors_in_callbacks(ws, project):
    calls = []

    def once(event):
        calls.append(event.id)
        sub.cancel()
        raise RuntimeError("a subscriber's bug stays its own")

    sub = ws.events.subscribe(once)
    ws.tickets.create(project_id=project.id, title="a")
    ws.tickets.create(project_id=project.id, title="b")
    assert _wait(lambda: len(calls) == 1)
    time.sleep(0.1)
    assert len(calls) == 1


def test_audit_trail(ws, project, ticket):
    agent = ws.agents.register(project_id=project.id, agent_name="builder")
    ws.tickets.transition(ticket.id, to_status="analyzing", initiated_by=agent.id)
    ws.tickets.update(ticket.id, title="Refunds v2")
    page = ws.audit.ticket(ticket.key)
    assert [e.type for e in page] == ["event", "status_change", "field_update"]
    assert page.items[1].details == {"from_status": "backlog", "to_status": "analyzing", "from_phase": "PHASE_BACKLOG",
                                     "to_phase": "PHASE_REQUIREMENTS",
                                     "reason": "Status transition: backlog -> analyzing"}
    assert page.items[1].agent_name == "builder"
    assert page.items[2].details == {"field_name": "title", "old_value": "A ticket", "new_value": "Refunds v2"}
    assert ws.audit.project(project.id, from_="2999-01-01T00:00:00Z").items == []
    assert len(ws.audit.agent(agent.id).items) >= 2


def test_compaction_expires_old_cursors(ws, project):
    ws.tickets.create(project_id=project.id, title="x")
    assert ws.events.compact(older_than_days=1) == {"deleted": 0, "horizon": 0}
    with pytest.raises(dagboard.ValidationError):
        ws.events.compact(older_than_days=0)
    assert ws.events.horizon() == 0
    assert ws.events.read(since=1)  # nothing compacted: every cursor is good


def test_event_filters_are_exact(ws, project, ticket):
    by_key = ws.events.read(project_id="DAG", limit=1000)
    assert by_key and all(e.project_id == project.id for e in by_key)
    assert [e.event_type for e in ws.events.read(entity_ids=[ticket.key])] == ["TICKET_CREATED"]
    with pytest.raises(dagboard.NotFoundError) as missing:
        ws.events.read(project_id="NOPE")
    assert missing.value.code == "PROJECT_NOT_FOUND"
    with pytest.raises(dagboard.ValidationError) as typo:
        ws.events.read(event_types=["TASK_COMPLETE"])
    assert typo.value.details["field"] == "event_types"
    with pytest.raises(dagboard.ValidationError) as future:
        ws.events.read(since=ws.events.last_id() + 1)
    assert future.value.details["field"] == "since"
    with pytest.raises(dagboard.ValidationError):
        ws.events.subscribe(print, entity_types=["tickets"])
