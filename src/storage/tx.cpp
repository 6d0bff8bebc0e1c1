// SPDX-License-Identifier: Apache-2.0
#include "storage/tx.hpp"

#include <algorithm>

namespace DAGBOARD_NAMESPACE::storage {

void Tx::emit(std::string event_type, std::string entity_type, std::string entity_id,
              std::optional<std::string> project_id, Json payload) {
  pending_.push_back(PendingEvent{std::move(event_type), std::move(entity_type),
                                  std::move(entity_id), std::move(project_id), std::move(payload)});
}

void Tx::before_commit_once(const std::string& key, std::function<void()> fn) {
  if (std::find(before_commit_keys_.begin(), before_commit_keys_.end(), key) !=
      before_commit_keys_.end())
    return;
  before_commit_keys_.push_back(key);
  before_commit_.push_back(std::move(fn));
}

void Tx::run_before_commit() {
  for (size_t i = 0; i < before_commit_.size(); ++i) {
    auto fn = std::move(before_commit_[i]);  // it may queue more: the vector can grow
    fn();
  }
  before_commit_.clear();
}

}  // namespace dagboard::storage
