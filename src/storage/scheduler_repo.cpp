// SPDX-License-Identifier: Apache-2.0
#include "storage/scheduler_repo.hpp"

#include "storage/row.hpp"

namespace dagboard::storage {
namespace {

const char* kHeld = "('claiming', 'assigned', 'running')";

std::vector<std::string> ids(Tx& tx, const std::string& sql, Params params) {
  std::vector<std::string> out;
  query(tx.sql(), sql, std::move(params), [&](const Row& r) { out.push_back(r.text("id")); });
  return out;
}

}  // namespace

long long count_held_tasks(Tx& tx, const std::string& agent_id) {
  return query_integer(tx.sql(),
                       std::string("SELECT COUNT(*) AS v FROM tasks WHERE assigned_agent_id = :a "
                                   "AND status IN ") + kHeld +
                           " AND (lease_expires_at IS NULL OR lease_expires_at >= :now)",
                       Params().set("a", agent_id).set("now", tx.now()))
      .value_or(0);
}

bool try_claim(Tx& tx, const std::string& task_id, const std::string& agent_id, Timestamp lease_until) {
  if (tx.backend() == Backend::postgresql) {
    // Skip a row another claimer holds instead of queueing behind it; the UPDATE below still
    // decides. (SQLite needs no such thing: its writers never overlap.)
    auto locked = query_integer(tx.sql(), "SELECT 1 AS v FROM tasks WHERE id = :id FOR UPDATE SKIP LOCKED",
                                Params().set("id", task_id));
    if (!locked) return false;
  }
  return exec(tx.sql(),
              std::string("UPDATE tasks SET status = 'assigned', assigned_agent_id = :agent, "
                          "lease_expires_at = :until, updated_at = :now WHERE id = :id AND "
                          "(status = 'pending' OR (status IN ") + kHeld +
                  " AND lease_expires_at < :now2)) AND NOT EXISTS (SELECT 1 FROM task_dependencies d "
                  "JOIN tasks dt ON dt.id = d.depends_on_id WHERE d.task_id = :id2 AND "
                  "dt.status <> 'completed')",
              Params()
                  .set("agent", agent_id)
                  .set("until", lease_until)
                  .set("now", tx.now())
                  .set("id", task_id)
                  .set("now2", tx.now())
                  .set("id2", task_id)) == 1;
}

std::vector<std::string> expired_lease_ids(Tx& tx) {
  return ids(tx,
             std::string("SELECT id FROM tasks WHERE status IN ") + kHeld +
                 " AND lease_expires_at < :now ORDER BY lease_expires_at, id",
             Params().set("now", tx.now()));
}

std::vector<std::string> newly_ready_dependents(Tx& tx, const std::string& task_id) {
  return ids(tx,
             "SELECT t.id AS id FROM task_dependencies d JOIN tasks t ON t.id = d.task_id "
             "WHERE d.depends_on_id = :id AND t.status = 'pending' AND NOT EXISTS ("
             "SELECT 1 FROM task_dependencies d2 JOIN tasks t2 ON t2.id = d2.depends_on_id "
             "WHERE d2.task_id = t.id AND t2.status <> 'completed') ORDER BY t.created_at, t.id",
             Params().set("id", task_id));
}

std::vector<std::string> timed_out_ids(Tx& tx) {
  return ids(tx,
             "SELECT id FROM tasks WHERE status = 'running' AND timeout_seconds IS NOT NULL AND "
             "started_at IS NOT NULL AND started_at + CAST(timeout_seconds AS BIGINT) * 1000000 < :now "
             "ORDER BY started_at, id",
             Params().set("now", tx.now()));
}

}  // namespace dagboard::storage
