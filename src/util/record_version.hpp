// SPDX-License-Identifier: Apache-2.0
// A record's version: a digest of what it says, so every change of any field, by any write
// path, moves it, and an unchanged record keeps it (HTTP ETag, If-Match, if_version).
#pragma once

#include <optional>
#include <string>

#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE::util {

/// `record` with "version" set to the digest of its other fields.
Json with_version(Json record);
/// @throws Conflict (details: expected_version, current_version) when `expected` is set and the
/// record `current` (a to_json with its version) is at another version.
void check_version(const std::optional<std::string>& expected, const Json& current,
                   const std::string& what);

}  // namespace dagboard::util
