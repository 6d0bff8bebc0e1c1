// SPDX-License-Identifier: Apache-2.0
// /api/v1/commits (upstream §3.5, actual paths) and /api/v1/statistics/commits.
#include "routes/routes.hpp"

namespace DAGBOARD_NAMESPACE::server {
namespace {

PageRequest page_of(const Request& q) { return page_request_from_json(query_json(q, {.text = {}})); }

}  // namespace

void add_commit_routes(Router& r) {
  const std::string base = "/api/v1/commits";
  r.get(base + "/{sha}", [](Request& q) {
    auto links = ws(q).commits().links(q.param(0));
    Json body = to_json(links.front());
    Json tickets = Json::array();
    for (const auto& l : links) tickets.push_back(l.ticket_id);
    body["ticket_ids"] = std::move(tickets);
    return object_response(q, std::move(body));
  });
  r.get(base + "/ticket/{id}", [](Request& q) { return page_response(q, "commits", ws(q).commits().by_ticket(q.param(0), page_of(q))); });
  r.get(base + "/agent/{id}", [](Request& q) { return page_response(q, "commits", ws(q).commits().by_agent(q.param(0), page_of(q))); });
  r.post(base + "/ticket/{id}/link", [](Request& q) {
    auto req = new_commit_link_from_json(with_field(body_json(q), "ticket_id", q.param(0)));
    return created_response(q, to_json(ws(q).commits().link(req)), "/api/v1/commits/{commit_sha}");
  });
  r.get("/api/v1/statistics/commits", [](Request& q) {
    Json j = query_json(q, {.text = {"project_id", "agent_id"}, .ints = {"top_files"}});
    CommitStatsQuery query{q.arg("project_id"), q.arg("agent_id"), j.value("top_files", 10)};
    return json_response(to_json(ws(q).commits().statistics(query)));
  });
}

}  // namespace dagboard::server
