// SPDX-License-Identifier: Apache-2.0
#include "storage/graph_repo.hpp"

#include <algorithm>
#include <unordered_map>

#include "storage/project_repo.hpp"
#include "storage/row.hpp"
#include "storage/sqlite_rows.hpp"

namespace DAGBOARD_NAMESPACE::storage {
namespace {

long long time_or_none(const Row& r, const char* col) {
  auto v = r.opt_integer(col);
  return v ? *v : graph::kNoTime;
}

}  // namespace

namespace {

// Reads the tasks `where` selects and, with `dependency_sql` (columns task_id, depends_on_id;
// empty for none), their dependencies, and upserts them into `g`.
void load_tasks(Tx& tx, const std::string& where, const std::string& dependency_sql,
                const Params& params, graph::ProjectGraph& g) {
  std::vector<graph::TaskFacts> tasks;
  std::unordered_map<std::string, size_t> index;
  query(tx.sql(),
        "SELECT id, status, priority, phase_id, required_capabilities, created_at, "
        "deadline_at, lease_expires_at, retry_count, max_retries, estimate, awaiting_approvals, "
        "retry_at FROM tasks WHERE " +
            where + " ORDER BY created_at, id",
        params, [&](const Row& r) {
          graph::TaskFacts f;
          f.id = r.text("id");
          f.status = parse<TaskStatus>(r.text("status")).value_or(TaskStatus::pending);
          f.priority = parse<Priority>(r.text("priority")).value_or(Priority::medium);
          f.phase_id = r.text("phase_id");
          std::string caps = r.text("required_capabilities");
          if (caps != "[]")
            f.required_capabilities = Json::parse(caps).get<std::vector<std::string>>();
          f.created_at = r.integer("created_at");
          f.deadline_at = time_or_none(r, "deadline_at");
          f.lease_expires_at = time_or_none(r, "lease_expires_at");
          f.retry_count = static_cast<int>(r.integer("retry_count"));
          f.max_retries = static_cast<int>(r.integer("max_retries"));
          f.estimate = r.opt_real("estimate").value_or(-1);
          f.awaiting_approvals = static_cast<int>(r.integer("awaiting_approvals"));
          f.retry_at = time_or_none(r, "retry_at");
          index.emplace(f.id, tasks.size());
          tasks.push_back(std::move(f));
        });
  if (tasks.empty() || dependency_sql.empty()) {
    for (const auto& f : tasks) g.upsert(f);
    return;
  }
  query(tx.sql(), dependency_sql, params, [&](const Row& r) {
    auto it = index.find(r.text("task_id"));
    if (it != index.end()) tasks[it->second].depends_on.push_back(r.text("depends_on_id"));
  });
  for (auto& f : tasks) {
    std::sort(f.depends_on.begin(), f.depends_on.end());
    g.upsert(f);
  }
}

// SQLite: the same two reads straight from the connection, where SOCI's per-value conversions
// cost more than SQLite itself (600K rows for 100K tasks / 500K edges).
void load_graph_sqlite(Tx& tx, const std::string& project_id, graph::ProjectGraph& g) {
  graph::TaskFacts f;
  for_each_sqlite_row(tx.sql(),
                      "SELECT id, status, priority, phase_id, required_capabilities, created_at, "
                      "deadline_at, lease_expires_at, "
                      "retry_count, max_retries, estimate, awaiting_approvals, retry_at FROM tasks "
                      "WHERE project_id = ? ORDER BY "
                      "created_at, id",
                      {project_id}, [&](const SqliteRow& r) {
                        f.id.assign(r.text(0));
                        f.status = parse<TaskStatus>(r.text(1)).value_or(TaskStatus::pending);
                        f.priority = parse<Priority>(r.text(2)).value_or(Priority::medium);
                        f.phase_id.assign(r.text(3));
                        f.required_capabilities.clear();
                        if (r.text(4) != "[]")
                          f.required_capabilities =
                              Json::parse(r.text(4)).get<std::vector<std::string>>();
                        f.created_at = r.integer(5);
                        f.deadline_at = r.is_null(6) ? graph::kNoTime : r.integer(6);
                        f.lease_expires_at = r.is_null(7) ? graph::kNoTime : r.integer(7);
                        f.retry_count = static_cast<int>(r.integer(8));
                        f.max_retries = static_cast<int>(r.integer(9));
                        f.estimate = r.is_null(10) ? -1 : r.real(10);
                        f.awaiting_approvals = static_cast<int>(r.integer(11));
                        f.retry_at = r.is_null(12) ? graph::kNoTime : r.integer(12);
                        g.upsert(f);
                      });
  std::vector<std::vector<graph::Node>> deps(g.size());
  for_each_sqlite_row(tx.sql(),
                      "SELECT task_id, depends_on_id FROM task_dependencies WHERE project_id = ?",
                      {project_id}, [&](const SqliteRow& r) {
                        graph::Node task = g.find(r.text(0));
                        graph::Node dep = g.find(r.text(1));
                        if (task != graph::kNoNode && dep != graph::kNoNode)
                          deps[task].push_back(dep);
                      });
  for (graph::Node n = 0; n < deps.size(); ++n)
    if (!deps[n].empty()) g.set_dependency_nodes(n, deps[n]);
  g.shrink_to_fit();
}

}  // namespace

void load_graph(Tx& tx, const std::string& project_id, graph::ProjectGraph& g) {
  if (tx.backend() == Backend::sqlite) return load_graph_sqlite(tx, project_id, g);
  // Tasks first, then edges by node number: no per-edge strings kept, no id map but the index's.
  load_tasks(tx, "project_id = :p", "", Params().set("p", project_id), g);
  std::vector<std::vector<graph::Node>> deps(g.size());
  // Edges are most of the rows: fetch them 2,000 at a time into vectors, not row by row.
  constexpr size_t kBatch = 2000;
  std::vector<std::string> tasks(kBatch), targets(kBatch);
  std::string project = project_id;
  soci::statement st = (tx.sql().prepare << "SELECT task_id, depends_on_id FROM task_dependencies "
                                            "WHERE project_id = :p",
                        soci::use(project), soci::into(tasks), soci::into(targets));
  st.execute();
  while (st.fetch()) {
    for (size_t i = 0; i < tasks.size(); ++i) {
      graph::Node task = g.find(tasks[i]);
      graph::Node dep = g.find(targets[i]);
      if (task != graph::kNoNode && dep != graph::kNoNode) deps[task].push_back(dep);
    }
    tasks.resize(kBatch);
    targets.resize(kBatch);
  }
  for (graph::Node n = 0; n < deps.size(); ++n)
    if (!deps[n].empty()) g.set_dependency_nodes(n, deps[n]);
  g.shrink_to_fit();
}

void load_graph_changes(Tx& tx, const std::string& project_id, long long since,
                        graph::ProjectGraph& g) {
  load_tasks(
      tx, "project_id = :p AND graph_version > :since",
      "SELECT d.task_id AS task_id, d.depends_on_id AS depends_on_id FROM task_dependencies d "
      "JOIN tasks t ON t.id = d.task_id WHERE t.project_id = :p AND t.graph_version > :since",
      Params().set("p", project_id).set("since", since), g);
}

GraphVersion read_graph_version(Tx& tx, const std::string& project_id) {
  GraphVersion v;
  query(tx.sql(), "SELECT graph_version, graph_reset_version FROM projects WHERE id = :id",
        Params().set("id", project_id), [&](const Row& r) {
          v.version = r.integer("graph_version");
          v.reset_version = r.integer("graph_reset_version");
        });
  return v;
}

void stamp_graph_version(Tx& tx, const std::vector<std::string>& task_ids, long long version) {
  for (size_t begin = 0; begin < task_ids.size(); begin += 500) {
    std::vector<std::string> chunk(
        task_ids.begin() + static_cast<std::ptrdiff_t>(begin),
        task_ids.begin() + static_cast<std::ptrdiff_t>(std::min(task_ids.size(), begin + 500)));
    Params params;
    params.set("v", version);
    std::string list = in_list(params, "i", chunk);
    exec(tx.sql(), "UPDATE tasks SET graph_version = :v WHERE id IN (" + list + ")",
         std::move(params));
  }
}

long long advance_graph_version(Tx& tx, const std::string& project_id,
                                const std::vector<std::string>& task_ids) {
  if (tx.backend() != Backend::postgresql || task_ids.empty() || task_ids.size() > 500) {
    long long version = bump_graph_version(tx, project_id);
    stamp_graph_version(tx, task_ids, version);
    return version;
  }
  Params params;
  params.set("p", project_id);
  std::string list = in_list(params, "i", task_ids);
  return *query_integer(
      tx.sql(),
      "WITH v AS (UPDATE projects SET graph_version = graph_version + 1 WHERE id = :p "
      "RETURNING graph_version), s AS (UPDATE tasks SET graph_version = (SELECT "
      "graph_version FROM v) WHERE id IN (" +
          list + ")) SELECT graph_version AS v FROM v",
      std::move(params));
}

void mark_graph_reset(Tx& tx, const std::string& project_id, long long version) {
  exec(tx.sql(), "UPDATE projects SET graph_reset_version = :v WHERE id = :id",
       Params().set("v", version).set("id", project_id));
}

void insert_dependencies(Tx& tx, const std::string& project_id, const std::string& task_id,
                         const std::vector<std::string>& deps) {
  insert_rows(tx.sql(), "task_dependencies", {"task_id", "depends_on_id", "project_id"},
              deps.size(), [&](Params& p, size_t row, const std::string& s) {
                p.set("task_id" + s, task_id)
                    .set("depends_on_id" + s, deps[row])
                    .set("project_id" + s, project_id);
              });
}

void delete_dependencies(Tx& tx, const std::string& task_id, const std::vector<std::string>& deps) {
  if (deps.empty()) return;
  Params params;
  params.set("t", task_id);
  std::string list = in_list(params, "d", deps);
  exec(tx.sql(),
       "DELETE FROM task_dependencies WHERE task_id = :t AND depends_on_id IN (" + list + ")",
       std::move(params));
}

}  // namespace dagboard::storage
