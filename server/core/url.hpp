// SPDX-License-Identifier: Apache-2.0
// Request targets: `/path%20x?a=1&b=two+words` into a decoded path and query map.
#pragma once

#include "dagboard/version.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace DAGBOARD_NAMESPACE::server {

/// Percent-decodes `text` (and `+` as space when `form`); nullopt on a bad escape.
std::optional<std::string> percent_decode(std::string_view text, bool form);

struct Target {
  std::string path;
  std::map<std::string, std::string> query;
};

/// nullopt when the target is not origin-form (`/...`) or has a bad escape.
std::optional<Target> parse_target(std::string_view target);

}  // namespace dagboard::server
