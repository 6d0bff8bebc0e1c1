// SPDX-License-Identifier: Apache-2.0
// /api/v1/audit (upstream §3.10) and /api/v1/events for polling clients.
#include "routes/routes.hpp"

#include "openapi/openapi.hpp"

namespace DAGBOARD_NAMESPACE::server {
namespace {

/// Upstream names the range start_date/end_date; the library from/to.
AuditQuery audit_query(const Request& q) {
  Json j = query_json(q, {.text = {"from", "to", "start_date", "end_date"}});
  if (j.contains("start_date")) j["from"] = j["start_date"];
  if (j.contains("end_date")) j["to"] = j["end_date"];
  j.erase("start_date");
  j.erase("end_date");
  return audit_query_from_json(j);
}

}  // namespace

void add_audit_routes(Router& r) {
  const std::string base = "/api/v1/audit";
  r.get(base + "/tickets/{id}", [](Request& q) { return page_response(q, "entries", ws(q).audit().ticket(q.param(0), audit_query(q))); });
  r.get(base + "/agents/{id}", [](Request& q) { return page_response(q, "entries", ws(q).audit().agent(q.param(0), audit_query(q))); });
  r.get(base + "/projects/{id}", [](Request& q) { return page_response(q, "entries", ws(q).audit().project(q.param(0), audit_query(q))); });
}

void add_event_routes(Router& r) {
  r.get("/api/v1/events", [](Request& q) {
    auto query = event_query_from_json(query_json(
        q, {.text = {"project_id"}, .ints = {"since"}, .lists = {"event_types", "entity_types", "entity_ids"}}));
    auto events = ws(q).events().read(query);
    long long last = events.empty() ? query.since : events.back().id;
    Json body{{"events", json_array(events)}, {"last_id", last}};
    return json_response(body);
  });
}

Router make_api_router() {
  Router r;
  // Liveness: the process answers (no database call).
  r.get("/api/v1/health", [](Request& q) {
    return json_response(Json{{"status", "ok"}, {"backend", std::string(ws(q).backend())},
                              {"schema_version", ws(q).schema_version()}});
  });
  // Readiness: the database answers too; 503 UNAVAILABLE (with Retry-After) while it cannot.
  r.get("/api/v1/health/ready", [](Request& q) {
    long long newest = ws(q).events().last_id();
    return json_response(Json{{"status", "ready"}, {"database", "reachable"}, {"last_event_id", newest}});
  });
  // The OpenAPI document of these routes (no token needed, like health).
  r.get("/api/v1/openapi.json", [](Request&) { return json_response(openapi_document()); });
  add_project_routes(r);
  add_ticket_routes(r);
  add_task_routes(r);
  add_graph_routes(r);
  add_scheduling_routes(r);
  add_board_routes(r);
  add_agent_routes(r);
  add_audit_routes(r);
  add_event_routes(r);
  add_commit_routes(r);
  add_github_routes(r);
  add_github_rest_routes(r);
  add_document_routes(r);
  add_discovery_routes(r);
  add_statistics_routes(r);
  add_search_routes(r);
  return r;
}

}  // namespace dagboard::server
