// SPDX-License-Identifier: Apache-2.0
// Shared value types: JSON, timestamps, pages.
#pragma once

#include "dagboard/version.hpp"

#include <chrono>
#include <concepts>
#include <initializer_list>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace DAGBOARD_NAMESPACE {

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
/// `next_cursor` of the previous page and only continues the same sort.
struct PageRequest {
  std::optional<int> limit;
  std::optional<std::string> cursor;
  /// A field to order by, `-field` for descending: `created_at` (the default), and where the
  /// list has them `updated_at` and `priority` (LOW < MEDIUM < HIGH < CRITICAL). Ties keep
  /// creation order; an unknown field is a ValidationError listing the ones the list takes.
  std::optional<std::string> sort;
  bool include_total = false;  // also count every match (one more query)
};

/// A list filter that matches any of its values; empty matches everything.
/// `q.status = TaskStatus::pending` and `q.status = {TaskStatus::pending, TaskStatus::failed}`.
template <class T>
struct AnyOf {
  std::vector<T> values;

  AnyOf() = default;
  template <class U>
    requires std::constructible_from<T, U&&> && (!std::same_as<std::remove_cvref_t<U>, AnyOf>)
  AnyOf(U&& value) : values{T(std::forward<U>(value))} {}
  AnyOf(std::initializer_list<T> list) : values(list) {}
  explicit AnyOf(std::vector<T> list) : values(std::move(list)) {}

  bool empty() const { return values.empty(); }
  bool operator==(const AnyOf&) const = default;
};

/// {limit?, cursor?, sort?, include_total?}; any other key is a ValidationError.
PageRequest page_request_from_json(const Json& j);

/// One page of a list. `next_cursor` is empty on the last page.
template <class T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
  std::optional<long long> total;  // every match, when the request asked for include_total
};

}  // namespace dagboard
