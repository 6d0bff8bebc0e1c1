// SPDX-License-Identifier: Apache-2.0
// Everything between a parsed HTTP request and its response — authentication, routing, static
// files — with no socket in sight. The Beast sessions call App::handle.
#pragma once

#include "dagboard/version.hpp"

#include <optional>
#include <string>
#include <string_view>

#include "core/auth.hpp"
#include "core/cors.hpp"
#include "core/options.hpp"
#include "core/request.hpp"
#include "core/router.hpp"
#include "core/static_files.hpp"

namespace DAGBOARD_NAMESPACE::server {

class App {
 public:
  /// Opens nothing itself: `workspace` is open, the secret file read, the static dir checked.
  App(const Options& options, Workspace workspace);

  /// Routes `/api/...` (authenticated unless --dev-no-auth; /api/v1/health is open), serves
  /// static files for other GET paths, and turns every failure into a coded error response.
  Response handle(const std::string& method, std::string_view target,
                  std::string_view authorization, std::string body, std::string content_type,
                  std::map<std::string, std::string> headers = {}) const;

  /// Requests that may block for a while (a claim waiting for work, a webhook's signature over a
  /// large body): the network layer answers them off its I/O threads.
  static bool may_wait(std::string_view method, std::string_view target);

  /// Paths that carry their own proof (a webhook signature) instead of a token.
  static bool is_signed_path(std::string_view path);

  /// Paths that answer without a token: health, and the signed (webhook) paths.
  static bool is_open_path(std::string_view path);

  /// The workspace acting for a token's subject. @throws Error(UNAUTHORIZED).
  Workspace authenticate(const std::optional<std::string>& token) const;
  /// When a valid token stops being valid (its `exp`, seconds since the epoch); nullopt
  /// without tokens (--dev-no-auth). @throws Error(UNAUTHORIZED).
  std::optional<long> token_expires_at(const std::optional<std::string>& token) const;

  const Workspace& workspace() const { return workspace_; }
  const Options& options() const { return options_; }

 private:
  Response handle_api(Request& req, std::string_view authorization) const;

  Options options_;
  Workspace workspace_;
  Router router_;
  std::optional<TokenVerifier> verifier_;
  std::optional<StaticFiles> statics_;
  Cors cors_;
};

}  // namespace dagboard::server
