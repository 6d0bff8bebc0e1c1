# SPDX-License-Identifier: Apache-2.0
"""GitHub webhooks sent to the real server, signed with the project's secret."""

import hashlib
import hmac
import json
from pathlib import Path

import requests

from conftest import error_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "github"
SECRET = "webhook-test-secret"


def send(server, event, body, delivery, secret=SECRET, signature=None, **kw):
    if signature is None:
        signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    headers = {"X-GitHub-Event": event, "X-Hub-Signature-256": signature, "X-GitHub-Delivery": delivery,
               "Content-Type": "application/json", **kw}
    # No Authorization header: webhooks prove themselves with the signature.
    return requests.post(server.url("/webhooks/github"), data=body, headers=headers, timeout=60)


def test_webhooks_over_http(server, project):
    connected = server.ok("POST", "/github/connect", params={"project_id": "PAY"},
                          json={"owner": "Codertocat", "repo": "Hello-World", "webhook_secret": SECRET})
    assert connected["webhook_url"] == "/api/v1/webhooks/github"
    assert server.ok("GET", "/github/connected")[0]["webhook_configured"] is True
    ticket = server.ok("POST", "/tickets", 201, json={"project_id": "PAY", "title": "Refunds"})
    push = (FIXTURES / "push.json").read_bytes()
    before = server.ok("GET", "/events", params={"since": 0, "limit": 1000})["last_id"]

    error_of(send(server, "push", push, "d-1", secret="wrong"), 401, "SIGNATURE_INVALID")
    error_of(send(server, "push", push, "d-1", signature=""), 401, "SIGNATURE_INVALID")
    signed_other_body = "sha256=" + hmac.new(SECRET.encode(), push, hashlib.sha256).hexdigest()
    error_of(send(server, "push", push + b" ", "d-1", signature=signed_other_body), 401, "SIGNATURE_INVALID")
    assert server.ok("GET", "/events", params={"since": 0, "limit": 1000})["last_id"] == before

    r = send(server, "push", push, "d-1")
    assert r.status_code == 200, r.text
    assert r.json()["linked_tickets"] == [ticket["id"]] and r.json()["closed_tickets"] == [ticket["id"]]
    assert server.ok("GET", "/tickets/PAY-1")["status"] == "done"
    assert len(server.ok("GET", "/commits/ticket/PAY-1")["commits"]) == 2
    after = server.ok("GET", "/events", params={"since": 0, "limit": 1000})["last_id"]
    replay = send(server, "push", push, "d-1")
    assert replay.status_code == 200 and replay.json()["duplicate"] is True
    assert server.ok("GET", "/events", params={"since": 0, "limit": 1000})["last_id"] == after

    ping = (FIXTURES / "ping.json").read_bytes()
    assert send(server, "ping", ping, "d-2").json()["message"] == "pong"
    assert send(server, "watch", ping, "d-3").json()["message"] == "Event type watch not handled"
    no_event = requests.post(server.url("/webhooks/github"), data=ping, timeout=30,
                             headers={"X-Hub-Signature-256": "sha256=" + hmac.new(SECRET.encode(), ping, hashlib.sha256).hexdigest()})
    error_of(no_event, 400, "VALIDATION_FAILED")
    not_json = b"{nope"
    error_of(send(server, "push", not_json, "d-4"), 400, "VALIDATION_FAILED")
    issue = (FIXTURES / "issues.json").read_bytes()
    made = send(server, "issues", issue, "d-5").json()
    assert server.ok("GET", f"/tickets/{made['ticket_id']}")["github_issue_number"] == 1


def test_webhook_bodies_over_25_mb_are_refused(server, project):
    body = b'{"zen": "' + b"x" * (25 * 1024 * 1024 + 16) + b'"}'
    r = send(server, "ping", body, "big")
    error_of(r, 413, "PAYLOAD_TOO_LARGE")
    # a normal API body stays limited to --max-body-bytes (1 MB)
    error_of(server.post("/projects", data=b'{"name": "' + b"x" * (2 << 20) + b'"}'), 413, "PAYLOAD_TOO_LARGE")


def test_large_deliveries_and_concurrent_copies(server, project):
    import threading
    server.ok("POST", "/github/connect", params={"project_id": "PAY"},
              json={"owner": "Codertocat", "repo": "Hello-World", "webhook_secret": SECRET})
    server.ok("POST", "/tickets", 201, json={"project_id": "PAY", "title": "Refunds"})
    push = json.loads((FIXTURES / "push.json").read_bytes())
    # GitHub sends Content-Length; a 3 MB push is far under its 25 MB and must not be a 413
    big = dict(push, padding="x" * 3_000_000)
    answer = send(server, "push", json.dumps(big).encode(), "big-1")
    assert answer.status_code == 200, answer.text[:200]
    assert answer.json()["duplicate"] is False
    before = server.ok("GET", "/events", params={"since": 0, "limit": 1000})["last_id"]
    body = json.dumps(dict(push, after="f" * 40, before="e" * 40)).encode()
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(send(server, "push", body, "same-delivery")))
               for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(a.status_code for a in answers) == [200] * 6, [a.text[:120] for a in answers]
    events = server.ok("GET", "/events", params={"since": before, "limit": 1000})["events"]
    # the commits were linked by the big push; the new push is one fact, written once
    assert [e["event_type"] for e in events] == ["COMMIT_PUSHED"]


def test_a_large_delivery_is_checked_against_its_repository_only(server):
    for i in range(51):
        key = f"P{i:02d}"
        server.ok("POST", "/projects", 201, json={"name": key, "key": key})
        server.ok("POST", "/github/connect", params={"project_id": key},
                  json={"owner": "acme", "repo": f"repo{i}", "webhook_secret": f"secret-{i}"})
    nameless = json.dumps({"padding": "x" * 2_000_000}).encode()
    details = error_of(send(server, "push", nameless, "n-1", secret="secret-3"), 401, "SIGNATURE_INVALID")
    assert "must name its repository" in details["reason"]
    push = json.loads((FIXTURES / "push.json").read_bytes())
    push["repository"]["owner"]["login"], push["repository"]["name"] = "acme", "repo7"
    big = json.dumps(dict(push, padding="x" * 3_000_000)).encode()
    # signed with another project's secret: only repo7's secret is tried, and it does not match
    error_of(send(server, "push", big, "b-1", secret="secret-8"), 401, "SIGNATURE_INVALID")
    ok = send(server, "push", big, "b-2", secret="secret-7")
    assert ok.status_code == 200 and ok.json()["duplicate"] is False, ok.text[:200]
