# SPDX-License-Identifier: Apache-2.0
"""Scheduling and claims; ports upstream's test_task_dependencies.py and test_02_task_queue.py."""

import multiprocessing

import pytest

import dagboard


@pytest.fixture
def agent(ws, project):
    return ws.agents.register(project_id=project.id, capacity=5)


def test_empty_queue_and_priority_order(ws, ticket, agent):
    assert ws.scheduler.next_task(agent.id) is None
    low = ws.tasks.create(ticket_id=ticket.id, title="low", priority="LOW")
    high = ws.tasks.create(ticket_id=ticket.id, title="high", priority="HIGH")
    medium = ws.tasks.create(ticket_id=ticket.id, title="medium", priority="MEDIUM")
    order = [ws.scheduler.claim(agent.id).id for _ in range(3)]
    assert order == [high.id, medium.id, low.id]
    assert ws.scheduler.claim(agent.id) is None


def test_unblocked_medium_before_blocked_high(ws, ticket, agent):
    medium = ws.tasks.create(ticket_id=ticket.id, title="medium")
    high = ws.tasks.create(ticket_id=ticket.id, title="high", priority="HIGH", depends_on=[medium.id])
    assert ws.scheduler.next_task(agent.id).id == medium.id
    claimed = ws.scheduler.claim(agent.id)
    assert (claimed.id, claimed.status, claimed.assigned_agent_id) == (medium.id, "assigned", agent.id)
    assert claimed.lease_expires_at is not None
    assert ws.tasks.start(medium.id, agent_id=agent.id).started_at is not None
    done = ws.tasks.complete(medium.id, result={"ok": True}, agent_id=agent.id)
    assert done.status == "completed" and done.completed_at is not None and done.result == {"ok": True}
    assert ws.scheduler.next_task(agent.id).id == high.id
    [e] = ws.events.read(event_types=["TASKS_UNBLOCKED"])
    assert e.payload == {"completed_task_id": medium.id, "unblocked_task_ids": [high.id]}


def test_two_dependencies(ws, ticket, agent):
    a = ws.tasks.create(ticket_id=ticket.id, title="a")
    b = ws.tasks.create(ticket_id=ticket.id, title="b")
    c = ws.tasks.create(ticket_id=ticket.id, title="c", depends_on=[a.id, b.id])
    for t in (a, b):
        ws.scheduler.claim(agent.id, task_id=t.id)
    ws.tasks.complete(a.id, agent_id=agent.id)
    assert c.id not in [t.id for t in ws.graph.ready("DAG")]
    ws.tasks.complete(b.id, agent_id=agent.id)
    assert [t.id for t in ws.graph.ready("DAG")] == [c.id]


def test_phase_and_capabilities(ws, project, ticket):
    tester = ws.agents.register(project_id=project.id, phase_id="PHASE_TESTING", capabilities=["pytest"])
    ws.tasks.create(ticket_id=ticket.id, title="impl")
    test = ws.tasks.create(ticket_id=ticket.id, title="test", phase_id="PHASE_TESTING",
                           required_capabilities=["pytest"])
    assert ws.scheduler.claim(tester.id).id == test.id


def test_capacity_and_availability(ws, project, ticket):
    one = ws.agents.register(project_id=project.id, capacity=1)
    ws.tasks.create(ticket_id=ticket.id, title="a")
    ws.tasks.create(ticket_id=ticket.id, title="b")
    assert ws.scheduler.claim(one.id) is not None
    with pytest.raises(dagboard.AgentNotAvailableError) as info:
        ws.scheduler.claim(one.id)
    assert info.value.code == "AGENT_NOT_AVAILABLE" and info.value.details["held"] == 1
    ws.agents.update(one.id, status="FAILED")
    with pytest.raises(dagboard.AgentNotAvailableError):
        ws.scheduler.next_task(one.id)


def test_leases_release_and_retries(ws, ticket, agent, project):
    other = ws.agents.register(project_id=project.id)
    ws.projects.update(project.id, settings={"retries": {"backoff_base_seconds": 0}})
    t = ws.tasks.create(ticket_id=ticket.id, title="flaky", max_retries=1)
    ws.scheduler.claim(agent.id, lease_seconds=60)
    with pytest.raises(dagboard.ConflictError):
        ws.scheduler.renew_lease(t.id, other.id)
    assert ws.scheduler.renew_lease(t.id, agent.id, lease_seconds=600).lease_expires_at > \
        ws.tasks.get(t.id).created_at
    assert ws.scheduler.release(t.id, agent.id).status == "pending"
    ws.scheduler.claim(agent.id)
    retried = ws.tasks.fail(t.id, "connection reset", agent_id=agent.id)
    assert (retried.status, retried.retry_count) == ("pending", 1)
    ws.scheduler.claim(agent.id)
    assert ws.tasks.fail(t.id, "connection reset", agent_id=agent.id).status == "failed"
    with pytest.raises(dagboard.InvalidTransitionError) as info:
        ws.tasks.complete(t.id)
    assert info.value.details == {"task_id": t.id, "from": "failed", "to": "completed"}
    assert ws.scheduler.expire_leases() == []


def test_score_weights_are_configurable(db_url, ticket, ws):
    t = ws.tasks.create(ticket_id=ticket.id, title="t", priority="CRITICAL")
    default = ws.scheduler.score(t.id)
    heavy = dagboard.open(db_url, score_weights={"priority": 0.9}).scheduler.score(t.id)
    assert heavy > default
    assert default == pytest.approx(0.45 * 1.0 + 0.05 * 1.0, abs=0.01)
    with pytest.raises(dagboard.ValidationError) as info:
        dagboard.open(db_url, score_weights={"age_ceiling_seconds": 0})
    assert info.value.field == "age_ceiling_seconds"


def _claim_all(url, out):
    ws = dagboard.open(url, pool_size=1)
    me = ws.agents.register(project_id="DAG", capacity=1000)
    claimed = []
    for _ in range(2000):
        t = ws.scheduler.claim(me.id)
        if t is None:
            break
        claimed.append(t.id)
    out.put(claimed)


def test_eight_processes_claim_each_task_exactly_once(db_url, ws, ticket):
    ws.tasks.create_many([{"ticket_id": ticket.id, "title": f"w{i}"} for i in range(1000)])
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_claim_all, args=(db_url, out)) for _ in range(8)]
    for p in procs:
        p.start()
    results = [out.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    claimed = [tid for r in results for tid in r]
    assert len(claimed) == 1000
    assert len(set(claimed)) == 1000
