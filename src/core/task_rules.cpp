// SPDX-License-Identifier: Apache-2.0
#include "core/task_rules.hpp"

#include <cmath>

#include <dagboard/errors.hpp>
#include <dagboard/limits.hpp>

#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE::core {

void normalize_and_check(Task& t) {
  util::check_required_text("title", t.title, 500);
  util::check_opt_text("description", t.description, 100000);
  util::check_required_text("task_type", t.task_type, 100);
  util::check_required_text("phase_id", t.phase_id, 50);  // the workflow check needs the project
  util::check_opt_text("assigned_agent_id", t.assigned_agent_id, 100);
  util::check_opt_text("error_message", t.error_message, 100000);
  t.required_capabilities = util::normalize_tokens("required_capabilities", t.required_capabilities);
  if (t.max_retries < 0 || t.max_retries > 100)
    throw ValidationError("max_retries", "max_retries must be between 0 and 100");
  if (t.retry_count < 0) throw ValidationError("retry_count", "retry_count must not be negative");
  if (t.timeout_seconds && *t.timeout_seconds <= 0)
    throw ValidationError("timeout_seconds", "timeout_seconds must be positive");
  if (t.estimate && (!std::isfinite(*t.estimate) || *t.estimate < 0))
    throw ValidationError("estimate", "estimate must be a finite number, zero or more");
  if (t.parent_task_id && !util::is_valid_utf8(*t.parent_task_id))
    throw ValidationError("parent_task_id", "parent_task_id is not valid UTF-8");
}

void check_phase_in(const Workflow& w, const Task& t) {
  if (!w.phase(t.phase_id))
    throw ValidationError("phase_id", "phase '" + t.phase_id + "' is not in the project's workflow");
}

void apply_update(Task& t, const TaskUpdate& u) {
  if (u.title) t.title = *u.title;
  if (u.description) t.description = *u.description;
  if (u.task_type) t.task_type = *u.task_type;
  if (u.priority) t.priority = *u.priority;
  if (u.phase_id) t.phase_id = *u.phase_id;
  if (u.status) t.status = *u.status;
  if (u.assigned_agent_id) t.assigned_agent_id = *u.assigned_agent_id;
  if (u.required_capabilities) t.required_capabilities = *u.required_capabilities;
  if (u.retry_count) t.retry_count = *u.retry_count;
  if (u.max_retries) t.max_retries = *u.max_retries;
  if (u.timeout_seconds) t.timeout_seconds = *u.timeout_seconds;
  if (u.deadline_at) t.deadline_at = *u.deadline_at;
  if (u.estimate) t.estimate = *u.estimate;
  if (u.parent_task_id) t.parent_task_id = *u.parent_task_id;
  if (u.result) {
    check_json_value("result", *u.result);
    t.result = *u.result;
  }
  if (u.error_message) t.error_message = *u.error_message;
}

void stamp_status_times(Task& t, Timestamp now) {
  if (t.status == TaskStatus::running && !t.started_at) t.started_at = now;
  bool finished = t.status == TaskStatus::completed || t.status == TaskStatus::failed ||
                  t.status == TaskStatus::cancelled;
  if (finished && !t.completed_at) t.completed_at = now;
}

const char* update_event_type(TaskStatus before, TaskStatus after) {
  if (before == after) return "TASK_UPDATED";
  switch (after) {
    case TaskStatus::running: return "TASK_STARTED";
    case TaskStatus::completed: return "TASK_COMPLETED";
    case TaskStatus::failed: return "TASK_FAILED";
    case TaskStatus::cancelled: return "TASK_CANCELLED";
    default: return "TASK_STATUS_CHANGED";
  }
}

Json created_payload(const Task& t) {
  return Json{{"task_id", t.id},
              {"ticket_id", t.ticket_id},
              {"phase_id", t.phase_id},
              {"task_type", t.task_type},
              {"title", t.title},
              {"status", to_string(t.status)},
              {"priority", to_string(t.priority)},
              {"dependencies", t.depends_on}};
}

Json updated_payload(const Task& t, TaskStatus old_status, const Json& changes) {
  Json p{{"task_id", t.id}, {"ticket_id", t.ticket_id}, {"changes", changes}};
  if (old_status != t.status) {
    p["old_status"] = to_string(old_status);
    p["status"] = to_string(t.status);
    p["error_message"] = t.error_message ? Json(*t.error_message) : Json(nullptr);
    p["has_result"] = !t.result.is_null();
  }
  return p;
}

}  // namespace dagboard::core
