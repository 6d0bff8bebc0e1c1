# SPDX-License-Identifier: Apache-2.0
"""Checks each response of the server tests against the OpenAPI document (docs/openapi.json):
the operation its method and path name, the schema of its status (or the default error)."""

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jsonschema

DOC = json.loads((Path(__file__).resolve().parents[2] / "docs" / "openapi.json").read_text())
_RESOLVER = jsonschema.RefResolver.from_schema(DOC)
_TEMPLATES = [(re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", path) + "$"), path.count("{"), path)
              for path in DOC["paths"]]
checked = {"responses": 0}


def operation(method, path):
    """The described operation of a request, preferring literal segments (as the router does)."""
    matches = [(params, p) for pattern, params, p in _TEMPLATES if pattern.match(path)]
    for _, template in sorted(matches):
        op = DOC["paths"][template].get(method.lower())
        if op:
            return template, op
    return None, None


def _schema(op, status):
    responses = op["responses"]
    answer = responses.get(str(status)) or responses.get("default")
    if "$ref" in answer:
        answer = DOC["components"]["responses"][answer["$ref"].rsplit("/", 1)[1]]
    return answer.get("content", {}).get("application/json", {}).get("schema")


def check(method, url, response):
    """Raises AssertionError when a JSON answer of /api/v1 does not match the document."""
    parts = urlsplit(url)
    if not parts.path.startswith("/api/v1/") or method == "HEAD" or response.status_code in (404, 405):
        return
    if "fields" in parse_qs(parts.query):  # ?fields= trims records on purpose
        return
    if not response.content or not response.headers.get("Content-Type", "").startswith("application/json"):
        return  # 204, 304, text (DOT, Mermaid, document content)
    template, op = operation(method, parts.path)
    assert op is not None, f"{method} {parts.path} is not in the OpenAPI document"
    schema = _schema(op, response.status_code)
    assert schema is not None, f"{method} {template} {response.status_code} has no JSON schema"
    validator = jsonschema.Draft202012Validator(schema, resolver=_RESOLVER)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}"
              for e in validator.iter_errors(response.json())]
    assert not errors, f"{method} {template} {response.status_code} does not match the document: {errors[:5]}"
    checked["responses"] += 1
