// SPDX-License-Identifier: Apache-2.0
// HS256 JSON Web Tokens (libjwt): who is calling, checked on every API request and WebSocket.
#pragma once

#include "dagboard/version.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace DAGBOARD_NAMESPACE::server {

struct Identity {
  std::string subject;  // the token's `sub`; recorded as the actor of the caller's events
  long expires_at = 0;  // the token's `exp`, seconds since the epoch
};

class TokenVerifier {
 public:
  /// @throws ValidationError when the secret is shorter than 32 bytes.
  explicit TokenVerifier(std::string secret);

  /// Checks the signature (HS256 only: `none`, HS384, RS256, ... are refused), `exp` (required)
  /// and `nbf`. @throws Error(UNAUTHORIZED) saying what was wrong.
  Identity verify(std::string_view token) const;
  /// A token for `subject` valid for `ttl` (the `--issue-token` command and tests).
  std::string issue(const std::string& subject, std::chrono::seconds ttl) const;

 private:
  std::string secret_;
};

/// The token of an `Authorization: Bearer <token>` header; nullopt for any other form.
std::optional<std::string> bearer_token(std::string_view authorization);

/// Reads a secret file, without a trailing newline. @throws ValidationError.
std::string read_secret_file(const std::string& path);

}  // namespace dagboard::server
