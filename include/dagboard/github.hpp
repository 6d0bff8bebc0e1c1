// SPDX-License-Identifier: Apache-2.0
// GitHub: repository connections and webhooks (push, pull_request, issues, commit_comment, ping).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/commits.hpp>
#include <dagboard/diffs.hpp>
#include <dagboard/fwd.hpp>
#include <dagboard/project.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

/// One webhook delivery as received: the headers that matter and the raw body.
struct WebhookDelivery {
  std::string event;                       // X-GitHub-Event
  std::string body;                        // the raw bytes; the signature covers exactly these
  std::optional<std::string> signature;    // X-Hub-Signature-256: "sha256=<hex>"
  std::optional<std::string> delivery_id;  // X-GitHub-Delivery
  std::optional<std::string> project_id;   // only this project's secret is tried (id or key)
};

/// Upstream's handler answer, plus whether the delivery was a replay.
struct WebhookResult {
  bool success = true;
  bool duplicate = false;  // this X-GitHub-Delivery was processed before: nothing was done
  std::string message;
  std::optional<std::string> project_id;
  Json details = Json::object();  // ticket_id, linked, tasks_completed, ...
};

struct GitHubConnection {
  std::string project_id, owner, repo;
  bool connected = false;
  bool webhook_configured = false;
};

/// How the GitHub REST API is reached (OpenOptions::github).
struct GitHubClientOptions {
  /// Default: $DAGBOARD_GITHUB_API_URL, else https://api.github.com (GitHub Enterprise:
  /// https://HOST/api/v3).
  std::optional<std::string> api_url;
  /// Default: $GITHUB_TOKEN. Never logged, never put in errors or events.
  std::optional<std::string> token;
  int timeout_ms = 10000;   // per request
  int max_retries = 3;      // after 5xx, timeouts, and rate limits that reset within max_wait_ms
  int max_wait_ms = 60000;  // the longest back-off or Retry-After that is waited out
};

/// An issue opened on GitHub.
struct CreatedIssue {
  long long number = 0;
  std::string url;
};

/// Bodies above this are refused (GitHub never sends larger ones).
inline constexpr std::size_t kMaxWebhookBytes = 25u << 20;

Json to_json(const WebhookResult& r);
/// {api_url?, token?, timeout_ms?, max_retries?, max_wait_ms?}; null gives the defaults.
GitHubClientOptions github_client_options_from_json(const Json& j);
Json to_json(const GitHubConnection& c);

/// A connect request: `{owner, repo, webhook_secret?}`; unknown fields are refused.
struct GitHubConnect {
  std::string owner, repo;
  std::optional<std::string> webhook_secret;
};
GitHubConnect github_connect_from_json(const Json& j);

class GitHubService {
 public:
  explicit GitHubService(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  /// Checks X-Hub-Signature-256 (HMAC-SHA256 of the raw body, constant-time compare) against the
  /// webhook secrets of the connected projects before reading anything else.
  /// @throws Error(SIGNATURE_INVALID) when it is missing or matches no secret,
  /// Error(PAYLOAD_TOO_LARGE) above kMaxWebhookBytes, ValidationError for a body that is not
  /// JSON or names another repository than the secret's project. Nothing is written then.
  /// A delivery id seen before is acknowledged (`duplicate`) and ignored; unknown events are
  /// acknowledged and ignored.
  WebhookResult handle_webhook(const WebhookDelivery& delivery) const;

  /// Connects a project to owner/repo (upstream POST /github/connect); a secret enables webhooks.
  Project connect(std::string_view project, const std::string& owner, const std::string& repo,
                  const std::optional<std::string>& webhook_secret = std::nullopt) const;
  std::vector<GitHubConnection> connected() const;

  // GitHub REST (OpenOptions::github): retries 5xx and timeouts with exponential back-off,
  // waits out Retry-After / rate-limit resets up to max_wait_ms; then UNAVAILABLE (503) or
  // UPSTREAM_ERROR (502). A commit GitHub does not know is COMMIT_NOT_FOUND.

  /// Fills every link of a commit with its files and line counts from GitHub.
  std::vector<TicketCommit> refresh_commit(std::string_view sha_or_prefix) const;
  /// The commit's unified diff, parsed; only `file_path` when given.
  std::vector<DiffFile> commit_diff(std::string_view sha_or_prefix,
                                    const std::optional<std::string>& file_path = std::nullopt) const;
  /// Opens a GitHub issue for the ticket (title, description) in its project's repository and
  /// records its number on the ticket (event TICKET_ISSUE_CREATED).
  CreatedIssue create_issue(std::string_view ticket) const;

 private:
  detail::ContextPtr ctx_;
};

}  // namespace dagboard
