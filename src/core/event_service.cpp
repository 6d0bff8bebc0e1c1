// SPDX-License-Identifier: Apache-2.0
#include <dagboard/errors.hpp>
#include <dagboard/events.hpp>

#include "core/context.hpp"
#include "storage/event_repo.hpp"

namespace dagboard {

std::vector<Event> EventService::read(const EventQuery& query) const {
  if (query.limit < 1 || query.limit > 10000)
    throw ValidationError("limit", "limit must be between 1 and 10000");
  if (query.since < 0) throw ValidationError("since", "since must not be negative");
  return ctx_->db->read([&](storage::Tx& tx) { return storage::read_events(tx, query); });
}

long long EventService::last_id() const {
  return ctx_->db->read([&](storage::Tx& tx) { return storage::last_event_id(tx); });
}

}  // namespace dagboard
