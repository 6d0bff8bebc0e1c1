// SPDX-License-Identifier: Apache-2.0
#include "progress/stranded.hpp"

#include <algorithm>

#include <dagboard/errors.hpp>

#include "core/lookup.hpp"
#include "core/task_lifecycle.hpp"
#include "storage/progress_repo.hpp"

namespace DAGBOARD_NAMESPACE::progress {
namespace {

bool is_dead(TaskStatus s) {
  return s == TaskStatus::failed || s == TaskStatus::cancelled;
}

std::vector<storage::TaskRef> minus(const std::vector<storage::TaskRef>& a,
                                    const std::vector<storage::TaskRef>& b) {
  std::vector<storage::TaskRef> out;
  for (const auto& x : a)
    if (std::find(b.begin(), b.end(), x) == b.end()) out.push_back(x);
  return out;
}

void announce(storage::Tx& tx, const std::string& project_id,
              const std::vector<storage::TaskRef>& tasks, const char* event) {
  for (const auto& t : tasks)
    tx.emit(event, "task", t.id, project_id, Json{{"task_id", t.id}, {"ticket_id", t.ticket_id}});
}

// Cancels what can never run, each with its own TASK_CANCELLED.
void cancel_all(const detail::Context& ctx, storage::Tx& tx,
                const std::vector<storage::TaskRef>& tasks) {
  for (const auto& t : tasks)
    core::transition(
        ctx, tx, t.id, nullptr, {TaskStatus::pending}, TaskStatus::cancelled, "TASK_CANCELLED",
        [](Task& x) { x.error_message = "Task cancelled: a dependency failed or was cancelled"; },
        [](const Task&) {
          return Json{{"reason", "dependency failed or cancelled"}, {"cascade", true}};
        });
}

void refresh(const detail::Context& ctx, storage::Tx& tx, const std::string& project_id) {
  auto now = storage::compute_stranded(tx, project_id);
  auto was = storage::flagged_stranded(tx, project_id);
  auto stranded = minus(now, was);
  auto freed = minus(was, now);
  if (!stranded.empty() && cancels_stranded(core::require_project(tx, project_id).settings)) {
    cancel_all(ctx, tx, stranded);
    stranded.clear();
  }
  storage::set_stranded(tx, stranded, true);
  storage::set_stranded(tx, freed, false);
  announce(tx, project_id, stranded, "TASK_STRANDED");
  announce(tx, project_id, freed, "TASK_UNSTRANDED");
}

}  // namespace

bool cancels_stranded(const Json& project_settings) {
  auto it = project_settings.find("on_dependency_failure");
  if (it == project_settings.end() || it->is_null()) return false;
  std::string value = it->is_string() ? it->get<std::string>() : std::string();
  if (value == "strand") return false;
  if (value == "cancel") return true;
  throw ValidationError("settings.on_dependency_failure",
                        "settings.on_dependency_failure must be strand or cancel");
}

void refresh_before_commit(const detail::Context& ctx, storage::Tx& tx,
                           const std::string& project_id) {
  tx.before_commit_once("stranded:" + project_id,
                        [&ctx, &tx, project_id] { refresh(ctx, tx, project_id); });
}

bool changes_strandedness(TaskStatus before, TaskStatus after) {
  return is_dead(before) != is_dead(after);
}

}  // namespace dagboard::progress
