// SPDX-License-Identifier: Apache-2.0
#include "storage/scheduler_repo.hpp"

#include "storage/row.hpp"
#include "storage/task_repo.hpp"

namespace dagboard::storage {
namespace {

const char* kHeld = "('claiming', 'assigned', 'running')";

std::vector<std::string> ids(Tx& tx, const std::string& sql, Params params) {
  std::vector<std::string> out;
  query(tx.sql(), sql, std::move(params), [&](const Row& r) { out.push_back(r.text("id")); });
  return out;
}

}  // namespace

std::optional<Task> try_claim(Tx& tx, const std::string& task_id, const std::string& agent_id,
                              Timestamp lease_until) {
  // On PostgreSQL the row is taken with SKIP LOCKED: a claimer skips a row another claimer holds
  // instead of queueing behind it. The conditions then decide, on both backends.
  std::string target = tx.backend() == Backend::postgresql
                           ? "(SELECT id FROM tasks WHERE id = :pick FOR UPDATE SKIP LOCKED)"
                           : ":pick";
  std::optional<Task> won;
  query(tx.sql(),
        "UPDATE tasks SET status = 'assigned', assigned_agent_id = :agent, lease_expires_at = :until, "
        "updated_at = :now WHERE id = " + target + " AND (status = 'pending' OR (status IN " + kHeld +
            " AND lease_expires_at < :now2)) AND NOT EXISTS (SELECT 1 FROM task_dependencies d "
            "JOIN tasks dt ON dt.id = d.depends_on_id WHERE d.task_id = tasks.id AND "
            "dt.status <> 'completed') RETURNING " + task_columns_sql(tx),
        Params()
            .set("agent", agent_id)
            .set("until", lease_until)
            .set("now", tx.now())
            .set("pick", task_id)
            .set("now2", tx.now()),
        [&](const Row& r) { won = task_from_row(r); });
  return won;
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
