// SPDX-License-Identifier: Apache-2.0
// Dependency edits: lock the project's graph, check for a cycle from the new edges only, write.
#include <algorithm>
#include <set>

#include <dagboard/errors.hpp>
#include <dagboard/task.hpp>

#include "core/context.hpp"
#include "core/graph_access.hpp"
#include "core/lookup.hpp"
#include "progress/stranded.hpp"
#include "storage/task_repo.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

// Resolves and checks dependency ids: existing tasks of the same project, not the task itself.
std::vector<std::string> checked_deps(storage::Tx& tx, const Task& t,
                                      const std::vector<std::string>& deps) {
  std::vector<std::string> unique;
  for (const auto& d : deps) {
    if (d == t.id) throw ValidationError("depends_on", "a task cannot depend on itself");
    if (std::find(unique.begin(), unique.end(), d) == unique.end()) unique.push_back(d);
  }
  auto projects = storage::task_projects(tx, unique);
  for (const auto& d : unique) {
    auto it = projects.find(d);
    if (it == projects.end()) throw NotFound(ErrorCode::task_not_found, "task", d);
    if (it->second != t.project_id)
      throw ValidationError("depends_on", "task '" + d + "' is in another project");
  }
  return unique;
}

// The cycle closed by making `task` depend on any of `deps`, in the graph as it is.
std::optional<std::vector<std::string>> find_cycle(const graph::ProjectGraph& g,
                                                   const std::string& task,
                                                   const std::vector<std::string>& deps) {
  graph::Node t = g.find(task);
  if (t == graph::kNoNode) return std::nullopt;  // a task nothing can reach yet
  for (const auto& d : deps) {
    graph::Node u = g.find(d);
    if (u == graph::kNoNode) continue;
    auto path = g.dependency_path(u, t);  // d depends (transitively) on task?
    if (path.empty()) continue;
    std::vector<std::string> cycle{task};
    for (graph::Node n : path) cycle.emplace_back(g.id(n));
    return cycle;
  }
  return std::nullopt;
}

// Applies a new dependency list to `task` in one transaction, refusing any cycle.
Task write_dependencies(
    const detail::Context& ctx, std::string_view task_id,
    const std::function<std::vector<std::string>(storage::Tx&, const Task&)>& next_deps,
    const std::function<Json(const Task& before, const Task& after)>& payload) {
  return ctx.db->write(ctx.actor, [&](storage::Tx& tx) {
    Task t = core::require_task(tx, task_id, /*lock=*/true);
    Task before = t;
    std::vector<std::string> wanted = next_deps(tx, t);
    std::sort(wanted.begin(), wanted.end());  // depends_on is kept in id order everywhere
    std::vector<std::string> added, removed;
    for (const auto& d : wanted)
      if (std::find(t.depends_on.begin(), t.depends_on.end(), d) == t.depends_on.end())
        added.push_back(d);
    for (const auto& d : t.depends_on)
      if (std::find(wanted.begin(), wanted.end(), d) == wanted.end()) removed.push_back(d);
    if (added.empty() && removed.empty()) return t;
    t.depends_on = wanted;
    t.updated_at = tx.now();
    // Taking the project's row lock first means a concurrent edit of the other edge of a
    // would-be cycle waits here, and then sees this one: the two can never both commit.
    long long version = core::record_graph_change_now(ctx, tx, t.project_id, {t});
    auto reset = storage::read_graph_version(tx, t.project_id).reset_version;
    auto cycle =
        core::with_graph_at(ctx, tx, t.project_id, version - 1, reset,
                            [&](graph::ProjectGraph& g) { return find_cycle(g, t.id, added); });
    if (cycle) throw DependencyCycle(*cycle);
    storage::delete_dependencies(tx, t.id, removed);
    storage::insert_dependencies(tx, t.project_id, t.id, added);
    storage::update_task(tx, t);
    progress::refresh_before_commit(ctx, tx, t.project_id);
    tx.emit("TASK_DEPENDENCY_UPDATED", "task", t.id, t.project_id, payload(before, t));
    return t;
  });
}

}  // namespace

Task TaskService::add_dependencies(std::string_view task,
                                   const std::vector<std::string>& deps) const {
  return write_dependencies(
      *ctx_, task,
      [&](storage::Tx& tx, const Task& t) {
        auto wanted = t.depends_on;
        for (const auto& d : checked_deps(tx, t, deps))
          if (std::find(wanted.begin(), wanted.end(), d) == wanted.end()) wanted.push_back(d);
        return wanted;
      },
      [](const Task& before, const Task& after) {
        std::vector<std::string> added;
        for (const auto& d : after.depends_on)
          if (std::find(before.depends_on.begin(), before.depends_on.end(), d) ==
              before.depends_on.end())
            added.push_back(d);
        return Json{{"task_id", after.id}, {"depends_on", after.depends_on}, {"added", added}};
      });
}

Task TaskService::set_dependencies(std::string_view task,
                                   const std::vector<std::string>& deps) const {
  return write_dependencies(
      *ctx_, task, [&](storage::Tx& tx, const Task& t) { return checked_deps(tx, t, deps); },
      [](const Task& before, const Task& after) {
        return Json{{"task_id", after.id},
                    {"depends_on", after.depends_on},
                    {"old_depends_on", before.depends_on}};
      });
}

Task TaskService::remove_dependency(std::string_view task, std::string_view dep) const {
  std::string removed(dep);
  return write_dependencies(
      *ctx_, task,
      [&](storage::Tx&, const Task& t) {
        auto wanted = t.depends_on;
        auto it = std::find(wanted.begin(), wanted.end(), removed);
        if (it == wanted.end())
          throw ValidationError("depends_on",
                                "task '" + t.id + "' does not depend on '" + removed + "'");
        wanted.erase(it);
        return wanted;
      },
      [&](const Task&, const Task& after) {
        return Json{{"task_id", after.id}, {"depends_on", after.depends_on}, {"removed", removed}};
      });
}

std::optional<std::vector<std::string>> TaskService::check_cycle(
    std::string_view task, const std::vector<std::string>& deps) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    Task t = core::require_task(tx, task);
    auto checked = checked_deps(tx, t, deps);
    return core::with_current_graph(*ctx_, tx, t.project_id, [&](const graph::ProjectGraph& g) {
      return find_cycle(g, t.id, checked);
    });
  });
}

}  // namespace dagboard
