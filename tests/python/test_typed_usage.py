# SPDX-License-Identifier: Apache-2.0
"""Typed use of the package, checked by mypy --strict against the stubs (test_stubs.py) and run
by pytest, so the static types and the values agree."""

from typing import Any, assert_type

import dagboard
from dagboard import Page, Task, Ticket


def plan(ws: dagboard.Workspace) -> list[str]:
    p = ws.projects.create(name="Typed", key="TYP")
    t = ws.tickets.create(project_id=p.id, title="Typed calls", priority="HIGH")
    assert_type(t, Ticket)
    assert_type(t.key, str)
    assert_type(t.blocked_reason, str | None)
    a = ws.tasks.create(ticket_id=t.key, title="Schema", required_capabilities=["sql"])
    b = ws.tasks.create(ticket_id=t.key, title="API", depends_on=[a.id])
    page = ws.tasks.list(ticket_id=t.id, status=["pending", "running"])
    assert_type(page, Page[Task])
    assert_type(page.items, list[Task])
    ready = ws.graph.ready(p.id, limit=5)
    order = ws.graph.topological_order(p.id)
    assert_type(order, list[str])
    progress: dict[str, Any] = ws.graph.progress(project_id=p.id)
    agent = ws.agents.register(project_id=p.id, capabilities=["sql"])
    claimed = ws.scheduler.claim(agent.id, project_id=p.id)
    assert_type(claimed, Task | None)
    if claimed is not None:
        ws.tasks.start(claimed.id, agent_id=agent.id)
        ws.tasks.complete(claimed.id, {"ok": True}, agent_id=agent.id)
    try:
        ws.tickets.transition(t.id, "done")
    except dagboard.InvalidTransitionError as e:
        assert_type(e.code, str)
    found = ws.search.search("schema", types=["task"], project_id=p.id)
    assert progress["total"] == 2 and [x.id for x in ready] == [a.id] and b.depends_on == [a.id]
    return [x.title for x in page] + [str(found["total"])]


def test_typed_usage() -> None:
    assert plan(dagboard.open("sqlite::memory:")) == ["Schema", "API", "1"]
