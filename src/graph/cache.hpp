// SPDX-License-Identifier: Apache-2.0
// The indexes of one workspace, one per project, each tagged with the graph_version it shows.
#pragma once

#include "dagboard/version.hpp"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "graph/project_graph.hpp"

namespace DAGBOARD_NAMESPACE::graph {

class GraphCache {
 public:
  using Loader = std::function<void(ProjectGraph&)>;

  using CatchUp = std::function<void(ProjectGraph&, long long since)>;

  /// Runs `fn` on the index of `project` as of `version` (read in the caller's transaction) or
  /// newer. An index that is behind but not older than `reset_version` catches up with
  /// `catch_up` (only the tasks changed since); a missing or older one is rebuilt by `load`.
  /// A newer one is used as it is: another thread of this process committed in between, and
  /// rebuilding to show its caller a slightly older graph would make every race a reload.
  template <class F>
  auto with_graph(const std::string& project, long long version, long long reset_version,
                  const Loader& load, const CatchUp& catch_up, F&& fn) {
    Entry& entry = entry_for(project);
    std::lock_guard lock(entry.mutex);
    auto& g = entry.graph;
    if (g && g->version() < version && g->version() >= reset_version) {
      catch_up(*g, g->version());
      g->set_version(version);
    } else if (!g || g->version() < reset_version) {
      auto fresh = std::make_unique<ProjectGraph>(version);
      load(*fresh);
      g = std::move(fresh);
    }
    return fn(*g);
  }

  /// After a commit that took `project` to `version`: brings the index along with `change` when
  /// it was at version - 1, or keeps the change until the versions before it have arrived
  /// (another process's versions never do: the next read catches up from the database).
  /// Completing a task this way costs O(out-degree), not a rebuild.
  void apply(const std::string& project, long long version,
             const std::function<void(ProjectGraph&)>& change);

 private:
  static constexpr size_t kMaxEarlyChanges = 64;
  struct Entry {
    std::mutex mutex;
    std::unique_ptr<ProjectGraph> graph;
    std::map<long long, std::function<void(ProjectGraph&)>> early;  // applied once contiguous
  };
  Entry& entry_for(const std::string& project);

  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Entry>> entries_;
};

}  // namespace dagboard::graph
