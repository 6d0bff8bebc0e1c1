// SPDX-License-Identifier: Apache-2.0
// Event filters made exact: keys resolved, types checked against the catalogue.
#pragma once

#include <dagboard/events.hpp>

#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::events {

/// Resolves the project (id or key) and ticket keys among entity_ids to ids, and checks
/// event_types and entity_types against the catalogue. @throws NotFound, ValidationError.
EventFilter resolve_filter(storage::Tx& tx, EventFilter filter);

}  // namespace dagboard::events
