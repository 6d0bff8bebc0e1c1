// SPDX-License-Identifier: Apache-2.0
#include "graph/cache.hpp"

namespace DAGBOARD_NAMESPACE::graph {

GraphCache::Entry& GraphCache::entry_for(const std::string& project) {
  std::lock_guard lock(mutex_);
  auto& slot = entries_[project];
  if (!slot) slot = std::make_unique<Entry>();
  return *slot;
}

void GraphCache::apply(const std::string& project, long long version,
                       const std::function<void(ProjectGraph&)>& change) {
  Entry& entry = entry_for(project);
  std::lock_guard lock(entry.mutex);
  auto& g = entry.graph;
  if (!g || g->version() >= version) return;
  // Threads finish their commits in any order: keep an early change until its predecessors
  // arrive, so that local writers rarely send readers to the database to catch up.
  if (g->version() != version - 1) {
    if (entry.early.size() < kMaxEarlyChanges) entry.early.emplace(version, change);
    return;
  }
  change(*g);
  g->set_version(version);
  for (auto it = entry.early.begin(); it != entry.early.end();) {
    if (it->first <= g->version()) {
      it = entry.early.erase(it);
    } else if (it->first == g->version() + 1) {
      it->second(*g);
      g->set_version(it->first);
      it = entry.early.erase(it);
    } else {
      break;
    }
  }
}

}  // namespace dagboard::graph
