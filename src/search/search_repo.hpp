// SPDX-License-Identifier: Apache-2.0
// The search tables: documents (one per record), their full-text index (FTS5 on SQLite, a
// tsvector with a GIN index on PostgreSQL), and the lookups the query needs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <dagboard/search.hpp>

#include "search/search_index.hpp"
#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::search {

// --- kept by the writer ---
void upsert_document(storage::Tx& tx, const IndexedText& text);
void delete_document(storage::Tx& tx, SearchType kind, const std::string& record_id);
/// A deleted ticket takes its tasks' and commits' documents along.
void delete_ticket_documents(storage::Tx& tx, const std::string& ticket_id);
void delete_project_documents(storage::Tx& tx, const std::string& project_id);
void delete_all_documents(storage::Tx& tx);
bool has_documents(storage::Tx& tx);
/// Every searchable record (kind, id), at most `limit` when given.
std::vector<std::pair<SearchType, std::string>> every_record(storage::Tx& tx, int limit = 0);

// --- read by the query ---
/// Whether some indexed word starts with `prefix`.
bool indexed_word_with_prefix(storage::Tx& tx, const std::string& prefix);
/// Indexed words that might be within one edit of `word` (the caller checks).
std::vector<std::string> neighbour_candidates(storage::Tx& tx, const std::string& word);

/// One word of the query: matched as a prefix, or exactly as one of its typo neighbours.
struct QueryWord {
  std::string prefix;
  std::vector<std::string> neighbours;
};
/// The filters of a query, with the project resolved to its id.
struct MatchFilter {
  std::optional<std::string> project_id;
  const SearchQuery* query = nullptr;
};
struct MatchRow {
  std::string record_id, title, body;
  std::optional<std::string> project_id, key, status, priority;
  double score = 0;
};
/// Whether any filter of the query leaves out every record of `kind`.
bool filters_exclude(SearchType kind, const SearchQuery& q);
struct MatchPage {
  std::vector<MatchRow> rows;
  long long total = 0;
};
/// For each of `kinds`: one page of its best matches, best first, and how many match in all.
std::map<SearchType, MatchPage> best_matches(storage::Tx& tx, const std::vector<SearchType>& kinds,
                                             const std::vector<QueryWord>& words, const MatchFilter& filter,
                                             int limit, int offset);
long long count_matches(storage::Tx& tx, SearchType kind, const std::vector<QueryWord>& words,
                        const MatchFilter& filter);

}  // namespace dagboard::search
