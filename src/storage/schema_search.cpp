// SPDX-License-Identifier: Apache-2.0
// Migrations 11 to 13, the search index: SQL that differs by backend (FTS5 on SQLite;
// tsvector, GIN and pg_trgm on PostgreSQL).
#include "storage/schema_search.hpp"

namespace DAGBOARD_NAMESPACE::storage {

// Global search (src/search): one document per searchable record, its full-text index, and
// the words the typo tolerance looks among.
Migration search_index() {
  return {11, "search index", {}, {
// The id is the FTS5 rowid, in one range per kind (kind code << 40, src/search/search_documents.cpp),
// so a search of one kind reads only that kind's part of the index.
R"(CREATE TABLE search_documents (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  record_id TEXT NOT NULL,
  project_id TEXT,
  parent_id TEXT,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (kind, record_id)))",
"CREATE INDEX search_documents_parent ON search_documents (parent_id)",
"CREATE INDEX search_documents_project ON search_documents (project_id, kind)",
// Prefix indexes up to 8 letters: without them `berber*` merges the list of every word that
// starts so (120 ms on 250,000 documents; 8 ms with them).
"CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='search_documents', "
"content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4 5 6 7 8')",
// The indexed words, for the typo look-up (fts5vocab counts every word's documents on each read).
"CREATE TABLE search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID",
"CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN INSERT INTO search_fts "
"(rowid, title, body) VALUES (new.id, new.title, new.body); END",
"CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN INSERT INTO search_fts "
"(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); END",
"CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN INSERT INTO search_fts "
"(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); INSERT INTO "
"search_fts (rowid, title, body) VALUES (new.id, new.title, new.body); END",
  }, {
"CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public",
R"(CREATE TABLE search_documents (
  kind TEXT NOT NULL,
  record_id TEXT NOT NULL,
  project_id TEXT,
  parent_id TEXT,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', regexp_replace(title, '[^[:alnum:]]+', ' ', 'g')), 'A') ||
    setweight(to_tsvector('simple', regexp_replace(body, '[^[:alnum:]]+', ' ', 'g')), 'B')) STORED,
  PRIMARY KEY (kind, record_id)))",
"CREATE INDEX search_documents_parent ON search_documents (parent_id)",
"CREATE INDEX search_documents_project ON search_documents (project_id, kind)",
"CREATE INDEX search_documents_tsv ON search_documents USING GIN (tsv)",
"CREATE TABLE search_terms (term TEXT COLLATE \"C\" PRIMARY KEY)",
"CREATE INDEX search_terms_trigrams ON search_terms USING GIN (term public.gin_trgm_ops)",
  }};
}

// PostgreSQL: every word's prefixes of 2 to 8 letters become lexemes of their own (`berb~`),
// as FTS5's prefix indexes do on SQLite. A prefix query is then an exact GIN key, which GIN
// intersects by skipping; `berber:*` made GIN read every matching word's postings (25 ms for a
// word in most documents). The prefixes carry no position: ranking uses the word lexemes.
Migration search_prefixes() {
  return {12, "search prefixes", {}, {}, {
R"(CREATE OR REPLACE FUNCTION dagboard_prefixes(t text) RETURNS tsvector IMMUTABLE PARALLEL SAFE
LANGUAGE sql AS $$
  SELECT array_to_tsvector(coalesce(array_agg(DISTINCT left(w, n) || '~'), '{}'))
  FROM regexp_split_to_table(lower(t), '[^[:alnum:]]+') w, generate_series(2, least(8, length(w) - 1)) n
  WHERE length(w) > 2 $$)",
"DROP INDEX search_documents_tsv",
"ALTER TABLE search_documents DROP COLUMN tsv",
R"(ALTER TABLE search_documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', regexp_replace(title, '[^[:alnum:]]+', ' ', 'g')), 'A') ||
    setweight(to_tsvector('simple', regexp_replace(body, '[^[:alnum:]]+', ' ', 'g')), 'B') ||
    dagboard_prefixes(title || ' ' || body)) STORED)",
"CREATE INDEX search_documents_tsv ON search_documents USING GIN (tsv)",
  }};
}

// The same prefixes for the same text, made twice as fast (each distinct word once, where
// migration 12 made every occurrence's prefixes and then sorted them out): 157 against 299 µs
// for a ticket-sized document, docs/benchmarks.md. array_to_tsvector drops the repeats. The
// stored values stay right, as nothing they hold changes.
Migration search_prefixes_of_distinct_words() {
  return {13, "search prefixes of distinct words", {}, {}, {
R"(CREATE OR REPLACE FUNCTION dagboard_prefixes(t text) RETURNS tsvector IMMUTABLE PARALLEL SAFE
LANGUAGE sql AS $$
  SELECT array_to_tsvector(coalesce(array_agg(left(w, n) || '~'), '{}'))
  FROM (SELECT DISTINCT w FROM regexp_split_to_table(lower(t), '[^[:alnum:]]+') w WHERE length(w) > 2) d,
       generate_series(2, least(8, length(w) - 1)) n $$)",
  }};
}

}  // namespace dagboard::storage
