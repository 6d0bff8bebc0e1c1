// SPDX-License-Identifier: Apache-2.0
// How services reach a project's dependency index and keep it in step with their writes.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <dagboard/task.hpp>

#include "core/context.hpp"
#include "storage/graph_repo.hpp"
#include "storage/project_repo.hpp"

namespace DAGBOARD_NAMESPACE::core {

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

/// Once `tx` has committed, folds `changed` into this process's index at `version`.
inline void apply_after_commit(const detail::Context& ctx, storage::Tx& tx, const std::string& project,
                               long long version, std::vector<Task> changed) {
  // The change may be kept for later (see GraphCache::apply), so it owns its tasks.
  auto tasks = std::make_shared<const std::vector<Task>>(std::move(changed));
  tx.after_commit([graphs = ctx.graphs, project, version, tasks] {
    graphs->apply(project, version, [tasks](graph::ProjectGraph& g) {
      for (const auto& t : *tasks) g.upsert(graph::facts_of(t));
    });
  });
}

inline std::vector<std::string> ids_of(const std::vector<Task>& tasks) {
  std::vector<std::string> ids;
  for (const auto& t : tasks) ids.push_back(t.id);
  return ids;
}

/// Records a change to the project's graph in `tx`: at commit the project's graph_version is
/// bumped and the tasks stamped (the project's row lock is held only from then to COMMIT), and
/// once committed `changed` is folded into this process's index.
inline void record_graph_change(const detail::Context& ctx, storage::Tx& tx, const std::string& project,
                                std::vector<Task> changed) {
  auto ids = ids_of(changed);
  tx.defer_graph_change(storage::GraphChange{
      project, std::move(ids), [&ctx, &tx, project, changed = std::move(changed)](long long version) mutable {
        apply_after_commit(ctx, tx, project, version, std::move(changed));
      }});
}

/// Like record_graph_change, but bumps graph_version now, taking the project's row lock at this
/// point of the transaction (dependency edits serialize on it before checking for cycles).
/// Returns the new version.
inline long long record_graph_change_now(const detail::Context& ctx, storage::Tx& tx,
                                         const std::string& project, std::vector<Task> changed) {
  long long version = storage::advance_graph_version(tx, project, ids_of(changed));
  apply_after_commit(ctx, tx, project, version, std::move(changed));
  return version;
}

/// For tasks about to be inserted: bumps graph_version now and returns it, to be written with
/// the new rows (stamping them afterwards would rewrite every row once more).
inline long long record_new_tasks(const detail::Context& ctx, storage::Tx& tx, const std::string& project,
                                  std::vector<Task> tasks) {
  long long version = storage::bump_graph_version(tx, project);
  apply_after_commit(ctx, tx, project, version, std::move(tasks));
  return version;
}

}  // namespace dagboard::core
