// SPDX-License-Identifier: Apache-2.0
// SQL for claims, leases and task lifecycle checks. The claim is one conditional UPDATE: the
// database, not this process's memory, decides who wins.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <dagboard/task.hpp>

#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::storage {

struct Claimed {
  Task task;
  std::optional<std::string> previous_agent;  // who held the lease that ran out, if any
};

/// Claims the first of `candidates` (best first) that is still claimable: pending (or holding an
/// expired lease) with every dependency completed. It becomes assigned to `agent_id` until
/// `lease_until`. One statement on PostgreSQL, where rows other claimers hold are skipped, not
/// waited for. nullopt when none could be taken.
std::optional<Claimed> claim_first(Tx& tx, const std::vector<std::string>& candidates,
                                   const std::string& agent_id, Timestamp lease_until);
/// Ids of tasks whose lease ran out (optionally one project's).
std::vector<std::string> expired_lease_ids(Tx& tx);
/// Pending tasks that depend on `task_id` and now have every dependency completed.
std::vector<std::string> newly_ready_dependents(Tx& tx, const std::string& task_id);
/// Those of `task_ids` that are pending, approved and have every dependency completed.
std::vector<std::string> ready_among(Tx& tx, const std::vector<std::string>& task_ids);
/// Ids of running tasks past their timeout_seconds.
std::vector<std::string> timed_out_ids(Tx& tx);

}  // namespace dagboard::storage
