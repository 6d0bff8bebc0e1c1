# SPDX-License-Identifier: Apache-2.0
"""Search on 100,000 tickets, 100,000 tasks and 50,000 commits: p50 of two-word queries through
the library, against upstream's approach (`LIKE '%word%'` on title and description) on the same
data, in the same run.

    bench_search.py URL [TICKETS TASKS COMMITS] [--rebuild]

URL is sqlite:///path.db or postgresql://...; an empty database is seeded first, one seeded by an
earlier run is queried as it is (the seed is deterministic). Prints one JSON line."""

import json
import random
import statistics
import subprocess
import sys
import time
import urllib.parse

import dagboard

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ber", "dan", "fel", "gor", "hin",
             "jas", "kor", "lun", "mar", "nod", "pel", "quin", "ros", "sul", "tam", "ven", "wor"]


def vocabulary(rng, n=4000):
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))))
    return sorted(words)


def zipf_words(rng, vocab, k):
    # A few words are common, most are rare, as in real text.
    return " ".join(vocab[min(len(vocab) - 1, int(rng.paretovariate(1.1)) - 1)] if rng.random() < 0.5
                    else rng.choice(vocab) for _ in range(k))


def seed(ws, tickets, tasks, commits):
    rng = random.Random(42)
    vocab = vocabulary(rng)
    p = ws.projects.create(name="Search", key="SRCH")
    ids, titles = [], []
    for i in range(tickets):
        title = zipf_words(rng, vocab, rng.randint(4, 8))
        ids.append(ws.tickets.create(project_id=p.id, title=title,
                                     description=zipf_words(rng, vocab, rng.randint(15, 40))).id)
        titles.append(title)
    for start in range(0, tasks, 1000):
        ws.tasks.create_many([{"ticket_id": ids[(start + i) % len(ids)], "title": zipf_words(rng, vocab, 5),
                               "description": zipf_words(rng, vocab, 15)} for i in range(min(1000, tasks - start))])
    for i in range(commits):
        sha = "%040x" % rng.getrandbits(160)
        ws.commits.link(ticket_id=ids[i % len(ids)], commit_sha=sha,
                        commit_message=zipf_words(rng, vocab, rng.randint(5, 12)), author=f"dev{i % 50}")
    return p, titles


def seeded_titles(ws):
    """The titles of an earlier run's project, in creation order, or None."""
    p = next((p for p in ws.projects.list(limit=100).items if p.key == "SRCH"), None)
    if p is None:
        return None, None
    titles, cursor = {}, None
    while True:
        page = ws.tickets.list(project_id=p.id, limit=500, cursor=cursor)
        titles.update((int(t.key.split("-")[1]), t.title) for t in page.items)
        cursor = page.next_cursor
        if not cursor:
            return p, [titles[k] for k in sorted(titles)]


def queries(titles, n=20):
    rng = random.Random(7)
    out = []
    while len(out) < n:
        words = rng.choice(titles).split()
        pair = rng.sample(words, 2)
        if pair[0] != pair[1]:
            out.append(" ".join(pair))
    return out


def p50_ms(fn, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


LIKE_TICKETS = ("SELECT id FROM tickets WHERE project_id = {p} AND (title LIKE {a} OR description LIKE {a}) "
                "AND (title LIKE {b} OR description LIKE {b}) LIMIT 20")
LIKE_TASKS = ("SELECT id FROM tasks WHERE project_id = {p} AND (title LIKE {a} OR description LIKE {a}) "
              "AND (title LIKE {b} OR description LIKE {b}) LIMIT 20")
LIKE_COMMITS = ("SELECT commit_sha FROM ticket_commits WHERE project_id = {p} AND commit_message LIKE {a} "
                "AND commit_message LIKE {b} LIMIT 20")


LIKE = (LIKE_TICKETS, LIKE_TASKS, LIKE_COMMITS)
# With the totals the search gives: every row is read.
LIKE_COUNTED = tuple(s.replace("SELECT id", "SELECT COUNT(*)").replace("SELECT commit_sha", "SELECT COUNT(*)")
                     .replace(" LIMIT 20", "") for s in LIKE)


def like_sqlite(path, project_id, qs, runs, statements):
    import sqlite3
    db = sqlite3.connect(path)
    sqls = [s.format(p="?", a="?", b="?") for s in statements]

    def one(q):
        a, b = (f"%{w}%" for w in q.split())
        for sql, args in zip(sqls, ([project_id, a, a, b, b], [project_id, a, a, b, b], [project_id, a, b])):
            db.execute(sql, args).fetchall()
    return statistics.median(p50_ms(lambda: one(q), runs) for q in qs)


def like_postgresql(url, project_id, qs, runs, statements):
    # psql's \timing: each query's round trip, as the library's calls have one too.
    script = ["\\timing on"]
    for q in qs:
        a, b = (f"'%{w}%'" for w in q.split())
        for _ in range(runs):
            script.append("; ".join(s.format(p=f"'{project_id}'", a=a, b=b) for s in statements) + ";")
    # Rows go to /dev/null; the timings still go to standard output.
    out = subprocess.run(["psql", url, "-q", "-o", "/dev/null"], input="\n".join(script), text=True,
                         capture_output=True, check=True).stdout
    times = [float(line.split()[1]) for line in out.splitlines() if line.startswith("Time:")]
    n = len(statements)
    per_query = [sum(times[i:i + n]) for i in range(0, len(times) - n + 1, n)]
    per_text = [statistics.median(per_query[i:i + runs]) for i in range(0, len(per_query), runs)]
    return statistics.median(per_text)


def main(url, tickets=100_000, tasks=100_000, commits=50_000):
    ws = dagboard.open(url)
    t0 = time.time()
    p, titles = seeded_titles(ws)
    if p is None:
        p, titles = seed(ws, tickets, tasks, commits)
    seeded = time.time() - t0
    qs = queries(titles)
    runs = 15
    hits = [ws.search.search(q, project_id=p.id)["total"] for q in qs]
    ours = statistics.median(p50_ms(lambda: ws.search.search(q, project_id=p.id), runs) for q in qs)
    one_type = statistics.median(p50_ms(lambda: ws.search.search(q, project_id=p.id, types=["ticket"]), runs)
                                 for q in qs)
    typo = statistics.median(p50_ms(lambda: ws.search.search(q[:-1] + "x" if len(q) > 6 else q, project_id=p.id), runs)
                             for q in qs)
    like_of = ((lambda st: like_sqlite(urllib.parse.urlparse(url).path, p.id, qs, runs, st)) if url.startswith("sqlite")
               else (lambda st: like_postgresql(url, p.id, qs, runs, st)))
    like, like_counted = like_of(LIKE), like_of(LIKE_COUNTED)
    t1 = time.time()
    rebuilt = ws.search.rebuild()["documents"] if "--rebuild" in flags else None
    rebuild_s = time.time() - t1
    print(json.dumps({"backend": ws.backend, "tickets": tickets, "tasks": tasks, "commits": commits,
                      "seed_s": round(seeded, 1), "queries": len(qs), "median_hits": statistics.median(hits),
                      "search_p50_ms": round(ours, 2), "tickets_only_p50_ms": round(one_type, 2),
                      "with_typo_p50_ms": round(typo, 2), "like_p50_ms": round(like, 2),
                      "like_over_search": round(like / ours, 1),
                      "like_counted_p50_ms": round(like_counted, 2), "like_counted_over_search": round(like_counted / ours, 1),
                      "rebuild_s": round(rebuild_s, 1),
                      "rebuild_documents": rebuilt}))


if __name__ == "__main__":
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(args[0], *(int(a) for a in args[1:]))
