// SPDX-License-Identifier: Apache-2.0
// Cross-origin calls from the origins of --cors-origin (a web UI served from elsewhere).
#pragma once

#include "dagboard/version.hpp"

#include <optional>
#include <string>
#include <vector>

#include "core/request.hpp"

namespace DAGBOARD_NAMESPACE::server {

class Cors {
 public:
  explicit Cors(std::vector<std::string> origins) : origins_(std::move(origins)) {}

  /// True when the request carries an Origin on the allow-list.
  bool allows(const Request& req) const;
  /// The answer to a preflight (OPTIONS with Access-Control-Request-Method), which carries no
  /// token: 204, with the allow headers when the origin is listed. nullopt for other requests.
  std::optional<Response> preflight(const Request& req) const;
  /// Lets the browser read the response (and its ETag, Location, ...) when the origin is listed.
  void decorate(const Request& req, Response& res) const;

 private:
  std::vector<std::string> origins_;
};

}  // namespace dagboard::server
