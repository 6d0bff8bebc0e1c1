# SPDX-License-Identifier: Apache-2.0
"""dagboard against networkx on identical random DAGs, in one run.

    PYTHONPATH=build/python /usr/bin/python3 benchmarks/compare_networkx.py [--sizes 10000:50000,100000:1000000]

For each size it builds the same graph in dagboard (SQLite :memory:, through the public API) and in
networkx, then times topological order, critical path (longest chain by node count) and cycle checks
for 200 random candidate edges, checks that the answers agree, and prints the ratios."""

import argparse
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "build", "python"))

import networkx as nx  # noqa: E402

import dagboard  # noqa: E402


def random_dag(n, m, seed):
    rng = random.Random(seed)
    per_node = max(1, m // n)
    deps = [[]]
    for i in range(1, n):
        deps.append(sorted({rng.randrange(i) for _ in range(min(per_node, i))}))
    return deps


def uuid_for(i):
    return f"00000000-0000-4000-8000-{i:012x}"


def timed(fn, repeat=3):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def build_dagboard(deps):
    ws = dagboard.open("sqlite::memory:")
    p = ws.projects.create(name="compare", key="NX")
    t = ws.tickets.create(project_id=p.id, title="compare")
    for begin in range(0, len(deps), 20000):
        ws.tasks.create_many([{"id": uuid_for(i), "ticket_id": t.id, "title": f"t{i}",
                               "depends_on": [uuid_for(d) for d in deps[i]]}
                              for i in range(begin, min(len(deps), begin + 20000))])
    ws.graph.ready(p.id)  # builds the index once, as a running service would have it
    return ws, p.id


def build_networkx(deps):
    g = nx.DiGraph()
    g.add_nodes_from(range(len(deps)))
    g.add_edges_from((d, i) for i, ds in enumerate(deps) for d in ds)
    return g


def respects_edges(order, deps, key):
    pos = {key(x): k for k, x in enumerate(order)}
    return all(pos[d] < pos[i] for i, ds in enumerate(deps) for d in ds)


def compare(n, m, seed=1):
    deps = random_dag(n, m, seed)
    edges = sum(len(d) for d in deps)
    ws, project = build_dagboard(deps)
    g = build_networkx(deps)
    index_of = {uuid_for(i): i for i in range(n)}

    t_db, order_db = timed(lambda: ws.graph.topological_order(project))
    t_nx, order_nx = timed(lambda: list(nx.topological_sort(g)))
    assert respects_edges(order_db, deps, lambda x: index_of[x])
    assert respects_edges(order_nx, deps, lambda x: x)

    c_db, path_db = timed(lambda: ws.graph.critical_path(project))
    c_nx, path_nx = timed(lambda: nx.dag_longest_path(g))
    assert path_db["length"] == len(path_nx), (path_db["length"], len(path_nx))

    rng = random.Random(seed + 1)
    pairs = [(rng.randrange(n), rng.randrange(n)) for _ in range(200)]
    pairs = [(a, b) for a, b in pairs if a != b]
    k_db, answers_db = timed(lambda: [ws.tasks.check_cycle(uuid_for(a), [uuid_for(b)]) is not None
                                      for a, b in pairs], repeat=1)
    k_nx, answers_nx = timed(lambda: [nx.has_path(g, a, b) for a, b in pairs], repeat=1)
    assert answers_db == answers_nx

    print(f"{n:>8} tasks {edges:>8} edges | topological order: dagboard {t_db*1e3:8.1f} ms, "
          f"networkx {t_nx*1e3:8.1f} ms, x{t_nx/t_db:6.1f} | critical path: {c_db*1e3:8.1f} ms vs "
          f"{c_nx*1e3:8.1f} ms, x{c_nx/c_db:6.1f} | {len(pairs)} cycle checks: {k_db*1e3:7.1f} ms vs "
          f"{k_nx*1e3:7.1f} ms, x{k_nx/k_db:6.1f} | answers agree")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000:50000,100000:1000000")
    args = parser.parse_args()
    for size in args.sizes.split(","):
        n, m = (int(x) for x in size.split(":"))
        compare(n, m)


if __name__ == "__main__":
    main()
