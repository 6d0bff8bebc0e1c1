// SPDX-License-Identifier: Apache-2.0
// Keeps the search index in step with the records: every write reindexes the records its events
// name, in the same transaction; a rebuild reindexes everything.
#pragma once

#include <optional>
#include <string>

#include <dagboard/search.hpp>

#include "storage/database.hpp"

namespace DAGBOARD_NAMESPACE::search {

/// One searchable record as the index holds it.
struct IndexedText {
  SearchType kind = SearchType::ticket;
  std::string record_id;
  std::optional<std::string> project_id;
  std::optional<std::string> parent_id;  // the ticket of a task or a commit
  std::string title, body;
  Timestamp created_at;
};

/// The index entry of a record as it is now; absent when the record is gone.
std::optional<IndexedText> indexed_text(storage::Tx& tx, SearchType kind, const std::string& id);

/// The projection every write runs on its events (installed by Workspace::open).
storage::EventProjection search_projection();
/// Rewrites the index from every record. Returns the number of documents.
long long rebuild_search_index(storage::Database& db);
/// Fills the index when it is empty but records exist (a database from before search).
void backfill_search_index(storage::Database& db);

}  // namespace dagboard::search
