// SPDX-License-Identifier: Apache-2.0
// /api/v1/projects (upstream §3.7) and the project's workflow.
#include "routes/routes.hpp"

namespace DAGBOARD_NAMESPACE::server {

void add_project_routes(Router& r) {
  const std::string base = "/api/v1/projects";
  r.post(base, [](Request& q) {
    return created_response(q, to_json(ws(q).projects().create(new_project_from_json(body_json(q)))), "/api/v1/projects/{id}");
  });
  r.get(base, [](Request& q) {
    auto query = project_query_from_json(query_json(q, {.text = {"status"}}));
    return page_response(q, "projects", ws(q).projects().list(query));
  });
  r.get(base + "/{id}", [](Request& q) { return object_response(q, to_json(ws(q).projects().get(q.param(0)))); });
  r.patch(base + "/{id}", [](Request& q) {
    auto changes = project_update_from_json(body_json(q));
    return object_response(q, to_json(ws(q).projects().update(q.param(0), changes)));
  });
  // Upstream's DELETE archives (its events know PROJECT_ARCHIVED, not a deletion).
  r.del(base + "/{id}", [](Request& q) {
    return object_response(q, to_json(ws(q).projects().archive(q.param(0))));
  });
  r.get(base + "/{id}/stats", [](Request& q) { return object_response(q, to_json(ws(q).projects().stats(q.param(0)))); });
  r.post(base + "/{id}/spawn-agent", [](Request& q) {
    auto project = ws(q).projects().get(q.param(0));
    auto req = new_agent_from_json(with_field(body_json(q), "project_id", project.id));
    return created_response(q, to_json(ws(q).agents().register_agent(req)), "/api/v1/agents/{id}");
  });
  r.get(base + "/{id}/workflow", [](Request& q) { return object_response(q, to_json(ws(q).workflows().get(q.param(0)))); });
  r.put(base + "/{id}/workflow", [](Request& q) {
    return object_response(q, to_json(ws(q).workflows().set(q.param(0), workflow_from_json(body_json(q)))));
  });
}

}  // namespace dagboard::server
