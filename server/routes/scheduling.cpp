// SPDX-License-Identifier: Apache-2.0
// /api/v1/scheduler: next task, atomic claims with leases, renew, release, expiry.
#include "routes/routes.hpp"

namespace dagboard::server {
namespace {

int lease_seconds(const Json& body) {
  auto it = body.find("lease_seconds");
  if (it == body.end() || it->is_null()) return kDefaultLeaseSeconds;
  if (!it->is_number_integer())
    throw ValidationError("lease_seconds", "lease_seconds must be an integer");
  return it->get<int>();
}

Json task_or_null(const std::optional<Task>& t) {
  return Json{{"task", t ? to_json(*t) : Json()}};
}

}  // namespace

void add_scheduling_routes(Router& r) {
  const std::string base = "/api/v1/scheduler";
  r.get(base + "/next", [](Request& q) {
    query_json(q, {.text = {"agent_id", "project_id"}});
    return json_response(task_or_null(
        ws(q).scheduler().next_task(required_arg(q, "agent_id"), q.arg("project_id"))));
  });
  r.post(base + "/claim", [](Request& q) {
    Json body = body_json(q);
    return json_response(task_or_null(
        ws(q).scheduler().claim(required_string(body, "agent_id"), claim_request_from_json(body))));
  });
  r.post(base + "/renew", [](Request& q) {
    Json body = body_json(q);
    return object_response(q, to_json(ws(q).scheduler().renew_lease(
                                  required_string(body, "task_id"),
                                  required_string(body, "agent_id"), lease_seconds(body))));
  });
  r.post(base + "/release", [](Request& q) {
    Json body = body_json(q);
    return object_response(q,
                           to_json(ws(q).scheduler().release(required_string(body, "task_id"),
                                                             required_string(body, "agent_id"))));
  });
  r.post(base + "/complete", [](Request& q) {
    auto call = lifecycle_request_from_json(body_json(q), LifecycleCall::complete, /*with_task_id=*/true);
    return object_response(q, to_json(ws(q).tasks().complete(*call.task_id, call.by, call.result)));
  });
  r.post(base + "/expire-leases", [](Request& q) {
    return json_response(Json{{"expired", ws(q).scheduler().expire_leases()}});
  });
}

}  // namespace dagboard::server
