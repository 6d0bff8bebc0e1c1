// SPDX-License-Identifier: Apache-2.0
// /api/v1/search (upstream §3.10, planned there): one query over every kind of record.
#include "routes/routes.hpp"

namespace DAGBOARD_NAMESPACE::server {

void add_search_routes(Router& r) {
  r.get("/api/v1/search", [](Request& q) {
    Json j = query_json(q, {.text = {"q", "project_id", "date_from", "date_to", "agent_id"},
                            .lists = {"types", "status", "priority"}});
    return json_response(to_json(ws(q).search().search(search_query_from_json(j))));
  });
  r.post("/api/v1/search/rebuild", [](Request& q) {
    query_json(q, {.text = {}});
    return json_response(to_json(ws(q).search().rebuild()));
  });
}

}  // namespace dagboard::server
