# SPDX-License-Identifier: Apache-2.0
"""Statistics agree exactly with a replay of the event log.

A seeded random history (moves back and forth, blocks, status updates, reopened tickets, claims,
failures that retry, completions, tickets deleted under running tasks) is written through the
library; then an independent replay of `ws.events.read()`, written here from the rules in
docs/statistics.md, must give the very numbers the library answers."""

import math
import random
from collections import defaultdict
from datetime import datetime, timedelta, timezone

import pytest

import dagboard

HOUR = 3600 * 1_000_000
TICKET_EVENTS = {"TICKET_CREATED", "TICKET_UPDATED", "TICKET_DELETED", "TICKET_STATUS_CHANGED",
                 "TICKET_PHASE_ADVANCED", "TICKET_BLOCKED", "TICKET_UNBLOCKED", "BOARD_TICKET_MOVED"}
TASK_EVENTS = {"TASK_CREATED", "TASK_UPDATED", "TASK_STARTED", "TASK_COMPLETED", "TASK_FAILED",
               "TASK_CANCELLED", "TASK_STATUS_CHANGED", "TASK_ASSIGNED", "TASK_RELEASED",
               "TASK_LEASE_EXPIRED", "TASK_LEASE_RENEWED", "TASK_DELETED"}


def micros(iso):
    return int(round(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1_000_000))


def stated(payload, keys, field):
    for k in keys:
        if isinstance(payload.get(k), str):
            return payload[k]
    change = (payload.get("changes") or {}).get(field)
    if isinstance(change, dict) and isinstance(change.get("new"), str):
        return change["new"]
    return None


def replay(events):
    """The state changes of the log: [(entity_type, id, at, event_type, before, after)], where a
    state is (phase, status, agent)."""
    state, out = {}, []
    for e in events:
        ticket = e.entity_type == "ticket" and e.event_type in TICKET_EVENTS
        task = e.entity_type == "task" and e.event_type in TASK_EVENTS
        if not (ticket or task) or e.project_id is None:
            continue
        before = state.get(e.entity_id)
        phase, status, agent = before or (None, None, None)
        if ticket:
            if e.event_type == "TICKET_DELETED":
                phase = status = None
            else:
                phase = stated(e.payload, ["to_phase", "phase_id"], "phase_id") or phase
                status = stated(e.payload, ["to_status", "status"], "status") or status
        elif e.event_type == "TASK_DELETED":
            status = agent = None
        else:
            status = "assigned" if e.event_type == "TASK_ASSIGNED" else (
                stated(e.payload, ["status"], "status") or status)
            agent = stated(e.payload, ["agent_id"], "assigned_agent_id") or agent
        after = (phase, status, agent)
        if (before is not None and after == before) or (before is None and status is None):
            continue
        state[e.entity_id] = after
        out.append((e.entity_type, e.entity_id, micros(e.created_at), e.event_type,
                    before or (None, None, None), after))
    return out


def arrived(change, status):
    return change[5][1] == status and change[4][1] != status


def nearest_rank(values):
    if not values:
        return {"count": 0, "p50": None, "p90": None, "mean": None}
    v = sorted(values)
    rank = lambda p: v[math.ceil(p * len(v)) - 1]
    return {"count": len(v), "p50": rank(0.5), "p90": rank(0.9), "mean": sum(v) / len(v)}


def write_history(ws, project, seed):
    rng = random.Random(seed)
    columns = [c["id"] for c in ws.workflows.get(project.id)["columns"]]
    tickets = [ws.tickets.create(project_id=project.id, title=f"t{i}") for i in range(6)]
    agents = [ws.agents.register(project_id=project.id, capacity=2) for _ in range(3)]
    for i in range(10):
        ws.tasks.create(ticket_id=rng.choice(tickets).id, title=f"task {i}", max_retries=2)
    held = []
    for _ in range(160):
        t = rng.choice(tickets).id
        op = rng.random()
        try:
            if op < 0.25:
                ws.board.move(t, rng.choice(columns), force=True)  # back and forth, into done and out
            elif op < 0.32:
                ws.tickets.block(t, blocker_type="manual")
            elif op < 0.40:
                ws.tickets.unblock(t)
            elif op < 0.46:
                ws.tickets.update(t, status=rng.choice(["analyzing", "testing", "done"]))
            elif op < 0.70:
                a = rng.choice(agents).id
                task = ws.scheduler.claim(a, project_id=project.id)
                if task:
                    ws.tasks.start(task.id, agent_id=a)
                    held.append((task.id, a, task.ticket_id))
            elif op < 0.92 and held:
                task, a, _ = held.pop(rng.randrange(len(held)))
                if rng.random() < 0.35:
                    ws.tasks.fail(task, "flaky", agent_id=a)
                else:
                    ws.tasks.complete(task, {"ok": True}, agent_id=a)
            elif op < 0.985 or len(tickets) < 4:
                ws.tasks.create(ticket_id=t, title="more", max_retries=2)
            else:  # its tasks end with it, a running one too
                ws.tickets.delete(t)
                tickets = [x for x in tickets if x.id != t]
                held = [h for h in held if h[2] != t]
        except (dagboard.InvalidTransitionError, dagboard.ConflictError, dagboard.WipLimitExceededError,
                dagboard.AgentNotAvailableError):
            pass


@pytest.fixture(params=[7, 11])
def history(request, ws, project):
    write_history(ws, project, request.param)
    events = ws.events.read(since=0, limit=10000)
    assert len(events) < 10000
    changes = replay(events)
    first = min(c[2] for c in changes)
    last = max(c[2] for c in changes)
    start = datetime.fromtimestamp((first - HOUR) / 1e6, timezone.utc)
    end = datetime.fromtimestamp((last + 1000) / 1e6, timezone.utc)  # before now: no clock in it
    return changes, dict(from_=start, to=end, bucket="hour")


def frame(answer):
    starts = [micros(b) for b in answer["buckets"]]
    ends = starts[1:] + [micros(answer["to"])]
    return starts, ends, micros(answer["to"])


def bucket_of(starts, ends, at):
    return next((i for i, (s, e) in enumerate(zip(starts, ends)) if s <= at < e), None)


def test_the_projection_matches_the_log(ws, project, history):
    changes, _ = history
    check = ws.statistics.check()
    assert check["mismatches"] == 0
    assert check["rows"] == len(changes)


def test_throughput_is_a_replay(ws, project, history):
    changes, rng = history
    answer = ws.statistics.throughput(project.id, **rng)
    starts, ends, _ = frame(answer)
    want = {k: [0] * len(starts) for k in ("tickets_done", "tasks_completed", "tasks_failed")}
    for c in changes:
        b = bucket_of(starts, ends, c[2])
        if b is None:
            continue
        if c[0] == "ticket" and arrived(c, "done"):
            want["tickets_done"][b] += 1
        if c[0] == "task" and arrived(c, "completed"):
            want["tasks_completed"][b] += 1
        if c[3] == "TASK_FAILED":
            want["tasks_failed"][b] += 1
    assert {k: answer[k] for k in want} == want
    assert sum(want["tasks_completed"]) > 0 and sum(want["tasks_failed"]) > 0
    assert sum(want["tickets_done"]) > 0


def test_cumulative_flow_and_wip_are_a_replay(ws, project, history):
    changes, rng = history
    answer = ws.statistics.flow(project.id, **rng)
    starts, ends, to = frame(answer)
    column_of = {}
    for c in ws.workflows.get(project.id)["columns"]:
        for p in c["phase_mapping"]:
            column_of.setdefault(p, c["id"])
    tickets = sorted((c for c in changes if c[0] == "ticket"), key=lambda c: c[2])
    for col in answer["columns"]:
        counts = []
        for end in ends:
            where = {}
            for c in tickets:
                if c[2] < end:
                    where[c[1]] = column_of.get(c[5][0])
            counts.append(sum(1 for v in where.values() if v == col["column_id"]))
        assert col["counts"] == counts, col["column_id"]
        for b, (s, e) in enumerate(zip(starts, ends)):
            # The count at every moment of the bucket: at its start, then after each change.
            where = {}
            for c in tickets:
                if c[2] < s:
                    where[c[1]] = column_of.get(c[5][0])
            level = lambda: sum(1 for v in where.values() if v == col["column_id"])
            peak, area, last = level(), 0.0, s
            for c in tickets:
                if s <= c[2] < e:
                    area += level() * (min(c[2], e) - last)
                    last = min(c[2], e)
                    where[c[1]] = column_of.get(c[5][0])
                    peak = max(peak, level())
            area += level() * (e - last)
            assert col["peak"][b] == peak
            assert col["average"][b] == pytest.approx(area / (e - s), rel=1e-9, abs=1e-12)


def test_lead_and_cycle_times_are_a_replay(ws, project, history):
    changes, rng = history
    answer = ws.statistics.cycle_times(project.id, **rng)
    starts, ends, _ = frame(answer)
    for kind, done, started in (("ticket", "done", lambda s: s is not None and s != "backlog"),
                                ("task", "completed", lambda s: s == "running")):
        per = defaultdict(list)
        for c in changes:
            if c[0] == kind:
                per[c[1]].append(c)
        leads, cycles = [], []
        for items in per.values():
            created, begun = items[0][2], None
            for c in items:
                if begun is None and started(c[5][1]):
                    begun = c[2]  # work starts: the first such change up to now
                if arrived(c, done) and bucket_of(starts, ends, c[2]) is not None:
                    leads.append((c[2] - created) / 1e6)
                    cycles.append(max(0, c[2] - (created if begun is None else begun)) / 1e6)
        got = answer[kind + "s"]
        assert got["lead_time"] == pytest.approx(nearest_rank(leads))
        assert got["cycle_time"] == pytest.approx(nearest_rank(cycles))


def test_time_in_phase_and_utilisation_are_a_replay(ws, project, history):
    changes, rng = history
    phases = ws.statistics.time_in_phase(project.id, **rng)
    starts, ends, to = frame(phases)
    lo = starts[0]
    per = defaultdict(list)
    for c in changes:
        per[c[1]].append(c)
    total, who = defaultdict(float), defaultdict(set)
    running = defaultdict(list)
    for items in per.values():
        for i, c in enumerate(items):
            until = items[i + 1][2] if i + 1 < len(items) else to
            inside = max(0, min(until, to) - max(c[2], lo))
            if c[0] == "ticket" and c[5][0] and inside > 0:
                total[c[5][0]] += inside / 1e6
                who[c[5][0]].add(c[1])
            if c[0] == "task" and c[5][1] == "running" and c[5][2] and inside > 0:
                running[c[5][2]].append((c[2], until))
    want = {p: {"total_seconds": total[p], "tickets": len(who[p]),
                "average_seconds": total[p] / len(who[p])} for p in total}
    assert phases["phases"].keys() == want.keys()
    for p, w in want.items():
        assert phases["phases"][p] == pytest.approx(w), p

    util = ws.statistics.utilisation(project.id, **rng)
    busy = {}
    for agent, spans in running.items():
        spans.sort()
        merged = []
        for s, e in spans:
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        busy[agent] = [sum(max(0, min(e, be) - max(s, bs)) for s, e in merged) / (be - bs)
                       for bs, be in zip(starts, ends)]
    got = {a["agent_id"]: a["busy"] for a in util["agents"] if any(a["busy"])}
    assert got.keys() == busy.keys()
    for agent, b in busy.items():
        assert got[agent] == pytest.approx(b), agent
    assert busy, "the history ran tasks"
    assert any(c[3] == "TASK_DELETED" and c[4][1] == "running" for c in changes), \
        "the history deleted a ticket while one of its tasks ran"


def test_snapshot_statistics(ws, project, history):
    overview = ws.statistics.overview(project.key)
    tickets = ws.tickets.list(project_id=project.id, limit=100).items
    assert overview["tickets"]["total"] == len(tickets)
    assert overview["tickets"]["by_status"]["done"] == sum(t.status == "done" for t in tickets)
    assert overview["tickets"]["blocked_count"] == sum(t.is_blocked for t in tickets)
    assert overview["agents"]["active"] == 3  # registered just now
    assert ws.statistics.agents(project.id)["active_agents"] == 3
    stats = ws.statistics.tickets(project.id)
    assert stats["by_status"] == overview["tickets"]["by_status"]


def test_bad_ranges_are_refused_with_the_field(ws, project):
    now = datetime.now(timezone.utc)
    with pytest.raises(dagboard.ValidationError) as info:
        ws.statistics.flow(project.id, from_=now - timedelta(days=60), to=now, bucket="hour")
    assert info.value.details["field"] == "bucket"
    assert info.value.details["max_buckets"] == 1000
    with pytest.raises(dagboard.ValidationError) as info:
        ws.statistics.throughput(project.id, from_=now, to=now - timedelta(hours=1))
    assert info.value.details["field"] == "to"
    with pytest.raises(dagboard.ValidationError) as info:
        ws.statistics.throughput(project.id, since=now)
    assert info.value.details["field"] == "since"
    with pytest.raises(dagboard.NotFoundError):
        ws.statistics.overview("NOPE")
