// SPDX-License-Identifier: Apache-2.0
#include "vcs/github_api.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>

#include <dagboard/errors.hpp>

namespace DAGBOARD_NAMESPACE::vcs {
namespace {

std::optional<long long> header_number(const util::HttpResponse& r, const char* name) {
  auto it = r.headers.find(name);
  if (it == r.headers.end()) return std::nullopt;
  try {
    return std::stoll(it->second);
  } catch (...) {
    return std::nullopt;
  }
}

/// How long GitHub asks us to wait, when it is a rate limit (403/429 with Retry-After, or with
/// no requests left before X-RateLimit-Reset).
std::optional<long long> rate_limit_wait_ms(const util::HttpResponse& r) {
  if (r.status != 403 && r.status != 429) return std::nullopt;
  if (auto seconds = header_number(r, "retry-after")) return std::max(0LL, *seconds) * 1000;
  if (header_number(r, "x-ratelimit-remaining") == 0LL) {
    auto reset = header_number(r, "x-ratelimit-reset").value_or(0);
    return std::max(0LL, reset - static_cast<long long>(std::time(nullptr))) * 1000 + 1000;
  }
  return r.status == 429 ? std::optional<long long>(1000) : std::nullopt;
}

}  // namespace

util::HttpResponse GitHubApi::call(const std::string& method, const std::string& path, const std::string& accept,
                             const std::string& body) const {
  util::HttpRequest request{method, *options_.api_url + path, {"Accept: " + accept, "X-GitHub-Api-Version: 2022-11-28"},
                      body, options_.timeout_ms};
  if (options_.token) request.headers.push_back("Authorization: Bearer " + *options_.token);
  if (!body.empty()) request.headers.push_back("Content-Type: application/json");
  long long backoff_ms = 200;
  for (int attempt = 0;; ++attempt) {
    bool last = attempt >= options_.max_retries;
    std::optional<util::HttpResponse> response;
    std::optional<Error> failure;
    try {
      response = util::perform(request);
    } catch (const Error& e) {
      failure = e;  // timeouts and unreachable servers are retried like 5xx
    }
    long long wait_ms = backoff_ms;
    if (response) {
      if (auto limit = rate_limit_wait_ms(*response)) {
        if (last || *limit > options_.max_wait_ms)
          throw Error(ErrorCode::unavailable, "GitHub rate limit: retry in " + std::to_string(*limit / 1000) + " s",
                      Json{{"reason", "rate_limited"}, {"retry_after_seconds", *limit / 1000}});
        wait_ms = *limit;
      } else if (response->status >= 500) {
        if (last)
          throw Error(ErrorCode::upstream_error, "GitHub answered " + std::to_string(response->status),
                      Json{{"status", response->status}});
        if (auto seconds = header_number(*response, "retry-after")) wait_ms = *seconds * 1000;
      } else {
        return *response;
      }
    } else if (last) {
      throw *failure;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min<long long>(wait_ms, options_.max_wait_ms)));
    backoff_ms = std::min<long long>(backoff_ms * 2, options_.max_wait_ms);
  }
}

}  // namespace dagboard::vcs
