# SPDX-License-Identifier: Apache-2.0
"""examples/http_client.py, run as a user would, against the real server with a token."""

import subprocess
import sys

from conftest import ROOT


def test_http_client_example_plans_works_and_reads_events(server):
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "http_client.py"), server.base,
                          server.token], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "BIL-1: Invoices",
        "ready: ['Schema']",
        "completed: Schema",
        "completed: PDF export",
        "refused: VALIDATION_FAILED",
        "TASK_COMPLETED events: 2",
    ]
