// SPDX-License-Identifier: Apache-2.0
#include "storage/task_repo.hpp"

#include <algorithm>

#include "storage/row.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE::storage {
namespace {

const std::vector<std::string> kColumns{"id",
                                        "ticket_id",
                                        "project_id",
                                        "task_type",
                                        "title",
                                        "description",
                                        "priority",
                                        "phase_id",
                                        "status",
                                        "score",
                                        "assigned_agent_id",
                                        "required_capabilities",
                                        "retry_count",
                                        "max_retries",
                                        "timeout_seconds",
                                        "deadline_at",
                                        "estimate",
                                        "parent_task_id",
                                        "result",
                                        "error_message",
                                        "created_at",
                                        "updated_at",
                                        "started_at",
                                        "completed_at",
                                        "lease_expires_at",
                                        "retry_at"};

std::string column_list() {
  return join_columns(kColumns);
}

// The task's dependency ids as a JSON array in the same row, so one task costs one query.
const char* dependencies_column(const Tx& tx) {
  return tx.backend() == Backend::postgresql
             ? "(SELECT COALESCE(json_agg(d.depends_on_id), '[]'::json)::text FROM "
               "task_dependencies d "
               "WHERE d.task_id = tasks.id) AS depends_on"
             : "(SELECT json_group_array(d.depends_on_id) FROM task_dependencies d "
               "WHERE d.task_id = tasks.id) AS depends_on";
}

std::string select_from_tasks(const Tx& tx) {
  return "SELECT " + task_columns_sql(tx) + " FROM tasks";
}

// Binds every column of `t` under column+suffix.
void bind_task(Params& p, const Task& t, const std::string& s) {
  p.set("id" + s, t.id)
      .set("ticket_id" + s, t.ticket_id)
      .set("project_id" + s, t.project_id)
      .set("task_type" + s, t.task_type)
      .set("title" + s, t.title)
      .set("description" + s, t.description)
      .set("priority" + s, to_string(t.priority))
      .set("phase_id" + s, t.phase_id)
      .set("status" + s, to_string(t.status))
      .set("score" + s, t.score)
      .set("assigned_agent_id" + s, t.assigned_agent_id)
      .set_json("required_capabilities" + s, t.required_capabilities)
      .set("retry_count" + s, t.retry_count)
      .set("max_retries" + s, t.max_retries)
      .set("timeout_seconds" + s, t.timeout_seconds)
      .set("deadline_at" + s, t.deadline_at)
      .set("estimate" + s, t.estimate)
      .set("parent_task_id" + s, t.parent_task_id)
      .set("result" + s, t.result.is_null() ? std::nullopt : std::optional(t.result.dump()))
      .set("error_message" + s, t.error_message)
      .set("created_at" + s, t.created_at)
      .set("updated_at" + s, t.updated_at)
      .set("started_at" + s, t.started_at)
      .set("completed_at" + s, t.completed_at)
      .set("lease_expires_at" + s, t.lease_expires_at)
      .set("retry_at" + s, t.retry_at);
}

std::vector<Task> select_tasks(Tx& tx, const std::string& sql, Params params) {
  std::vector<Task> out;
  query(tx.sql(), sql, std::move(params), [&](const Row& r) { out.push_back(task_from_row(r)); });
  return out;
}

}  // namespace

std::string task_columns_sql(const Tx& tx) {
  return column_list() + ", awaiting_approvals, stranded, " + dependencies_column(tx);
}

Task task_from_row(const Row& r) {
  Task t;
  t.id = r.text("id");
  t.ticket_id = r.text("ticket_id");
  t.project_id = r.text("project_id");
  t.task_type = r.text("task_type");
  t.title = r.text("title");
  t.description = r.opt_text("description");
  t.priority = parse<Priority>(r.text("priority")).value_or(Priority::medium);
  t.phase_id = r.text("phase_id");
  t.status = parse<TaskStatus>(r.text("status")).value_or(TaskStatus::pending);
  t.score = r.real("score");
  t.assigned_agent_id = r.opt_text("assigned_agent_id");
  t.required_capabilities = r.json("required_capabilities").get<std::vector<std::string>>();
  t.retry_count = static_cast<int>(r.integer("retry_count"));
  t.max_retries = static_cast<int>(r.integer("max_retries"));
  if (auto v = r.opt_integer("timeout_seconds")) t.timeout_seconds = static_cast<int>(*v);
  t.deadline_at = r.opt_time("deadline_at");
  t.estimate = r.opt_real("estimate");
  t.parent_task_id = r.opt_text("parent_task_id");
  t.result = r.json("result");
  t.error_message = r.opt_text("error_message");
  t.created_at = r.time("created_at");
  t.updated_at = r.time("updated_at");
  t.started_at = r.opt_time("started_at");
  t.completed_at = r.opt_time("completed_at");
  t.lease_expires_at = r.opt_time("lease_expires_at");
  t.retry_at = r.opt_time("retry_at");
  t.awaiting_approvals = static_cast<int>(r.integer("awaiting_approvals"));
  t.stranded = r.integer("stranded") != 0;
  t.depends_on = r.json("depends_on").get<std::vector<std::string>>();
  std::sort(t.depends_on.begin(), t.depends_on.end());
  return t;
}

void insert_tasks(Tx& tx, const std::vector<Task>& tasks, long long graph_version) {
  auto columns = kColumns;
  columns.push_back("graph_version");
  insert_rows(tx.sql(), "tasks", columns, tasks.size(),
              [&](Params& p, size_t row, const std::string& s) {
                bind_task(p, tasks[row], s);
                p.set("graph_version" + s, graph_version);
              });
  std::vector<std::pair<const Task*, const std::string*>> edges;
  for (const auto& t : tasks)
    for (const auto& dep : t.depends_on) edges.emplace_back(&t, &dep);
  insert_rows(tx.sql(), "task_dependencies", {"task_id", "depends_on_id", "project_id"},
              edges.size(), [&](Params& p, size_t row, const std::string& s) {
                p.set("task_id" + s, edges[row].first->id)
                    .set("depends_on_id" + s, *edges[row].second)
                    .set("project_id" + s, edges[row].first->project_id);
              });
}

std::optional<Task> find_task(Tx& tx, std::string_view id, bool lock) {
  if (!util::is_storable_text(id)) return std::nullopt;  // no stored id is like it
  auto rows =
      select_tasks(tx, select_from_tasks(tx) + " WHERE id = :id" + (lock ? tx.for_update() : ""),
                   Params().set("id", id));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<Task> find_tasks(Tx& tx, const std::vector<std::string>& ids) {
  std::vector<Task> found;
  for (size_t begin = 0; begin < ids.size(); begin += 500) {
    std::vector<std::string> chunk(
        ids.begin() + static_cast<std::ptrdiff_t>(begin),
        ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), begin + 500)));
    Params params;
    std::string list = in_list(params, "i", chunk);
    auto rows =
        select_tasks(tx, select_from_tasks(tx) + " WHERE id IN (" + list + ")", std::move(params));
    for (auto& t : rows) found.push_back(std::move(t));
  }
  std::map<std::string, size_t> position;
  for (size_t i = 0; i < ids.size(); ++i) position.emplace(ids[i], i);
  std::sort(found.begin(), found.end(),
            [&](const Task& a, const Task& b) { return position[a.id] < position[b.id]; });
  return found;
}

Listed<Task> list_tasks(Tx& tx, const TaskFilter& f, const ListWindow& window) {
  Where where;
  where.equals("project_id", f.project_id)
      .equals("ticket_id", f.ticket_id)
      .any_of("status", f.status)
      .any_of("phase_id", f.phase_id)
      .any_of("assigned_agent_id", f.assigned_agent_id)
      .any_of("priority", f.priority);
  return list_rows(tx, select_from_tasks(tx), "tasks", std::move(where), window,
                   [&](const std::string& sql, Params params) {
                     return select_tasks(tx, sql, std::move(params));
                   });
}

std::vector<Task> tasks_of_ticket(Tx& tx, const std::string& ticket_id) {
  return select_tasks(tx, select_from_tasks(tx) + " WHERE ticket_id = :t ORDER BY created_at, id",
                      Params().set("t", ticket_id));
}

void update_task(Tx& tx, const Task& t) {
  // Every column is written (the immutable ones with their own values) so that the
  // statement uses exactly the names bind_task binds.
  Params p;
  bind_task(p, t, "");
  exec(tx.sql(), update_by_id_sql("tasks", kColumns), std::move(p));
}

std::map<std::string, std::string> task_projects(Tx& tx, const std::vector<std::string>& ids) {
  std::map<std::string, std::string> out;
  for (size_t begin = 0; begin < ids.size(); begin += 500) {
    std::vector<std::string> chunk(ids.begin() + begin,
                                   ids.begin() + std::min(ids.size(), begin + 500));
    Params params;
    std::string list = in_list(params, "i", chunk);
    query(tx.sql(), "SELECT id, project_id FROM tasks WHERE id IN (" + list + ")",
          std::move(params), [&](const Row& r) { out[r.text("id")] = r.text("project_id"); });
  }
  return out;
}

}  // namespace dagboard::storage
