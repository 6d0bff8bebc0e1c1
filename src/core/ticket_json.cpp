// SPDX-License-Identifier: Apache-2.0
#include <dagboard/ticket.hpp>

#include "core/changes.hpp"
#include "util/json_input.hpp"
#include "util/record_version.hpp"

namespace DAGBOARD_NAMESPACE {

Json to_json(const Ticket& t) {
  return util::with_version(
      Json{{"id", t.id},
           {"key", t.key},
           {"number", t.number},
           {"project_id", t.project_id},
           {"title", t.title},
           {"description", core::or_null(t.description)},
           {"phase_id", t.phase_id},
           {"status", to_string(t.status)},
           {"priority", to_string(t.priority)},
           {"previous_phase_id", core::or_null(t.previous_phase_id)},
           {"is_blocked", t.is_blocked},
           {"blocked_reason", core::or_null(t.blocked_reason)},
           {"blocked_at", core::or_null(t.blocked_at)},
           {"approval_status", to_string(t.approval_status)},
           {"approval_deadline_at", core::or_null(t.approval_deadline_at)},
           {"requested_by_agent_id", core::or_null(t.requested_by_agent_id)},
           {"rejection_reason", core::or_null(t.rejection_reason)},
           {"context", t.context},
           {"blocked_by", t.blocked_by},
           {"blocks", t.blocks},
           {"github_issue_number", t.github_issue_number ? Json(*t.github_issue_number) : Json()},
           {"created_at", to_iso8601(t.created_at)},
           {"updated_at", to_iso8601(t.updated_at)}});
}

NewTicket new_ticket_from_json(const Json& j) {
  util::JsonInput in(j);
  NewTicket r;
  r.project_id = in.required_string("project_id");
  r.title = in.required_string("title");
  r.description = in.string("description");
  r.phase_id = in.string("phase_id");
  r.status = in.enumeration<TicketStatus>("status");
  if (auto v = in.enumeration<Priority>("priority")) r.priority = *v;
  if (auto v = in.enumeration<ApprovalStatus>("approval_status")) r.approval_status = *v;
  r.approval_deadline_at = in.time("approval_deadline_at");
  r.requested_by_agent_id = in.string("requested_by_agent_id");
  if (auto v = in.boolean("is_blocked")) r.is_blocked = *v;
  r.blocked_reason = in.string("blocked_reason");
  if (auto v = in.object("context")) r.context = *v;
  if (auto v = in.strings("blocked_by")) r.blocked_by = *v;
  r.github_issue_number = in.integer("github_issue_number");
  in.finish();
  return r;
}

namespace {
TransitionRequest read_transition(const Json& j, bool regress) {
  util::JsonInput in(j);
  TransitionRequest r;
  r.to_status = in.required_enumeration<TicketStatus>("to_status");
  if (regress) r.validation_feedback = in.required_string("validation_feedback");
  r.options.reason = in.string("reason");
  r.options.initiated_by = in.string("initiated_by");
  r.options.force = in.boolean("force").value_or(false);
  if (!regress) r.validation_feedback = in.string("validation_feedback");
  in.finish();
  return r;
}
}  // namespace

TransitionRequest transition_request_from_json(const Json& j) { return read_transition(j, false); }

TransitionRequest regress_request_from_json(const Json& j) { return read_transition(j, true); }

BlockRequest block_request_from_json(const Json& j) {
  util::JsonInput in(j);
  BlockRequest r;
  r.blocker_type = in.required_string("blocker_type");
  r.suggested_remediation = in.string("suggested_remediation");
  r.initiated_by = in.string("initiated_by");
  in.finish();
  return r;
}

TicketUpdate ticket_update_from_json(const Json& j) {
  util::JsonInput in(j);
  TicketUpdate u;
  u.if_version = in.string("if_version");
  u.title = in.string("title");
  u.description = in.nullable_string("description");
  u.phase_id = in.string("phase_id");
  u.status = in.enumeration<TicketStatus>("status");
  u.priority = in.enumeration<Priority>("priority");
  u.is_blocked = in.boolean("is_blocked");
  u.blocked_reason = in.nullable_string("blocked_reason");
  u.approval_status = in.enumeration<ApprovalStatus>("approval_status");
  u.approval_deadline_at = in.nullable_time("approval_deadline_at");
  u.requested_by_agent_id = in.nullable_string("requested_by_agent_id");
  u.rejection_reason = in.nullable_string("rejection_reason");
  u.context = in.object("context");
  u.blocked_by = in.strings("blocked_by");
  in.finish();
  return u;
}

TicketQuery ticket_query_from_json(const Json& j) {
  util::JsonInput in(j);
  TicketQuery q;
  q.project_id = in.string("project_id");
  q.status = in.any_of_enum<TicketStatus>("status");
  q.phase_id = in.any_of("phase_id");
  q.priority = in.any_of_enum<Priority>("priority");
  q.page = in.page_request();
  in.finish();
  return q;
}

}  // namespace dagboard
