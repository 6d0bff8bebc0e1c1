// SPDX-License-Identifier: Apache-2.0
// Text checks shared by every service. Each throws ValidationError naming the field.
#pragma once

#include "dagboard/version.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace DAGBOARD_NAMESPACE::util {

bool is_valid_utf8(std::string_view s);
/// Valid UTF-8 without NUL bytes: text the database can hold. An id that is not can match
/// no record (and PostgreSQL would refuse it, or libpq cut it at the NUL).
bool is_storable_text(std::string_view s);
std::string_view trim(std::string_view s);
/// A-Z to a-z; every other byte as it is.
std::string ascii_lower(std::string_view s);

/// Valid UTF-8 without NUL bytes, at most `max_bytes` long.
void check_text(std::string_view field, std::string_view value, size_t max_bytes);
/// As check_text, for an optional value (nothing to check when empty).
void check_opt_text(std::string_view field, const std::optional<std::string>& value,
                    size_t max_bytes);
/// As check_text, and not empty or blank.
void check_required_text(std::string_view field, std::string_view value, size_t max_bytes);

/// Trimmed, lower-cased, without empties or duplicates, order kept (capabilities, tags).
std::vector<std::string> normalize_tokens(std::string_view field,
                                          const std::vector<std::string>& tokens);

/// Project keys: 2-10 characters, an upper-case ASCII letter then letters or digits.
bool is_valid_project_key(std::string_view key);
/// A phase id of the default workflow.
void check_phase(std::string_view field, std::string_view phase_id);

}  // namespace dagboard::util
