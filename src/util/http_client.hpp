// SPDX-License-Identifier: Apache-2.0
// One HTTP exchange over libcurl, for the GitHub and S3 clients.
#pragma once

#include "dagboard/version.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace DAGBOARD_NAMESPACE::util {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string_view body;             // sent as it is (PUT streams it from the caller's memory)
  int timeout_ms = 10000;
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

/// HEAD reads no body; PUT uploads `body`; other methods with a body post it.
/// @throws Error(UNAVAILABLE) when the server cannot be reached or does not answer in time
/// (details.reason says which).
HttpResponse perform(const HttpRequest& request);

}  // namespace dagboard::util
