# SPDX-License-Identifier: Apache-2.0
import pytest

import dagboard

SHA = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"


def test_link_query_and_statistics(ws, project, ticket):
    c = ws.commits.link(ticket_id=ticket.key, commit_sha=SHA.upper(), commit_message="Fixes DAG-1", agent_id="a1",
                        files_list=[{"path": "x.py", "additions": 3, "deletions": 1}])
    assert (c.commit_sha, c.ticket_id, c.insertions, c.deletions, c.files_changed) == (SHA, ticket.id, 3, 1, 1)
    assert c.files_list == [{"path": "x.py", "status": "modified", "additions": 3, "deletions": 1, "changes": 4}]
    with pytest.raises(dagboard.ConflictError):
        ws.commits.link(ticket_id=ticket.id, commit_sha=SHA)
    assert ws.commits.link_once(ticket_id=ticket.id, commit_sha=SHA).id == c.id
    assert ws.commits.get(SHA[:7]) == c
    assert [x.id for x in ws.commits.by_ticket(ticket.id)] == [c.id]
    assert [x.id for x in ws.commits.by_agent("a1")] == [c.id]
    stats = ws.commits.statistics(project_id="DAG")
    assert stats["total_commits"] == 1 and stats["total_lines_changed"] == 4
    assert stats["most_active_files"] == [{"path": "x.py", "commits": 1, "changes": 4}]
    with pytest.raises(dagboard.NotFoundError) as info:
        ws.commits.get("ffffff")
    assert info.value.code == "COMMIT_NOT_FOUND"
    with pytest.raises(dagboard.ValidationError):
        ws.commits.link(ticket_id=ticket.id, commit_sha="not-a-sha")
    card = next(t for col in ws.board.view(project.id)["columns"] for t in col["tickets"] if t["id"] == ticket.id)
    assert (card["insertions"], card["deletions"]) == (3, 1)
