// SPDX-License-Identifier: Apache-2.0
// Routes that reach GitHub's REST API: a commit's diff and details, an issue for a ticket.
#include "routes/routes.hpp"

namespace DAGBOARD_NAMESPACE::server {

void add_github_rest_routes(Router& r) {
  r.get("/api/v1/commits/{sha}/diff", [](Request& q) {
    query_json(q, {.text = {"file_path"}});
    auto files = ws(q).github().commit_diff(q.param(0), q.arg("file_path"));
    auto link = ws(q).commits().get(q.param(0));
    return json_response(Json{{"commit_sha", link.commit_sha}, {"files", json_array(files)}});
  });
  r.post("/api/v1/commits/{sha}/refresh", [](Request& q) {
    return list_response(q, "commits", json_array(ws(q).github().refresh_commit(q.param(0))), std::nullopt);
  });
  r.post("/api/v1/tickets/{id}/github-issue", [](Request& q) {
    auto issue = ws(q).github().create_issue(q.param(0));
    Response res = json_response(Json{{"issue_number", issue.number}, {"url", issue.url}}, 201);
    res.headers.emplace_back("Location", issue.url);
    return res;
  });
}

}  // namespace dagboard::server
