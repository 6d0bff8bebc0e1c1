// SPDX-License-Identifier: Apache-2.0
// GitHub REST calls with retries, back-off and rate-limit waits.
#pragma once

#include <string>

#include <dagboard/github.hpp>

#include "util/http_client.hpp"

namespace DAGBOARD_NAMESPACE::vcs {

class GitHubApi {
 public:
  explicit GitHubApi(GitHubClientOptions options) : options_(std::move(options)) {}

  /// GET/POST `path` (e.g. "/repos/o/r/commits/sha"). 2xx and 4xx other than rate limits are
  /// returned; 5xx, timeouts and rate limits are retried, then raised.
  util::HttpResponse call(const std::string& method, const std::string& path, const std::string& accept,
                    const std::string& body = {}) const;

 private:
  GitHubClientOptions options_;
};

}  // namespace dagboard::vcs
