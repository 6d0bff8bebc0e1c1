// SPDX-License-Identifier: Apache-2.0
// The SQL functions dagboard adds to every SQLite connection it opens.
#pragma once

#include "dagboard/version.hpp"

#include <soci/soci.h>

namespace DAGBOARD_NAMESPACE::storage {

/// Registers `dagboard_rank(fts_table, title_weight, body_weight)`, the full-text rank of the
/// search (src/search): BM25's term-frequency and length parts without its inverse document
/// frequency. FTS5's own bm25() counts every document of each query word to get that frequency
/// (14 ms for a word in 250,000 documents, on every query); the search ANDs all its words, so
/// every hit holds every word and the frequency would only re-weigh words among themselves.
/// PostgreSQL's ts_rank_cd has no document frequency either: both backends rank alike.
void register_sqlite_functions(soci::session& session);

}  // namespace dagboard::storage
