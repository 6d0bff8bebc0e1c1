// SPDX-License-Identifier: Apache-2.0
// The `changes` object of *_UPDATED events: {field: {"old": ..., "new": ...}}.
#pragma once

#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE::core {

/// Compares two JSON renderings of one record, field by field; `updated_at` is ignored.
inline Json diff_changes(const Json& before, const Json& after) {
  Json changes = Json::object();
  for (const auto& [key, value] : after.items()) {
    if (key == "updated_at" || key == "version") continue;
    auto it = before.find(key);
    Json old = it == before.end() ? Json(nullptr) : *it;
    if (old != value) changes[key] = Json{{"old", old}, {"new", value}};
  }
  return changes;
}

/// JSON null for an empty optional, else the value (timestamps as ISO 8601 text).
template <class T>
Json or_null(const std::optional<T>& v) {
  if (!v) return nullptr;
  if constexpr (std::is_same_v<T, Timestamp>) {
    return to_iso8601(*v);
  } else {
    return *v;
  }
}

}  // namespace dagboard::core
