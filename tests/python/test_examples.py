# SPDX-License-Identifier: Apache-2.0
"""The examples keep working: run them as a user would."""

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_python_quickstart_runs_twice_without_duplicates(tmp_path):
    url = f"sqlite://{tmp_path}/demo.db"
    env = dict(os.environ)
    for _ in range(2):
        out = subprocess.run([sys.executable, str(ROOT / "examples" / "quickstart.py"), url],
                             check=True, capture_output=True, text=True, env=env).stdout
    assert out.splitlines() == [
        "PYDEMO-1   [backlog] HIGH     Refund flow",
        "    - Schema               pending    after 0 task(s)",
        "    - API                  pending    after 1 task(s)",
        "4 events in the log",
    ]


def test_spec_review_example(tmp_path):
    url = f"sqlite://{tmp_path}/spec.db"
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "spec_review.py"), url],
                         check=True, capture_output=True, text=True, env=dict(os.environ)).stdout
    assert out.splitlines() == [
        "spec v1: 2 requirements {'functional': 1, 'security': 1}",
        "  REQ-001 [functional] event_driven: WHEN a customer requests a refund THE SYSTEM SHALL create a refund record.",
        "  REQ-002 [security] unwanted_behavior: IF the amount exceeds the charge THEN THE SYSTEM SHALL refuse the refund.",
        "ready before approval: 0",
        "ready after approval: ['Build refunds']",
        "discovery bug -> task 'Partial refunds round the wrong way' HIGH (parent: Build refunds)",
        "1 TASKS_UNBLOCKED, 1 DISCOVERY_MADE",
    ]


def test_orchestrator_runs_agent_processes_until_the_dag_is_done(db_url):
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "orchestrator.py"), db_url, "3"],
                         check=True, capture_output=True, text=True, env=dict(os.environ),
                         timeout=300).stdout
    assert out.splitlines() == [
        "8 of 8 tasks completed by 3 agents, 8 completions in all",
        "each task completed once: True",
        "every task after its dependencies: True",
        "last: release",
    ]


def test_cpp_host_runs_agent_threads_until_the_dag_is_done(db_url):
    host = os.environ.get("DAGBOARD_EXAMPLE_HOST", str(ROOT / "build" / "examples" / "host"))
    out = subprocess.run([host, db_url, "4"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "6 tasks completed by 4 agents (6 completions)",
        "all completed: yes",
        "refused: TICKET_NOT_FOUND",
    ]
