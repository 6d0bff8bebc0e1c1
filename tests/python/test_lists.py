# SPDX-License-Identifier: Apache-2.0
"""List calls: several values per filter, sort orders that page correctly, totals."""

import pytest

import dagboard

PRIORITIES = {"a": "LOW", "b": "HIGH", "c": "CRITICAL", "d": "HIGH", "e": "MEDIUM", "f": "CRITICAL", "g": "LOW"}


@pytest.fixture
def tickets(ws, project):
    return [ws.tickets.create(project_id="DAG", title=title, priority=priority,
                              status="building" if title in "bd" else "backlog")
            for title, priority in PRIORITIES.items()]


def every_page(call, limit, **kw):
    titles, cursor = [], None
    for _ in range(100):
        page = call(limit=limit, cursor=cursor, **kw)
        titles += [t.title for t in page]
        cursor = page.next_cursor
        if cursor is None:
            return titles
    raise AssertionError("the pages never ended")


def test_filters_take_a_list_or_comma_separated_text(ws, tickets):
    by_list = ws.tickets.list(project_id="DAG", priority=["HIGH", "CRITICAL"])
    by_text = ws.tickets.list(project_id="DAG", priority="HIGH,CRITICAL")
    assert [t.title for t in by_list] == [t.title for t in by_text] == ["b", "c", "d", "f"]
    assert [t.title for t in ws.tickets.list(status="building")] == ["b", "d"]
    with pytest.raises(dagboard.ValidationError) as bad:
        ws.tickets.list(status=["building", "sleeping"])
    assert bad.value.details["field"] == "status" and "sleeping" in str(bad.value)
    with pytest.raises(dagboard.ValidationError):
        ws.tickets.list(priority=[])


def test_sort_orders_page_through_every_row_once(ws, tickets):
    for limit in (1, 3, 7):
        assert every_page(ws.tickets.list, limit, sort="-priority") == ["f", "c", "d", "b", "e", "g", "a"]
        assert every_page(ws.tickets.list, limit, sort="priority") == ["a", "g", "e", "b", "d", "c", "f"]
        assert every_page(ws.tickets.list, limit, sort="-created_at") == list("gfedcba")
    ws.tickets.update("DAG-3", title="c2")
    assert every_page(ws.tickets.list, 2, sort="-updated_at")[:2] == ["c2", "g"]


def test_a_cursor_belongs_to_its_sort_and_bad_sorts_are_named(ws, tickets):
    page = ws.tickets.list(limit=2, sort="-priority")
    with pytest.raises(dagboard.ValidationError) as other:
        ws.tickets.list(limit=2, sort="priority", cursor=page.next_cursor)
    assert other.value.details["field"] == "cursor"
    with pytest.raises(dagboard.ValidationError) as unknown:
        ws.tickets.list(sort="title")
    assert unknown.value.details["field"] == "sort" and "-priority" in str(unknown.value)
    with pytest.raises(dagboard.ValidationError):
        ws.agents.list(sort="priority")
    with pytest.raises(dagboard.ValidationError) as ready:
        ws.graph.ready("DAG", sort="-created_at")
    assert ready.value.details["field"] == "sort"


def test_totals_only_when_asked(ws, tickets):
    page = ws.tickets.list(limit=2, include_total=True, status="backlog")
    assert len(page) == 2 and page.total == 5 and "total=5" in repr(page)
    assert ws.tickets.list(limit=2).total is None
    more = ws.tickets.list(limit=2, include_total=True, status="backlog", cursor=page.next_cursor)
    assert more.total == 5
    ticket = tickets[0]
    for title in ("one", "two", "three"):
        ws.tasks.create(ticket_id=ticket.id, title=title, priority="HIGH" if title == "two" else "MEDIUM")
    tasks = ws.tasks.list(ticket_id=ticket.key, sort="-priority", include_total=True, status=["pending", "failed"])
    assert [t.title for t in tasks] == ["two", "three", "one"] and tasks.total == 3
    assert ws.projects.list(include_total=True).total == 1
    assert ws.commits.by_ticket(ticket.id, include_total=True).total == 0
    assert ws.explorations.list(include_total=True, sort="-updated_at").total == 0
    assert ws.documents.list(kind=["design", "document"], include_total=True).total == 0
