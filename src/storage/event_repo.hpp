// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include <dagboard/events.hpp>

#include "storage/tx.hpp"

namespace dagboard::storage {

/// Committed events after query.since matching the filters, in id order.
std::vector<Event> read_events(Tx& tx, const EventQuery& query);
long long last_event_id(Tx& tx);

}  // namespace dagboard::storage
