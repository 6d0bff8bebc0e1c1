# SPDX-License-Identifier: Apache-2.0
"""Writers of one project never deadlock: ticket creates, board moves, task creates with
dependency edits, and agents claiming and completing, at once (benchmarks/faults/mixed_writers.py)."""

import mixed_writers


def test_mixed_writers_take_one_lock_order(cluster):
    url = cluster.fresh_schema("mixed")
    deadlocks_before = cluster.log().count("deadlock detected")
    results = {r["role"]: r for r in mixed_writers.main(url, seconds=5)}
    assert cluster.log().count("deadlock detected") == deadlocks_before
    for role, r in results.items():
        assert r["fault_count"] == 0, (role, r["faults"])
        # With deadlocks (one second each) the workers managed 1-3 operations in 10 s.
        assert r["ops"] >= 25, (role, r)
