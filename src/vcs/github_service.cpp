// SPDX-License-Identifier: Apache-2.0
// Webhook intake: size, signature, replay and repository checks, then the event's handler.
#include <dagboard/errors.hpp>
#include <dagboard/github.hpp>
#include <dagboard/limits.hpp>

#include "core/lookup.hpp"
#include "storage/github_repo.hpp"
#include "storage/project_repo.hpp"
#include "util/json_input.hpp"
#include "util/text.hpp"
#include "vcs/reference_lexer.hpp"
#include "vcs/signature.hpp"
#include "vcs/webhooks.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

[[noreturn]] void bad_signature(const std::string& why) {
  throw Error(ErrorCode::signature_invalid, "webhook signature invalid: " + why, Json{{"reason", why}});
}

/// Above this size a delivery must name its repository, and its signature is checked against
/// that repository's projects only, not against every secret (an HMAC pass over the body
/// each). Smaller ones are tried against all, so a delivery for the wrong repository still
/// gets its precise error.
constexpr std::size_t kAnyProjectBodyBytes = 1u << 20;

/// owner/name of the payload's repository, lower-cased; nullopt when it names none.
std::optional<std::pair<std::string, std::string>> repository_of(const Json* payload) {
  if (!payload || !payload->is_object()) return std::nullopt;
  auto repo = payload->find("repository");
  if (repo == payload->end() || !repo->is_object()) return std::nullopt;
  auto owner = repo->find("owner");
  auto name = repo->find("name");
  if (owner == repo->end() || !owner->is_object() || name == repo->end() || !name->is_string())
    return std::nullopt;
  auto login = owner->find("login");
  if (login == owner->end() || !login->is_string()) return std::nullopt;
  return std::pair(util::ascii_lower(login->get<std::string>()), util::ascii_lower(name->get<std::string>()));
}

/// The project whose webhook secret signed `body`: among all projects for a small delivery, among
/// those connected to the repository it names for a large one. Each secret is tried in constant
/// time; the answer depends only on whether one matched.
Project signing_project(const detail::Context& ctx, const WebhookDelivery& d, const Json* payload) {
  if (!d.signature || d.signature->empty()) bad_signature("X-Hub-Signature-256 is missing");
  bool large = d.body.size() > kAnyProjectBodyBytes;
  auto repo = large ? repository_of(payload) : std::nullopt;
  if (large && !repo) bad_signature("a delivery over 1 MiB must name its repository");
  auto candidates = ctx.db->read([&](storage::Tx& tx) { return storage::projects_with_webhook_secret(tx); });
  std::optional<Project> match;
  for (const auto& [project, secret] : candidates) {
    if (d.project_id && project.id != *d.project_id && project.key != *d.project_id) continue;
    if (repo && (util::ascii_lower(project.github_owner.value_or("")) != repo->first ||
                 util::ascii_lower(project.github_repo.value_or("")) != repo->second))
      continue;
    if (vcs::signature_matches(secret, d.body, *d.signature) && !match) match = project;
  }
  if (!match) bad_signature("it matches no connected project's secret");
  return *match;
}

void check_repository(const Project& p, const Json& payload) {
  const Json* repo = payload.contains("repository") ? &payload["repository"] : nullptr;
  if (!repo || !repo->is_object()) return;  // ping of an organization hook, for instance
  std::string owner = repo->contains("owner") && (*repo)["owner"].is_object() ? (*repo)["owner"].value("login", "") : "";
  std::string name = repo->value("name", "");
  if (util::ascii_lower(owner) != util::ascii_lower(p.github_owner.value_or("")) ||
      util::ascii_lower(name) != util::ascii_lower(p.github_repo.value_or("")))
    throw ValidationError("repository", "the delivery is for " + owner + "/" + name + ", not for project " + p.key +
                                            "'s repository");
}

WebhookResult dispatch(const detail::ContextPtr& ctx, const Project& p, const std::string& event, const Json& payload) {
  vcs::WebhookContext w{ctx, p, payload};
  if (event == "ping") return {true, false, "pong", p.id, Json{{"zen", payload.value("zen", "")}}};
  if (event == "push") return vcs::handle_push(w);
  if (event == "pull_request") return vcs::handle_pull_request(w);
  if (event == "issues") return vcs::handle_issues(w);
  if (event == "commit_comment") return vcs::handle_commit_comment(w);
  return {true, false, "Event type " + event + " not handled", p.id, Json::object()};
}

}  // namespace

WebhookResult GitHubService::handle_webhook(const WebhookDelivery& d) const {
  if (d.body.size() > kMaxWebhookBytes)
    throw Error(ErrorCode::payload_too_large, "webhook body over 25 MB", Json{{"limit", kMaxWebhookBytes}});
  // Parsed before the signature is checked, once: the repository it names picks the secrets to
  // try. Malformed text is reported only to a sender that proved itself.
  std::optional<Json> parsed;
  std::optional<ValidationError> malformed;
  try {
    parsed = parse_json(d.body, "body");
  } catch (const ValidationError& e) {
    malformed = e;
  }
  Project p = signing_project(*ctx_, d, parsed ? &*parsed : nullptr);
  if (d.delivery_id && ctx_->db->read([&](storage::Tx& tx) { return storage::delivery_seen(tx, *d.delivery_id); }))
    return {true, true, "delivery " + *d.delivery_id + " was processed before", p.id, Json::object()};
  if (malformed) throw *malformed;
  Json payload = std::move(*parsed);
  if (!payload.is_object()) throw ValidationError("body", "webhook body must be a JSON object");
  check_repository(p, payload);
  // Handlers are idempotent (links once, pull requests once, issues once), so the delivery is
  // recorded after them: a crash in between makes GitHub's redelivery finish the work.
  WebhookResult result;
  try {
    result = dispatch(ctx_, p, d.event, payload);
  } catch (const Conflict&) {
    // A copy of this delivery ran at the same moment and won the race for one of its effects.
    // Handlers are idempotent: running them again finishes what is left and writes nothing twice.
    result = dispatch(ctx_, p, d.event, payload);
    result.duplicate = true;
  }
  if (d.delivery_id)
    ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) { storage::record_delivery(tx, *d.delivery_id, d.event); });
  return result;
}

Project GitHubService::connect(std::string_view project, const std::string& owner, const std::string& repo,
                               const std::optional<std::string>& webhook_secret) const {
  if (owner.empty()) throw ValidationError("owner", "owner is required");
  if (repo.empty()) throw ValidationError("repo", "repo is required");
  ProjectUpdate u;
  u.github_owner = owner;
  u.github_repo = repo;
  u.github_connected = true;
  if (webhook_secret) u.github_webhook_secret = Nullable<std::string>(*webhook_secret);
  return ProjectService(ctx_).update(project, u);
}

std::vector<GitHubConnection> GitHubService::connected() const {
  std::vector<GitHubConnection> out;
  std::optional<std::string> cursor;
  do {
    auto page = ProjectService(ctx_).list({.page = {.limit = 1000, .cursor = cursor}});
    for (const auto& p : page.items)
      if (p.github_connected && p.github_owner && p.github_repo)
        out.push_back({p.id, *p.github_owner, *p.github_repo, p.github_connected, p.webhook_configured});
    cursor = page.next_cursor;
  } while (cursor);
  return out;
}

Json to_json(const WebhookResult& r) {
  Json j = r.details;
  j["success"] = r.success;
  j["duplicate"] = r.duplicate;
  j["message"] = r.message;
  j["project_id"] = r.project_id ? Json(*r.project_id) : Json();
  return j;
}

GitHubConnect github_connect_from_json(const Json& j) {
  util::JsonInput in(j);
  GitHubConnect c{in.required_string("owner"), in.required_string("repo"), in.string("webhook_secret")};
  in.finish();
  return c;
}

Json to_json(const GitHubConnection& c) {
  return Json{{"project_id", c.project_id}, {"owner", c.owner}, {"repo", c.repo}, {"connected", c.connected},
              {"webhook_configured", c.webhook_configured}};
}

}  // namespace dagboard

namespace DAGBOARD_NAMESPACE {

GitHubClientOptions github_client_options_from_json(const Json& j) {
  util::JsonInput in(j);
  GitHubClientOptions o;
  o.api_url = in.string("api_url");
  o.token = in.string("token");
  if (auto v = in.integer("timeout_ms")) o.timeout_ms = static_cast<int>(*v);
  if (auto v = in.integer("max_retries")) o.max_retries = static_cast<int>(*v);
  if (auto v = in.integer("max_wait_ms")) o.max_wait_ms = static_cast<int>(*v);
  in.finish();
  if (o.timeout_ms < 1 || o.max_retries < 0 || o.max_retries > 10 || o.max_wait_ms < 0)
    throw ValidationError("github", "github: timeout_ms >= 1, max_retries 0..10, max_wait_ms >= 0");
  return o;
}

}  // namespace dagboard
