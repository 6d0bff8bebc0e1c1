// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "dagboard/version.hpp"

#include <string>
#include <string_view>

namespace DAGBOARD_NAMESPACE::vcs {

/// "sha256=" + lower-case hex HMAC-SHA256(secret, body).
std::string github_signature(std::string_view secret, std::string_view body);
/// True when `header` is exactly github_signature(secret, body); compared in constant time.
bool signature_matches(std::string_view secret, std::string_view body, std::string_view header);

}  // namespace dagboard::vcs
