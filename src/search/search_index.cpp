// SPDX-License-Identifier: Apache-2.0
#include "search/search_index.hpp"

#include <set>

#include "search/search_documents.hpp"
#include "search/search_text.hpp"
#include "storage/agent_repo.hpp"
#include "storage/commit_repo.hpp"
#include "storage/content_repo.hpp"
#include "storage/document_repo.hpp"
#include "storage/row.hpp"
#include "storage/task_repo.hpp"
#include "storage/ticket_repo.hpp"

namespace DAGBOARD_NAMESPACE::search {
namespace {

// The events after which a record's text (or its existence) may have changed.
const std::set<std::string> kReindexing{
    "TICKET_CREATED",   "TICKET_UPDATED",  "TASK_CREATED",       "TASK_UPDATED",
    "TASK_COMPLETED",   "TASK_FAILED",     "AGENT_REGISTERED",   "AGENT_UPDATED",
    "COMMIT_LINKED",    "COMMIT_DETAILS_FETCHED", "DOCUMENT_CREATED"};

std::optional<SearchType> kind_of(const Event& e) {
  if (e.entity_type == "ticket") return SearchType::ticket;
  if (e.entity_type == "task") return SearchType::task;
  if (e.entity_type == "agent") return SearchType::agent;
  if (e.entity_type == "commit") return SearchType::commit;
  if (e.entity_type == "document") return SearchType::document;
  return std::nullopt;
}

bool applies(const Event& e) {
  return e.event_type == "TICKET_DELETED" || e.event_type == "PROJECT_DELETED" ||
         (kReindexing.count(e.event_type) && kind_of(e));
}

std::string joined(std::initializer_list<std::string> parts) {
  std::string out;
  for (const auto& p : parts)
    if (!p.empty()) out += (out.empty() ? "" : "\n") + p;
  return out;
}

std::string list_text(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : " ") + i;
  return out;
}

// The inline text of a document version (content kept in the database, as text).
std::string document_body(storage::Tx& tx, const Document& d) {
  if (d.storage_location != "database" || d.content_type.rfind("text/", 0) != 0) return "";
  auto row = storage::find_content(tx, d.content_hash, /*with_content=*/true);
  return row && row->content ? row->content->substr(0, 200000) : "";
}

void write(storage::Tx& tx, const std::vector<Event>& events) {
  std::set<std::pair<SearchType, std::string>> touched;
  for (const Event& e : events) {
    if (e.event_type == "PROJECT_DELETED") delete_project_documents(tx, e.entity_id);
    if (e.event_type == "TICKET_DELETED") delete_ticket_documents(tx, e.entity_id);
    if (auto kind = kind_of(e); kind && kReindexing.count(e.event_type)) touched.emplace(*kind, e.entity_id);
  }
  for (const auto& [kind, id] : touched) {
    if (auto text = indexed_text(tx, kind, id)) upsert_document(tx, *text);
    else delete_document(tx, kind, id);
  }
}

}  // namespace

std::optional<IndexedText> indexed_text(storage::Tx& tx, SearchType kind, const std::string& id) {
  switch (kind) {
    case SearchType::ticket: {
      auto t = storage::find_ticket(tx, id);
      if (!t) return std::nullopt;
      return IndexedText{kind, t->id, t->project_id, std::nullopt, t->title,
                         joined({t->description.value_or(""), json_text(t->context)}), t->created_at};
    }
    case SearchType::task: {
      auto t = storage::find_task(tx, id);
      if (!t) return std::nullopt;
      return IndexedText{kind, t->id, t->project_id, t->ticket_id, t->title,
                         joined({t->description.value_or(""), json_text(t->result), t->error_message.value_or("")}),
                         t->created_at};
    }
    case SearchType::agent: {
      auto a = storage::find_agent(tx, id);
      if (!a) return std::nullopt;
      return IndexedText{kind, a->id, a->project_id, std::nullopt, a->agent_name.value_or(a->id),
                         joined({std::string(to_string(a->agent_type)), list_text(a->capabilities), list_text(a->tags)}),
                         a->created_at};
    }
    case SearchType::commit: {
      auto links = storage::commits_with_prefix(tx, id, 1);
      if (links.empty() || links.front().commit_sha != id) return std::nullopt;
      const auto& c = links.front();
      auto first_line = c.commit_message.substr(0, c.commit_message.find('\n'));
      return IndexedText{kind, c.commit_sha, c.project_id, c.ticket_id, first_line,
                         joined({c.commit_message, c.author.value_or(""), c.commit_sha}), c.commit_timestamp};
    }
    case SearchType::document: {
      auto d = storage::find_document(tx, id);
      if (!d) return std::nullopt;
      return IndexedText{kind, d->id, d->project_id, std::nullopt, d->title, document_body(tx, *d), d->created_at};
    }
  }
  return std::nullopt;
}

storage::EventProjection search_projection() { return {applies, write}; }

long long rebuild_search_index(storage::Database& db) {
  return db.write(std::nullopt, [](storage::Tx& tx) {
    delete_all_documents(tx);
    long long n = 0;
    for (const auto& [kind, id] : every_record(tx)) {
      if (auto text = indexed_text(tx, kind, id)) {
        upsert_document(tx, *text);
        ++n;
      }
    }
    return n;
  });
}

void backfill_search_index(storage::Database& db) {
  bool needed = db.read([](storage::Tx& tx) { return !has_documents(tx) && !every_record(tx, 1).empty(); });
  if (needed) rebuild_search_index(db);
}

}  // namespace dagboard::search
