// SPDX-License-Identifier: Apache-2.0
#include "core/task_lifecycle.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include <dagboard/errors.hpp>

#include "core/graph_access.hpp"
#include "core/lookup.hpp"
#include "core/task_rules.hpp"
#include "storage/scheduler_repo.hpp"
#include "storage/task_repo.hpp"
#include "core/changes.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace dagboard {
namespace core {

Task transition(const detail::Context& ctx, storage::Tx& tx, std::string_view task_id,
                std::initializer_list<TaskStatus> from, std::optional<TaskStatus> next, const char* event,
                const std::function<void(Task&)>& change, const std::function<Json(const Task&)>& payload) {
  Task t = require_task(tx, task_id, /*lock=*/true);
  TaskStatus old = t.status;
  TaskStatus to = next.value_or(old);
  if (std::find(from.begin(), from.end(), old) == from.end()) {
    throw InvalidTransition("task " + t.id + " cannot go from " + std::string(to_string(old)) +
                                " to " + std::string(to_string(to)),
                            Json{{"task_id", t.id}, {"from", to_string(old)}, {"to", to_string(to)}});
  }
  t.status = to;
  change(t);
  stamp_status_times(t, tx.now());
  t.updated_at = tx.now();
  storage::update_task(tx, t);
  record_graph_change(ctx, tx, t.project_id, {t});
  Json p = payload ? payload(t) : Json::object();
  p["task_id"] = t.id;
  p["ticket_id"] = t.ticket_id;
  p["old_status"] = to_string(old);
  p["status"] = to_string(t.status);
  tx.emit(event, "task", t.id, t.project_id, std::move(p));
  return t;
}

bool is_retryable_error(const std::string& message) {
  static const char* permanent[] = {
      "permission denied", "access denied", "authentication failed", "authorization failed",
      "syntax error", "invalid argument", "not found", "does not exist", "already exists",
      "duplicate key", "constraint violation", "immutable", "read-only", "quota exceeded",
      "rate limit exceeded"};
  std::string lower = message;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* p : permanent)
    if (lower.find(p) != std::string::npos) return false;
  return true;
}

}  // namespace core

namespace {

void release_hold(Task& t) {
  t.assigned_agent_id.reset();
  t.lease_expires_at.reset();
}

constexpr std::initializer_list<TaskStatus> kUnfinished{TaskStatus::pending, TaskStatus::claiming,
                                                        TaskStatus::assigned, TaskStatus::running};

// fail() and timeouts: back to pending while retryable retries remain, else failed.
Task fail_in(const detail::Context& ctx, storage::Tx& tx, std::string_view task_id,
             const std::string& error) {
  bool retry = false;
  auto change = [&](Task& t) {
    retry = core::is_retryable_error(error) && t.retry_count < t.max_retries;
    t.error_message = error;
    release_hold(t);
    if (retry) {
      ++t.retry_count;
      t.status = TaskStatus::pending;
    }
  };
  auto payload = [&](const Task& t) {
    return Json{{"error_message", error}, {"retry_count", t.retry_count}, {"will_retry", retry}};
  };
  return core::transition(ctx, tx, task_id,
                          {TaskStatus::claiming, TaskStatus::assigned, TaskStatus::running},
                          TaskStatus::failed, "TASK_FAILED", change, payload);
}

}  // namespace

Task TaskService::start(std::string_view task, const std::optional<std::string>& agent_id) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    return core::transition(*ctx_, tx, task, {TaskStatus::claiming, TaskStatus::assigned},
                            TaskStatus::running, "TASK_STARTED", [&](Task& t) {
                              if (agent_id && t.assigned_agent_id != agent_id)
                                throw Conflict("task " + t.id + " is not held by agent " + *agent_id,
                                               Json{{"task_id", t.id}, {"agent_id", *agent_id}});
                            },
                            [](const Task& t) { return Json{{"agent_id", core::or_null(t.assigned_agent_id)}}; });
  });
}

Task TaskService::complete(std::string_view task, const Json& result) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Task t = core::transition(*ctx_, tx, task, {TaskStatus::claiming, TaskStatus::assigned, TaskStatus::running},
                              TaskStatus::completed, "TASK_COMPLETED",
                              [&](Task& x) {
                                x.result = result;
                                x.lease_expires_at.reset();
                              },
                              [&](const Task&) { return Json{{"result", result}}; });
    auto unblocked = storage::newly_ready_dependents(tx, t.id);
    if (!unblocked.empty())
      tx.emit("TASKS_UNBLOCKED", "task", t.id, t.project_id,
              Json{{"completed_task_id", t.id}, {"unblocked_task_ids", unblocked}});
    return t;
  });
}

Task TaskService::fail(std::string_view task, const std::string& error_message) const {
  util::check_text("error_message", error_message, 100000);
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) { return fail_in(*ctx_, tx, task, error_message); });
}

Task TaskService::cancel(std::string_view task, const std::string& reason) const {
  util::check_text("reason", reason, 10000);
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    return core::transition(*ctx_, tx, task, kUnfinished, TaskStatus::cancelled, "TASK_CANCELLED",
                            [&](Task& t) {
                              t.error_message = "Task cancelled: " + reason;
                              release_hold(t);
                            },
                            [&](const Task&) { return Json{{"reason", reason}}; });
  });
}

std::vector<std::string> TaskService::check_timeouts() const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    auto ids = storage::timed_out_ids(tx);
    for (const auto& id : ids) {
      Task t = core::require_task(tx, id);
      double elapsed = std::chrono::duration<double>(tx.now() - *t.started_at).count();
      char message[128];
      std::snprintf(message, sizeof message, "Task timed out after %.1fs", elapsed);
      fail_in(*ctx_, tx, id, message);
    }
    return ids;
  });
}

}  // namespace dagboard
