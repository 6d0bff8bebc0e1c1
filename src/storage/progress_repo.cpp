// SPDX-License-Identifier: Apache-2.0
#include "storage/progress_repo.hpp"

#include "storage/row.hpp"
#include "storage/task_repo.hpp"

namespace DAGBOARD_NAMESPACE::storage {
namespace {

std::vector<TaskRef> refs(Tx& tx, const std::string& sql, Params params) {
  return query_rows(tx.sql(), sql, std::move(params), [](const Row& r) {
    return TaskRef{r.text("id"), r.text("ticket_id")};
  });
}

// The claimable condition of the claim's SQL, for counting.
const char* kReady =
    "t.status = 'pending' AND t.stranded = 0 AND t.awaiting_approvals = 0 AND (t.retry_at IS NULL "
    "OR "
    "t.retry_at <= :now) AND NOT EXISTS (SELECT 1 FROM task_dependencies d JOIN tasks dt ON dt.id "
    "= "
    "d.depends_on_id WHERE d.task_id = t.id AND dt.status <> 'completed')";

}  // namespace

std::vector<TaskRef> compute_stranded(Tx& tx, const std::string& project_id) {
  return refs(
      tx,
      "WITH RECURSIVE never(id) AS ("
      " SELECT d.task_id FROM tasks dead JOIN task_dependencies d ON d.depends_on_id = dead.id"
      " JOIN tasks t ON t.id = d.task_id"
      " WHERE dead.project_id = :p AND dead.status IN ('failed', 'cancelled') AND t.status = "
      "'pending'"
      " UNION"
      " SELECT d.task_id FROM never n JOIN task_dependencies d ON d.depends_on_id = n.id"
      " JOIN tasks t ON t.id = d.task_id WHERE t.status = 'pending')"
      " SELECT t.id AS id, t.ticket_id AS ticket_id FROM never n JOIN tasks t ON t.id = n.id"
      " ORDER BY t.created_at, t.id",
      Params().set("p", project_id));
}

std::vector<TaskRef> flagged_stranded(Tx& tx, const std::string& project_id) {
  return refs(tx,
              "SELECT id, ticket_id FROM tasks WHERE project_id = :p AND stranded = 1 ORDER BY "
              "created_at, id",
              Params().set("p", project_id));
}

void set_stranded(Tx& tx, const std::vector<TaskRef>& tasks, bool stranded) {
  for (size_t begin = 0; begin < tasks.size(); begin += 500) {  // bounded parameter lists
    std::vector<std::string> ids;
    for (size_t i = begin; i < std::min(tasks.size(), begin + 500); ++i) ids.push_back(tasks[i].id);
    Params params;
    std::string list = in_list(params, "i", ids);
    params.set("s", stranded).set("now", tx.now());
    exec(tx.sql(), "UPDATE tasks SET stranded = :s, updated_at = :now WHERE id IN (" + list + ")",
         std::move(params));
  }
}

std::vector<Task> stranded_tasks(Tx& tx, const std::string& project_id) {
  return query_rows(tx.sql(),
                    "SELECT " + task_columns_sql(tx) +
                        " FROM tasks WHERE project_id = :p AND stranded = 1 "
                        "ORDER BY created_at, id",
                    Params().set("p", project_id), task_from_row);
}

TaskCounts count_tasks(Tx& tx, const char* column, const std::string& id) {
  TaskCounts out;
  std::string where = std::string(" WHERE t.") + column + " = :id";
  query(tx.sql(),
        "SELECT t.status AS status, SUM(t.stranded) AS stranded, COUNT(*) AS n FROM tasks t" +
            where + " GROUP BY t.status",
        Params().set("id", id), [&](const Row& r) {
          out.by_status[r.text("status")] = r.integer("n");
          out.stranded += r.opt_integer("stranded").value_or(0);
        });
  out.ready =
      query_integer(tx.sql(), "SELECT COUNT(*) AS v FROM tasks t" + where + " AND " + kReady,
                    Params().set("id", id).set("now", tx.now()))
          .value_or(0);
  return out;
}

std::map<std::string, CardCounts> card_counts(Tx& tx, const std::string& project_id) {
  std::map<std::string, CardCounts> out;
  query(tx.sql(),
        "SELECT ticket_id, COUNT(*) AS total, SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 "
        "END) AS done, "
        "SUM(stranded) AS stranded FROM tasks WHERE project_id = :p GROUP BY ticket_id",
        Params().set("p", project_id), [&](const Row& r) {
          out[r.text("ticket_id")] =
              CardCounts{r.integer("total"), r.opt_integer("done").value_or(0),
                         r.opt_integer("stranded").value_or(0)};
        });
  return out;
}

std::map<std::string, std::vector<std::string>> card_agents(Tx& tx, const std::string& project_id) {
  std::map<std::string, std::vector<std::string>> out;
  query(tx.sql(),
        "SELECT DISTINCT ticket_id, assigned_agent_id FROM tasks WHERE project_id = :p AND status IN "
        "('assigned', 'running') AND assigned_agent_id IS NOT NULL ORDER BY ticket_id, assigned_agent_id",
        Params().set("p", project_id),
        [&](const Row& r) { out[r.text("ticket_id")].push_back(r.text("assigned_agent_id")); });
  return out;
}

}  // namespace dagboard::storage
