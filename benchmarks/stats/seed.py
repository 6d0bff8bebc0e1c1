# SPDX-License-Identifier: Apache-2.0
"""Seeds the statistics benchmark: one project with 10,000 tickets, 100,000 tasks and 1,000,000
events spread over 90 days, in a SQLite file.

    seed.py PATH.db

Tickets and tasks are created through the library (their TASK_/TICKET_CREATED events). The rest
of the history (moves back and forth, claims, starts, completions, failures, heartbeats) is
appended to the event log directly, fast, with payloads of the library's shapes; then every
event is re-stamped along 90 days in id order, and the statistics tables are rebuilt from the
log by the library's own check (which prints how long the replay took)."""

import json
import random
import sqlite3
import sys
import time

import dagboard

TICKETS, TASKS, EVENTS, DAYS = 10_000, 100_000, 1_000_000, 90
FLOW = [("PHASE_BACKLOG", "backlog"), ("PHASE_REQUIREMENTS", "analyzing"),
        ("PHASE_IMPLEMENTATION", "building"), ("PHASE_TESTING", "testing"), ("PHASE_DONE", "done")]


def create(path):
    ws = dagboard.open(f"sqlite://{path}")
    p = ws.projects.create(name="Statistics", key="STAT")
    w = ws.workflows.get(p.id)
    for c in w["columns"]:
        c["wip_limit"] = None
    ws.workflows.set(p.id, w)
    tickets = [ws.tickets.create(project_id=p.id, title=f"ticket {i}").id for i in range(TICKETS)]
    tasks = []
    for start in range(0, TASKS, 1000):
        batch = [{"ticket_id": tickets[(start + i) % TICKETS], "title": f"task {start + i}"} for i in range(1000)]
        tasks += [t.id for t in ws.tasks.create_many(batch)]
    agents = [ws.agents.register(project_id=p.id, capacity=4).id for _ in range(20)]
    ws.close()
    return p.id, tickets, tasks, agents


def entity_histories(tickets, tasks, agents):
    """Per ticket and task, its own events in order: (type, entity_type, entity_id, payload)."""
    rng = random.Random(16)
    for t in tickets:  # along the flow, sometimes back a step
        events, step = [], 0
        for _ in range(rng.randint(3, 8)):
            nxt = min(max(1, step + (1 if rng.random() < 0.8 else -1)), len(FLOW) - 1)
            if nxt == step:
                continue
            (fp, fs), (tp, ts) = FLOW[step], FLOW[nxt]
            events.append(("TICKET_STATUS_CHANGED", "ticket", t, {"ticket_id": t, "from_status": fs,
                                                                   "to_status": ts, "from_phase": fp, "to_phase": tp}))
            step = nxt
        yield events
    for task in tasks:  # claimed, run, one in ten failed once and retried, completed
        agent, events = rng.choice(agents), []
        tries = 2 if rng.random() < 0.1 else 1
        for n in range(tries):
            events.append(("TASK_ASSIGNED", "task", task, {"task_id": task, "agent_id": agent}))
            events.append(("TASK_STARTED", "task", task, {"task_id": task, "agent_id": agent,
                                                         "old_status": "assigned", "status": "running"}))
            if n + 1 < tries:
                events.append(("TASK_FAILED", "task", task, {"task_id": task, "agent_id": agent,
                                                            "old_status": "running", "status": "pending"}))
        events.append(("TASK_COMPLETED", "task", task, {"task_id": task, "agent_id": agent,
                                                       "old_status": "running", "status": "completed"}))
        yield events


def interleaved(histories, agents, total):
    """The histories merged at random (each keeps its order), heartbeats in between, `total` in all."""
    rng = random.Random(17)
    queues = [list(reversed(h)) for h in histories if h]
    work = sum(len(q) for q in queues)
    beat_share = max(0, total - work) / max(1, total)
    out = []
    while queues:
        if rng.random() < beat_share:
            a = rng.choice(agents)
            out.append(("AGENT_HEARTBEAT", "agent", a, {"agent_id": a, "health_status": "healthy"}))
            continue
        i = rng.randrange(len(queues))
        out.append(queues[i].pop())
        if not queues[i]:
            queues[i] = queues[-1]
            queues.pop()
    return out


def append(path, project_id, events):
    db = sqlite3.connect(path)
    first = db.execute("SELECT value FROM event_sequence WHERE id = 1").fetchone()[0] + 1
    rows = ((first + i, t, et, eid, project_id, json.dumps(p), None, 0) for i, (t, et, eid, p) in enumerate(events))
    db.executemany("INSERT INTO events (id, event_type, entity_type, entity_id, project_id, payload, actor, "
                   "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    last = first + len(events) - 1
    db.execute("UPDATE event_sequence SET value = ? WHERE id = 1", (last,))
    # Along 90 days, ending now, in id order.
    end = int(time.time() * 1e6)
    span = DAYS * 86400 * 1_000_000
    db.execute("UPDATE events SET created_at = ? + id * ? / ?", (end - span, span, last))
    db.execute("DELETE FROM state_changes")
    db.commit()
    db.close()
    return last


def main(path):
    t0 = time.time()
    project_id, tickets, tasks, agents = create(path)
    t1 = time.time()
    events = interleaved(entity_histories(tickets, tasks, agents), agents, EVENTS - TICKETS - TASKS - 50)
    last = append(path, project_id, events)
    t2 = time.time()
    ws = dagboard.open(f"sqlite://{path}")
    check = ws.statistics.check(rebuild=True)
    t3 = time.time()
    print(json.dumps({"events": last, "create_s": round(t1 - t0, 1), "append_s": round(t2 - t1, 1),
                      "rebuild_s": round(t3 - t2, 1), "check": check}))


if __name__ == "__main__":
    main(sys.argv[1])
