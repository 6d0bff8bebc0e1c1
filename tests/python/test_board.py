# SPDX-License-Identifier: Apache-2.0
"""Workflows, the ticket state machine and the board; ports upstream's test_board_and_phases.py,
test_ticket_state_machine.py and test_phases.py."""

import multiprocessing
import threading

import pytest

import dagboard


def ticket_in(ws, project, phase):
    return ws.tickets.create(project_id=project.id, title="t", phase_id=phase)


def count(ws, project, column):
    return next(c["current_count"] for c in ws.board.view(project.id)["columns"] if c["id"] == column)


def test_default_workflow_is_upstreams(ws, project):
    w = ws.workflows.get(project.id)
    assert w == dagboard.default_workflow()
    assert w["name"] == "Software Development"
    building = next(c for c in w["columns"] if c["id"] == "building")
    assert building["wip_limit"] == 10 and building["auto_transition_to"] == "testing"
    impl = next(p for p in w["phases"] if p["id"] == "PHASE_IMPLEMENTATION")
    assert "SOFTWARE ENGINEER" in impl["phase_prompt"]
    assert impl["done_definitions"] == ["Component code files created in src/", "Minimum 3 test cases written",
                                        "Tests passing locally"]
    assert [p["id"] for p in w["phases"]][:7] == ["PHASE_BACKLOG", "PHASE_REQUIREMENTS", "PHASE_DESIGN",
                                                  "PHASE_IMPLEMENTATION", "PHASE_TESTING", "PHASE_DEPLOYMENT",
                                                  "PHASE_DONE"]


def test_invalid_workflow_names_the_field(ws, project):
    bad = dagboard.default_workflow()
    bad["columns"][4]["auto_transition_to"] = "deploying"  # itself
    with pytest.raises(dagboard.ValidationError) as info:
        ws.workflows.set(project.id, bad)
    assert info.value.field == "columns[4].auto_transition_to"
    bad = dagboard.default_workflow()
    bad["phases"][0]["status"] = "sleeping"
    with pytest.raises(dagboard.ValidationError) as info:
        ws.workflows.set(project.id, bad)
    assert info.value.field == "phases[0].status"
    assert ws.workflows.get(project.id) == dagboard.default_workflow()


def test_custom_workflow_limits(ws, project):
    tight = dagboard.default_workflow()
    tight["name"] = "Tight"
    tight["columns"][2]["wip_limit"] = 1
    assert ws.workflows.set(project.id, tight)["name"] == "Tight"
    ticket_in(ws, project, "PHASE_IMPLEMENTATION")
    with pytest.raises(dagboard.WipLimitExceededError) as info:
        ticket_in(ws, project, "PHASE_IMPLEMENTATION")
    assert info.value.details == {"column": "building", "limit": 1, "count": 1, "ticket_id": info.value.details["ticket_id"]}
    assert ws.workflows.reset(project.id)["name"] == "Software Development"


@pytest.mark.parametrize("start,to,ok", [
    ("backlog", "analyzing", True), ("analyzing", "building", True), ("building", "building-done", True),
    ("building-done", "testing", True), ("testing", "done", True), ("testing", "building", True),
    ("backlog", "building", False), ("analyzing", "done", False), ("done", "backlog", False),
    ("building", "testing", False),
])
def test_valid_transitions(ws, project, start, to, ok):
    t = ws.tickets.create(project_id=project.id, title="t", status=start)
    assert t.status == start
    if ok:
        assert ws.tickets.transition(t.id, to_status=to).status == to
    else:
        with pytest.raises(dagboard.InvalidTransitionError):
            ws.tickets.transition(t.id, to_status=to)
        assert ws.tickets.get(t.id).status == start


def test_transition_sets_phases_and_history(ws, project, ticket):
    t = ws.tickets.transition(ticket.id, to_status="analyzing", initiated_by="agent-7")
    assert (t.phase_id, t.previous_phase_id) == ("PHASE_REQUIREMENTS", "PHASE_BACKLOG")
    h = ws.tickets.phase_history(ticket.id)
    assert [(e.from_phase, e.to_phase, e.transitioned_by) for e in h] == [
        ("PHASE_BACKLOG", "PHASE_REQUIREMENTS", "agent-7")]
    changed = ws.events.read(event_types=["TICKET_STATUS_CHANGED"])
    assert changed[0].payload["from_status"] == "backlog"
    assert changed[0].payload["to_status"] == "analyzing"
    assert changed[0].payload["initiated_by"] == "agent-7"


def test_blocked_ticket_transition_unblocks(ws, project):
    t = ticket_in(ws, project, "PHASE_IMPLEMENTATION")
    b = ws.tickets.block(t.id, blocker_type="waiting_on_clarification")
    assert b.is_blocked and b.phase_id == "PHASE_BLOCKED" and b.status == "building"
    u = ws.tickets.transition(t.id, to_status="building")
    assert not u.is_blocked and u.blocked_reason is None and u.blocked_at is None
    assert u.phase_id == "PHASE_IMPLEMENTATION"
    with pytest.raises(dagboard.ValidationError):
        ws.tickets.block(t.id, blocker_type="gremlins")


def test_regress_records_feedback(ws, project):
    t = ticket_in(ws, project, "PHASE_TESTING")
    r = ws.tickets.regress(t.id, to_status="building", validation_feedback="flaky")
    assert r.status == "building"
    assert r.context["regressions"][0]["regressed_to"] == "building"
    assert r.context["regressions"][0]["validation_feedback"] == "flaky"


def test_board_view_move_and_violations(ws, project):
    t = ticket_in(ws, project, "PHASE_IMPLEMENTATION")
    view = ws.board.view(project.id)
    building = next(c for c in view["columns"] if c["id"] == "building")
    assert building["current_count"] >= 1 and building["tickets"][0]["id"] == t.id
    moved = ws.board.move(t.id, "testing")
    assert moved == {"ticket_id": t.id, "from_column": "building", "new_column": "testing",
                     "new_phase": "PHASE_TESTING", "status": "moved"}
    assert ws.tickets.get(t.id).phase_id == "PHASE_TESTING"
    for _ in range(5):
        ticket_in(ws, project, "PHASE_REQUIREMENTS")  # analyzing holds 5
    with pytest.raises(dagboard.WipLimitExceededError):
        ticket_in(ws, project, "PHASE_DESIGN")  # same column
    assert count(ws, project, "analyzing") == 5
    for i in range(2):
        ws.board.move(ws.tickets.create(project_id=project.id, title=f"f{i}").id, "analyzing", force=True)
    violations = ws.board.wip_violations(project.id)
    assert violations == [{"column_id": "analyzing", "column_name": "🔍 Analyzing", "wip_limit": 5,
                           "current_count": 7, "excess": 2}]
    stats = {s["column_id"]: s for s in ws.board.stats(project.id)}
    assert stats["analyzing"]["utilization"] == pytest.approx(1.4)
    assert stats["done"]["utilization"] is None
    assert ws.board.column_for_phase(project.id, "PHASE_TESTING")["id"] == "testing"
    assert ws.board.auto_transition(t.id) is None


def test_bulk_creation_past_the_limit_is_refused(ws, project):
    created, refused = 0, 0
    for _ in range(12):
        try:
            ticket_in(ws, project, "PHASE_IMPLEMENTATION")
            created += 1
        except dagboard.WipLimitExceededError:
            refused += 1
    assert (created, refused) == (10, 2)


def _move_two(url, ids, out):
    ws = dagboard.open(url, pool_size=1)
    won = 0
    for tid in ids:
        try:
            won += ws.board.move(tid, "deploying")["status"] == "moved"
        except dagboard.WipLimitExceededError:
            pass
    out.put(won)


def test_wip_limit_holds_across_processes(db_url, ws, project):
    ids = [ws.tickets.create(project_id=project.id, title=f"r{i}").id for i in range(16)]
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_move_two, args=(db_url, ids[2 * i:2 * i + 2], out)) for i in range(8)]
    for p in procs:
        p.start()
    won = sum(out.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert won == 3
    assert count(ws, project, "deploying") == 3


def test_wip_limit_holds_across_threads(ws, project):
    ids = [ws.tickets.create(project_id=project.id, title=f"r{i}").id for i in range(16)]
    won = []

    def worker(chunk):
        for tid in chunk:
            try:
                if ws.board.move(tid, "deploying")["status"] == "moved":
                    won.append(tid)
            except dagboard.WipLimitExceededError:
                pass

    threads = [threading.Thread(target=worker, args=(ids[2 * i:2 * i + 2],)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
    assert len(won) == 3
    assert count(ws, project, "deploying") == 3


def test_phase_gate(ws, project):
    t = ticket_in(ws, project, "PHASE_IMPLEMENTATION")
    gate = ws.tickets.gate_status(t.id)
    assert not gate["met"] and len(gate["missing_definitions"]) == 3
    assert ws.tickets.check_and_progress(t.id) is None
    a = ws.tickets.report_artifact(t.id, artifact_type="test", path="tests/test_refund.py",
                                   met_definitions=["Component code files created in src/",
                                                    "Minimum 3 test cases written", "Tests passing locally"])
    assert a["phase_id"] == "PHASE_IMPLEMENTATION"
    assert ws.tickets.gate_status(t.id)["met"]
    moved = ws.tickets.check_and_progress(t.id, initiated_by="agent-1")
    assert (moved.phase_id, moved.status) == ("PHASE_TESTING", "testing")
    assert ws.tickets.phase_history(t.id)[-1].artifacts == [a["id"]]


def test_finishing_needs_finished_blockers(ws, project):
    blocker = ws.tickets.create(project_id=project.id, title="blocker")
    blocked = ws.tickets.create(project_id=project.id, title="blocked", blocked_by=[blocker.key])
    ws.board.move(blocked.id, target_column_id="deploying")
    with pytest.raises(dagboard.InvalidTransitionError) as info:
        ws.board.move(blocked.id, "done")
    assert info.value.details["blocked_by"] == [blocker.key]
    with pytest.raises(dagboard.ValidationError) as status:
        ws.tasks.update(ws.tasks.create(ticket_id=blocked.id, title="t").id, status="completed")
    assert status.value.details["field"] == "status"


def test_cards_show_blockers_agents_and_the_stream_position(ws, project):
    t = ticket_in(ws, project, "PHASE_IMPLEMENTATION")
    held = ws.tasks.create(ticket_id=t.id, title="held")
    agent = ws.agents.register(project_id=project.id)
    ws.scheduler.claim(agent.id, task_id=held.id)
    blocked = ticket_in(ws, project, "PHASE_IMPLEMENTATION")
    ws.tickets.block(blocked.id, blocker_type="environment")
    view = ws.board.view(project.id)
    assert view["last_event_id"] == ws.events.last_id()
    cards = {c["id"]: c for column in view["columns"] for c in column["tickets"]}
    assert cards[t.id]["agent_ids"] == [agent.id]
    assert (cards[t.id]["blocked_reason"], cards[t.id]["commit_count"]) == (None, 0)
    assert cards[blocked.id]["blocked_reason"] == "environment" and cards[blocked.id]["agent_ids"] == []
