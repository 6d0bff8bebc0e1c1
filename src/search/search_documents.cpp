// SPDX-License-Identifier: Apache-2.0
#include "search/search_documents.hpp"

#include <set>

#include "search/search_text.hpp"
#include "storage/row.hpp"

namespace DAGBOARD_NAMESPACE::search {

IdRange id_range(SearchType kind) {
  long long code = 0;
  switch (kind) {
    case SearchType::ticket: code = 1; break;
    case SearchType::task: code = 2; break;
    case SearchType::commit: code = 3; break;
    case SearchType::agent: code = 4; break;
    case SearchType::document: code = 5; break;
  }
  return {code << 40, (code + 1) << 40};
}

namespace {

using storage::Params;
using storage::Row;

constexpr size_t kLongestTerm = 100;  // longer words are kept out of search_terms

// The words indexed (4 letters or more), for the typo look-up.
void remember_words(storage::Tx& tx, const IndexedText& text) {
  std::set<std::string> terms;
  for (const auto& w : words_of(text.title + " " + text.body))
    if (w.size() >= 4 && w.size() <= kLongestTerm) terms.insert(w);
  std::vector<std::string> values(terms.begin(), terms.end());
  constexpr size_t kPerStatement = 500;
  for (size_t start = 0; start < values.size(); start += kPerStatement) {
    Params params;
    std::string rows;
    for (size_t i = start; i < std::min(values.size(), start + kPerStatement); ++i) {
      rows += (i > start ? ", (:t" : "(:t") + std::to_string(i) + ")";
      params.set("t" + std::to_string(i), values[i]);
    }
    storage::exec(tx.sql(), "INSERT INTO search_terms (term) VALUES " + rows + " ON CONFLICT DO NOTHING",
                  std::move(params));
  }
}

}  // namespace

void upsert_document(storage::Tx& tx, const IndexedText& t) {
  Params params;
  std::string id_column, id_value;
  if (tx.backend() == storage::Backend::sqlite) {
    // The next id of the kind's range (kept when the document exists).
    id_column = "id, ";
    id_value = "COALESCE((SELECT id FROM search_documents WHERE id >= :first AND id < :end ORDER BY id DESC "
               "LIMIT 1), :first2 - 1) + 1, ";
    IdRange r = id_range(t.kind);
    params.set("first", r.first).set("end", r.end).set("first2", r.first);
  }
  storage::exec(tx.sql(),
                "INSERT INTO search_documents (" + id_column +
                    "kind, record_id, project_id, parent_id, title, body, created_at) VALUES (" + id_value +
                    ":kind, :id, :project, :parent, :title, :body, :created) ON CONFLICT (kind, record_id) DO "
                    "UPDATE SET project_id = excluded.project_id, parent_id = excluded.parent_id, title = "
                    "excluded.title, body = excluded.body, created_at = excluded.created_at",
                std::move(params
                    .set("kind", to_string(t.kind))
                    .set("id", t.record_id)
                    .set("project", t.project_id)
                    .set("parent", t.parent_id)
                    .set("title", t.title)
                    .set("body", t.body)
                    .set("created", t.created_at)));
  remember_words(tx, t);
}

void delete_document(storage::Tx& tx, SearchType kind, const std::string& record_id) {
  storage::exec(tx.sql(), "DELETE FROM search_documents WHERE kind = :k AND record_id = :id",
                Params().set("k", to_string(kind)).set("id", record_id));
}

void delete_ticket_documents(storage::Tx& tx, const std::string& ticket_id) {
  storage::exec(tx.sql(),
                "DELETE FROM search_documents WHERE parent_id = :t OR (kind = 'ticket' AND record_id = :t2)",
                Params().set("t", ticket_id).set("t2", ticket_id));
}

void delete_project_documents(storage::Tx& tx, const std::string& project_id) {
  storage::exec(tx.sql(), "DELETE FROM search_documents WHERE project_id = :p", Params().set("p", project_id));
}

void delete_all_documents(storage::Tx& tx) {
  storage::exec(tx.sql(), "DELETE FROM search_documents");
  storage::exec(tx.sql(), "DELETE FROM search_terms");  // a rebuild forgets the words of deleted records
}

bool has_documents(storage::Tx& tx) {
  return storage::query_integer(tx.sql(), "SELECT 1 AS v FROM search_documents LIMIT 1").has_value();
}

std::vector<std::pair<SearchType, std::string>> every_record(storage::Tx& tx, int limit) {
  std::vector<std::pair<SearchType, std::string>> out;
  std::string cap = limit > 0 ? " LIMIT " + std::to_string(limit) : "";
  const std::pair<SearchType, const char*> sources[] = {
      {SearchType::ticket, "SELECT id AS v FROM tickets"},
      {SearchType::task, "SELECT id AS v FROM tasks"},
      {SearchType::agent, "SELECT id AS v FROM agents"},
      {SearchType::commit, "SELECT DISTINCT commit_sha AS v FROM ticket_commits"},
      {SearchType::document, "SELECT id AS v FROM documents"}};
  for (const auto& source : sources) {
    const SearchType kind = source.first;  // a plain local: clang 14 cannot capture a structured binding
    storage::query(tx.sql(), source.second + cap, {}, [&](const Row& r) { out.emplace_back(kind, r.text("v")); });
    if (limit > 0 && static_cast<int>(out.size()) >= limit) break;
  }
  return out;
}

}  // namespace dagboard::search
