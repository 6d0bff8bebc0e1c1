// SPDX-License-Identifier: Apache-2.0
// The queries on the search tables (src/search/search_documents.hpp keeps them): the best
// matches of each kind, their counts, and the word lookups for prefixes and typos.
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
