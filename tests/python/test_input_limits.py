# SPDX-License-Identifier: Apache-2.0
"""Input no process can be crashed by: deep, cyclic, huge or non-finite values are a
ValidationError naming the field, at every JSON field a caller stores."""

import math

import pytest

import dagboard


def nested(depth):
    value = "leaf"
    for _ in range(depth - 1):
        value = [value]
    return value


def test_deep_values_are_refused_and_the_limit_is_allowed(ws, project):
    at_limit = {"x": nested(dagboard.MAX_JSON_DEPTH - 1)}  # the dict is the first level
    t = ws.tickets.create(project_id=project.id, title="deep", context=at_limit)
    assert ws.tickets.get(t.id).context == at_limit
    for depth in (dagboard.MAX_JSON_DEPTH + 1, 100_000):
        with pytest.raises(dagboard.ValidationError) as e:
            ws.tickets.create(project_id=project.id, title="too deep", context={"x": nested(depth)})
        assert e.value.details["field"] == "context" and "deeper" in str(e.value)
    assert [x.title for x in ws.tickets.list(project_id=project.id)] == ["deep"]  # nothing else written


def test_cycles_big_ints_and_non_finite_numbers(ws, project, ticket):
    cyclic = {"a": 1}
    cyclic["self"] = cyclic
    cases = [({"settings": cyclic}, "cycle"), ({"settings": {"n": 2**70}}, "64 bits"),
             ({"settings": {"f": math.nan}}, "finite"), ({"settings": {"f": math.inf}}, "finite")]
    for kwargs, words in cases:
        with pytest.raises(dagboard.ValidationError) as e:
            ws.projects.update(project.id, **kwargs)
        assert e.value.details["field"] == "settings" and words in str(e.value), str(e.value)
    looped = []
    looped.append(looped)
    task = ws.tasks.create(ticket_id=ticket.id, title="t")
    agent = ws.agents.register(project_id=project.id)
    assert ws.scheduler.claim(agent.id).id == task.id
    with pytest.raises(dagboard.ValidationError) as e:
        ws.tasks.complete(task.id, {"out": looped}, agent_id=agent.id)
    assert e.value.details["field"] == "result"
    with pytest.raises(dagboard.ValidationError) as e:
        ws.agents.update(agent.id, metadata={"blob": "x" * (dagboard.MAX_JSON_BYTES + 1)})
    assert e.value.details["field"] == "metadata" and "bytes" in str(e.value)
    assert ws.tasks.get(task.id).status == "assigned"  # nothing changed
    shared = [1, 2]
    ws.projects.update(project.id, settings={"a": shared, "b": shared})  # shared is not a cycle
    assert ws.projects.get(project.id).settings == {"a": [1, 2], "b": [1, 2]}


def store_raw(db_url, sql):
    """Runs SQL on the database behind the workspace, around the library (a stored poison)."""
    if db_url.startswith("sqlite://"):
        import sqlite3
        with sqlite3.connect(db_url[len("sqlite://"):]) as raw:
            raw.execute(sql)
        return
    import subprocess
    subprocess.run(["psql", db_url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True)


def test_a_stored_poison_is_an_error_not_a_crash(db_url, ws, project, ticket):
    deep = "[" * 30_000 + "]" * 30_000
    store_raw(db_url, f"UPDATE tickets SET context = '{deep}' WHERE id = '{ticket.id}'")
    with pytest.raises(dagboard.IntegrityError) as e:
        ws.tickets.list(project_id=project.id)
    assert "nests deeper" in str(e.value)
    with pytest.raises(dagboard.IntegrityError):
        ws.board.view(project.id)
    assert ws.projects.get(project.id).key == "DAG"  # the process lives on
