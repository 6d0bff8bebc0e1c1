// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <utility>
#include <vector>

#include <dagboard/events.hpp>

#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::storage {

/// Committed events after query.since matching the filters, in id order.
std::vector<Event> read_events(Tx& tx, const EventQuery& query);
long long last_event_id(Tx& tx);
/// Events with id <= this may have been deleted by compaction (0: none were).
long long compacted_through(Tx& tx);
/// Deletes events created before `cutoff`; returns {deleted, new horizon}.
std::pair<long long, long long> compact_events(Tx& tx, Timestamp cutoff);

}  // namespace dagboard::storage
