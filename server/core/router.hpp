// SPDX-License-Identifier: Apache-2.0
// The route table: method + path pattern (`/api/v1/tickets/{id}/transition`) -> handler.
#pragma once

#include "dagboard/version.hpp"

#include <functional>
#include <string>
#include <vector>

#include "core/request.hpp"

namespace DAGBOARD_NAMESPACE::server {

using Handler = std::function<Response(Request&)>;

class Router {
 public:
  /// `pattern` segments are literals or `{name}`; a literal beats a parameter.
  void add(std::string method, const std::string& pattern, Handler handler);
  void get(const std::string& p, Handler h) { add("GET", p, std::move(h)); }
  void post(const std::string& p, Handler h) { add("POST", p, std::move(h)); }
  void put(const std::string& p, Handler h) { add("PUT", p, std::move(h)); }
  void patch(const std::string& p, Handler h) { add("PATCH", p, std::move(h)); }
  void del(const std::string& p, Handler h) { add("DELETE", p, std::move(h)); }

  /// Runs the matching handler. Unknown path: 404 NOT_FOUND; known path, other method: 405
  /// METHOD_NOT_ALLOWED with `Allow`. A dagboard::Error becomes its coded error response.
  Response dispatch(Request& req) const;
  /// True when some route matches the path (for any method).
  bool knows(const std::string& path) const;

  struct Entry {
    std::string method, pattern;
  };
  /// Every route, as added (the OpenAPI document is checked against these).
  std::vector<Entry> routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;  // "{}" marks a parameter
    int literals = 0;
    Handler handler;
  };
  const Route* match(const std::vector<std::string>& parts, const std::string& method,
                     std::vector<std::string>* params, std::string* allow) const;
  std::vector<Route> routes_;
};

/// Splits `/a/b/c` into {"a","b","c"}; empty segments are kept except a trailing one.
std::vector<std::string> split_path(const std::string& path);

}  // namespace dagboard::server
