# SPDX-License-Identifier: Apache-2.0
"""Search from Python: the same answers as the library's, its refusals as exceptions."""

from datetime import datetime, timedelta, timezone

import pytest

import dagboard


@pytest.fixture
def corpus(ws, project):
    t1 = ws.tickets.create(project_id=project.id, title="Refund flow for card payments",
                           description="Customers ask for a refund when the payment fails", priority="HIGH")
    t2 = ws.tickets.create(project_id=project.id, title="Checkout page layout",
                           description="Move the refund link under the order total")
    task = ws.tasks.create(ticket_id=t1.id, title="Write refund endpoint")
    return t1, t2, task


def test_search_finds_groups_and_marks(ws, corpus):
    t1, t2, task = corpus
    r = ws.search.search("refund", project_id="DAG")
    assert [h["id"] for h in r["tickets"]["items"]] == [t1.id, t2.id]
    assert r["tasks"]["total"] == 1 and r["tasks"]["items"][0]["id"] == task.id
    assert r["total"] == 3 and r["words"] == ["refund"]
    hit = r["tickets"]["items"][1]
    start, end = hit["marks"][0]
    assert hit["snippet"][start:end] == "refund"
    assert hit["key"] == "DAG-2" and hit["status"] == "backlog" and hit["priority"] == "MEDIUM"
    # Prefix, typo, exact key; only some types.
    assert ws.search.search("refu")["tickets"]["total"] == 2
    assert ws.search.search("refnud", types=["ticket"])["tickets"]["total"] == 2
    assert set(ws.search.search("refund", types="ticket,task")) >= {"tickets", "tasks"}
    assert "commits" not in ws.search.search("refund", types=["ticket"])
    assert ws.search.search("dag-1")["exact"][0]["id"] == t1.id


def test_filters_paging_and_refusals(ws, corpus):
    t1, t2, _ = corpus
    assert [h["id"] for h in ws.search.search("refund", priority=["HIGH"])["tickets"]["items"]] == [t1.id]
    hour_ago = datetime.now(timezone.utc) - timedelta(hours=1)
    assert ws.search.search("refund", date_to=hour_ago)["total"] == 0
    assert ws.search.search("refund", date_from=hour_ago)["total"] == 3
    first = ws.search.search("refund", types=["ticket"], limit=1)["tickets"]
    assert first["next_cursor"] == "s1"
    second = ws.search.search("refund", types=["ticket"], limit=1, cursor=first["next_cursor"])["tickets"]
    assert [h["id"] for h in second["items"]] == [t2.id] and second["next_cursor"] is None
    with pytest.raises(dagboard.ValidationError) as info:
        ws.search.search("refund", colour="red")
    assert info.value.field == "colour"
    for bad, field in (("", "q"), ("*", "q"), ("x" * 10_000, "q")):
        with pytest.raises(dagboard.ValidationError) as info:
            ws.search.search(bad)
        assert info.value.field == field
    with pytest.raises(dagboard.ValidationError):
        ws.search.search("refund", types=["tickets"])
    with pytest.raises(dagboard.NotFoundError):
        ws.search.search("refund", project_id="NOPE")
    for hostile in ['"refund', "NEAR(refund", "refund OR x", "'; DROP TABLE tickets; --", "a:b & !c"]:
        ws.search.search(hostile)  # answered, never a StorageError


def test_the_index_follows_writes_and_rebuilds(ws, corpus):
    t1, t2, _ = corpus
    ws.tickets.update(t2.id, description="Move the link")
    assert ws.search.search("refund")["tickets"]["total"] == 1
    ws.tickets.delete(t1.id)
    assert ws.search.search("refund")["total"] == 0
    assert ws.search.rebuild() == {"documents": 1}  # the one ticket left
    assert ws.search.search("checkout")["tickets"]["total"] == 1
