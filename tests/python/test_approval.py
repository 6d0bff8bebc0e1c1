# SPDX-License-Identifier: Apache-2.0
"""Ticket approval; ports upstream's test_ticket_approval.py."""

import time

import pytest

import dagboard


def reviewed(ws, key, on_reject="delete", timeout=1800):
    return ws.projects.create(name=key, key=key, settings={
        "approval": {"ticket_human_review": True, "timeout_seconds": timeout, "on_reject": on_reject}})


def test_review_on_and_off(ws):
    on = reviewed(ws, "REV")
    t = ws.tickets.create(project_id=on.id, title="x", requested_by_agent_id="agent-1")
    assert t.approval_status == "pending_review"
    assert t.approval_deadline_at is not None and t.requested_by_agent_id == "agent-1"
    assert ws.events.read(event_types=["TICKET_APPROVAL_PENDING"])[0].payload["deadline_at"] == t.approval_deadline_at
    off = ws.projects.create(name="off", key="OFF")
    u = ws.tickets.create(project_id=off.id, title="y")
    assert u.approval_status == "approved" and u.approval_deadline_at is None
    assert ws.tickets.pending_review_count() == 1
    assert ws.tickets.pending_review_count(on.id) == 1


def test_approve_and_reject_only_from_pending(ws):
    p = reviewed(ws, "REV")
    t = ws.tickets.create(project_id=p.id, title="x")
    with pytest.raises(dagboard.InvalidTransitionError):
        ws.tickets.transition(t.id, to_status="analyzing")
    assert ws.tickets.approve(t.id, approver_id="h1").approval_status == "approved"
    assert ws.events.read(event_types=["TICKET_APPROVED"])[0].payload["approver_id"] == "h1"
    with pytest.raises(dagboard.InvalidTransitionError):
        ws.tickets.approve(t.id)
    with pytest.raises(dagboard.InvalidTransitionError):
        ws.tickets.reject(t.id, "no")


@pytest.mark.parametrize("on_reject,kept", [("delete", False), ("archive", True)])
def test_reject_deletes_or_archives(ws, on_reject, kept):
    p = reviewed(ws, "REJ", on_reject)
    t = ws.tickets.create(project_id=p.id, title="x")
    r = ws.tickets.reject(t.id, "out of scope", rejector_id="h2")
    assert r.approval_status == "rejected" and r.rejection_reason == "out of scope"
    assert (ws.tickets.find(t.id) is not None) == kept
    payload = ws.events.read(event_types=["TICKET_REJECTED"])[0].payload
    assert payload["rejection_reason"] == "out of scope" and payload["rejector_id"] == "h2"


def test_timeouts(ws):
    p = reviewed(ws, "TMO", "archive", timeout=1)
    old = ws.tickets.create(project_id=p.id, title="old")
    other = ws.tickets.create(project_id=p.id, title="approved")
    ws.tickets.approve(other.id)
    time.sleep(1.1)
    assert ws.tickets.check_approval_timeouts() == [old.id]
    t = ws.tickets.get(old.id)
    assert t.approval_status == "timed_out" and t.rejection_reason == "Approval timeout exceeded"
    assert ws.tickets.check_approval_timeouts() == []
