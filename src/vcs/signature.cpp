// SPDX-License-Identifier: Apache-2.0
#include "vcs/signature.hpp"

#include <openssl/crypto.h>

#include "util/crypto.hpp"

namespace DAGBOARD_NAMESPACE::vcs {

std::string github_signature(std::string_view secret, std::string_view body) {
  return "sha256=" + util::to_hex(util::hmac_sha256(secret, body));
}

bool signature_matches(std::string_view secret, std::string_view body, std::string_view header) {
  if (secret.empty()) return false;
  std::string expected = github_signature(secret, body);
  if (header.size() != expected.size()) return false;  // the length is public: 71 bytes
  return CRYPTO_memcmp(expected.data(), header.data(), expected.size()) == 0;
}

}  // namespace dagboard::vcs
