# SPDX-License-Identifier: Apache-2.0
"""An orchestrator: plans a DAG of tasks, then runs agents in separate processes that claim,
work on and complete tasks until the whole graph is done.

    python3 examples/orchestrator.py sqlite:///tmp/fleet.db 3
    python3 examples/orchestrator.py postgresql://user:pass@127.0.0.1:5432/board 4

Each process opens its own workspace (a workspace is not shared across fork); claims are atomic,
so no task is worked twice however the agents race."""

import multiprocessing
import sys
import time

import dagboard

# task -> the tasks it waits for
PLAN: dict[str, list[str]] = {
    "schema": [], "fixtures": [], "api": ["schema"], "worker": ["schema"],
    "ui": ["api"], "load test": ["api", "worker", "fixtures"], "docs": ["api", "ui"],
    "release": ["docs", "load test"],
}
DEADLINE_SECONDS = 120


def plan(ws: dagboard.Workspace) -> str:
    """The project, ticket and tasks; returns the project id."""
    project = ws.projects.create(name="Refunds", key="RFD")
    ticket = ws.tickets.create(project_id=project.id, title="Ship refunds", priority="HIGH")
    ids: dict[str, str] = {}
    for title, after in PLAN.items():
        ids[title] = ws.tasks.create(ticket_id=ticket.id, title=title,
                                     depends_on=[ids[t] for t in after]).id
    return project.id


def run_agent(url: str, project_id: str, number: int) -> int:
    """One agent process: claim, start, complete, until nothing is left. Returns its count."""
    ws = dagboard.open(url)
    me = ws.agents.register(project_id=project_id, agent_name=f"agent-{number}")
    done, stop_at = 0, time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < stop_at:
        task = ws.scheduler.claim(me.id, project_id=project_id, wait=0.2)
        if task is None:
            if ws.graph.progress(project_id=project_id)["all_completed"]:
                break
            continue
        ws.tasks.start(task.id, agent_id=me.id)
        ws.tasks.complete(task.id, {"agent": me.agent_name}, agent_id=me.id)
        done += 1
    return done


def completion_order(ws: dagboard.Workspace, project_id: str) -> list[str]:
    """Task titles in the order the event log saw them complete."""
    titles = {t.id: t.title for t in ws.tasks.list(project_id=project_id, limit=100)}
    events = ws.events.read(event_types=["TASK_COMPLETED"], project_id=project_id, limit=1000)
    return [titles[e.entity_id] for e in events]


def main(url: str, agents: int) -> None:
    ws = dagboard.open(url)
    project_id = plan(ws)
    with multiprocessing.get_context("spawn").Pool(agents) as pool:
        counts = pool.starmap(run_agent, [(url, project_id, n) for n in range(1, agents + 1)],
                              chunksize=1)
    order = completion_order(ws, project_id)
    after_deps = all(order.index(d) < order.index(t) for t, deps in PLAN.items() for d in deps)
    print(f"{len(order)} of {len(PLAN)} tasks completed by {agents} agents, "
          f"{sum(counts)} completions in all")
    print(f"each task completed once: {sorted(order) == sorted(PLAN)}")
    print(f"every task after its dependencies: {after_deps}")
    print(f"last: {order[-1]}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)
