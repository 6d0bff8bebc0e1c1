// SPDX-License-Identifier: Apache-2.0
// An HTTP request and response as routes see them: plain values, no Beast types, so that the
// routes compile quickly and can be tested without a socket.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <dagboard/workspace.hpp>

namespace DAGBOARD_NAMESPACE::server {

struct Request {
  std::string method;                        // GET, POST, ...
  std::string path;                          // percent-decoded, without the query
  std::map<std::string, std::string> query;  // decoded; a repeated key keeps the last value
  std::string body;
  std::string content_type;
  /// The `{name}` segments of the matched route, in order.
  std::vector<std::string> params;
  /// The X-GitHub-* and X-Hub-* headers (webhooks are signed, not tokened) and If-Match /
  /// If-None-Match, names in lower case.
  std::map<std::string, std::string> headers;
  /// The workspace acting for the caller (its token's subject is the events' actor).
  std::optional<Workspace> ws;

  const std::string& param(size_t i) const { return params.at(i); }
  std::optional<std::string> header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    if (it == headers.end()) return std::nullopt;
    return it->second;
  }
  std::optional<std::string> arg(const std::string& name) const {
    auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    return it->second;
  }
};

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace dagboard::server
