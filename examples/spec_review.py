#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Work that waits for a reviewed spec, and a bug found on the way.

    PYTHONPATH=build/python python3 examples/spec_review.py [sqlite://spec.db]

An agent writes requirements; the implementation task waits for their approval; a reviewer
approves; a worker claims the task, finds a bug and branches a fix in one step.
"""

import sys

import dagboard

SPEC = """# Refunds
## Functional requirements
### REQ-001: Refund request
WHEN a customer requests a refund THE SYSTEM SHALL create a refund record.
## Security requirements
### REQ-002: Ceiling
IF the amount exceeds the charge THEN THE SYSTEM SHALL refuse the refund.
"""


def main(url: str = "sqlite://spec.db") -> None:
    ws = dagboard.open(url)
    key = f"SPEC{ws.events.last_id()}"  # a fresh project on every run
    p = ws.projects.create(name="Spec review demo", key=key)
    t = ws.tickets.create(project_id=p.id, title="Refunds")
    build = ws.tasks.create(ticket_id=t.id, title="Build refunds")

    analyst = ws.as_actor("analyst-agent")
    spec = analyst.documents.store(project_id=p.id, kind="requirements", title="Refunds", content=SPEC)
    print(f"spec v{spec.version}: {spec.total_requirements} requirements {spec.requirements_by_category}")
    for r in ws.documents.requirements(spec.id):
        print(f"  {r.requirement_id} [{r.category}] {r.ears_pattern}: {r.ears_format}")
    ws.documents.require_approval(build.id, spec.id)
    ws.documents.link_requirement(spec.id, "REQ-001", build.id)
    print(f"ready before approval: {len(ws.graph.ready(p.id).items)}")

    analyst.documents.submit(spec.id)
    ws.as_actor("reviewer").documents.approve(spec.id)
    print(f"ready after approval: {[x.title for x in ws.graph.ready(p.id).items]}")

    worker = ws.agents.register(project_id=p.id, capacity=2)
    task = ws.scheduler.claim(worker.id)
    assert task is not None, "the approved task is ready"
    ws.tasks.start(task.id, agent_id=worker.id)
    found, fix = ws.discoveries.record_and_branch(
        source_task_id=task.id, discovery_type="bug", description="Partial refunds round the wrong way",
        spawn_phase_id="PHASE_IMPLEMENTATION", priority_boost=True)
    parent = ws.tasks.get(fix.parent_task_id or "")
    print(f"discovery {found.discovery_type} -> task '{fix.title}' {fix.priority} (parent: {parent.title})")
    events = [e.event_type for e in ws.events.read(since=0, project_id=p.id, limit=1000)]
    print(f"{events.count('TASKS_UNBLOCKED')} TASKS_UNBLOCKED, {events.count('DISCOVERY_MADE')} DISCOVERY_MADE")


if __name__ == "__main__":
    main(*sys.argv[1:])
