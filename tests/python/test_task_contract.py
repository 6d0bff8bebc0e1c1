# SPDX-License-Identifier: Apache-2.0
"""The task contract: only the holder with a live lease acts on a task; overrides are explicit."""

import threading
import time

import pytest

import dagboard


def test_zombie_agent_changes_nothing(ws, project, ticket):
    """The issue's reproduction, with a real one-second lease running out."""
    a = ws.agents.register(project_id=project.id, capacity=2)
    b = ws.agents.register(project_id=project.id, capacity=2)
    t = ws.tasks.create(ticket_id=ticket.id, title="contested")
    assert ws.scheduler.claim(a.id, lease_seconds=1).id == t.id
    ws.tasks.start(t.id, agent_id=a.id)
    taken = None
    for _ in range(60):  # the lease ran out within 3 s (the index rounds leases up to seconds)
        time.sleep(0.05)
        taken = ws.scheduler.claim(b.id)
        if taken:
            break
    assert taken is not None and taken.id == t.id
    ws.tasks.start(t.id, agent_id=b.id)
    last = ws.events.last_id()

    with pytest.raises(dagboard.ConflictError) as info:
        ws.tasks.complete(t.id, {"by": "A"}, agent_id=a.id)
    assert info.value.details["holder"] == b.id and info.value.details["agent_id"] == a.id
    with pytest.raises(dagboard.ConflictError):
        ws.tasks.fail(t.id, "connection reset", agent_id=a.id)
    with pytest.raises(dagboard.ConflictError):
        ws.tasks.cancel(t.id, "zombie", agent_id=a.id)
    with pytest.raises(dagboard.ConflictError):
        ws.scheduler.renew_lease(t.id, a.id)
    with pytest.raises(dagboard.ValidationError) as missing:
        ws.tasks.complete(t.id)
    assert missing.value.details["field"] == "agent_id"
    assert ws.events.last_id() == last
    still = ws.tasks.get(t.id)
    assert (still.status, still.assigned_agent_id, still.retry_count, still.result) == ("running", b.id, 0, None)

    assert ws.tasks.complete(t.id, {"by": "B"}, agent_id=b.id).result == {"by": "B"}
    [done] = ws.events.read(since=last, event_types=["TASK_COMPLETED"])
    assert done.payload["agent_id"] == b.id and "forced" not in done.payload


def test_operator_override_is_explicit(ws, project, ticket):
    a = ws.agents.register(project_id=project.id)
    t = ws.tasks.create(ticket_id=ticket.id, title="t")
    ws.scheduler.claim(a.id)
    ops = ws.as_actor("ops")
    with pytest.raises(dagboard.ValidationError):
        ops.tasks.fail(t.id, "stuck")
    failed = ops.tasks.fail(t.id, "stuck", force=True)
    assert failed.status == "pending" and failed.retry_count == 1
    [e] = ws.events.read(event_types=["TASK_FAILED"])
    assert (e.payload["forced"], e.payload["holder"], e.payload["agent_id"], e.actor) == (True, a.id, None, "ops")


def test_retries_back_off(ws, project, ticket):
    ws.projects.update(project.id, settings={"retries": {"backoff_base_seconds": 1}})
    a = ws.agents.register(project_id=project.id)
    t = ws.tasks.create(ticket_id=ticket.id, title="flaky")
    ws.scheduler.claim(a.id)
    failed = ws.tasks.fail(t.id, "connection reset", agent_id=a.id)
    assert failed.status == "pending" and failed.retry_at is not None
    assert ws.scheduler.claim(a.id) is None
    began = time.monotonic()
    again = None
    while again is None and time.monotonic() - began < 5:  # bounded
        time.sleep(0.05)
        again = ws.scheduler.claim(a.id)
    assert again is not None and again.id == t.id
    assert time.monotonic() - began >= 0.5
    done = ws.tasks.complete(t.id, agent_id=a.id)
    assert done.error_message is None and done.retry_at is None
    with pytest.raises(dagboard.ValidationError) as info:
        ws.projects.update(project.id, settings={"retries": {"backoff_max_seconds": "soon"}})
    assert info.value.details["field"] == "settings.retries.backoff_max_seconds"


def test_claim_waits_for_work_with_the_gil_released(ws, project, ticket):
    a = ws.agents.register(project_id=project.id, capacity=2)
    got = []
    waiter = threading.Thread(target=lambda: got.append(ws.scheduler.claim(a.id, wait=60)))
    waiter.start()
    time.sleep(0.2)
    created = ws.tasks.create(ticket_id=ticket.id, title="arrives")  # runs while the waiter blocks
    waiter.join(timeout=30)
    assert not waiter.is_alive()
    assert got[0] is not None and got[0].id == created.id
    began = time.monotonic()
    assert ws.scheduler.claim(a.id, wait=0.2) is None
    assert time.monotonic() - began >= 0.2
    with pytest.raises(dagboard.ValidationError) as info:
        ws.scheduler.claim(a.id, wait=301)
    assert info.value.details["field"] == "wait_seconds"


def test_stranded_work_is_visible_and_progress_says_so(ws, project, ticket):
    a = ws.agents.register(project_id=project.id, capacity=5)
    root = ws.tasks.create(ticket_id=ticket.id, title="root")
    child = ws.tasks.create(ticket_id=ticket.id, title="child", depends_on=[root.id])
    assert ws.graph.progress(project_id="DAG")["ready"] == 1
    ws.scheduler.claim(a.id, task_id=root.id)
    ws.tasks.fail(root.id, "Permission denied", agent_id=a.id)
    [stranded] = ws.graph.stranded("DAG")
    assert stranded.id == child.id and stranded.stranded is True
    [event] = ws.events.read(event_types=["TASK_STRANDED"])
    assert event.payload == {"task_id": child.id, "ticket_id": ticket.id}
    progress = ws.graph.progress(ticket_id=ticket.key)
    assert (progress["total"], progress["stranded"], progress["ready"], progress["settled"]) == (2, 1, 0, True)
    assert progress["by_status"]["failed"] == 1
    ws.tasks.remove_dependency(child.id, root.id)
    assert ws.graph.stranded("DAG") == []
    assert [e.payload["task_id"] for e in ws.events.read(event_types=["TASK_UNSTRANDED"])] == [child.id]
    with pytest.raises(dagboard.ValidationError):
        ws.graph.progress()


def test_concurrent_edits_from_one_read_lose_nothing(ws, ticket):
    """Six editors read the ticket, then all write at once: exactly one wins, the rest get
    ConflictError naming the version they read and the current one."""
    seen = ws.tickets.get(ticket.key)
    outcomes = []

    def edit(n):
        try:
            ws.tickets.update(ticket.id, title=f"title {n}", if_version=seen.version)
            outcomes.append(("won", n))
        except dagboard.ConflictError as e:
            assert e.details["expected_version"] == seen.version
            outcomes.append(("refused", n))
    threads = [threading.Thread(target=edit, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    winners = [n for what, n in outcomes if what == "won"]
    assert len(outcomes) == 6 and len(winners) == 1
    after = ws.tickets.get(ticket.id)
    assert after.title == f"title {winners[0]}" and after.version != seen.version
