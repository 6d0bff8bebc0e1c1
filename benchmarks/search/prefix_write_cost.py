# SPDX-License-Identifier: Apache-2.0
"""What the PostgreSQL search index costs a write: the same documents inserted into three copies
of `search_documents`, in the same run and in turns:

- `none`: no full-text column at all (the table's other indexes only);
- `words`: the word lexemes and their GIN index (migration 11's column);
- `prefixes_12`: the words plus their 2-8 letter prefixes as migration 12 made them;
- `prefixes`: the table as it is (migration 13: the same prefixes, of each distinct word once).

    prefix_write_cost.py POSTGRESQL_URL [ROWS] [ROUNDS]

Documents are ticket-like (a title of 4-8 words, a body of 15-40), drawn from the vocabulary of
bench_search.py. Prints one JSON line: the median per-document insert time of each copy, in µs."""

import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile

import dagboard
from bench_search import vocabulary, zipf_words

# Migration 11's column and migration 12's prefixes, kept here only as the "before" of this
# comparison.
WORDS_ONLY = ("setweight(to_tsvector('simple', regexp_replace(title, '[^[:alnum:]]+', ' ', 'g')), 'A') || "
              "setweight(to_tsvector('simple', regexp_replace(body, '[^[:alnum:]]+', ' ', 'g')), 'B')")
PREFIXES_12 = """CREATE OR REPLACE FUNCTION bench_prefixes_12(t text) RETURNS tsvector IMMUTABLE
LANGUAGE sql AS $$
  SELECT array_to_tsvector(coalesce(array_agg(DISTINCT left(w, n) || '~'), '{}'))
  FROM regexp_split_to_table(lower(t), '[^[:alnum:]]+') w, generate_series(2, least(8, length(w) - 1)) n
  WHERE length(w) > 2 $$;"""
VARIANTS = ["none", "words", "prefixes_12", "prefixes"]


def documents(n):
    rng = random.Random(7)
    vocab = vocabulary(rng)
    return [(f"r{i}", zipf_words(rng, vocab, rng.randint(4, 8)), zipf_words(rng, vocab, rng.randint(15, 40)))
            for i in range(n)]


def copy_of(variant):
    """SQL that makes `bench_<variant>`: search_documents with all its indexes, then its
    full-text column as the variant has it."""
    t = f"bench_{variant}"
    sql = [f"DROP TABLE IF EXISTS {t};", f"CREATE TABLE {t} (LIKE search_documents INCLUDING ALL);"]
    if variant != "prefixes":
        sql.append(f"ALTER TABLE {t} DROP COLUMN tsv;")  # its GIN index goes with it
    column = {"words": WORDS_ONLY, "prefixes_12": WORDS_ONLY + " || bench_prefixes_12(title || ' ' || body)"}
    if variant in column:
        sql += [f"ALTER TABLE {t} ADD COLUMN tsv tsvector GENERATED ALWAYS AS ({column[variant]}) STORED;",
                f"CREATE INDEX ON {t} USING GIN (tsv);"]
    return sql


def main(url, rows=20000, rounds=3):
    dagboard.open(url).close()  # migrated: search_documents is the current table
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
        for rid, title, body in documents(rows):
            f.write(f"{rid}\t{title}\t{body}\n")
        path = f.name
    variants = VARIANTS
    script = ["\\set ON_ERROR_STOP 1", PREFIXES_12,
              "CREATE TEMP TABLE bench_source (record_id text, title text, body text);",
              f"\\copy bench_source FROM '{path}'"]
    for _ in range(rounds):
        for v in variants:
            script += copy_of(v) + [
                "\\timing on",
                f"INSERT INTO bench_{v} (kind, record_id, project_id, title, body, created_at) "
                "SELECT 'ticket', record_id, 'P', title, body, 0 FROM bench_source;",
                "\\timing off"]
    script += [f"DROP TABLE bench_{v};" for v in variants] + ["DROP FUNCTION bench_prefixes_12(text);"]
    try:
        out = subprocess.run(["psql", url, "-q", "-X"], input="\n".join(script), text=True,
                             capture_output=True, check=True, timeout=3600).stdout
    finally:
        os.unlink(path)
    times = [float(m) for m in re.findall(r"Time: ([0-9.]+) ms", out)]
    assert len(times) == rounds * len(variants), out
    per_doc = {v: statistics.median(times[i::len(variants)]) * 1000 / rows for i, v in enumerate(variants)}
    result = {"rows": rows, "rounds": rounds, "us_per_document": {v: round(t, 1) for v, t in per_doc.items()}}
    result["words_index_us"] = round(per_doc["words"] - per_doc["none"], 1)
    for v in ("prefixes_12", "prefixes"):
        result[v + "_extra_us"] = round(per_doc[v] - per_doc["words"], 1)
    result["prefixes_over_prefixes_12"] = round(per_doc["prefixes"] / per_doc["prefixes_12"], 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], *(int(a) for a in sys.argv[2:4]))
