// SPDX-License-Identifier: Apache-2.0
// How services reach a project's dependency index and keep it in step with their writes.
#pragma once

#include <string>
#include <vector>

#include <dagboard/task.hpp>

#include "core/context.hpp"
#include "storage/graph_repo.hpp"
#include "storage/project_repo.hpp"

namespace dagboard::core {

/// Runs `fn(const ProjectGraph&)` on the index as of the version visible in `tx`.
template <class F>
auto with_graph_at(const detail::Context& ctx, storage::Tx& tx, const std::string& project,
                   long long version, long long reset_version, F&& fn) {
  return ctx.graphs->with_graph(
      project, version, reset_version,
      [&](graph::ProjectGraph& g) { storage::load_graph(tx, project, g); },
      [&](graph::ProjectGraph& g, long long since) { storage::load_graph_changes(tx, project, since, g); },
      std::forward<F>(fn));
}

template <class F>
auto with_current_graph(const detail::Context& ctx, storage::Tx& tx, const std::string& project,
                        F&& fn) {
  auto v = storage::read_graph_version(tx, project);
  return with_graph_at(ctx, tx, project, v.version, v.reset_version,
                       [&](graph::ProjectGraph& g) { return fn(static_cast<const graph::ProjectGraph&>(g)); });
}

/// Records a change to the project's graph in `tx` (bumping graph_version under the project's
/// row lock) and, once committed, folds `changed` into this process's index. Returns the new
/// version.
inline long long record_graph_change(const detail::Context& ctx, storage::Tx& tx,
                                     const std::string& project, std::vector<Task> changed) {
  std::vector<std::string> ids;
  for (const auto& t : changed) ids.push_back(t.id);
  long long version = storage::advance_graph_version(tx, project, ids);
  auto graphs = ctx.graphs;
  tx.after_commit([graphs, project, version, changed = std::move(changed)] {
    graphs->apply(project, version, [&](graph::ProjectGraph& g) {
      for (const auto& t : changed) g.upsert(graph::facts_of(t));
    });
  });
  return version;
}

}  // namespace dagboard::core
