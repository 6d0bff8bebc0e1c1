// SPDX-License-Identifier: Apache-2.0
#include "core/cors.hpp"

#include <algorithm>

namespace DAGBOARD_NAMESPACE::server {

bool Cors::allows(const Request& req) const {
  auto origin = req.header("origin");
  return origin && std::find(origins_.begin(), origins_.end(), *origin) != origins_.end();
}

std::optional<Response> Cors::preflight(const Request& req) const {
  if (req.method != "OPTIONS" || !req.header("access-control-request-method")) return std::nullopt;
  Response res;
  res.status = 204;
  res.content_type.clear();
  if (!allows(req)) return res;  // no allow headers: the browser refuses the call
  res.headers = {{"Access-Control-Allow-Origin", *req.header("origin")},
                 {"Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE"},
                 {"Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match, If-None-Match"},
                 {"Access-Control-Max-Age", "600"},
                 {"Vary", "Origin"}};
  return res;
}

void Cors::decorate(const Request& req, Response& res) const {
  if (!allows(req)) return;
  res.headers.emplace_back("Access-Control-Allow-Origin", *req.header("origin"));
  res.headers.emplace_back("Access-Control-Expose-Headers", "ETag, Location, Retry-After, WWW-Authenticate");
  res.headers.emplace_back("Vary", "Origin");
}

}  // namespace dagboard::server
