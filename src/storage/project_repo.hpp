// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <dagboard/project.hpp>

#include "storage/paging.hpp"
#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::storage {

void insert_project(Tx& tx, const Project& p, const std::optional<std::string>& webhook_secret);
/// By id, or by key when `id_or_key` is not a project id. `lock` takes the row lock.
std::optional<Project> find_project(Tx& tx, std::string_view id_or_key, bool lock = false);
Listed<Project> list_projects(Tx& tx, const AnyOf<ProjectStatus>& status,
                                   const ListWindow& window);
/// Writes every mutable column; the secret only when `secret` is given.
void update_project(Tx& tx, const Project& p,
                    const std::optional<Nullable<std::string>>& secret);
/// Ticket counts by status and phase, and agents holding work.
ProjectStats project_stats(Tx& tx, const std::string& project_id);
void delete_project(Tx& tx, const std::string& id);
/// The next ticket number of the project; never hands out the same number twice.
long long next_ticket_number(Tx& tx, const std::string& project_id);
/// Marks the project's dependency graph as changed and returns its new version. The UPDATE
/// takes the project's row lock, which also orders concurrent graph writers.
long long bump_graph_version(Tx& tx, const std::string& project_id);

}  // namespace dagboard::storage
