// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <regex>

#include <dagboard/errors.hpp>
#include <dagboard/search.hpp>

#include "core/context.hpp"
#include "core/lookup.hpp"
#include "search/search_index.hpp"
#include "search/search_repo.hpp"
#include "search/search_text.hpp"
#include "storage/agent_repo.hpp"
#include "storage/commit_repo.hpp"
#include "storage/document_repo.hpp"
#include "storage/task_repo.hpp"
#include "storage/ticket_repo.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

constexpr SearchType kAllTypes[] = {SearchType::ticket, SearchType::task, SearchType::commit,
                                    SearchType::agent, SearchType::document};
constexpr size_t kMaxNeighbours = 12;

int offset_of(const std::optional<std::string>& cursor) {
  if (!cursor) return 0;
  static const std::regex kCursor("s([0-9]{1,6})");
  std::smatch m;
  if (!std::regex_match(*cursor, m, kCursor))
    throw ValidationError("cursor", "the cursor is not one this search handed out");
  return std::stoi(m[1]);
}

bool wanted(const SearchQuery& q, SearchType t) {
  return q.types.empty() || std::find(q.types.begin(), q.types.end(), t) != q.types.end();
}

bool in_project(const std::optional<std::string>& project, const std::optional<std::string>& record) {
  return !project || record == project;
}

// The query's words; a word of five letters or more that matches no indexed word as a prefix
// also matches its neighbours within one edit.
std::vector<search::QueryWord> expand(storage::Tx& tx, const std::vector<std::string>& words) {
  std::vector<search::QueryWord> out;
  for (const auto& w : words) {
    search::QueryWord q{w, {}};
    if (w.size() >= 5 && !search::indexed_word_with_prefix(tx, w))
      for (auto& c : search::neighbour_candidates(tx, w))
        if (q.neighbours.size() < kMaxNeighbours && c != w && search::within_one_edit(c, w))
          q.neighbours.push_back(std::move(c));
    out.push_back(std::move(q));
  }
  return out;
}

SearchHit exact_hit(SearchType type, std::string id, std::string title) {
  SearchHit h;
  h.type = type;
  h.id = std::move(id);
  h.title = std::move(title);
  h.exact = true;
  return h;
}

// Records the query names: a ticket key, a SHA or a prefix of one, an id.
std::vector<SearchHit> exact_hits(storage::Tx& tx, const SearchQuery& q, const std::optional<std::string>& project) {
  std::vector<SearchHit> out;
  std::string text = q.q;
  text.erase(0, text.find_first_not_of(" \t"));
  text.erase(text.find_last_not_of(" \t") + 1);
  static const std::regex kKey("[A-Za-z][A-Za-z0-9]{1,9}-[0-9]{1,12}");
  static const std::regex kSha("[0-9a-fA-F]{4,40}");
  if (wanted(q, SearchType::ticket) && std::regex_match(text, kKey)) {
    std::string key = text;
    std::transform(key.begin(), key.end(), key.begin(), ::toupper);
    if (auto t = storage::find_ticket(tx, key); t && in_project(project, t->project_id)) {
      auto h = exact_hit(SearchType::ticket, t->id, t->title);
      h.key = t->key, h.status = std::string(to_string(t->status)), h.priority = std::string(to_string(t->priority));
      h.project_id = t->project_id;
      out.push_back(std::move(h));
    }
  }
  if (wanted(q, SearchType::commit) && std::regex_match(text, kSha)) {
    std::string sha = text;
    std::transform(sha.begin(), sha.end(), sha.begin(), ::tolower);
    std::vector<std::string> seen;
    for (const auto& c : storage::commits_with_prefix(tx, sha, 20)) {
      if (std::find(seen.begin(), seen.end(), c.commit_sha) != seen.end() || !in_project(project, c.project_id)) continue;
      seen.push_back(c.commit_sha);
      auto h = exact_hit(SearchType::commit, c.commit_sha, c.commit_message.substr(0, c.commit_message.find('\n')));
      h.project_id = c.project_id;
      out.push_back(std::move(h));
    }
  }
  if (text.size() >= 8 && text.find(' ') == std::string::npos) {
    if (wanted(q, SearchType::task))
      if (auto t = storage::find_task(tx, text); t && in_project(project, t->project_id)) {
        auto h = exact_hit(SearchType::task, t->id, t->title);
        h.status = std::string(to_string(t->status)), h.project_id = t->project_id;
        out.push_back(std::move(h));
      }
    if (wanted(q, SearchType::agent))
      if (auto a = storage::find_agent(tx, text); a && in_project(project, a->project_id))
        out.push_back(exact_hit(SearchType::agent, a->id, a->agent_name.value_or(a->id)));
    if (wanted(q, SearchType::document))
      if (auto d = storage::find_document(tx, text); d && in_project(project, d->project_id))
        out.push_back(exact_hit(SearchType::document, d->id, d->title));
  }
  return out;
}

SearchHit hit_of(SearchType type, search::MatchRow&& row, const search::Matcher& m) {
  SearchHit h;
  h.type = type;
  h.id = std::move(row.record_id);
  auto snippet = search::make_snippet(row.body, m);
  if (snippet.marks.empty()) snippet = search::make_snippet(row.title, m);
  h.title = std::move(row.title);
  h.snippet = std::move(snippet.text);
  h.marks = std::move(snippet.marks);
  h.key = std::move(row.key);
  h.status = std::move(row.status);
  h.priority = std::move(row.priority);
  h.project_id = std::move(row.project_id);
  h.score = row.score;
  return h;
}

}  // namespace

SearchResults SearchService::search(const SearchQuery& q) const {
  if (q.limit < 1 || q.limit > 100) throw ValidationError("limit", "limit must be between 1 and 100");
  int offset = offset_of(q.cursor);
  auto words = search::query_words(q.q);
  return ctx_->db->read([&](storage::Tx& tx) {
    search::MatchFilter filter{std::nullopt, &q};
    if (q.project_id) filter.project_id = core::require_project(tx, *q.project_id).id;
    auto expanded = expand(tx, words);
    search::Matcher matcher{words, {}};
    for (const auto& w : expanded) matcher.neighbours.insert(matcher.neighbours.end(), w.neighbours.begin(), w.neighbours.end());
    SearchResults r;
    r.q = q.q;
    r.words = words;
    r.exact = exact_hits(tx, q, filter.project_id);
    std::vector<SearchType> searched;
    for (SearchType type : kAllTypes)
      if (wanted(q, type) && !search::filters_exclude(type, q)) searched.push_back(type);
    auto pages = search::best_matches(tx, searched, expanded, filter, q.limit, offset);
    for (SearchType type : kAllTypes) {
      if (!wanted(q, type)) continue;
      SearchGroup g;
      g.type = type;
      if (auto page = pages.find(type); page != pages.end()) {
        g.total = page->second.total;
        for (auto& row : page->second.rows) g.hits.push_back(hit_of(type, std::move(row), matcher));
        if (offset + q.limit < g.total) g.next_cursor = "s" + std::to_string(offset + q.limit);
      }
      r.total += g.total;
      r.groups.push_back(std::move(g));
    }
    return r;
  });
}

SearchRebuild SearchService::rebuild() const {
  return {search::rebuild_search_index(*ctx_->db)};
}

}  // namespace dagboard
