// SPDX-License-Identifier: Apache-2.0
// libjwt 1.10 (Debian libjwt-dev) verifies the HMAC with OpenSSL and compares signatures with
// its constant-time jwt_strcmp; it has no claim validation, so exp/nbf are checked here.
#include "core/auth.hpp"

#include <jwt.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <memory>
#include <sstream>

#include <dagboard/errors.hpp>

namespace DAGBOARD_NAMESPACE::server {
namespace {

struct JwtFree {
  void operator()(jwt_t* j) const { jwt_free(j); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

[[noreturn]] void refuse(const std::string& reason) {
  throw Error(ErrorCode::unauthorized, "invalid token: " + reason, Json{{"reason", reason}});
}

/// An integer claim; nullopt when absent. A claim of any other type (a string, a fraction) is
/// refused: libjwt's integer getter reports those as absent.
std::optional<long> time_claim(jwt_t* jwt, const char* name) {
  char* text = jwt_get_grants_json(jwt, name);
  if (!text) return std::nullopt;
  std::unique_ptr<char, decltype(&free)> owned(text, &free);
  Json value = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!value.is_number_integer()) refuse(std::string(name) + " must be an integer number of seconds");
  return value.get<long>();
}

}  // namespace

TokenVerifier::TokenVerifier(std::string secret) : secret_(std::move(secret)) {
  if (secret_.size() < 32) throw ValidationError("jwt_secret", "the JWT secret must be at least 32 bytes");
}

Identity TokenVerifier::verify(std::string_view token) const {
  if (token.empty()) refuse("missing token");
  if (token.size() > 8192) refuse("token too long");
  jwt_t* raw = nullptr;
  std::string text(token);
  int rc = jwt_decode(&raw, text.c_str(), reinterpret_cast<const unsigned char*>(secret_.data()),
                      static_cast<int>(secret_.size()));
  JwtPtr jwt(raw);
  if (rc != 0 || !jwt) refuse("bad signature or malformed token");
  const char* alg = jwt_get_header(jwt.get(), "alg");
  if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256 || !alg || std::string_view(alg) != "HS256")
    refuse("only HS256 tokens are accepted");
  long now = static_cast<long>(std::time(nullptr));
  auto exp = time_claim(jwt.get(), "exp");
  if (!exp) refuse("exp is required");
  if (now >= *exp) refuse("expired");
  if (auto nbf = time_claim(jwt.get(), "nbf"); nbf && now < *nbf) refuse("not valid yet (nbf)");
  const char* sub = jwt_get_grant(jwt.get(), "sub");
  return Identity{sub && *sub ? sub : "api", *exp};
}

std::string TokenVerifier::issue(const std::string& subject, std::chrono::seconds ttl) const {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw Error(ErrorCode::internal_error, "jwt_new failed");
  JwtPtr jwt(raw);
  long now = static_cast<long>(std::time(nullptr));
  jwt_add_grant(jwt.get(), "sub", subject.c_str());
  jwt_add_grant_int(jwt.get(), "iat", now);
  jwt_add_grant_int(jwt.get(), "exp", now + static_cast<long>(ttl.count()));
  jwt_set_alg(jwt.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(secret_.data()),
              static_cast<int>(secret_.size()));
  char* encoded = jwt_encode_str(jwt.get());
  if (!encoded) throw Error(ErrorCode::internal_error, "jwt_encode_str failed");
  std::string out(encoded);
  std::free(encoded);  // libjwt 1.10 allocates with malloc and has no jwt_free_str
  return out;
}

std::optional<std::string> bearer_token(std::string_view authorization) {
  constexpr std::string_view prefix = "Bearer ";
  if (authorization.size() <= prefix.size()) return std::nullopt;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return std::nullopt;
  return std::string(authorization.substr(prefix.size()));
}

std::string read_secret_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ValidationError("jwt_secret_file", "cannot read the JWT secret file '" + path + "'");
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string secret = buffer.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  return secret;
}

}  // namespace dagboard::server
