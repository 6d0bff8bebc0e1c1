// SPDX-License-Identifier: Apache-2.0
// The search tables as the writer keeps them: documents (one per record), their full-text index
// (FTS5 on SQLite, a tsvector with a GIN index on PostgreSQL) and the words indexed, for typos.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <dagboard/search.hpp>

#include "search/search_index.hpp"
#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::search {

// SQLite: each kind's documents take ids (FTS5 rowids) in their own range, so the index is read
// for one kind only: [first, end).
struct IdRange {
  long long first, end;
};

IdRange id_range(SearchType kind);

void upsert_document(storage::Tx& tx, const IndexedText& text);
void delete_document(storage::Tx& tx, SearchType kind, const std::string& record_id);
/// A deleted ticket takes its tasks' and commits' documents along.
void delete_ticket_documents(storage::Tx& tx, const std::string& ticket_id);
void delete_project_documents(storage::Tx& tx, const std::string& project_id);
void delete_all_documents(storage::Tx& tx);
bool has_documents(storage::Tx& tx);
/// Every searchable record (kind, id), at most `limit` when given.
std::vector<std::pair<SearchType, std::string>> every_record(storage::Tx& tx, int limit = 0);

}  // namespace dagboard::search
