// SPDX-License-Identifier: Apache-2.0
// Limits on the JSON values callers store: ticket context, project settings, agent and
// discovery metadata, task results, phase artifacts. Enforced at every entry (C++, Python,
// HTTP) with VALIDATION_FAILED naming the field, so no value can be too deep to copy, print
// or convert safely anywhere later.
#pragma once

#include <cstddef>
#include <string_view>

#include <dagboard/version.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

/// Arrays and objects nested inside each other, counting the value itself as 1.
inline constexpr int kMaxJsonDepth = 64;
/// The field's compact JSON text.
inline constexpr std::size_t kMaxJsonBytes = 1u << 20;

/// Nesting allowed in a whole request body or message read by parse_json: its fields are then
/// checked against kMaxJsonDepth by their readers, which name the field.
inline constexpr int kMaxDocumentDepth = 512;

/// Parses JSON text from outside (a request body, a webhook, a message, a stored value) with
/// nesting bounded by `max_depth`. @throws ValidationError naming `field` for malformed text
/// (numbers out of range included) or deeper nesting.
Json parse_json(std::string_view text, std::string_view field, int max_depth = kMaxDocumentDepth);

/// @throws ValidationError naming `field` when `value` nests deeper than kMaxJsonDepth, is
/// larger than kMaxJsonBytes, or holds a number that is not finite (NaN, infinity).
/// Safe at any depth: it walks the value without recursion.
void check_json_value(std::string_view field, const Json& value);

}  // namespace dagboard
