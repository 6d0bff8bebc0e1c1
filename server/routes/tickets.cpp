// SPDX-License-Identifier: Apache-2.0
// /api/v1/tickets (upstream §3.4): CRUD, state machine, blocking, approval, phase gates.
#include "routes/routes.hpp"

namespace DAGBOARD_NAMESPACE::server {
namespace {

Json approval_json(const Ticket& t) {
  return Json{{"ticket_id", t.id},
              {"status", to_string(t.approval_status)},
              {"approval_status", to_string(t.approval_status)},
              {"deadline_at", t.approval_deadline_at ? Json(to_iso8601(*t.approval_deadline_at)) : Json()},
              {"requested_by_agent_id", t.requested_by_agent_id ? Json(*t.requested_by_agent_id) : Json()},
              {"rejection_reason", t.rejection_reason ? Json(*t.rejection_reason) : Json()}};
}

void add_crud(Router& r, const std::string& base) {
  r.post(base, [](Request& q) {
    return created_response(q, to_json(ws(q).tickets().create(new_ticket_from_json(body_json(q)))), "/api/v1/tickets/{id}");
  });
  r.get(base, [](Request& q) {
    auto query = ticket_query_from_json(query_json(q, {.text = {"project_id", "status", "phase_id", "priority"}}));
    return page_response(q, "tickets", ws(q).tickets().list(query));
  });
  r.get(base + "/{id}", [](Request& q) { return object_response(q, to_json(ws(q).tickets().get(q.param(0)))); });
  r.patch(base + "/{id}", [](Request& q) {
    return object_response(q, to_json(ws(q).tickets().update(q.param(0), ticket_update_from_json(body_json(q)))));
  });
  r.del(base + "/{id}", [](Request& q) {
    ws(q).tickets().remove(q.param(0));
    return empty_response();
  });
  r.post(base + "/{id}/tasks", [](Request& q) {
    auto req = new_task_from_json(with_field(body_json(q), "ticket_id", q.param(0)));
    return created_response(q, to_json(ws(q).tasks().create(req)), "/api/v1/tasks/{id}");
  });
}

void add_state_machine(Router& r, const std::string& base) {
  r.post(base + "/{id}/transition", [](Request& q) {
    auto t = transition_request_from_json(body_with_query(q, {.text = {"to_status", "reason", "initiated_by"}, .flags = {"force"}}));
    return object_response(q, to_json(ws(q).tickets().transition(q.param(0), t.to_status, t.options)));
  });
  r.post(base + "/{id}/regress", [](Request& q) {
    auto t = regress_request_from_json(body_with_query(
        q, {.text = {"to_status", "validation_feedback", "reason", "initiated_by"}, .flags = {"force"}}));
    return object_response(q, to_json(ws(q).tickets().regress(q.param(0), t.to_status, *t.validation_feedback, t.options)));
  });
  r.post(base + "/{id}/block", [](Request& q) {
    auto b = block_request_from_json(
        body_with_query(q, {.text = {"blocker_type", "suggested_remediation", "initiated_by"}}));
    return object_response(q, to_json(ws(q).tickets().block(q.param(0), b.blocker_type, b.suggested_remediation, b.initiated_by)));
  });
  r.post(base + "/{id}/unblock", [](Request& q) {
    Json body = body_with_query(q, {.text = {"initiated_by"}});
    return object_response(q, to_json(ws(q).tickets().unblock(q.param(0), optional_string(body, "initiated_by"))));
  });
  r.get(base + "/{id}/phase-history", [](Request& q) {
    return list_response(q, "history", json_array(ws(q).tickets().phase_history(q.param(0))), std::nullopt);
  });
}

void add_approval(Router& r, const std::string& base) {
  r.post(base + "/approve", [](Request& q) {
    Json body = body_json(q);
    auto t = ws(q).tickets().approve(required_string(body, "ticket_id"), optional_string(body, "approver_id"));
    return json_response(approval_json(t));
  });
  r.post(base + "/reject", [](Request& q) {
    Json body = body_json(q);
    auto t = ws(q).tickets().reject(required_string(body, "ticket_id"), required_string(body, "rejection_reason"),
                                    optional_string(body, "rejector_id"));
    return json_response(approval_json(t));
  });
  r.get(base + "/pending-review-count", [](Request& q) {
    query_json(q, {.text = {"project_id"}});
    return json_response(Json{{"pending_count", ws(q).tickets().pending_review_count(q.arg("project_id"))}});
  });
  r.get(base + "/approval-status", [](Request& q) {
    return json_response(approval_json(ws(q).tickets().get(required_arg(q, "ticket_id"))));
  });
  r.post(base + "/check-approval-timeouts", [](Request& q) {
    return json_response(Json{{"timed_out", ws(q).tickets().check_approval_timeouts()}});
  });
}

void add_gates(Router& r, const std::string& base) {
  r.post(base + "/{id}/artifacts", [](Request& q) {
    return created_response(q, to_json(ws(q).tickets().report_artifact(q.param(0), new_artifact_from_json(body_json(q)))),
                            "/api/v1/tickets/" + q.param(0) + "/gate-status");
  });
  r.get(base + "/{id}/gate-status", [](Request& q) { return object_response(q, to_json(ws(q).tickets().gate_status(q.param(0)))); });
  r.post(base + "/{id}/progress", [](Request& q) {
    Json body = body_json(q);
    auto t = ws(q).tickets().check_and_progress(q.param(0), optional_string(body, "initiated_by"));
    if (!t) return json_response(Json{{"status", "no_progression"}});
    return object_response(q, to_json(*t));
  });
}

}  // namespace

void add_ticket_routes(Router& r) {
  const std::string base = "/api/v1/tickets";
  add_crud(r, base);
  add_state_machine(r, base);
  add_approval(r, base);
  add_gates(r, base);
}

}  // namespace dagboard::server
