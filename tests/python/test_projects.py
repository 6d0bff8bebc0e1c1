# SPDX-License-Identifier: Apache-2.0
import pytest

import dagboard
from conftest import event_types


def test_create_get_and_event(ws):
    p = ws.projects.create(name="Payments", key="PAY", github_owner="acme", github_repo="payments",
                           github_webhook_secret="hush", settings={"wip": 3})
    assert p.id.startswith("project-") and len(p.id) == len("project-") + 36
    assert p.status == "active"
    assert p.default_phase_id == "PHASE_BACKLOG"
    assert p.webhook_configured is True
    assert "hush" not in str(p.to_dict())
    assert ws.projects.get("PAY") == p
    assert ws.projects.get(p.id) == p
    [e] = ws.events.read()
    assert (e.event_type, e.entity_type, e.entity_id, e.project_id) == \
        ("PROJECT_CREATED", "project", p.id, p.id)
    assert e.payload["key"] == "PAY"


@pytest.mark.parametrize("key", ["", "D", "dag", "1AB", "TOOLONGKEY1", "DA-G"])
def test_bad_keys_change_nothing(ws, key):
    with pytest.raises(dagboard.ValidationError) as info:
        ws.projects.create(name="x", key=key)
    assert info.value.field == "key"
    assert ws.events.last_id() == 0


def test_bad_fields_name_the_field(ws):
    for kwargs, field in [({"name": " ", "key": "AB"}, "name"),
                          ({"name": "x", "key": "AB", "default_phase_id": "NOPE"}, "default_phase_id"),
                          ({"name": "x", "key": "AB", "settings": [1]}, "settings"),
                          ({"name": 5, "key": "AB"}, "name"),
                          ({"name": "x", "key": "AB", "colour": "red"}, "colour"),
                          ({"key": "AB"}, "name")]:
        with pytest.raises(dagboard.ValidationError) as info:
            ws.projects.create(**kwargs)
        assert info.value.field == field, kwargs
    assert ws.events.last_id() == 0


def test_duplicate_key_is_conflict(ws, project):
    with pytest.raises(dagboard.ConflictError) as info:
        ws.projects.create(name="again", key="DAG")
    assert info.value.code == "CONFLICT"
    assert info.value.details["key"] == "DAG"


def test_not_found_is_a_key_error(ws):
    with pytest.raises(dagboard.NotFoundError) as info:
        ws.projects.get("NOPE")
    assert isinstance(info.value, KeyError)
    assert info.value.code == "PROJECT_NOT_FOUND"
    assert str(info.value) == "project 'NOPE' not found"
    assert ws.projects.find("NOPE") is None


def test_text_is_stored_byte_for_byte(ws):
    name = "Robert'); DROP TABLE projects;-- \"quoted\" ; Ünïcödé 日本語 🚀"
    p = ws.projects.create(name=name, key="TXT", description="a\nb\tc\\d%_")
    got = ws.projects.get(p.id)
    assert got.name == name
    assert got.description == "a\nb\tc\\d%_"


def test_update_archive_delete(ws, project):
    updated = ws.projects.update(project.id, name="Renamed", description=None)
    assert updated.name == "Renamed"
    [e] = ws.events.read(since=1)
    assert e.payload["changes"] == {"name": {"old": "Dagboard", "new": "Renamed"}}
    ws.projects.update(project.id, name="Renamed")
    assert ws.events.last_id() == 2, "a no-op update writes no event"
    with pytest.raises(dagboard.ValidationError):
        ws.projects.update(project.id, key="NEW")
    assert ws.projects.archive("DAG").status == "archived"
    ws.projects.delete(project.id)
    assert ws.projects.find(project.id) is None
    assert event_types(ws) == ["PROJECT_CREATED", "PROJECT_UPDATED", "PROJECT_ARCHIVED",
                               "PROJECT_DELETED"]


def test_list_pages(ws):
    for key in ["PA", "PB", "PC", "PD", "PE"]:
        ws.projects.create(name=key, key=key)
    keys, cursor, pages = [], None, 0
    while True:
        page = ws.projects.list(limit=2, cursor=cursor)
        keys += [p.key for p in page]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert (keys, pages) == (["PA", "PB", "PC", "PD", "PE"], 3)
    ws.projects.archive("PC")
    assert [p.key for p in ws.projects.list(status="archived")] == ["PC"]
    with pytest.raises(dagboard.ValidationError) as info:
        ws.projects.list(limit=0)
    assert info.value.field == "limit"
    with pytest.raises(dagboard.ValidationError) as info:
        ws.projects.list(cursor="garbage")
    assert info.value.field == "cursor"


def test_stats(ws, project):
    ws.tickets.create(project_id="DAG", title="a")
    t = ws.tickets.create(project_id="DAG", title="b", phase_id="PHASE_IMPLEMENTATION")
    task = ws.tasks.create(ticket_id=t.id, title="work")
    agent = ws.agents.register(project_id="DAG")
    ws.scheduler.claim(agent.id, task_id=task.id)
    assert ws.projects.stats("DAG") == {
        "project_id": project.id, "total_tickets": 2,
        "tickets_by_status": {"backlog": 1, "building": 1},
        "tickets_by_phase": {"PHASE_BACKLOG": 1, "PHASE_IMPLEMENTATION": 1},
        "active_agents": 1, "total_commits": 0}
    with pytest.raises(dagboard.NotFoundError):
        ws.projects.stats("NOPE")
