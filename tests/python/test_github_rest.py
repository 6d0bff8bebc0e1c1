# SPDX-License-Identifier: Apache-2.0
"""The GitHub REST client against a loopback stand-in with recorded responses: success, 404,
403 rate limit with Retry-After, 500 then success, a response slower than the timeout."""

import time

import pytest

import dagboard
from github_standin import GitHubStandIn

SHA = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"
COMMIT_PATH = f"/repos/Codertocat/Hello-World/commits/{SHA}"
# The shape of GitHub's "Get a commit" response, trimmed.
COMMIT = {
    "sha": SHA, "html_url": f"https://github.com/Codertocat/Hello-World/commit/{SHA}",
    "commit": {"author": {"name": "Agent Seven", "email": "a7@example.com", "date": "2026-11-20T15:10:00Z"},
               "message": "Add refunds\n\nFixes PAY-1"},
    "stats": {"total": 52, "additions": 40, "deletions": 12},
    "files": [
        {"sha": "bbcd538c8e72b8c175046e27cc8f907076331401", "filename": "api/refunds.py", "status": "added",
         "additions": 30, "deletions": 0, "changes": 30},
        {"sha": "c3d1b7e5bda9c52b6a1e1f8e1d6d9f6bcb8a3e1a", "filename": "api/__init__.py", "status": "modified",
         "additions": 10, "deletions": 12, "changes": 22}],
}
DIFF = """diff --git a/api/refunds.py b/api/refunds.py
new file mode 100644
index 0000000..bbcd538
--- /dev/null
+++ b/api/refunds.py
@@ -0,0 +1,2 @@
+def refund(order):
+    return order.total
diff --git a/api/__init__.py b/api/__init__.py
index 1234567..c3d1b7e 100644
--- a/api/__init__.py
+++ b/api/__init__.py
@@ -1,3 +1,3 @@ import os
 import sys
-from .old import x
+from .refunds import refund
 VERSION = 1
\\ No newline at end of file
"""


@pytest.fixture
def github():
    standin = GitHubStandIn()
    yield standin
    standin.close()


@pytest.fixture
def gws(db_url, github):
    ws = dagboard.open(db_url, github={"api_url": github.url, "token": "test-token", "timeout_ms": 500,
                                       "max_retries": 2, "max_wait_ms": 3000})
    ws.projects.create(name="Payments", key="PAY")
    ws.github.connect("PAY", "Codertocat", "Hello-World")
    ticket = ws.tickets.create(project_id="PAY", title="Refunds", description="Refund flow")
    ws.commits.link(ticket_id=ticket.id, commit_sha=SHA, commit_message="Add refunds")
    return ws


def test_refresh_commit_fills_files_and_stats(gws, github):
    github.queue("GET", COMMIT_PATH, 200, COMMIT)
    [link] = gws.github.refresh_commit(SHA[:8])
    assert (link.files_changed, link.insertions, link.deletions, link.author) == (2, 40, 12, "Agent Seven")
    assert [f["path"] for f in link.files_list] == ["api/refunds.py", "api/__init__.py"]
    assert gws.commits.get(SHA).insertions == 40
    request = github.requests[-1]
    assert request["headers"]["Authorization"] == "Bearer test-token"
    assert request["headers"]["Accept"] == "application/vnd.github+json"


def test_diff_is_parsed_into_files_and_hunks(gws, github):
    github.queue("GET", COMMIT_PATH, 200, DIFF.encode())
    files = gws.github.commit_diff(SHA)
    assert [(f["path"], f["status"], f["additions"], f["deletions"]) for f in files] == [
        ("api/refunds.py", "added", 2, 0), ("api/__init__.py", "modified", 1, 1)]
    hunk = files[1]["hunks"][0]
    assert (hunk["old_start"], hunk["old_lines"], hunk["new_start"], hunk["new_lines"], hunk["header"]) == (1, 3, 1, 3, "import os")
    assert [(l["type"], l["content"]) for l in hunk["lines"]] == [
        ("context", "import sys"), ("removed", "from .old import x"), ("added", "from .refunds import refund"),
        ("context", "VERSION = 1")]
    assert github.requests[-1]["headers"]["Accept"] == "application/vnd.github.diff"
    github.queue("GET", COMMIT_PATH, 200, DIFF.encode())
    assert [f["path"] for f in gws.github.commit_diff(SHA, file_path="api/refunds.py")] == ["api/refunds.py"]


def test_not_found_rate_limit_server_errors_and_timeouts(gws, github):
    github.queue("GET", COMMIT_PATH, 404, {"message": "No commit found for SHA"})
    with pytest.raises(dagboard.NotFoundError) as info:
        gws.github.refresh_commit(SHA)
    assert info.value.code == "COMMIT_NOT_FOUND"

    github.queue("GET", COMMIT_PATH, 403, {"message": "API rate limit exceeded"}, {"Retry-After": "1"})
    github.queue("GET", COMMIT_PATH, 200, COMMIT)
    started = time.monotonic()
    gws.github.refresh_commit(SHA)
    assert 0.9 <= time.monotonic() - started < 5  # Retry-After was honoured

    github.queue("GET", COMMIT_PATH, 500, {"message": "boom"})
    github.queue("GET", COMMIT_PATH, 200, COMMIT)
    gws.github.refresh_commit(SHA)
    assert [r["path"] for r in github.requests[-2:]] == [COMMIT_PATH, COMMIT_PATH]

    for _ in range(3):
        github.queue("GET", COMMIT_PATH, 502, {"message": "bad gateway"})
    with pytest.raises(dagboard.Error) as info:
        gws.github.refresh_commit(SHA)
    assert info.value.code == "UPSTREAM_ERROR" and info.value.details["status"] == 502

    github.queue("GET", COMMIT_PATH, 403, {"message": "rate limited"}, {"Retry-After": "3600"})
    with pytest.raises(dagboard.Error) as info:
        gws.github.refresh_commit(SHA)
    assert info.value.code == "UNAVAILABLE" and info.value.details["retry_after_seconds"] == 3600

    for _ in range(3):
        github.queue("GET", COMMIT_PATH, 200, COMMIT, delay=1.5)  # past the 500 ms timeout
    with pytest.raises(dagboard.Error) as info:
        gws.github.refresh_commit(SHA)
    assert info.value.code == "UNAVAILABLE" and info.value.details["reason"] == "timeout"
    assert "test-token" not in str(info.value)


def test_create_issue_records_its_number(gws, github):
    github.queue("POST", "/repos/Codertocat/Hello-World/issues", 201,
                 {"number": 42, "html_url": "https://github.com/Codertocat/Hello-World/issues/42"})
    assert gws.github.create_issue("PAY-1") == {"issue_number": 42,
                                                "url": "https://github.com/Codertocat/Hello-World/issues/42"}
    sent = github.requests[-1]
    assert sent["method"] == "POST" and b'"title":"PAY-1: Refunds"' in sent["body"]
    assert gws.tickets.get("PAY-1").github_issue_number == 42
    with pytest.raises(dagboard.ConflictError):
        gws.github.create_issue("PAY-1")


def test_parse_unified_diff_directly():
    files = dagboard.parse_unified_diff(
        "diff --git a/x b/y\nsimilarity index 90%\nrename from x\nrename to y\n"
        "diff --git a/img.png b/img.png\nBinary files a/img.png and b/img.png differ\n"
        "diff --git a/gone.txt b/gone.txt\ndeleted file mode 100644\n--- a/gone.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n")
    assert [(f["path"], f["status"], f["old_path"], f["binary"]) for f in files] == [
        ("y", "renamed", "x", False), ("img.png", "modified", None, True), ("gone.txt", "removed", None, False)]
    assert files[2]["hunks"][0]["old_lines"] == 1 and files[2]["hunks"][0]["new_lines"] == 0
