// SPDX-License-Identifier: Apache-2.0
#include "graph/cache.hpp"

namespace dagboard::graph {

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
  if (!entry.graph || entry.graph->version() != version - 1) return;
  change(*entry.graph);
  entry.graph->set_version(version);
}

}  // namespace dagboard::graph
