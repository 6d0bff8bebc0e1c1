// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <map>
#include <set>

#include <dagboard/errors.hpp>
#include <dagboard/task.hpp>

#include "core/changes.hpp"
#include "core/context.hpp"
#include "core/cursor.hpp"
#include "core/graph_access.hpp"
#include "core/lookup.hpp"
#include "core/task_create.hpp"
#include "core/task_rules.hpp"
#include "core/ticket_moves.hpp"
#include "progress/stranded.hpp"
#include "storage/project_repo.hpp"
#include "storage/task_repo.hpp"
#include "storage/ticket_repo.hpp"
#include "util/ids.hpp"
#include "util/record_version.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

Task task_from_request(const NewTask& r, const Ticket& ticket, Timestamp now) {
  Task t;
  t.id = r.id.value_or(util::new_uuid());
  t.ticket_id = ticket.id;
  t.project_id = ticket.project_id;
  t.task_type = r.task_type;
  t.title = r.title;
  t.description = r.description;
  t.priority = r.priority;
  t.phase_id = r.phase_id;
  t.status = r.status;
  t.depends_on = r.depends_on;
  std::sort(t.depends_on.begin(), t.depends_on.end());  // the order rows come back in
  t.required_capabilities = r.required_capabilities;
  t.max_retries = r.max_retries;
  t.timeout_seconds = r.timeout_seconds;
  t.deadline_at = r.deadline_at;
  t.estimate = r.estimate;
  t.parent_task_id = r.parent_task_id;
  t.created_at = t.updated_at = now;
  core::stamp_status_times(t, now);
  return t;
}

// The tickets named by the batch, each looked up once.
std::map<std::string, Ticket> load_tickets(storage::Tx& tx, const std::vector<NewTask>& reqs) {
  std::map<std::string, Ticket> tickets;
  for (const auto& r : reqs) {
    if (!tickets.count(r.ticket_id))
      tickets.emplace(r.ticket_id, core::require_ticket(tx, r.ticket_id));
  }
  return tickets;
}

// Checks ids, dependencies and parents of a batch: each reference names an existing task or
// an earlier item of the batch, in the same project. So a batch can never close a cycle.
void check_references(storage::Tx& tx, const std::vector<Task>& tasks) {
  std::vector<std::string> outside;
  for (const auto& t : tasks) {
    outside.push_back(t.id);
    for (const auto& d : t.depends_on) outside.push_back(d);
    if (t.parent_task_id) outside.push_back(*t.parent_task_id);
  }
  auto stored = storage::task_projects(tx, outside);
  std::map<std::string, std::string> batch;  // id -> project, filled in order
  auto project_of = [&](const std::string& id) -> const std::string& {
    if (auto it = batch.find(id); it != batch.end()) return it->second;
    if (auto it = stored.find(id); it != stored.end()) return it->second;
    throw NotFound(ErrorCode::task_not_found, "task", id);
  };
  for (const auto& t : tasks) {
    if (stored.count(t.id) || batch.count(t.id))
      throw Conflict("task id '" + t.id + "' is already in use",
                     Json{{"field", "id"}, {"id", t.id}});
    std::set<std::string> seen;
    for (const auto& d : t.depends_on) {
      if (d == t.id) throw ValidationError("depends_on", "a task cannot depend on itself");
      if (!seen.insert(d).second)
        throw ValidationError("depends_on", "dependency '" + d + "' is listed twice");
      if (project_of(d) != t.project_id)
        throw ValidationError("depends_on", "task '" + d + "' is in another project");
    }
    if (t.parent_task_id && project_of(*t.parent_task_id) != t.project_id)
      throw ValidationError("parent_task_id", "the parent task is in another project");
    batch.emplace(t.id, t.project_id);
  }
}

}  // namespace

namespace core {

std::vector<Task> create_tasks(const detail::Context& ctx, storage::Tx& tx,
                               const std::vector<NewTask>& reqs) {
  auto tickets = load_tickets(tx, reqs);
  std::vector<Task> tasks;
  tasks.reserve(reqs.size());
  for (const auto& r : reqs) {
    // One microsecond apart: lists order by (created_at, id), so a batch keeps its order.
    auto created = tx.now() + std::chrono::microseconds(tasks.size());
    tasks.push_back(task_from_request(r, tickets.at(r.ticket_id), created));
    core::normalize_and_check(tasks.back());
  }
  std::map<std::string, std::vector<Task>> by_project;
  for (const auto& t : tasks) by_project[t.project_id].push_back(t);
  // Projects in id order (the map's), each before any of its rows: the one lock order.
  for (const auto& entry : by_project) core::lock_project(tx, entry.first);
  check_references(tx, tasks);
  for (auto& [project, group] : by_project) {
    Workflow w = core::workflow_of(tx, project);
    for (const auto& t : group) core::check_phase_in(w, t);
    // The new rows carry their graph version from the start: no stamping UPDATE afterwards.
    long long version = core::record_new_tasks(ctx, tx, project, group);
    storage::insert_tasks(tx, group, version);
    bool depends = std::any_of(group.begin(), group.end(),
                               [](const Task& t) { return !t.depends_on.empty(); });
    if (depends)
      progress::refresh_before_commit(ctx, tx, project);  // a new task may wait on a failed one
  }
  for (const auto& t : tasks)
    tx.emit("TASK_CREATED", "task", t.id, t.project_id, core::created_payload(t));
  return tasks;
}

}  // namespace core

Task TaskService::create(const NewTask& req) const {
  return create_many({req}).front();
}

std::vector<Task> TaskService::create_many(const std::vector<NewTask>& reqs) const {
  if (reqs.empty()) return {};
  for (const auto& r : reqs) {
    if (r.id && !util::is_uuid(*r.id)) throw ValidationError("id", "id must be a UUID");
  }
  return ctx_->db->write(ctx_->actor,
                         [&](storage::Tx& tx) { return core::create_tasks(*ctx_, tx, reqs); });
}

Task TaskService::get(std::string_view id) const {
  if (auto t = find(id)) return *t;
  throw NotFound(ErrorCode::task_not_found, "task", id);
}

std::optional<Task> TaskService::find(std::string_view id) const {
  return ctx_->db->read([&](storage::Tx& tx) { return storage::find_task(tx, id); });
}

Page<Task> TaskService::list(const TaskQuery& query) const {
  auto window = core::list_window(query.page, core::kByTimeOrPriority);
  auto rows = ctx_->db->read([&](storage::Tx& tx) {
    storage::TaskFilter filter{std::nullopt, std::nullopt, query.status, query.phase_id,
                               query.assigned_agent_id, query.priority};
    if (query.project_id) filter.project_id = core::require_project(tx, *query.project_id).id;
    if (query.ticket_id) filter.ticket_id = core::require_ticket(tx, *query.ticket_id).id;
    return storage::list_tasks(tx, filter, window);
  });
  return core::make_page(std::move(rows), window);
}

Task TaskService::update(std::string_view id, const TaskUpdate& changes) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Task t = core::require_task(tx, id, /*lock=*/true);
    Json before = to_json(t);
    util::check_version(changes.if_version, before, "task " + t.id);
    if (changes.status && *changes.status != t.status && !changes.force)
      throw ValidationError("status",
                            "a status edit skips claims, dependencies and the lifecycle: use "
                            "start/complete/fail/cancel, or force it as an override");
    TaskStatus old_status = t.status;
    core::apply_update(t, changes);
    core::normalize_and_check(t);
    if (changes.phase_id) core::check_phase_in(core::workflow_of(tx, t.project_id), t);
    if (changes.parent_task_id && t.parent_task_id) {
      if (*t.parent_task_id == t.id)
        throw ValidationError("parent_task_id", "a task cannot be its own parent");
      Task parent = core::require_task(tx, *t.parent_task_id);
      if (parent.project_id != t.project_id)
        throw ValidationError("parent_task_id", "the parent task is in another project");
    }
    if (t.status != old_status) core::stamp_status_times(t, tx.now());
    Json diff = core::diff_changes(before, to_json(t));
    if (diff.empty()) return t;
    t.updated_at = tx.now();
    storage::update_task(tx, t);
    core::record_graph_change(*ctx_, tx, t.project_id, {t});
    if (progress::changes_strandedness(old_status, t.status))
      progress::refresh_before_commit(*ctx_, tx, t.project_id);
    tx.emit(core::update_event_type(old_status, t.status), "task", t.id, t.project_id,
            core::updated_payload(t, old_status, diff));
    return t;
  });
}

}  // namespace dagboard
