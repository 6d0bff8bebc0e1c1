// SPDX-License-Identifier: Apache-2.0
// The state_changes table: the projection of the event log the statistics read.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <dagboard/statistics.hpp>

#include "stats/state_projection.hpp"
#include "storage/tx.hpp"

namespace dagboard::stats {

/// The latest stored state of each of `entity_ids` that has one.
std::map<std::string, EntityState> latest_states(storage::Tx& tx,
                                                 const std::vector<std::string>& entity_ids);
void insert_state_changes(storage::Tx& tx, const std::vector<StateChange>& changes);
void delete_project_state_changes(storage::Tx& tx, const std::string& project_id);

/// A project's changes of one entity type (ticket, task) made before `before`, in log order.
std::vector<StateChange> read_state_changes(storage::Tx& tx, const std::string& project_id,
                                            const std::string& entity_type, Timestamp before);
/// Tickets done (arrivals at `done`), tasks completed (arrivals at `completed`) and task
/// failures (every TASK_FAILED, retried or not) per bucket of `f`, counted by the database.
ThroughputSeries count_throughput(storage::Tx& tx, const std::string& project_id, const SeriesFrame& f);
/// Every stored change with an event id above `after_event`, in log order (for the check).
std::vector<StateChange> read_all_state_changes(storage::Tx& tx, long long after_event);
/// The latest state of every entity as of event `through` (the check's starting point after
/// compaction).
std::map<std::string, EntityState> states_through(storage::Tx& tx, long long through);
void delete_state_changes_after(storage::Tx& tx, long long after_event);
bool has_state_changes(storage::Tx& tx);

}  // namespace dagboard::stats
