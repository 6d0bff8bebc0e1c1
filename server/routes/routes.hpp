// SPDX-License-Identifier: Apache-2.0
// The `/api/v1` routes, one file per area. Routes parse, call the library and render; the rules
// live in the library.
#pragma once

#include "dagboard/version.hpp"

#include "core/responses.hpp"
#include "core/router.hpp"

namespace DAGBOARD_NAMESPACE::server {

void add_project_routes(Router& r);
void add_ticket_routes(Router& r);
void add_task_routes(Router& r);
void add_graph_routes(Router& r);
void add_scheduling_routes(Router& r);
void add_board_routes(Router& r);
void add_agent_routes(Router& r);
void add_audit_routes(Router& r);
void add_event_routes(Router& r);
void add_commit_routes(Router& r);
void add_github_routes(Router& r);
void add_github_rest_routes(Router& r);
void add_document_routes(Router& r);
void add_discovery_routes(Router& r);
void add_statistics_routes(Router& r);
void add_search_routes(Router& r);

/// Every API route.
Router make_api_router();

/// The workspace acting for this request.
inline const Workspace& ws(const Request& req) { return *req.ws; }

}  // namespace dagboard::server
