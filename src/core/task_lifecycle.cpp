// SPDX-License-Identifier: Apache-2.0
#include "core/task_lifecycle.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include <dagboard/errors.hpp>
#include <dagboard/limits.hpp>

#include "core/changes.hpp"
#include "core/graph_access.hpp"
#include "core/lookup.hpp"
#include "core/task_rules.hpp"
#include "progress/stranded.hpp"
#include "scheduling/retry_policy.hpp"
#include "storage/scheduler_repo.hpp"
#include "storage/task_repo.hpp"
#include "util/json_input.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace DAGBOARD_NAMESPACE {
namespace core {

namespace {

bool is_held(TaskStatus s) {
  return s == TaskStatus::claiming || s == TaskStatus::assigned || s == TaskStatus::running;
}

bool contains(std::initializer_list<TaskStatus> set, TaskStatus s) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

[[noreturn]] void refuse(const Task& t, const std::string& agent, bool expired) {
  throw Conflict(
      "agent " + agent + " does not hold task " + t.id + (expired ? " (its lease ran out)" : ""),
      Json{{"task_id", t.id},
           {"agent_id", agent},
           {"status", to_string(t.status)},
           {"holder", or_null(t.assigned_agent_id)},
           {"lease_expires_at", or_null(t.lease_expires_at)},
           {"lease_expired", expired}});
}

// What the event says about who acted.
void describe_acting(Json& payload, const ActingAs& by, const std::optional<std::string>& holder) {
  payload["agent_id"] = or_null(by.agent_id);
  if (!by.force) return;
  payload["forced"] = true;
  payload["holder"] = or_null(holder);
}

}  // namespace

void check_acting(const Task& t, const ActingAs& by, Timestamp now,
                  std::initializer_list<TaskStatus> allowed) {
  if (by.force) return;
  bool held = is_held(t.status) && t.assigned_agent_id;
  if (!by.agent_id) {
    if (held)
      throw ValidationError("agent_id", "task " + t.id + " is held by agent " +
                                            *t.assigned_agent_id +
                                            "; name the acting agent, or force an override");
    return;
  }
  if (!held) {
    if (!contains(allowed, t.status)) refuse(t, *by.agent_id, false);
    return;
  }
  bool expired = t.lease_expires_at && *t.lease_expires_at <= now;
  if (t.assigned_agent_id != by.agent_id || expired)
    refuse(t, *by.agent_id, expired && t.assigned_agent_id == by.agent_id);
}

Task transition(const detail::Context& ctx, storage::Tx& tx, std::string_view task_id,
                const ActingAs* by, std::initializer_list<TaskStatus> from,
                std::optional<TaskStatus> next, const char* event,
                const std::function<void(Task&)>& change,
                const std::function<Json(const Task&)>& payload) {
  Task t = require_task(tx, task_id, /*lock=*/true);
  if (by) check_acting(t, *by, tx.now(), from);
  const auto holder = t.assigned_agent_id;
  TaskStatus old = t.status;
  TaskStatus to = next.value_or(old);
  if (std::find(from.begin(), from.end(), old) == from.end()) {
    throw InvalidTransition(
        "task " + t.id + " cannot go from " + std::string(to_string(old)) + " to " +
            std::string(to_string(to)),
        Json{{"task_id", t.id}, {"from", to_string(old)}, {"to", to_string(to)}});
  }
  t.status = to;
  change(t);
  stamp_status_times(t, tx.now());
  t.updated_at = tx.now();
  storage::update_task(tx, t);
  record_graph_change(ctx, tx, t.project_id, {t});
  if (progress::changes_strandedness(old, t.status))
    progress::refresh_before_commit(ctx, tx, t.project_id);
  Json p = payload ? payload(t) : Json::object();
  p["task_id"] = t.id;
  p["ticket_id"] = t.ticket_id;
  p["old_status"] = to_string(old);
  p["status"] = to_string(t.status);
  if (by) describe_acting(p, *by, holder);
  tx.emit(event, "task", t.id, t.project_id, std::move(p));
  return t;
}

void emit_unblocked(storage::Tx& tx, const Task& completed) {
  auto unblocked = storage::newly_ready_dependents(tx, completed.id);
  if (!unblocked.empty())
    tx.emit("TASKS_UNBLOCKED", "task", completed.id, completed.project_id,
            Json{{"completed_task_id", completed.id}, {"unblocked_task_ids", unblocked}});
}

bool is_retryable_error(const std::string& message) {
  static const char* permanent[] = {"permission denied",
                                    "access denied",
                                    "authentication failed",
                                    "authorization failed",
                                    "syntax error",
                                    "invalid argument",
                                    "not found",
                                    "does not exist",
                                    "already exists",
                                    "duplicate key",
                                    "constraint violation",
                                    "immutable",
                                    "read-only",
                                    "quota exceeded",
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

// fail() and timeouts (by = nullptr): back to pending while retryable retries remain, else failed.
Task fail_in(const detail::Context& ctx, storage::Tx& tx, std::string_view task_id,
             const ActingAs* by, const std::string& error) {
  bool retry = false;
  auto change = [&](Task& t) {
    retry = core::is_retryable_error(error) && t.retry_count < t.max_retries;
    t.error_message = error;
    release_hold(t);
    if (retry) {
      ++t.retry_count;
      t.status = TaskStatus::pending;
      auto policy = retry_policy_from_settings(core::require_project(tx, t.project_id).settings);
      t.retry_at = scheduling::retry_time(policy, t.retry_count, tx.now());
    }
  };
  auto payload = [&](const Task& t) {
    return Json{{"error_message", error},
                {"retry_count", t.retry_count},
                {"will_retry", retry},
                {"retry_at", core::or_null(t.retry_at)}};
  };
  return core::transition(ctx, tx, task_id, by,
                          {TaskStatus::claiming, TaskStatus::assigned, TaskStatus::running},
                          TaskStatus::failed, "TASK_FAILED", change, payload);
}

}  // namespace

LifecycleRequest lifecycle_request_from_json(const Json& j, LifecycleCall call, bool with_task_id) {
  util::JsonInput in(j);
  LifecycleRequest r;
  if (with_task_id) r.task_id = in.required_string("task_id");
  r.by = ActingAs{in.string("agent_id"), in.boolean("force").value_or(false)};
  if (call == LifecycleCall::complete) r.result = in.any("result").value_or(Json());
  if (call == LifecycleCall::fail) r.error_message = in.required_string("error_message");
  if (call == LifecycleCall::cancel)
    if (auto reason = in.string("reason")) r.reason = *reason;
  in.finish();
  return r;
}

std::vector<std::string> dependency_ids_from_json(const Json& j) {
  if (j.is_array()) return dependency_ids_from_json(Json{{"depends_on", j}});
  util::JsonInput in(j);
  auto ids = in.required_strings("depends_on");
  in.finish();
  return ids;
}

Task TaskService::start(std::string_view task, const ActingAs& by) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    return core::transition(*ctx_, tx, task, &by, {TaskStatus::claiming, TaskStatus::assigned},
                            TaskStatus::running, "TASK_STARTED", [](Task&) {});
  });
}

Task TaskService::complete(std::string_view task, const ActingAs& by, const Json& result) const {
  check_json_value("result", result);
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Task t = core::transition(
        *ctx_, tx, task, &by, {TaskStatus::claiming, TaskStatus::assigned, TaskStatus::running},
        TaskStatus::completed, "TASK_COMPLETED",
        [&](Task& x) {
          x.result = result;
          x.lease_expires_at.reset();
          x.error_message.reset();  // earlier failures stay in the history
          x.retry_at.reset();
        },
        [&](const Task&) {
          return Json{{"result", result}};
        });
    core::emit_unblocked(tx, t);
    return t;
  });
}

Task TaskService::fail(std::string_view task, const ActingAs& by,
                       const std::string& error_message) const {
  util::check_text("error_message", error_message, 100000);
  return ctx_->db->write(
      ctx_->actor, [&](storage::Tx& tx) { return fail_in(*ctx_, tx, task, &by, error_message); });
}

Task TaskService::cancel(std::string_view task, const ActingAs& by,
                         const std::string& reason) const {
  util::check_text("reason", reason, 10000);
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    return core::transition(
        *ctx_, tx, task, &by, kUnfinished, TaskStatus::cancelled, "TASK_CANCELLED",
        [&](Task& t) {
          t.error_message = "Task cancelled: " + reason;
          release_hold(t);
        },
        [&](const Task&) {
          return Json{{"reason", reason}};
        });
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
      fail_in(*ctx_, tx, id, nullptr, message);
    }
    return ids;
  });
}

}  // namespace dagboard
