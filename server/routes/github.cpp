// SPDX-License-Identifier: Apache-2.0
// /api/v1/webhooks/github (signed by the project's secret, not by a JWT) and /api/v1/github.
#include "routes/routes.hpp"

namespace DAGBOARD_NAMESPACE::server {
namespace {

Response webhook(Request& q) {
  auto event = q.header("x-github-event");
  if (!event || event->empty()) throw ValidationError("X-GitHub-Event", "the X-GitHub-Event header is required");
  WebhookDelivery d{*event, q.body, q.header("x-hub-signature-256"), q.header("x-github-delivery"), q.arg("project_id")};
  return json_response(to_json(ws(q).github().handle_webhook(d)));
}

}  // namespace

void add_github_routes(Router& r) {
  r.post("/api/v1/webhooks/github", webhook);
  r.post("/api/v1/github/webhooks/github", webhook);  // upstream's actual path
  r.post("/api/v1/github/connect", [](Request& q) {
    auto c = github_connect_from_json(body_json(q));
    Project p = ws(q).github().connect(required_arg(q, "project_id"), c.owner, c.repo, c.webhook_secret);
    return json_response(Json{{"success", true},
                              {"message", "Connected " + *p.github_owner + "/" + *p.github_repo},
                              {"project_id", p.id},
                              {"webhook_url", "/api/v1/webhooks/github"}});
  });
  r.get("/api/v1/github/connected", [](Request& q) { return json_response(json_array(ws(q).github().connected())); });
}

}  // namespace dagboard::server
