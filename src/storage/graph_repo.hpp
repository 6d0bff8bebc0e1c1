// SPDX-License-Identifier: Apache-2.0
// SQL behind the dependency index: bulk load, versions, dependency rows.
#pragma once

#include "dagboard/version.hpp"

#include <string>
#include <vector>

#include "graph/project_graph.hpp"
#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::storage {

struct GraphVersion {
  long long version = 0;        // bumped by every change to the project's tasks
  long long reset_version = 0;  // the last version that deleted tasks: older indexes reload
};

/// Loads every task and depends_on edge of the project into `g`.
void load_graph(Tx& tx, const std::string& project_id, graph::ProjectGraph& g);
/// Upserts into `g` the tasks changed after version `since`, with their dependencies.
void load_graph_changes(Tx& tx, const std::string& project_id, long long since, graph::ProjectGraph& g);
GraphVersion read_graph_version(Tx& tx, const std::string& project_id);
/// Records `version` on the changed tasks, for other processes' catch-up.
void stamp_graph_version(Tx& tx, const std::vector<std::string>& task_ids, long long version);
/// Bumps the project's graph_version (taking its row lock) and stamps the changed tasks with the
/// new version, in one round trip on PostgreSQL. Returns the new version.
long long advance_graph_version(Tx& tx, const std::string& project_id,
                                const std::vector<std::string>& task_ids);
/// Tasks of the project were deleted at `version`: indexes older than that must reload.
void mark_graph_reset(Tx& tx, const std::string& project_id, long long version);
void insert_dependencies(Tx& tx, const std::string& project_id, const std::string& task_id,
                         const std::vector<std::string>& deps);
void delete_dependencies(Tx& tx, const std::string& task_id, const std::vector<std::string>& deps);

}  // namespace dagboard::storage
