# SPDX-License-Identifier: Apache-2.0
import random

import pytest

import dagboard


@pytest.fixture
def task(ws, ticket):
    def make(title, depends_on=(), **kw):
        return ws.tasks.create(ticket_id=ticket.id, title=title, depends_on=list(depends_on), **kw)
    return make


def test_cycle_refused_with_path_and_nothing_written(ws, task):
    t1 = task("t1")
    t2 = task("t2", [t1.id])
    t3 = task("t3", [t2.id])
    last = ws.events.last_id()
    with pytest.raises(dagboard.DependencyCycleError) as info:
        ws.tasks.add_dependencies(t1.id, [t3.id])
    assert info.value.code == "TASK_DEPENDENCY_CYCLE"
    assert info.value.cycle == [t1.id, t3.id, t2.id, t1.id]
    assert ws.tasks.get(t1.id).depends_on == []
    assert ws.events.last_id() == last
    assert ws.tasks.check_cycle(t1.id, [t3.id]) == [t1.id, t3.id, t2.id, t1.id]
    assert ws.tasks.check_cycle(t3.id, [t1.id]) is None
    with pytest.raises(dagboard.NotFoundError):
        ws.tasks.add_dependencies(t1.id, ["00000000-0000-4000-8000-000000000009"])


def test_add_set_remove(ws, task):
    a, b, c = task("a"), task("b"), task("c")
    assert ws.tasks.add_dependencies(c.id, [a.id, b.id]).depends_on == sorted([a.id, b.id])
    assert ws.tasks.set_dependencies(c.id, [b.id]).depends_on == [b.id]
    assert ws.tasks.remove_dependency(c.id, b.id).depends_on == []
    with pytest.raises(dagboard.ValidationError):
        ws.tasks.remove_dependency(c.id, b.id)
    kinds = [set(e.payload) for e in ws.events.read(event_types=["TASK_DEPENDENCY_UPDATED"])]
    assert kinds == [{"task_id", "depends_on", "added"}, {"task_id", "depends_on", "old_depends_on"},
                     {"task_id", "depends_on", "removed"}]


def test_order_layers_critical_path(ws, task):
    a = task("a", estimate=5.0)
    b = task("b", [a.id], estimate=1.0)
    c = task("c", [a.id], estimate=1.0)
    d = task("d", [b.id, c.id], estimate=1.0)
    e = task("e", estimate=10.0)
    name = {t.id: t.title for t in (a, b, c, d, e)}
    assert [name[i] for i in ws.graph.topological_order("DAG")] == ["a", "e", "b", "c", "d"]
    assert [[name[i] for i in wave] for wave in ws.graph.layers("DAG")] == [["a", "e"], ["b", "c"], ["d"]]
    path = ws.graph.critical_path("DAG")
    assert [name[i] for i in path["task_ids"]] == ["a", "b", "d"] and path["length"] == 3
    weighted = ws.graph.critical_path("DAG", weighted=True)
    assert [name[i] for i in weighted["task_ids"]] == ["e"] and weighted["length"] == 10
    slack = {name[s["task_id"]]: s["slack"] for s in weighted["schedule"]}
    assert slack["e"] == 0 and slack["a"] == 3


def test_ready_filters_and_blockers(ws, task):
    a = task("a")
    b = task("b", [a.id])
    task("sql", phase_id="PHASE_TESTING", required_capabilities=["sql"])
    titles = lambda page: sorted(t.title for t in page)  # noqa: E731
    assert titles(ws.graph.ready("DAG")) == ["a", "sql"]
    assert titles(ws.graph.ready("DAG", capabilities=[])) == ["a"]
    assert titles(ws.graph.ready("DAG", phase_id="PHASE_TESTING", capabilities=["SQL"])) == ["sql"]
    ws.tasks.update(a.id, force=True, status="completed")
    assert titles(ws.graph.ready("DAG")) == ["b", "sql"]
    assert [t.id for t in ws.graph.blocked_by(b.id)] == [a.id]
    assert [t.id for t in ws.graph.blocking(a.id)] == [b.id]


def test_exports(ws, ticket, task):
    a = task("a")
    b = task("b", [a.id])
    g = ws.graph.ticket_graph(ticket.id)
    assert g["metadata"]["critical_path"] == [a.id, b.id]
    assert g["metadata"]["blocked_count"] == 1
    assert g["edges"] == [{"source": a.id, "target": b.id, "type": "depends_on", "label": "depends on"}]
    p = ws.graph.project_graph("DAG")
    assert {n["type"] for n in p["nodes"]} == {"task", "ticket"}
    assert "t0 -> t1;" in ws.graph.to_dot("DAG")
    assert ws.graph.to_mermaid("DAG").startswith("flowchart LR\n")


def test_random_dags(ws, task):
    rng = random.Random(7)
    n, ids, deps = 12, [], []
    for i in range(n):
        mine = [j for j in range(i) if rng.random() < 0.25]
        deps.append(mine)
        ids.append(task(f"n{i}", [ids[j] for j in mine]).id)
    pos = {tid: k for k, tid in enumerate(ws.graph.topological_order("DAG"))}
    assert all(pos[ids[j]] < pos[ids[i]] for i in range(n) for j in deps[i])
    longest = [1] * n
    for i in range(n):
        for j in deps[i]:
            longest[i] = max(longest[i], longest[j] + 1)
    assert ws.graph.critical_path("DAG")["length"] == max(longest)
    reach = [[False] * n for _ in range(n)]  # reach[i][j]: j depends (transitively) on i
    for i in range(n):
        for j in deps[i]:
            reach[j][i] = True
            for k in range(n):
                if reach[k][j]:
                    reach[k][i] = True
    for _ in range(30):
        a, b = rng.randrange(n), rng.randrange(n)
        if a == b:
            continue
        cycle = ws.tasks.check_cycle(ids[a], [ids[b]])
        assert (cycle is not None) == reach[a][b]
        if cycle:
            assert cycle[0] == cycle[-1] == ids[a]
