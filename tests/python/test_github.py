# SPDX-License-Identifier: Apache-2.0
"""GitHub webhooks through the library entry point, with GitHub's documented payload shapes
(tests/fixtures/github) signed by a test secret."""

import copy
import hashlib
import hmac
import json
from pathlib import Path

import pytest

import dagboard

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "github"
SECRET = "webhook-test-secret"


def fixture(name):
    return json.loads((FIXTURES / f"{name}.json").read_text())


def deliver(ws, event, payload, delivery="d-1", secret=SECRET, signature=None):
    body = json.dumps(payload).encode()
    if signature is None:
        signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    headers = {"X-GitHub-Event": event, "X-Hub-Signature-256": signature, "X-GitHub-Delivery": delivery}
    return ws.github.handle_webhook(event, headers, body)


@pytest.fixture
def repo(ws):
    p = ws.projects.create(name="Payments", key="PAY")
    ws.github.connect(p.id, "Codertocat", "Hello-World", webhook_secret=SECRET)
    return p


def test_signature_is_checked_before_anything(ws, repo):
    last = ws.events.last_id()
    for signature in ["", "sha256=" + "0" * 64, "sha1=abc"]:
        with pytest.raises(dagboard.SignatureInvalidError):
            deliver(ws, "ping", fixture("ping"), signature=signature)
    with pytest.raises(dagboard.SignatureInvalidError):
        deliver(ws, "ping", fixture("ping"), secret="another secret")
    with pytest.raises(dagboard.SignatureInvalidError):  # a signed body that is not JSON: still the secret first
        ws.github.handle_webhook("push", {"X-Hub-Signature-256": "sha256=00"}, b"{not json")
    assert ws.events.last_id() == last
    assert deliver(ws, "ping", fixture("ping"))["message"] == "pong"
    assert ws.github.connected() == [{"project_id": repo.id, "owner": "Codertocat", "repo": "Hello-World",
                                      "connected": True, "webhook_configured": True}]


def test_push_links_commits_and_closing_keywords_on_the_default_branch_finish_work(ws, repo):
    ticket = ws.tickets.create(project_id="PAY", title="Refunds", phase_id="PHASE_IMPLEMENTATION")
    task = ws.tasks.create(ticket_id=ticket.id, title="Endpoint")
    result = deliver(ws, "push", fixture("push"))
    assert result["success"] is True and result["linked_tickets"] == [ticket.id]
    assert result["closed_tickets"] == [ticket.id]
    links = ws.commits.by_ticket(ticket.id)
    assert [(c.commit_sha[:7], c.link_method, c.author) for c in links] == [("a94a8fe", "webhook", "agent-7"),
                                                                           ("de9f2c7", "webhook", "agent-7")]
    assert links.items[0].files_list[0] == {"path": "api/refunds.py", "status": "added", "additions": 0,
                                            "deletions": 0, "changes": 0}
    assert ws.tickets.get(ticket.id).status == "done"
    assert ws.tasks.get(task.id).status == "completed"
    types = [e.event_type for e in ws.events.read(since=0, limit=1000)]
    assert types.count("COMMIT_LINKED") == 2 and "COMMIT_PUSHED" in types and "TASK_COMPLETED" in types
    # the same delivery again: acknowledged, nothing written
    last = ws.events.last_id()
    again = deliver(ws, "push", fixture("push"))
    assert again["duplicate"] is True and ws.events.last_id() == last
    # a new delivery of the same commits links nothing twice
    deliver(ws, "push", fixture("push"), delivery="d-2")
    assert len(ws.commits.by_ticket(ticket.id)) == 2


def test_push_to_another_branch_only_links(ws, repo):
    ticket = ws.tickets.create(project_id="PAY", title="Refunds")
    payload = fixture("push")
    payload["ref"] = "refs/heads/pay-1-refunds"
    assert deliver(ws, "push", payload)["closed_tickets"] == []
    assert ws.tickets.get(ticket.id).status == "backlog"


def test_wrong_repository_and_unknown_events(ws, repo):
    payload = fixture("push")
    payload["repository"]["name"] = "Other"
    with pytest.raises(dagboard.ValidationError):
        deliver(ws, "push", payload)
    assert deliver(ws, "deployment_status", fixture("ping"))["message"] == "Event type deployment_status not handled"


def test_pull_request_lifecycle(ws, repo):
    ticket = ws.tickets.create(project_id="PAY", title="Refunds", phase_id="PHASE_IMPLEMENTATION")
    a = ws.tasks.create(ticket_id=ticket.id, title="Endpoint")
    b = ws.tasks.create(ticket_id=ticket.id, title="Tests", depends_on=[a.id])
    opened = deliver(ws, "pull_request", fixture("pull_request"), delivery="pr-1")
    assert opened["ticket_id"] == ticket.id and opened["message"] == "PR 2 linked to ticket PAY-1"
    assert deliver(ws, "pull_request", fixture("pull_request"), delivery="pr-2")["message"] == "PR 2 already linked to ticket"
    closed = copy.deepcopy(fixture("pull_request"))
    closed["action"] = "closed"
    assert deliver(ws, "pull_request", closed, delivery="pr-3")["message"] == "PR 2 closed"
    closed["pull_request"].update(merged=True, merge_commit_sha="e5bd3914e2e596debea16f433f57875b5b90bcd6")
    reopened = copy.deepcopy(fixture("pull_request"))
    reopened["action"] = "reopened"
    deliver(ws, "pull_request", reopened, delivery="pr-4")
    merged = deliver(ws, "pull_request", closed, delivery="pr-5")
    assert merged["tasks_completed"] == 2 and merged["ticket_id"] == ticket.id
    assert ws.tickets.get(ticket.id).status == "done"
    assert [ws.tasks.get(t.id).result["pr_merged"]["pr_number"] for t in (a, b)] == [2, 2]
    types = [e.event_type for e in ws.events.read(since=0, event_types=["PR_OPENED", "PR_CLOSED", "PR_REOPENED", "PR_MERGED"])]
    assert types == ["PR_OPENED", "PR_CLOSED", "PR_REOPENED", "PR_MERGED"]
    untracked = copy.deepcopy(fixture("pull_request"))
    untracked.update(number=9, action="opened")
    untracked["pull_request"].update(number=9, title="Docs", body="no ticket", head={"ref": "docs"})
    assert deliver(ws, "pull_request", untracked, delivery="pr-6")["message"] == "PR 9 opened but no ticket ID found"
    missing = copy.deepcopy(fixture("pull_request"))
    missing.pop("number")
    missing["pull_request"].pop("number")
    assert deliver(ws, "pull_request", missing, delivery="pr-7")["success"] is False


def test_issues_make_tickets_once_and_follow_their_state(ws, repo):
    opened = deliver(ws, "issues", fixture("issues"), delivery="i-1")
    ticket = ws.tickets.get(opened["ticket_id"])
    assert (ticket.title, ticket.status, ticket.github_issue_number) == ("Spelling error in the README file", "backlog", 1)
    assert ticket.context["source"] == "github"
    assert deliver(ws, "issues", fixture("issues"), delivery="i-2")["message"] == "Issue 1 already has a ticket"
    closed = fixture("issues")
    closed["action"] = "closed"
    deliver(ws, "issues", closed, delivery="i-3")
    assert ws.tickets.get(ticket.id).status == "done"
    closed["action"] = "reopened"
    deliver(ws, "issues", closed, delivery="i-4")
    assert ws.tickets.get(ticket.id).status == "backlog"
    # "#1" in a commit now resolves to that ticket
    push = fixture("push")
    push["commits"] = push["commits"][:1]
    push["commits"][0]["message"] = "Fix typo, closes #1"
    deliver(ws, "push", push, delivery="i-5")
    assert ws.tickets.get(ticket.id).status == "done"
    assert len(ws.tickets.list(project_id="PAY")) == 1


def test_commit_comments_reach_linked_tickets(ws, repo):
    ticket = ws.tickets.create(project_id="PAY", title="Refunds")
    ws.commits.link(ticket_id=ticket.id, commit_sha="a94a8fe5ccb19ba61c4c0873d391e987982fbbd3")
    result = deliver(ws, "commit_comment", fixture("commit_comment"))
    assert result["ticket_ids"] == [ticket.id]
    event = ws.events.read(since=0, event_types=["COMMIT_COMMENTED"])[0]
    assert event.payload["comment"] == "This is a really good change! :+1:" and event.payload["ticket_id"] == ticket.id


def _count(ws, *types):
    return {t: len(ws.events.read(since=0, event_types=[t], limit=1000)) for t in types}


def _forget_delivery(ws, db_url, delivery):
    """A crash between the work and recording the delivery: the delivery id is not on file."""
    import sqlite3
    import subprocess
    sql = f"DELETE FROM github_deliveries WHERE delivery_id = '{delivery}'"
    if db_url.startswith("sqlite://"):
        with sqlite3.connect(db_url[len("sqlite://"):]) as db:
            db.execute(sql)
    else:
        base, _, options = db_url.partition("?options=-csearch_path%3D")
        subprocess.run(["psql", base, "-q", "-v", "ON_ERROR_STOP=1", "-c", f"SET search_path = {options}; {sql}"],
                       check=True, capture_output=True)


def test_one_fact_is_written_once_whatever_delivers_it(ws, repo, db_url):
    """Redelivery of an interrupted delivery, and the same event under another delivery id
    (a repository hook and an organisation hook), finish the work without doubling it."""
    ticket = ws.tickets.create(project_id="PAY", title="Refunds", phase_id="PHASE_IMPLEMENTATION")
    ws.commits.link(ticket_id=ticket.id, commit_sha="a94a8fe5ccb19ba61c4c0873d391e987982fbbd3")
    kinds = ("COMMIT_PUSHED", "COMMIT_COMMENTED", "PR_OPENED", "PR_CLOSED", "PR_REOPENED", "PR_MERGED")
    deliver(ws, "push", fixture("push"), delivery="push-repo-hook")
    deliver(ws, "push", fixture("push"), delivery="push-org-hook")
    _forget_delivery(ws, db_url, "push-repo-hook")
    deliver(ws, "push", fixture("push"), delivery="push-repo-hook")
    deliver(ws, "commit_comment", fixture("commit_comment"), delivery="c-repo")
    _forget_delivery(ws, db_url, "c-repo")
    deliver(ws, "commit_comment", fixture("commit_comment"), delivery="c-repo")
    deliver(ws, "commit_comment", fixture("commit_comment"), delivery="c-org")
    deliver(ws, "pull_request", fixture("pull_request"), delivery="pr-open")
    closed = copy.deepcopy(fixture("pull_request"))
    closed["action"] = "closed"
    deliver(ws, "pull_request", closed, delivery="pr-close")
    deliver(ws, "pull_request", closed, delivery="pr-close-org")
    _forget_delivery(ws, db_url, "pr-close")
    deliver(ws, "pull_request", closed, delivery="pr-close")
    reopened = copy.deepcopy(fixture("pull_request"))
    reopened["action"] = "reopened"
    deliver(ws, "pull_request", reopened, delivery="pr-reopen")
    deliver(ws, "pull_request", reopened, delivery="pr-reopen-org")
    merged = copy.deepcopy(closed)
    merged["pull_request"].update(merged=True, merge_commit_sha="e5bd3914e2e596debea16f433f57875b5b90bcd6")
    deliver(ws, "pull_request", merged, delivery="pr-merge")
    deliver(ws, "pull_request", merged, delivery="pr-merge-org")
    assert _count(ws, *kinds) == {"COMMIT_PUSHED": 1, "COMMIT_COMMENTED": 1, "PR_OPENED": 1, "PR_CLOSED": 1,
                                  "PR_REOPENED": 1, "PR_MERGED": 1}
    # A later, different push of the same ref is a new fact.
    again = fixture("push")
    again["before"], again["after"] = again["after"], "1" * 40
    deliver(ws, "push", again, delivery="push-2")
    assert _count(ws, "COMMIT_PUSHED") == {"COMMIT_PUSHED": 2}
    assert ws.tickets.get(ticket.id).status == "done"
