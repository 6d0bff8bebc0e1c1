"""Seeds the browser benchmark's projects into one SQLite database (fast: in process, batched).

    seed.py DB_URL

B1K / B10K: boards of 1,000 / 10,000 tickets spread over the working columns, no WIP limits.
G5K / G10K: graphs of 5,000 / 10,000 tasks, tickets of 10 tasks, each task depending on 0-2
earlier tasks (80 % inside its ticket), the shape the reference measured."""
import random
import sys
import uuid

import dagboard

PHASES = ["PHASE_BACKLOG", "PHASE_REQUIREMENTS", "PHASE_IMPLEMENTATION", "PHASE_TESTING", "PHASE_DEPLOYMENT"]


def board(ws, key, n):
    ws.projects.create(name=f"Board {n}", key=key)
    workflow = ws.workflows.get(key)
    for c in workflow["columns"]:
        c["wip_limit"] = None
    ws.workflows.set(key, workflow)
    for i in range(n):
        ws.tickets.create(project_id=key, title=f"Ticket {i} of {key}", phase_id=PHASES[i % len(PHASES)])


def graph(ws, key, tasks):
    rng = random.Random(key)
    ws.projects.create(name=f"Graph {tasks}", key=key)
    made = []
    for t in range(tasks // 10):
        ticket = ws.tickets.create(project_id=key, title=f"Ticket {t}")
        batch = []
        for i in range(10):
            deps = set()
            for _ in range(rng.randint(0, 2)):
                if i > 0 and rng.random() < 0.8:
                    deps.add(batch[rng.randrange(i)]["id"])
                elif made:
                    deps.add(made[rng.randrange(len(made))])
            batch.append({"id": str(uuid.UUID(int=rng.getrandbits(128))), "ticket_id": ticket.id,
                          "title": f"task {t}.{i}", "depends_on": sorted(deps)})
        ws.tasks.create_many(batch)
        made.extend(b["id"] for b in batch)


if __name__ == "__main__":
    ws = dagboard.open(sys.argv[1]).as_actor("bench-seed")
    board(ws, "BA", 1000)
    board(ws, "BB", 10000)
    graph(ws, "GA", 5000)
    graph(ws, "GB", 10000)
