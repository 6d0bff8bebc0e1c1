// SPDX-License-Identifier: Apache-2.0
// The indexes of one workspace, one per project, each tagged with the graph_version it shows.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "graph/project_graph.hpp"

namespace dagboard::graph {

class GraphCache {
 public:
  using Loader = std::function<void(ProjectGraph&)>;

  /// Runs `fn` on the index of `project` as of `version` (read in the caller's transaction).
  /// A missing index, or one at another version, is rebuilt by `load` first.
  template <class F>
  auto with_graph(const std::string& project, long long version, const Loader& load, F&& fn) {
    Entry& entry = entry_for(project);
    std::lock_guard lock(entry.mutex);
    if (!entry.graph || entry.graph->version() != version) {
      auto fresh = std::make_unique<ProjectGraph>(version);
      load(*fresh);
      entry.graph = std::move(fresh);
    }
    return fn(*entry.graph);
  }

  /// After a commit that took `project` to `version`: brings the index along with `change` when
  /// it was at version - 1, otherwise forgets it (another writer got in between; the next read
  /// reloads). Completing a task this way costs O(out-degree), not a rebuild.
  void apply(const std::string& project, long long version,
             const std::function<void(ProjectGraph&)>& change);

  /// Forgets a project's index (its tasks were deleted in bulk).
  void forget(const std::string& project);

 private:
  struct Entry {
    std::mutex mutex;
    std::unique_ptr<ProjectGraph> graph;
  };
  Entry& entry_for(const std::string& project);

  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Entry>> entries_;
};

}  // namespace dagboard::graph
