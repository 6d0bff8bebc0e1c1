# SPDX-License-Identifier: Apache-2.0
"""Mixed writers on one project: ticket creates, board moves, task creates with dependency
edits, and agents claiming and completing, each in its own process, for a fixed time.

    python3 benchmarks/faults/mixed_writers.py URL [SECONDS]

Prints one line per role with its operations per second, and the errors that are not part of
the board's rules (there should be none). Used by tests/faults/test_lock_order.py."""

import concurrent.futures
import faulthandler
import json
import multiprocessing
import sys
import time

import dagboard

COLUMNS = ["backlog", "analyzing", "building", "testing"]
# Refusals the board's rules make; anything else (STORAGE_ERROR above all) is a fault.
EXPECTED = (dagboard.WipLimitExceededError, dagboard.InvalidTransitionError, dagboard.ConflictError,
            dagboard.NotFoundError)


def setup(url):
    ws = dagboard.open(url)
    project = ws.projects.create(name="Mixed", key="MIX")
    seed = ws.tickets.create(project_id=project.id, title="seed")
    ws.close()
    return project.id, seed.id


def role_tickets(ws, project_id, seed_id, n):
    ws.tickets.create(project_id=project_id, title=f"ticket {n}")


def role_moves(ws, project_id, seed_id, n):
    page = ws.tickets.list(project_id=project_id, limit=20, sort="-created_at")
    ticket = page.items[n % len(page.items)]
    ws.board.move(ticket.id, COLUMNS[n % len(COLUMNS)], force=True)


def role_tasks(ws, project_id, seed_id, n, state={}):
    task = ws.tasks.create(ticket_id=seed_id, title=f"task {n}")
    previous = state.get("previous")
    if previous:
        ws.tasks.add_dependencies(task.id, [previous])
    state["previous"] = task.id if n % 3 else None  # short chains, so work stays ready


def role_worker(ws, project_id, seed_id, n, state={}):
    if "agent" not in state:
        state["agent"] = ws.agents.register(project_id=project_id, capacity=1).id
    agent = state["agent"]
    task = ws.scheduler.claim(agent, project_id=project_id)
    if task is None:
        ws.tasks.create(ticket_id=seed_id, title=f"filler {n}")
        return
    ws.tasks.start(task.id, agent_id=agent)
    ws.tasks.complete(task.id, {"n": n}, agent_id=agent)


ROLES = {"tickets": role_tickets, "moves": role_moves, "tasks": role_tasks,
         "worker-1": role_worker, "worker-2": role_worker}


def run_role(args):
    name, url, project_id, seed_id, seconds = args
    ws = dagboard.open(url)
    fn = ROLES[name]
    done, refused, faults = 0, 0, []
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        n += 1
        try:
            fn(ws, project_id, seed_id, n)
            done += 1
        except EXPECTED:
            refused += 1
        except dagboard.Error as e:
            faults.append(f"{type(e).__name__}: {e}"[:300])
    ws.close()
    return {"role": name, "ops": done, "refused": refused, "ops_per_s": round(done / seconds, 1),
            "faults": faults[:5], "fault_count": len(faults)}


def main(url, seconds):
    project_id, seed_id = setup(url)
    ctx = multiprocessing.get_context("spawn")
    # Not multiprocessing.Pool: when a worker dies, its map() waits for ever. The executor
    # raises BrokenProcessPool instead, and the timeout bounds a stuck worker. A worker that
    # dies of a signal prints its Python stack on stderr first.
    with concurrent.futures.ProcessPoolExecutor(len(ROLES), mp_context=ctx,
                                                initializer=faulthandler.enable) as pool:
        futures = [pool.submit(run_role, (name, url, project_id, seed_id, seconds)) for name in ROLES]
        return [f.result(timeout=seconds + 120) for f in futures]


if __name__ == "__main__":
    for line in main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 10):
        print(json.dumps(line))
