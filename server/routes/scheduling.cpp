// SPDX-License-Identifier: Apache-2.0
// /api/v1/scheduler: next task, atomic claims with leases, renew, release, expiry.
#include "routes/routes.hpp"

namespace DAGBOARD_NAMESPACE::server {
namespace {

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
    auto call = lease_call_from_json(body_json(q), /*with_lease=*/true);
    return object_response(
        q, to_json(ws(q).scheduler().renew_lease(call.task_id, call.agent_id, call.lease_seconds)));
  });
  r.post(base + "/release", [](Request& q) {
    auto call = lease_call_from_json(body_json(q), /*with_lease=*/false);
    return object_response(q, to_json(ws(q).scheduler().release(call.task_id, call.agent_id)));
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
