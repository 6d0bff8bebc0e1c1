// SPDX-License-Identifier: Apache-2.0
#include "events/filters.hpp"

#include <algorithm>
#include <cctype>

#include <dagboard/errors.hpp>

#include "core/lookup.hpp"

namespace DAGBOARD_NAMESPACE::events {
namespace {

void check_listed(const char* field, const std::vector<std::string>& values,
                  std::span<const std::string_view> known) {
  for (const auto& v : values) {
    if (std::find(known.begin(), known.end(), v) != known.end()) continue;
    throw ValidationError(field,
                          std::string(field) + ": unknown type '" + v + "' (see docs/events.md)",
                          Json{{"value", v}});
  }
}

// KEY-123: a project key, a dash, a number.
bool looks_like_ticket_key(const std::string& s) {
  auto dash = s.rfind('-');
  if (dash == std::string::npos || dash < 2 || dash + 1 == s.size()) return false;
  bool prefix = std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(dash),
                            [](unsigned char c) { return std::isupper(c) || std::isdigit(c); });
  bool number = std::all_of(s.begin() + static_cast<std::ptrdiff_t>(dash) + 1, s.end(),
                            [](unsigned char c) { return std::isdigit(c); });
  return prefix && number && std::isupper(static_cast<unsigned char>(s[0]));
}

}  // namespace

EventFilter resolve_filter(storage::Tx& tx, EventFilter filter) {
  check_listed("event_types", filter.event_types, event_type_catalogue());
  check_listed("entity_types", filter.entity_types, entity_type_catalogue());
  if (filter.project_id) filter.project_id = core::require_project(tx, *filter.project_id).id;
  for (auto& id : filter.entity_ids)
    if (looks_like_ticket_key(id)) id = core::require_ticket(tx, id).id;
  return filter;
}

}  // namespace dagboard::events
