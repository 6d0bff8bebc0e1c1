// SPDX-License-Identifier: Apache-2.0
#include "storage/graph_repo.hpp"

#include <unordered_map>

#include "storage/row.hpp"

namespace dagboard::storage {
namespace {

long long time_or_none(const Row& r, const char* col) {
  auto v = r.opt_integer(col);
  return v ? *v : graph::kNoTime;
}

}  // namespace

void load_graph(Tx& tx, const std::string& project_id, graph::ProjectGraph& g) {
  std::vector<graph::TaskFacts> tasks;
  std::unordered_map<std::string, size_t> index;
  query(tx.sql(),
        "SELECT id, ticket_id, status, priority, phase_id, required_capabilities, created_at, "
        "deadline_at, lease_expires_at, retry_count, max_retries, estimate FROM tasks "
        "WHERE project_id = :p ORDER BY created_at, id",
        Params().set("p", project_id), [&](const Row& r) {
          graph::TaskFacts f;
          f.id = r.text("id");
          f.ticket_id = r.text("ticket_id");
          f.status = parse<TaskStatus>(r.text("status")).value_or(TaskStatus::pending);
          f.priority = parse<Priority>(r.text("priority")).value_or(Priority::medium);
          f.phase_id = r.text("phase_id");
          f.required_capabilities = r.json("required_capabilities").get<std::vector<std::string>>();
          f.created_at = r.integer("created_at");
          f.deadline_at = time_or_none(r, "deadline_at");
          f.lease_expires_at = time_or_none(r, "lease_expires_at");
          f.retry_count = static_cast<int>(r.integer("retry_count"));
          f.max_retries = static_cast<int>(r.integer("max_retries"));
          f.estimate = r.opt_real("estimate").value_or(-1);
          index.emplace(f.id, tasks.size());
          tasks.push_back(std::move(f));
        });
  query(tx.sql(), "SELECT task_id, depends_on_id FROM task_dependencies WHERE project_id = :p",
        Params().set("p", project_id), [&](const Row& r) {
          auto it = index.find(r.text("task_id"));
          if (it != index.end()) tasks[it->second].depends_on.push_back(r.text("depends_on_id"));
        });
  for (const auto& f : tasks) g.upsert(f);
}

long long read_graph_version(Tx& tx, const std::string& project_id) {
  return query_integer(tx.sql(), "SELECT graph_version AS v FROM projects WHERE id = :id",
                       Params().set("id", project_id))
      .value_or(0);
}

void insert_dependencies(Tx& tx, const std::string& project_id, const std::string& task_id,
                         const std::vector<std::string>& deps) {
  insert_rows(tx.sql(), "task_dependencies", {"task_id", "depends_on_id", "project_id"}, deps.size(),
              [&](Params& p, size_t row, const std::string& s) {
                p.set("task_id" + s, task_id).set("depends_on_id" + s, deps[row]).set("project_id" + s, project_id);
              });
}

void delete_dependencies(Tx& tx, const std::string& task_id, const std::vector<std::string>& deps) {
  if (deps.empty()) return;
  Params params;
  params.set("t", task_id);
  std::string list = in_list(params, "d", deps);
  exec(tx.sql(), "DELETE FROM task_dependencies WHERE task_id = :t AND depends_on_id IN (" + list + ")",
       std::move(params));
}

}  // namespace dagboard::storage
