// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <dagboard/task.hpp>

#include "storage/paging.hpp"
#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::storage {

struct TaskFilter {
  std::optional<std::string> project_id;
  std::optional<std::string> ticket_id;
  AnyOf<TaskStatus> status;
  AnyOf<std::string> phase_id;
  AnyOf<std::string> assigned_agent_id;
  AnyOf<Priority> priority;
};

class Row;

/// Every task column plus `depends_on` (a JSON array), for SELECT or RETURNING on `tasks`.
std::string task_columns_sql(const Tx& tx);
Task task_from_row(const Row& r);

/// Inserts the tasks, stamped with `graph_version`, and their depends_on rows with multi-row
/// INSERTs.
void insert_tasks(Tx& tx, const std::vector<Task>& tasks, long long graph_version);
std::optional<Task> find_task(Tx& tx, std::string_view id, bool lock = false);
/// The tasks among `ids` that exist, in the order of `ids`.
std::vector<Task> find_tasks(Tx& tx, const std::vector<std::string>& ids);
Listed<Task> list_tasks(Tx& tx, const TaskFilter& filter, const ListWindow& window);
/// Every task of the ticket, oldest first.
std::vector<Task> tasks_of_ticket(Tx& tx, const std::string& ticket_id);
/// Writes every mutable column (not the dependencies).
void update_task(Tx& tx, const Task& t);
/// {id -> project_id} for those of `ids` that exist.
std::map<std::string, std::string> task_projects(Tx& tx, const std::vector<std::string>& ids);

}  // namespace dagboard::storage
