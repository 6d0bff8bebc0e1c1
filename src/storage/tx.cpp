// SPDX-License-Identifier: Apache-2.0
#include "storage/tx.hpp"

namespace dagboard::storage {

void Tx::emit(std::string event_type, std::string entity_type, std::string entity_id,
              std::optional<std::string> project_id, Json payload) {
  pending_.push_back(PendingEvent{std::move(event_type), std::move(entity_type),
                                  std::move(entity_id), std::move(project_id),
                                  std::move(payload)});
}

}  // namespace dagboard::storage
