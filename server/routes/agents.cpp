// SPDX-License-Identifier: Apache-2.0
// /api/v1/agents (upstream §3.8): register, heartbeat, list, get, update.
#include "routes/routes.hpp"

namespace DAGBOARD_NAMESPACE::server {

void add_agent_routes(Router& r) {
  const std::string base = "/api/v1/agents";
  r.post(base + "/register", [](Request& q) {
    return created_response(q, to_json(ws(q).agents().register_agent(new_agent_from_json(body_json(q)))), "/api/v1/agents/{id}");
  });
  r.get(base, [](Request& q) {
    auto query = agent_query_from_json(query_json(q, {.text = {"project_id", "agent_type", "status", "phase_id"}}));
    return page_response(q, "agents", ws(q).agents().list(query));
  });
  r.get(base + "/{id}", [](Request& q) { return object_response(q, to_json(ws(q).agents().get(q.param(0)))); });
  r.patch(base + "/{id}", [](Request& q) {
    return object_response(q, to_json(ws(q).agents().update(q.param(0), agent_update_from_json(body_json(q)))));
  });
  r.post(base + "/{id}/heartbeat", [](Request& q) {
    auto health = heartbeat_from_json(body_json(q));
    return object_response(q, to_json(ws(q).agents().heartbeat(q.param(0), health)));
  });
}

}  // namespace dagboard::server
