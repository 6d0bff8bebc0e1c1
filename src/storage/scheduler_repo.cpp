// SPDX-License-Identifier: Apache-2.0
#include "storage/scheduler_repo.hpp"

#include <algorithm>

#include "storage/row.hpp"
#include "storage/task_repo.hpp"

namespace DAGBOARD_NAMESPACE::storage {
namespace {

const char* kHeld = "('claiming', 'assigned', 'running')";

std::vector<std::string> ids(Tx& tx, const std::string& sql, Params params) {
  std::vector<std::string> out;
  query(tx.sql(), sql, std::move(params), [&](const Row& r) { out.push_back(r.text("id")); });
  return out;
}

}  // namespace

namespace {

// The WHERE of a claimable candidate among :c0.. and an ORDER BY keeping the caller's order.
struct CandidateSql {
  std::string where;
  std::string order;
};

CandidateSql candidate_sql(Params& params, const std::vector<std::string>& candidates,
                           Timestamp now) {
  CandidateSql out;
  std::string list = in_list(params, "c", candidates);
  out.where = "id IN (" + list + ") AND (status = 'pending' OR (status IN " + std::string(kHeld) +
              " AND lease_expires_at < :now)) AND (retry_at IS NULL OR retry_at <= :now_retry) AND "
              "awaiting_approvals = 0 AND NOT EXISTS (SELECT 1 FROM task_dependencies d JOIN "
              "tasks dt ON dt.id = d.depends_on_id WHERE d.task_id = tasks.id AND dt.status <> "
              "'completed')";
  params.set("now_retry", now);
  out.order = "CASE id";
  for (size_t i = 0; i < candidates.size(); ++i) {
    std::string name = "o" + std::to_string(i);
    out.order += " WHEN :" + name + " THEN " + std::to_string(i);
    params.set(name, candidates[i]);
  }
  out.order += " END";
  return out;
}

const char* kAssign =
    "UPDATE tasks SET status = 'assigned', assigned_agent_id = :agent, lease_expires_at = :until, "
    "retry_at = NULL, updated_at = :now2";

std::optional<Claimed> claim_first_postgresql(Tx& tx, const std::vector<std::string>& candidates,
                                              const std::string& agent_id, Timestamp lease_until) {
  Params params;
  auto c = candidate_sql(params, candidates, tx.now());
  params.set("now", tx.now())
      .set("agent", agent_id)
      .set("until", lease_until)
      .set("now2", tx.now());
  std::optional<Claimed> won;
  query(
      tx.sql(),
      "WITH pick AS (SELECT id AS pick_id, assigned_agent_id AS previous_agent FROM tasks WHERE " +
          c.where + " ORDER BY " + c.order + " LIMIT 1 FOR UPDATE SKIP LOCKED) " + kAssign +
          " FROM pick WHERE tasks.id = pick.pick_id RETURNING " + task_columns_sql(tx) +
          ", pick.previous_agent AS previous_agent",
      std::move(params), [&](const Row& r) {
        won = Claimed{task_from_row(r), r.opt_text("previous_agent")};
      });
  return won;
}

// SQLite holds the write lock for the whole transaction, so choosing, then updating, is atomic.
std::optional<Claimed> claim_first_sqlite(Tx& tx, const std::vector<std::string>& candidates,
                                          const std::string& agent_id, Timestamp lease_until) {
  Params params;
  auto c = candidate_sql(params, candidates, tx.now());
  params.set("now", tx.now());
  std::optional<std::pair<std::string, std::optional<std::string>>> pick;
  query(tx.sql(),
        "SELECT id, assigned_agent_id FROM tasks WHERE " + c.where + " ORDER BY " + c.order +
            " LIMIT 1",
        std::move(params),
        [&](const Row& r) { pick.emplace(r.text("id"), r.opt_text("assigned_agent_id")); });
  if (!pick) return std::nullopt;
  std::optional<Claimed> won;
  query(tx.sql(), std::string(kAssign) + " WHERE id = :id RETURNING " + task_columns_sql(tx),
        Params()
            .set("agent", agent_id)
            .set("until", lease_until)
            .set("now2", tx.now())
            .set("id", pick->first),
        [&](const Row& r) {
          won = Claimed{task_from_row(r), pick->second};
        });
  return won;
}

}  // namespace

std::optional<Claimed> claim_first(Tx& tx, const std::vector<std::string>& candidates,
                                   const std::string& agent_id, Timestamp lease_until) {
  if (candidates.empty()) return std::nullopt;
  return tx.backend() == Backend::postgresql
             ? claim_first_postgresql(tx, candidates, agent_id, lease_until)
             : claim_first_sqlite(tx, candidates, agent_id, lease_until);
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
             "WHERE d.depends_on_id = :id AND t.status = 'pending' AND t.awaiting_approvals = 0 "
             "AND NOT EXISTS ("
             "SELECT 1 FROM task_dependencies d2 JOIN tasks t2 ON t2.id = d2.depends_on_id "
             "WHERE d2.task_id = t.id AND t2.status <> 'completed') ORDER BY t.created_at, t.id",
             Params().set("id", task_id));
}

std::vector<std::string> ready_among(Tx& tx, const std::vector<std::string>& task_ids) {
  std::vector<std::string> ready;
  for (size_t begin = 0; begin < task_ids.size(); begin += 500) {  // bounded parameter lists
    std::vector<std::string> chunk(
        task_ids.begin() + static_cast<std::ptrdiff_t>(begin),
        task_ids.begin() + static_cast<std::ptrdiff_t>(std::min(task_ids.size(), begin + 500)));
    Params params;
    std::string list = in_list(params, "i", chunk);
    for (auto& id :
         ids(tx,
             "SELECT id FROM tasks WHERE id IN (" + list +
                 ") AND status = 'pending' AND "
                 "awaiting_approvals = 0 AND NOT EXISTS (SELECT 1 FROM task_dependencies d JOIN "
                 "tasks dt ON "
                 "dt.id = d.depends_on_id WHERE d.task_id = tasks.id AND dt.status <> 'completed') "
                 "ORDER BY created_at, id",
             std::move(params)))
      ready.push_back(std::move(id));
  }
  return ready;
}

std::vector<std::string> timed_out_ids(Tx& tx) {
  return ids(
      tx,
      "SELECT id FROM tasks WHERE status = 'running' AND timeout_seconds IS NOT NULL AND "
      "started_at IS NOT NULL AND started_at + CAST(timeout_seconds AS BIGINT) * 1000000 < :now "
      "ORDER BY started_at, id",
      Params().set("now", tx.now()));
}

}  // namespace dagboard::storage
