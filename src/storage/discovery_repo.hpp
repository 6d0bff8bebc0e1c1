// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <dagboard/discoveries.hpp>

#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::storage {

void insert_discovery(Tx& tx, const Discovery& d);
std::optional<Discovery> find_discovery(Tx& tx, std::string_view id, bool lock = false);
/// Writes spawned_task_ids, resolution_status, metadata, resolved_at.
void update_discovery(Tx& tx, const Discovery& d);
/// Newest first; `column` is source_task_id, discovery_type, agent_id or ticket_id.
std::vector<Discovery> discoveries_where(Tx& tx, const char* column, const std::string& value,
                                         const std::optional<std::string>& resolution_status, int limit);

}  // namespace dagboard::storage
