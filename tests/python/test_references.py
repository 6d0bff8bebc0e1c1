# SPDX-License-Identifier: Apache-2.0
"""The reference grammar from Python (the table itself is tests/cpp/test_references.cpp)."""

import dagboard

UUID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def test_parse_references():
    refs = dagboard.parse_references("Fixes #12, acme/pay#3; PAY-7 #time 1h 30m #comment ok `ref #99`")
    assert [(r.kind, r.target, r.action, r.keyword) for r in refs] == [
        ("issue", "12", "close", "fixes"), ("issue", "3", "close", "fixes"), ("ticket_key", "PAY-7", "link", ""),
        ("ticket_key", "PAY-7", "log_time", "#time"), ("ticket_key", "PAY-7", "comment", "#comment")]
    assert refs[1].repository == "acme/pay" and refs[0].repository is None
    assert refs[3].argument == "1h 30m" and refs[3].time_seconds == 5400
    assert refs[4].argument == "ok"
    assert refs[0].to_dict()["offset"] == 6
    assert dagboard.parse_references("nothing here abc#1") == []


def test_branches_and_pull_requests():
    assert [r.target for r in dagboard.parse_branch_references("feature/pay-12-refunds")] == ["PAY-12"]
    pr = dagboard.pull_request_reference("Refunds", body=f"Closes ticket-{UUID}", branch="PAY-3-x")
    assert (pr.kind, pr.target, pr.action) == ("ticket_id", UUID, "close")
    assert dagboard.pull_request_reference("Refunds", branch="PAY-3-x").target == "PAY-3"
    assert dagboard.pull_request_reference("Refunds") is None
