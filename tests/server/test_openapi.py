# SPDX-License-Identifier: Apache-2.0
"""The OpenAPI document: served without a token, equal to the shipped docs/openapi.json, and
every operation it describes is routed by the real server. (The router -> document direction is
tests/server/test_server_core.cpp; every response of these tests is checked against the
document by conftest.py.)"""

import re

import requests

from openapi_check import DOC


def test_served_without_a_token_and_equal_to_the_shipped_file(server):
    r = requests.get(server.url("/openapi.json"), timeout=30)
    assert r.status_code == 200
    assert r.json() == DOC, "docs/openapi.json is stale: build/server/dagboard-server --openapi > docs/openapi.json"
    assert DOC["openapi"] == "3.1.0"
    assert re.fullmatch(r"\d+\.\d+\.\d+", DOC["info"]["version"])


def test_every_described_operation_is_routed(server):
    methods = 0
    for path, item in DOC["paths"].items():
        concrete = re.sub(r"\{[^/]+\}", "nope", path).removeprefix("/api/v1")
        for method, op in item.items():
            methods += 1
            r = server.call(method.upper(), concrete, json={} if method != "get" else None)
            body = r.json() if r.headers.get("Content-Type", "").startswith("application/json") and r.content else {}
            code = body.get("error", {}).get("code") if isinstance(body, dict) else None
            assert code not in ("NOT_FOUND", "METHOD_NOT_ALLOWED"), f"{method.upper()} {path}: {r.status_code} {body}"
            params = {p["name"] for p in op["parameters"] if p["in"] == "path"}
            assert params == set(re.findall(r"\{([^/]+)\}", path)), path
            assert any(s.startswith("2") for s in op["responses"]), path
    assert methods >= 140


def test_requests_and_records_are_the_library_schemas(server):
    schemas = DOC["components"]["schemas"]
    assert schemas["NewTicket"]["required"] == ["project_id", "title"]
    assert schemas["Ticket"]["additionalProperties"] is False
    post = DOC["paths"]["/api/v1/tickets"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/NewTicket"}
    assert post["responses"]["201"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Ticket"}
    listed = {p["name"] for p in DOC["paths"]["/api/v1/tickets"]["get"]["parameters"]}
    assert listed == set(schemas["TicketQuery"]["properties"])
