// SPDX-License-Identifier: Apache-2.0
#include <dagboard/task.hpp>

#include "core/changes.hpp"
#include "util/json_input.hpp"
#include "util/record_version.hpp"

namespace DAGBOARD_NAMESPACE {

Json to_json(const Task& t) {
  return util::with_version(Json{{"id", t.id},
                                 {"ticket_id", t.ticket_id},
                                 {"project_id", t.project_id},
                                 {"task_type", t.task_type},
                                 {"title", t.title},
                                 {"description", core::or_null(t.description)},
                                 {"priority", to_string(t.priority)},
                                 {"phase_id", t.phase_id},
                                 {"status", to_string(t.status)},
                                 {"score", t.score},
                                 {"assigned_agent_id", core::or_null(t.assigned_agent_id)},
                                 {"depends_on", t.depends_on},
                                 {"required_capabilities", t.required_capabilities},
                                 {"retry_count", t.retry_count},
                                 {"max_retries", t.max_retries},
                                 {"timeout_seconds", core::or_null(t.timeout_seconds)},
                                 {"deadline_at", core::or_null(t.deadline_at)},
                                 {"estimate", core::or_null(t.estimate)},
                                 {"parent_task_id", core::or_null(t.parent_task_id)},
                                 {"result", t.result},
                                 {"error_message", core::or_null(t.error_message)},
                                 {"created_at", to_iso8601(t.created_at)},
                                 {"updated_at", to_iso8601(t.updated_at)},
                                 {"started_at", core::or_null(t.started_at)},
                                 {"completed_at", core::or_null(t.completed_at)},
                                 {"lease_expires_at", core::or_null(t.lease_expires_at)},
                                 {"retry_at", core::or_null(t.retry_at)},
                                 {"stranded", t.stranded},
                                 {"awaiting_approvals", t.awaiting_approvals}});
}

NewTask new_task_from_json(const Json& j) {
  util::JsonInput in(j);
  NewTask r;
  r.id = in.string("id");
  r.ticket_id = in.required_string("ticket_id");
  r.title = in.required_string("title");
  r.description = in.string("description");
  if (auto v = in.string("task_type")) r.task_type = *v;
  if (auto v = in.enumeration<Priority>("priority")) r.priority = *v;
  if (auto v = in.string("phase_id")) r.phase_id = *v;
  if (auto v = in.enumeration<TaskStatus>("status")) r.status = *v;
  if (auto v = in.strings("depends_on")) r.depends_on = *v;
  if (auto v = in.strings("required_capabilities")) r.required_capabilities = *v;
  if (auto v = in.integer("max_retries")) r.max_retries = util::to_int("max_retries", *v);
  if (auto v = in.integer("timeout_seconds"))
    r.timeout_seconds = util::to_int("timeout_seconds", *v);
  r.deadline_at = in.time("deadline_at");
  r.estimate = in.number("estimate");
  r.parent_task_id = in.string("parent_task_id");
  in.finish();
  return r;
}

TaskUpdate task_update_from_json(const Json& j) {
  util::JsonInput in(j);
  if (in.has("depends_on"))
    throw ValidationError("depends_on",
                          "dependencies are changed with add/set/remove dependencies, not update");
  TaskUpdate u;
  u.if_version = in.string("if_version");
  u.force = in.boolean("force").value_or(false);
  u.title = in.string("title");
  u.description = in.nullable_string("description");
  u.task_type = in.string("task_type");
  u.priority = in.enumeration<Priority>("priority");
  u.phase_id = in.string("phase_id");
  u.status = in.enumeration<TaskStatus>("status");
  u.assigned_agent_id = in.nullable_string("assigned_agent_id");
  u.required_capabilities = in.strings("required_capabilities");
  if (auto v = in.integer("retry_count")) u.retry_count = util::to_int("retry_count", *v);
  if (auto v = in.integer("max_retries")) u.max_retries = util::to_int("max_retries", *v);
  if (auto v = in.nullable_integer("timeout_seconds")) {
    u.timeout_seconds = *v ? Nullable<int>(util::to_int("timeout_seconds", **v)) : std::nullopt;
  }
  u.deadline_at = in.nullable_time("deadline_at");
  u.estimate = in.nullable_number("estimate");
  u.parent_task_id = in.nullable_string("parent_task_id");
  u.result = in.any("result");
  u.error_message = in.nullable_string("error_message");
  in.finish();
  return u;
}

TaskQuery task_query_from_json(const Json& j) {
  util::JsonInput in(j);
  TaskQuery q;
  q.project_id = in.string("project_id");
  q.ticket_id = in.string("ticket_id");
  q.status = in.any_of_enum<TaskStatus>("status");
  q.phase_id = in.any_of("phase_id");
  q.assigned_agent_id = in.any_of("assigned_agent_id");
  q.priority = in.any_of_enum<Priority>("priority");
  q.page = in.page_request();
  in.finish();
  return q;
}

}  // namespace dagboard
