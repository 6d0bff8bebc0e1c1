# SPDX-License-Identifier: Apache-2.0
"""The typed stubs (dagboard/*.pyi) say exactly what the module does: the same public names,
the same parameters (names, kinds, defaults, types) as the runtime signatures, the same record
fields and value types as real records, and Debian's mypy accepts the examples and the typed
usage file against them (and refuses a call the library refuses)."""

import ast
import inspect
import os
import pathlib
import re
import subprocess
import sys

import jsonschema
import pytest

import dagboard
from dagboard import _dagboard, _records

PACKAGE = pathlib.Path(dagboard.__file__).resolve().parent
ROOT = pathlib.Path(__file__).resolve().parents[2]


def stub(name):
    return ast.parse((PACKAGE / f"{name}.pyi").read_text())


def aliases():
    """The Literal aliases of _records.pyi, as text."""
    out = {}
    for node in stub("_records").body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Subscript):
            out[node.targets[0].id] = ast.unparse(node.value)
    return out


ALIASES = aliases()


def normal(annotation):
    """One spelling of a type: aliases expanded, `builtins.` dropped, one kind of quote."""
    text = annotation.replace("builtins.", "").replace('"', "'")
    for name, value in ALIASES.items():
        text = re.sub(rf"\b{name}\b", value.replace('"', "'"), text)
    return re.sub(r"\s+", " ", text).strip()


def refines(stub_type, runtime_type):
    """The stub says the same, or says more where pybind11 only knows `Any`, `dict`, ..."""
    s, r = normal(stub_type), normal(runtime_type)
    return s == r or r == "Any" or s.startswith(r + "[") or (
        r.startswith("Callable[...") and s.startswith("Callable["))


def stub_classes(tree):
    return {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}


def stub_members(cls_node):
    out = {}
    for n in cls_node.body:
        if isinstance(n, ast.FunctionDef):
            out[n.name] = n
        elif isinstance(n, ast.AnnAssign):
            out[n.target.id] = n
    return out


def public(obj):
    return {n for n in vars(obj) if not n.startswith("_")}


def test_package_exports_what_its_stub_exports():
    init = stub("__init__")
    exported = {a.asname or a.name for n in init.body if isinstance(n, ast.ImportFrom) for a in n.names}
    runtime = {n for n in dir(dagboard) if not n.startswith("_")}
    assert exported - {"__version__"} == runtime
    assert set(dagboard.__all__) <= exported


def test_native_module_and_its_stub_name_the_same_things():
    tree = stub("_dagboard")
    declared = set(stub_classes(tree))
    declared |= {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    declared |= {n.target.id for n in tree.body if isinstance(n, ast.AnnAssign)}
    runtime = {n for n in dir(_dagboard) if not n.startswith("_")} | {"__version__"}
    assert declared - {"__version__"} == runtime - {"__version__"}
    assert "__version__" in declared


def test_every_class_has_the_stubs_members_and_no_others():
    classes = stub_classes(stub("_dagboard"))
    for name, node in classes.items():
        cls = getattr(_dagboard, name)
        if issubclass(cls, BaseException):
            bases = [b.__name__ for b in cls.__bases__]
            assert [ast.unparse(b) for b in node.bases] == bases, name
            continue
        assert set(stub_members(node)) == public(cls), name


def runtime_parameters(function):
    params = list(inspect.signature(function).parameters.values())
    return [p for p in params if p.name != "self"]


def stub_parameters(node):
    args = node.args
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    out = [(a, d is not None, inspect.Parameter.POSITIONAL_OR_KEYWORD)
           for a, d in zip(positional, defaults)]
    out += [(a, d is not None, inspect.Parameter.KEYWORD_ONLY)
            for a, d in zip(args.kwonlyargs, args.kw_defaults)]
    return [o for o in out if o[0].arg != "self"]


def service_methods():
    for name, node in stub_classes(stub("_dagboard")).items():
        cls = getattr(_dagboard, name)
        if issubclass(cls, BaseException):
            continue
        for member, fn in stub_members(node).items():
            is_property = isinstance(fn, ast.FunctionDef) and any(
                ast.unparse(d) == "property" for d in fn.decorator_list)
            if isinstance(fn, ast.FunctionDef) and not is_property:
                yield f"{name}.{member}", getattr(cls, member), fn


@pytest.mark.parametrize("qualname,method,node", list(service_methods()),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_method_parameters_match_the_runtime_signature(qualname, method, node):
    runtime = runtime_parameters(method)
    declared = stub_parameters(node)
    assert [p.name for p in runtime] == [a.arg for a, _, _ in declared], qualname
    for p, (arg, has_default, kind) in zip(runtime, declared):
        assert p.kind == kind, f"{qualname}({p.name}): kind"
        assert (p.default is not inspect.Parameter.empty) == has_default, f"{qualname}({p.name}): default"
        assert arg.annotation is not None, f"{qualname}({p.name}): no type in the stub"
        assert refines(ast.unparse(arg.annotation), str(p.annotation)), (
            f"{qualname}({p.name}): stub {ast.unparse(arg.annotation)} vs runtime {p.annotation}")


def test_keyword_parameters_come_from_the_library_schema():
    create = inspect.signature(dagboard.open("sqlite::memory:").tickets.create)
    schema = dagboard.request_schema("NewTicket")
    assert [p for p in create.parameters] == schema["x-order"]
    assert {p.name for p in create.parameters.values() if p.default is inspect.Parameter.empty} == \
        set(schema["required"])
    assert all(p.kind == inspect.Parameter.KEYWORD_ONLY for p in create.parameters.values())


def sample_records(ws):
    """One or more real records of every record type, keyed by type name."""
    p = ws.projects.create(name="Stubs", key="STB")
    t = ws.tickets.create(project_id=p.id, title="Typed", description="d", blocked_by=[])
    a = ws.agents.register(project_id=p.id, agent_name="typist", capabilities=["py"])
    k = ws.tasks.create(ticket_id=t.id, title="Check", estimate=1.5)
    ws.tickets.transition(t.id, "analyzing", reason="go")
    c = ws.commits.link(ticket_id=t.id, commit_sha="ab" * 20, commit_message="STB-1 stubs",
                        files_list=[{"path": "a.py", "additions": 1, "deletions": 0}])
    spec = ("# Spec\n## Functional requirements\n### REQ-001: Typed\n"
            "WHEN a call is made THE SYSTEM SHALL check it.\n")
    d = ws.documents.store(title="Spec", content=spec, kind="requirements", project_id=p.id)
    g = ws.documents.require_approval(k.id, d.id)
    e = ws.explorations.start(user_id="u1", initial_idea="types", project_id=p.id)
    q = ws.explorations.ask(e.id, question_text="Which?", ai_confidence=0.5)
    claimed = ws.scheduler.claim(a.id, project_id=p.id)
    di = ws.discoveries.record(source_task_id=k.id, discovery_type="bug", description="Off by one")
    done = ws.tasks.complete(claimed.id, {"ok": True}, agent_id=a.id, force=True) if claimed else k
    return {
        "Project": [p], "Ticket": [t, ws.tickets.get(t.id)], "Agent": [a], "Task": [k, done],
        "PhaseHistoryEntry": ws.tickets.phase_history(t.id), "AuditEntry": list(ws.audit.ticket(t.id)),
        "Event": ws.events.read(limit=50), "TicketCommit": [c], "Document": [d],
        "Requirement": ws.documents.requirements(d.id), "ApprovalGate": [g], "Exploration": [e],
        "ExplorationQuestion": [q], "Discovery": [di],
        "Reference": dagboard.parse_references("fixes STB-1 STB-1 #time 1h"),
    }


def record_annotation(schema):
    """The stub spelling of a record field's schema (times are ISO 8601 text)."""
    if "anyOf" in schema:
        return " | ".join(record_annotation(s) for s in schema["anyOf"])
    if "enum" in schema:
        return "Literal[" + ", ".join(repr(v) for v in schema["enum"]) + "]"
    kind = schema.get("type")
    if kind == "array":
        return f"list[{record_annotation(schema['items'])}]"
    if kind == "object":
        inner = schema.get("additionalProperties")
        return f"dict[str, {record_annotation(inner) if inner else 'Any'}]"
    return {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None",
            None: "Any"}[kind]


def test_record_stubs_match_the_library_record_schemas():
    classes = stub_classes(stub("_records"))
    record_types = {n for n, c in classes.items() if [ast.unparse(b) for b in c.bases] == ["Record"]}
    runtime_types = {n for n, c in vars(_records).items()
                     if isinstance(c, type) and issubclass(c, _records.Record) and c is not _records.Record}
    assert record_types == runtime_types == set(dagboard.record_schema_names())
    for name in record_types:
        schema = dagboard.record_schema(name)
        fields = {f: ast.unparse(n.annotation) for f, n in stub_members(classes[name]).items()}
        assert set(fields) == set(schema["properties"]), name
        for field, annotation in fields.items():
            assert normal(annotation) == normal(record_annotation(schema["properties"][field])), \
                f"{name}.{field}: stub {annotation}, schema {schema['properties'][field]}"


def test_real_records_match_their_schemas(ws):
    samples = sample_records(ws)
    assert set(samples) == set(dagboard.record_schema_names())
    for name, records in samples.items():
        assert records, name
        schema = dagboard.record_schema(name)
        seen = set().union(*(r.to_dict().keys() for r in records))
        assert seen == set(schema["properties"]), (
            f"{name}: schema only {sorted(set(schema['properties']) - seen)}, "
            f"records only {sorted(seen - set(schema['properties']))}")
        validator = jsonschema.Draft202012Validator(schema)
        for record in records:
            assert type(record).__name__ == name
            errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(record.to_dict())]
            assert not errors, f"{name}: {errors}"


def mypy(*paths):
    env = dict(os.environ, MYPYPATH=str(PACKAGE.parent))
    return subprocess.run(["/usr/bin/python3", "-m", "mypy", "--no-incremental", "--python-version", "3.11",
                           "--cache-dir", os.devnull, *map(str, paths)],
                          capture_output=True, text=True, env=env, timeout=600)


def test_mypy_accepts_the_examples_and_the_typed_usage():
    files = sorted((ROOT / "examples").glob("*.py")) + [ROOT / "tests" / "python" / "test_typed_usage.py"]
    result = mypy("--strict", *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_accepts_the_python_tests():
    # botocore (the SigV4 cross-check) ships no types.
    result = mypy("--ignore-missing-imports", *sorted((ROOT / "tests" / "python").glob("*.py")))
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_refuses_what_the_library_refuses(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import dagboard\n"
                   "ws = dagboard.open('sqlite::memory:')\n"
                   "ws.tickets.create(project_id='p', title='t', priority='URGENT')\n"
                   "ws.tasks.create(title='no ticket')\n"
                   "n: int = ws.tickets.get('PAY-1').key\n")
    result = mypy(bad)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert [e.split(":")[1] for e in errors] == ["3", "4", "5"], result.stdout
    assert "priority" in errors[0] and "ticket_id" in errors[1] and "str" in errors[2]
