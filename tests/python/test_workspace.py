# SPDX-License-Identifier: Apache-2.0
import pytest

import dagboard


def test_memory_database_opens_migrated():
    ws = dagboard.open("sqlite::memory:")
    assert ws.backend == "sqlite"
    assert ws.schema_version == dagboard.library_schema_version()
    assert len(ws.projects.list()) == 0


@pytest.mark.parametrize("url", ["", "mysql://u@h/db", "sqlite://", "postgresql://u:p@h:abc/db",
                                 "postgresql://u:p@h:5432"])
def test_malformed_urls_are_validation_errors(url):
    with pytest.raises(dagboard.ValidationError) as info:
        dagboard.open(url)
    assert info.value.code == "VALIDATION_FAILED"
    assert info.value.field == "url"
    assert isinstance(info.value, ValueError)


def test_unreachable_postgres_is_storage_error_without_password():
    with pytest.raises(dagboard.StorageError) as info:
        dagboard.open("postgresql://someone:s3cret@127.0.0.1:1/nothing")
    assert info.value.code == "STORAGE_ERROR"
    assert "s3cret" not in str(info.value)


def test_data_survives_reopen(db_url):
    ws = dagboard.open(db_url)
    p = ws.projects.create(name="Keep", key="KEEP")
    t = ws.tickets.create(project_id=p.id, title="Persist me")
    again = dagboard.open(db_url)
    assert again.tickets.get("KEEP-1") == t
    assert again.schema_version == dagboard.library_schema_version()


def test_records_are_read_only_values(ws, project):
    with pytest.raises(AttributeError):
        project.name = "x"
    with pytest.raises(AttributeError):
        project.no_such_field
    d = project.to_dict()
    d["name"] = "changed"
    assert project.name == "Dagboard"
    assert repr(project) == "<Project DAG 'Dagboard' active>"


def test_opening_an_existing_database_is_quiet(db_url):
    """Opening a database that is already set up prints nothing (PostgreSQL printed a NOTICE)."""
    import subprocess
    import sys
    dagboard.open(db_url).projects.create(name="Quiet", key="QT")
    script = "import sys, dagboard; dagboard.open(sys.argv[1]).projects.get('QT')"
    run = subprocess.run([sys.executable, "-c", script, db_url], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""


def test_records_show_what_they_are_and_protect_nested_values(ws, ticket):
    task = ws.tasks.create(ticket_id=ticket.id, title="Schema", required_capabilities=["sql"])
    assert repr(task) == "<Task 'Schema' pending>"
    assert repr(ticket) == "<Ticket DAG-1 'A ticket' backlog>"
    task.required_capabilities.append("oops")
    task["required_capabilities"].append("oops")
    assert task.required_capabilities == ["sql"]


def test_workspace_closes_and_is_a_context_manager(db_url):
    with dagboard.open(db_url) as ws:
        ws.projects.create(name="Ctx", key="CTX")
        assert not ws.closed
    assert ws.closed
    with pytest.raises(dagboard.ValidationError) as info:
        ws.projects
    assert info.value.details["field"] == "workspace"
    again = dagboard.open(db_url)
    assert again.projects.get("CTX").name == "Ctx"
    again.close()
    assert isinstance(dagboard.__version__, str) and dagboard.__version__.count(".") == 2


def test_transition_takes_the_status_positionally(ws, ticket):
    assert ws.tickets.transition(ticket.id, "analyzing").status == "analyzing"
    assert ws.tickets.transition(ticket.key, to_status="building").status == "building"


def test_every_error_code_has_its_python_class():
    assert issubclass(dagboard.UnavailableError, dagboard.Error)
    assert issubclass(dagboard.UpstreamError, dagboard.Error)


def test_an_id_of_the_wrong_type_is_a_validation_error(ws, ticket):
    for call, field in [(lambda: ws.tasks.get(None), "id"), (lambda: ws.tasks.complete(5), "task_id"),
                        (lambda: ws.tickets.transition(None, "done"), "id_or_key"),
                        (lambda: ws.scheduler.claim(ws.agents.register().id, project_id=7), "project_id")]:
        with pytest.raises(dagboard.ValidationError) as info:
            call()
        assert info.value.field == field and info.value.code == "VALIDATION_FAILED"
        assert info.value.details["field"] == field
    with pytest.raises(TypeError):  # not an id: pybind's own message still tells what is wrong
        ws.tasks.create_many(5)
