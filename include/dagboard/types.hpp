// SPDX-License-Identifier: Apache-2.0
// Shared value types: JSON, timestamps, pages.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace dagboard {

/// JSON values (settings, context, payloads, results, error details).
using Json = nlohmann::json;

/// A UTC instant with microsecond resolution. Stored as microseconds since the Unix epoch.
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

/// The current time, truncated to microseconds.
Timestamp now();

/// ISO 8601 text with microseconds and a `Z` suffix, e.g. `2026-11-25T21:31:12.000123Z`.
std::string to_iso8601(Timestamp t);

/// Parses ISO 8601 (`YYYY-MM-DDTHH:MM:SS[.ffffff](Z|+HH:MM)`); nullopt when malformed.
std::optional<Timestamp> parse_iso8601(std::string_view text);

/// A nullable value; used inside updates as `std::optional<Nullable<T>>`, where the outer
/// optional means "change this field" and an empty inner one means "set it to null".
template <class T>
using Nullable = std::optional<T>;

/// Paging for list calls. `limit` defaults to 50 and may not exceed 1000; `cursor` is the
/// `next_cursor` of the previous page.
struct PageRequest {
  std::optional<int> limit;
  std::optional<std::string> cursor;
};

/// {limit?, cursor?}; any other key is a ValidationError.
PageRequest page_request_from_json(const Json& j);

/// One page of a list. `next_cursor` is empty on the last page.
template <class T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

}  // namespace dagboard
