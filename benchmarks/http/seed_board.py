# SPDX-License-Identifier: Apache-2.0
"""Seeds a board for the HTTP benchmarks: project BENCH with N tickets spread over the columns.

    python3 seed_board.py DATABASE_URL [N]
"""

import sys

import dagboard

PHASES = ["PHASE_BACKLOG", "PHASE_REQUIREMENTS", "PHASE_DESIGN", "PHASE_IMPLEMENTATION", "PHASE_TESTING", "PHASE_DONE"]


def main():
    url = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    ws = dagboard.open(url)
    if ws.projects.find("BENCH"):
        return
    ws.projects.create(name="Benchmark board", key="BENCH")
    workflow = ws.workflows.get("BENCH")
    for column in workflow["columns"]:
        column["wip_limit"] = None  # a full board: no column limit in the way of seeding
    ws.workflows.set("BENCH", workflow)
    for i in range(n):
        ws.tickets.create(project_id="BENCH", title=f"Ticket {i}: make the thing work",
                          phase_id=PHASES[i % len(PHASES)], priority=["LOW", "MEDIUM", "HIGH", "CRITICAL"][i % 4],
                          context={"component": f"c{i % 7}"})


if __name__ == "__main__":
    main()
