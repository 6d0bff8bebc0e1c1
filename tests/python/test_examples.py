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
