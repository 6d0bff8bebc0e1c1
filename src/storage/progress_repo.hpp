// SPDX-License-Identifier: Apache-2.0
// SQL for work that can never run (stranded tasks) and for progress counts.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <dagboard/task.hpp>

#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::storage {

struct TaskRef {
  std::string id;
  std::string ticket_id;
  auto operator<=>(const TaskRef&) const = default;
};

/// Pending tasks of the project that can never run: a dependency is failed or cancelled, or is
/// itself such a task (the closure through pending tasks). In creation order.
std::vector<TaskRef> compute_stranded(Tx& tx, const std::string& project_id);
/// The tasks flagged stranded now.
std::vector<TaskRef> flagged_stranded(Tx& tx, const std::string& project_id);
void set_stranded(Tx& tx, const std::vector<TaskRef>& tasks, bool stranded);
/// Full rows of the flagged tasks, in creation order.
std::vector<Task> stranded_tasks(Tx& tx, const std::string& project_id);

/// Task counts of a project or ticket (`column` is "project_id" or "ticket_id").
struct TaskCounts {
  std::map<std::string, long long> by_status;
  long long stranded = 0;
  long long ready = 0;  // claimable now
};
TaskCounts count_tasks(Tx& tx, const char* column, const std::string& id);

/// Per ticket of the project: {total, completed, stranded} counts for board cards.
struct CardCounts {
  long long total = 0, completed = 0, stranded = 0;
};
std::map<std::string, CardCounts> card_counts(Tx& tx, const std::string& project_id);
/// Per ticket of the project: the agents holding its tasks now (assigned or running), sorted.
std::map<std::string, std::vector<std::string>> card_agents(Tx& tx, const std::string& project_id);

}  // namespace dagboard::storage
