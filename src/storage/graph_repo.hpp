// SPDX-License-Identifier: Apache-2.0
// SQL behind the dependency index: bulk load, versions, dependency rows.
#pragma once

#include <string>
#include <vector>

#include "graph/project_graph.hpp"
#include "storage/tx.hpp"

namespace dagboard::storage {

/// Loads every task and depends_on edge of the project into `g`.
void load_graph(Tx& tx, const std::string& project_id, graph::ProjectGraph& g);
long long read_graph_version(Tx& tx, const std::string& project_id);
void insert_dependencies(Tx& tx, const std::string& project_id, const std::string& task_id,
                         const std::vector<std::string>& deps);
void delete_dependencies(Tx& tx, const std::string& task_id, const std::vector<std::string>& deps);

}  // namespace dagboard::storage
