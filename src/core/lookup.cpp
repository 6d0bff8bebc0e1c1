// SPDX-License-Identifier: Apache-2.0
#include "core/lookup.hpp"

#include <dagboard/errors.hpp>

#include "storage/agent_repo.hpp"
#include "storage/project_repo.hpp"
#include "storage/task_repo.hpp"
#include "storage/ticket_repo.hpp"

namespace DAGBOARD_NAMESPACE::core {

namespace {

// SQLite's BEGIN IMMEDIATE already makes writers take turns; row locks are PostgreSQL's.
bool row_locks(const storage::Tx& tx) { return tx.backend() == storage::Backend::postgresql; }

}  // namespace

Project require_project(storage::Tx& tx, std::string_view id_or_key, bool lock) {
  if (auto p = storage::find_project(tx, id_or_key, lock)) {
    if (lock) tx.first_lock("project:" + p->id);
    return std::move(*p);
  }
  throw NotFound(ErrorCode::project_not_found, "project", id_or_key);
}

void lock_project(storage::Tx& tx, const std::string& project_id) {
  if (!tx.first_lock("project:" + project_id)) return;
  if (!storage::find_project(tx, project_id, /*lock=*/true))
    throw NotFound(ErrorCode::project_not_found, "project", project_id);
}

Ticket require_ticket(storage::Tx& tx, std::string_view id_or_key, bool lock) {
  auto t = storage::find_ticket(tx, id_or_key, lock && !row_locks(tx));
  if (t && lock && row_locks(tx)) {
    lock_project(tx, t->project_id);
    t = storage::find_ticket(tx, t->id, /*lock=*/true);
  }
  if (t) return std::move(*t);
  throw NotFound(ErrorCode::ticket_not_found, "ticket", id_or_key);
}

Task require_task(storage::Tx& tx, std::string_view id, bool lock) {
  auto t = storage::find_task(tx, id, lock && !row_locks(tx));
  if (t && lock && row_locks(tx)) {
    lock_project(tx, t->project_id);
    t = storage::find_task(tx, t->id, /*lock=*/true);
  }
  if (t) return std::move(*t);
  throw NotFound(ErrorCode::task_not_found, "task", id);
}

Agent require_agent(storage::Tx& tx, std::string_view id, bool lock) {
  if (auto a = storage::find_agent(tx, id, lock)) return std::move(*a);
  throw NotFound(ErrorCode::agent_not_found, "agent", id);
}

}  // namespace dagboard::core
