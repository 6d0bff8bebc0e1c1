# SPDX-License-Identifier: Apache-2.0
"""Search over HTTP: /api/v1/search answers what the library does; bad queries are 400."""

import dagboard
from conftest import error_of


def test_search_route_answers_with_groups_and_exact_hits(server, project, database):
    server.ok("POST", "/tickets", 201, json={"project_id": "PAY", "title": "Refund flow",
                                              "description": "card payments", "priority": "HIGH"})
    server.ok("POST", "/tickets", 201, json={"project_id": "PAY", "title": "Checkout",
                                              "description": "the refund link"})
    got = server.ok("GET", "/search", params={"q": "refu", "project_id": "PAY", "types": "ticket,task"})
    assert [h["key"] for h in got["tickets"]["items"]] == ["PAY-1", "PAY-2"]
    assert got["tickets"]["total"] == 2 and got["tasks"]["total"] == 0 and "commits" not in got
    ws = dagboard.open(database.url)
    assert got == ws.search.search("refu", project_id="PAY", types=["ticket", "task"])
    ws.close()
    exact = server.ok("GET", "/search", params={"q": "PAY-2"})["exact"]
    assert [h["key"] for h in exact] == ["PAY-2"]
    high = server.ok("GET", "/search", params={"q": "refund", "priority": "HIGH", "types": "ticket"})
    assert [h["key"] for h in high["tickets"]["items"]] == ["PAY-1"]
    page = server.ok("GET", "/search", params={"q": "refund", "types": "ticket", "limit": 1})["tickets"]
    assert page["next_cursor"] == "s1"
    rest = server.ok("GET", "/search", params={"q": "refund", "types": "ticket", "cursor": "s1"})["tickets"]
    assert [h["key"] for h in rest["items"]] == ["PAY-2"]
    assert server.ok("POST", "/search/rebuild") == {"documents": 2}


def test_search_refusals_are_coded(server, project):
    for params, field in (({}, "q"), ({"q": ""}, "q"), ({"q": "*"}, "q"), ({"q": "x" * 600}, "q"),
                          ({"q": "x", "colour": "red"}, "colour"), ({"q": "x", "types": "tickets"}, "types"),
                          ({"q": "x", "limit": "500"}, "limit"), ({"q": "x", "cursor": "zz"}, "cursor"),
                          ({"q": "x", "date_from": "yesterday"}, "date_from")):
        details = error_of(server.get("/search", params=params), 400, "VALIDATION_FAILED")
        assert details["field"] == field, params
    error_of(server.get("/search", params={"q": "x", "project_id": "NOPE"}), 404, "PROJECT_NOT_FOUND")
    for hostile in ['"refund', "NEAR(a b)", "'; DROP TABLE tickets; --", "a & !b | (c", "title:x"]:
        assert server.get("/search", params={"q": hostile}).status_code == 200, hostile
