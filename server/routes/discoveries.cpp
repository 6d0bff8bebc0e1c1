// SPDX-License-Identifier: Apache-2.0
// The Discovery API (upstream §3.10: agent and task discoveries, spawn-task) plus record, branch,
// resolve, invalidate and the ticket's discovery workflow graph.
#include "routes/routes.hpp"

namespace DAGBOARD_NAMESPACE::server {
namespace {

Response discoveries_response(const Request& q, const std::vector<Discovery>& items) {
  return list_response(q, "discoveries", json_array(items), std::nullopt);
}

int limit_of(const Request& q) {
  Json j = query_json(q, {.text = {"discovery_type", "type"}, .ints = {"limit"}});
  return j.value("limit", kDefaultDiscoveryLimit);
}

}  // namespace

void add_discovery_routes(Router& r) {
  const std::string base = "/api/v1/discoveries";
  r.post(base, [](Request& q) {
    return created_response(
        q, to_json(ws(q).discoveries().record(new_discovery_from_json(body_json(q)))), "/api/v1/discoveries/{id}");
  });
  r.post(base + "/branch", [](Request& q) {
    auto [req, spawn] = branch_request_from_json(body_json(q));
    auto result = ws(q).discoveries().record_and_branch(req, spawn);
    return created_response(q, Json{{"discovery", to_json(result.discovery)}, {"task", to_json(result.task)}},
                            "/api/v1/discoveries/" + result.discovery.id);
  });
  r.get(base, [](Request& q) {
    int limit = limit_of(q);
    auto type = q.arg("discovery_type") ? q.arg("discovery_type") : q.arg("type");  // upstream's name, then ours
    return discoveries_response(q, ws(q).discoveries().by_type(type.value_or(""), limit));
  });
  r.get(base + "/{id}", [](Request& q) {
    return object_response(q, to_json(ws(q).discoveries().get(q.param(0))));
  });
  r.post(base + "/{id}/spawn-task", [](Request& q) {
    Json body = body_json(q);
    Json task = to_json(ws(q).discoveries().spawn_task(q.param(0), spawn_request_from_json(body)));
    task["discovery_id"] = q.param(0);
    return created_response(q, std::move(task), "/api/v1/tasks/{id}");
  });
  r.post(base + "/{id}/resolve", [](Request& q) {
    body_json(q);
    return object_response(q, to_json(ws(q).discoveries().resolve(q.param(0))));
  });
  r.post(base + "/{id}/invalidate", [](Request& q) {
    Json body = body_json(q);
    return object_response(
        q, to_json(ws(q).discoveries().mark_invalid(q.param(0), optional_string(body, "reason"))));
  });
  r.get("/api/v1/tasks/{id}/discoveries", [](Request& q) {
    query_json(q, {.text = {"resolution_status"}});
    return discoveries_response(
        q, ws(q).discoveries().by_task(q.param(0), q.arg("resolution_status")));
  });
  r.get("/api/v1/agents/{id}/discoveries", [](Request& q) {
    return discoveries_response(q, ws(q).discoveries().by_agent(q.param(0), limit_of(q)));
  });
  r.get("/api/v1/tickets/{id}/discoveries", [](Request& q) {
    query_json(q, {.text = {}});
    return discoveries_response(q, ws(q).discoveries().by_ticket(q.param(0)));
  });
  r.get("/api/v1/tickets/{id}/discovery-graph", [](Request& q) {
    query_json(q, {.text = {}});
    return json_response(to_json(ws(q).discoveries().workflow_graph(q.param(0))));
  });
}

}  // namespace dagboard::server
