# SPDX-License-Identifier: Apache-2.0
"""The Python side of the quickstart: PYTHONPATH=build/python python3 examples/quickstart.py [URL]"""

import sys

import dagboard


def main(url: str = "sqlite://dagboard-py.db") -> None:
    ws = dagboard.open(url).as_actor("quickstart.py")
    if ws.projects.find("PYDEMO") is None:
        p = ws.projects.create(name="Python demo", key="PYDEMO")
        t = ws.tickets.create(project_id=p.id, title="Refund flow", priority="HIGH")
        schema = ws.tasks.create(ticket_id=t.key, title="Schema", required_capabilities=["sql"])
        ws.tasks.create(ticket_id=t.key, title="API", depends_on=[schema.id])
    for ticket in ws.tickets.list(project_id="PYDEMO"):
        print(f"{ticket.key:10} [{ticket.status}] {ticket.priority:8} {ticket.title}")
        for task in ws.tasks.list(ticket_id=ticket.id):
            print(f"    - {task.title:20} {task.status:10} after {len(task.depends_on)} task(s)")
    print(f"{ws.events.last_id()} events in the log")


if __name__ == "__main__":
    main(*sys.argv[1:])
