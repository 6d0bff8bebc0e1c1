# SPDX-License-Identifier: Apache-2.0
"""HTTP conventions every client can count on: Location on 201 Created, HEAD wherever GET is
routed, and cross-origin calls from the origins of --cors-origin only."""

import requests

from conftest import error_of

UI = "https://ui.example.test"


def test_created_records_say_where_they_live(server, project):
    r = server.post("/tickets", json={"project_id": project["id"], "title": "Refunds"})
    assert r.status_code == 201
    assert r.headers["Location"] == f"/api/v1/tickets/{r.json()['id']}"
    assert server.ok("GET", r.headers["Location"].removeprefix("/api/v1"))["title"] == "Refunds"

    t = server.post(f"/tickets/{r.json()['id']}/tasks", json={"title": "Schema"})
    assert t.headers["Location"] == f"/api/v1/tasks/{t.json()['id']}"
    # ?fields= trims the body, not the address.
    a = server.post("/agents/register?fields=agent_name", json={"project_id": project["id"], "agent_name": "w1"})
    assert a.status_code == 201 and "id" not in a.json()
    agent = server.ok("GET", a.headers["Location"].removeprefix("/api/v1"))
    assert agent["agent_name"] == "w1"
    assert server.post("/projects", json={"name": "Ops", "key": "OPS"}).headers["Location"].startswith(
        "/api/v1/projects/")


def test_head_answers_like_get_without_a_body(server, ticket):
    path = f"/tickets/{ticket['id']}"
    got = server.get(path)
    head = server.call("HEAD", path)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["Content-Length"] == str(len(got.content))
    assert head.headers["ETag"] == got.headers["ETag"]
    assert head.headers["Content-Type"] == "application/json"
    assert server.call("HEAD", "/tickets/NOPE-1").status_code == 404
    # A path without GET lists HEAD only where GET is allowed.
    r = server.call("PUT", "/tickets")
    error_of(r, 405, "METHOD_NOT_ALLOWED")
    assert set(r.headers["Allow"].split(", ")) == {"POST", "GET", "HEAD"}
    r = server.call("HEAD", "/scheduler/claim")
    assert r.status_code == 405 and "HEAD" not in r.headers["Allow"]


def preflight(server, origin, method="PATCH"):
    return requests.options(server.url("/tickets"), timeout=10, headers={
        "Origin": origin, "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "authorization, content-type, if-match"})


def test_cors_answers_listed_origins_only(start_server, project):
    server = start_server("--cors-origin", f"{UI},http://127.0.0.1:5173")
    r = preflight(server, UI)  # no token: browsers send preflights without one
    assert r.status_code == 204
    assert r.headers["Access-Control-Allow-Origin"] == UI
    assert "PATCH" in r.headers["Access-Control-Allow-Methods"]
    assert {"authorization", "content-type", "if-match"} <= {
        h.strip().lower() for h in r.headers["Access-Control-Allow-Headers"].split(",")}
    assert r.headers["Vary"] == "Origin"

    other = preflight(server, "https://evil.example.test")
    assert other.status_code == 204
    assert not any(h.lower().startswith("access-control-") for h in other.headers)

    got = server.get("/projects", headers={"Origin": UI})
    assert got.status_code == 200
    assert got.headers["Access-Control-Allow-Origin"] == UI
    assert "Location" in got.headers["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Origin" not in server.get(
        "/projects", headers={"Origin": "https://evil.example.test"}).headers
    # The token is still needed for the call itself.
    r = requests.get(server.url("/projects"), headers={"Origin": UI}, timeout=10)
    error_of(r, 401, "UNAUTHORIZED")
    assert r.headers["Access-Control-Allow-Origin"] == UI


def test_without_the_option_no_origin_is_allowed(server):
    r = preflight(server, UI)
    assert r.status_code == 204
    assert "Access-Control-Allow-Origin" not in r.headers
    assert "Access-Control-Allow-Origin" not in server.get("/projects", headers={"Origin": UI}).headers


def test_cors_origins_must_be_bare_origins(tmp_path, database):
    import subprocess
    from conftest import SERVER_BIN
    for bad in ["ui.example.test", "https://ui.example.test/app", "https://"]:
        p = subprocess.run([SERVER_BIN, "--db", database.url, "--dev-no-auth", "--cors-origin", bad],
                           capture_output=True, text=True, timeout=20)
        assert p.returncode != 0
        assert "--cors-origin" in p.stderr, p.stderr
