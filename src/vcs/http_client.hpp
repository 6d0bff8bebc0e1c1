// SPDX-License-Identifier: Apache-2.0
// One HTTP exchange over libcurl: what the GitHub client needs, nothing more.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace dagboard::vcs {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  int timeout_ms = 10000;
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

/// @throws Error(UNAVAILABLE) when the server cannot be reached or does not answer in time
/// (details.reason says which).
HttpResponse perform(const HttpRequest& request);

}  // namespace dagboard::vcs
