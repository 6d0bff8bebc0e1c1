// SPDX-License-Identifier: Apache-2.0
// Global search over tickets, tasks, commits, agents and documents (docs/search.md): ranked
// full-text matches with prefixes and one typo, filters, and records named exactly first.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/enums.hpp>
#include <dagboard/fwd.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

/// Queries longer than this are refused; more words than kMaxSearchWords are refused too.
inline constexpr std::size_t kMaxSearchQueryBytes = 500;
inline constexpr std::size_t kMaxSearchWords = 16;

struct SearchQuery {
  std::string q;
  std::vector<SearchType> types;  // empty: all of them
  std::optional<std::string> project_id;  // id or key
  // Filters; each applies to the types that have the field and leaves out the others.
  AnyOf<std::string> status;    // tickets, tasks
  AnyOf<std::string> priority;  // tickets, tasks
  std::optional<Timestamp> date_from, date_to;  // created (commits: committed), [from, to)
  std::optional<std::string> agent_id;          // tasks (assigned), commits, agents
  int limit = 20;                               // per type, 1 .. 100
  std::optional<std::string> cursor;            // from a previous answer's next_cursor
};

struct SearchHit {
  SearchType type = SearchType::ticket;
  std::string id;
  std::string title;
  std::optional<std::string> key;  // tickets
  std::optional<std::string> status, priority, project_id;
  std::string snippet;  // a short piece of the text around the matched words
  std::vector<std::pair<int, int>> marks;  // [start, end) of each matched word in `snippet`, code points
  double score = 0;     // higher is better; exact hits come first whatever their score
  bool exact = false;   // the query named this record (a ticket key, a SHA or its prefix, an id)
};

struct SearchGroup {
  SearchType type = SearchType::ticket;
  long long total = 0;
  std::vector<SearchHit> hits;
  std::optional<std::string> next_cursor;
};

struct SearchResults {
  std::string q;
  std::vector<std::string> words;  // what was looked for, after normalisation
  std::vector<SearchHit> exact;    // records the query names, first
  std::vector<SearchGroup> groups;  // in the order of SearchType
  long long total = 0;
};

/// What a rebuild of the index did.
struct SearchRebuild {
  long long documents = 0;
};

Json to_json(const SearchHit& h);
Json to_json(const SearchResults& r);
/// `{documents}`.
Json to_json(const SearchRebuild& r);
/// Reads `{q, types?, project_id?, status?, priority?, date_from?, date_to?, agent_id?, limit?,
/// cursor?}`; unknown fields (filters) are refused.
SearchQuery search_query_from_json(const Json& j);

class SearchService {
 public:
  explicit SearchService(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  /// @throws ValidationError (field q) for an empty, too long or wordless query; (types,
  /// limit, cursor, ...) for bad filters.
  SearchResults search(const SearchQuery& query) const;
  /// Rewrites the whole index from the records.
  SearchRebuild rebuild() const;

 private:
  detail::ContextPtr ctx_;
};

}  // namespace dagboard
