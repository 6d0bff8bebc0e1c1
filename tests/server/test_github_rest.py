# SPDX-License-Identifier: Apache-2.0
"""Routes that reach GitHub, against a loopback stand-in for its REST API."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))
from github_standin import GitHubStandIn  # noqa: E402

from conftest import error_of  # noqa: E402

SHA = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"
DIFF = (b"diff --git a/app.py b/app.py\nindex 1..2 100644\n--- a/app.py\n+++ b/app.py\n"
        b"@@ -1,2 +1,2 @@\n-x = 1\n+x = 2\n y = 3\n")


@pytest.fixture
def github():
    standin = GitHubStandIn()
    yield standin
    standin.close()


def test_diff_refresh_and_issue_routes(start_server, github, tmp_path):
    token_file = tmp_path / "gh-token"
    token_file.write_text("gh-secret-token\n")
    server = start_server("--github-api-url", github.url, "--github-token-file", str(token_file))
    server.ok("POST", "/projects", 201, json={"name": "Payments", "key": "PAY"})
    server.ok("POST", "/github/connect", params={"project_id": "PAY"}, json={"owner": "acme", "repo": "pay"})
    server.ok("POST", "/tickets", 201, json={"project_id": "PAY", "title": "Refunds"})
    server.ok("POST", "/commits/ticket/PAY-1/link", 201, json={"commit_sha": SHA})
    path = f"/repos/acme/pay/commits/{SHA}"

    github.queue("GET", path, 200, DIFF)
    diff = server.ok("GET", f"/commits/{SHA[:10]}/diff")
    assert diff["commit_sha"] == SHA
    [f] = diff["files"]
    assert (f["path"], f["additions"], f["deletions"]) == ("app.py", 1, 1)
    assert [l["type"] for l in f["hunks"][0]["lines"]] == ["removed", "added", "context"]
    assert github.requests[-1]["headers"]["Authorization"] == "Bearer gh-secret-token"

    github.queue("GET", path, 200, {"sha": SHA, "stats": {"additions": 7, "deletions": 1},
                                    "files": [{"filename": "app.py", "status": "modified", "additions": 7, "deletions": 1}],
                                    "commit": {"author": {"name": "A"}, "message": "m"}})
    refreshed = server.ok("POST", f"/commits/{SHA}/refresh")["commits"]
    assert refreshed[0]["insertions"] == 7 and refreshed[0]["files_list"][0]["path"] == "app.py"

    github.queue("GET", path, 404, {"message": "Not Found"})
    error_of(server.get(f"/commits/{SHA}/diff"), 404, "COMMIT_NOT_FOUND")
    for _ in range(4):
        github.queue("GET", path, 503, {"message": "unavailable"})
    error_of(server.get(f"/commits/{SHA}/diff"), 502, "UPSTREAM_ERROR")

    github.queue("POST", "/repos/acme/pay/issues", 201, {"number": 7, "html_url": "https://github.example/acme/pay/issues/7"})
    assert server.ok("POST", "/tickets/PAY-1/github-issue", 201) == {"issue_number": 7,
                                                                       "url": "https://github.example/acme/pay/issues/7"}
    error_of(server.post("/tickets/PAY-1/github-issue"), 409, "CONFLICT")
    assert "gh-secret-token" not in server.log()
