// SPDX-License-Identifier: Apache-2.0
// The state_changes table: the projection of the event log the statistics read. Each row is a
// state that held from `at` until `until_at` (absent: it still holds).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <dagboard/statistics.hpp>

#include "stats/series.hpp"
#include "stats/state_projection.hpp"
#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::stats {

// --- kept by the writer and the check ---

/// The latest stored state of each of `entity_ids` that has one.
std::map<std::string, EntityState> latest_states(storage::Tx& tx,
                                                 const std::vector<std::string>& entity_ids);
void insert_state_changes(storage::Tx& tx, const std::vector<StateChange>& changes);
/// Sets `until_at` of stored changes a later change ended: {event_id, until}.
void end_state_changes(storage::Tx& tx, const std::vector<std::pair<long long, Timestamp>>& ended);
void delete_project_state_changes(storage::Tx& tx, const std::string& project_id);
/// Every stored change with an event id above `after_event`, in log order (for the check).
std::vector<StateChange> read_all_state_changes(storage::Tx& tx, long long after_event);
/// The latest state of every entity as of event `through` (the check's start after compaction).
std::map<std::string, EntityState> states_through(storage::Tx& tx, long long through);
void delete_state_changes_after(storage::Tx& tx, long long after_event);
bool has_state_changes(storage::Tx& tx);

// --- read by the series (times in microseconds, [lo, hi)) ---

/// Tickets done, tasks completed and task failures per bucket of `f`, counted by the database.
ThroughputSeries count_throughput(storage::Tx& tx, const std::string& project_id, const SeriesFrame& f);

/// Tickets per phase at instant `t` (the states that began before it and still held).
std::map<std::string, long long> phase_counts_at(storage::Tx& tx, const std::string& project_id,
                                                 Timestamp t);
/// The tickets' phase changes in [lo, hi), in time order.
std::vector<PhaseMove> phase_moves(storage::Tx& tx, const std::string& project_id, Timestamp lo,
                                   Timestamp hi);

/// Arrivals at done (tickets) and completed (tasks) in [lo, hi).
std::vector<Arrival> arrivals(storage::Tx& tx, const std::string& project_id, Timestamp lo,
                              Timestamp hi);

/// Seconds tickets spent in each phase within [lo, hi), and how many tickets spent any.
std::map<std::string, PhaseTime> phase_time(storage::Tx& tx, const std::string& project_id,
                                            Timestamp lo, Timestamp hi);

/// Spans in which a task of the project was running for an agent, overlapping [lo, hi).
std::vector<RunningStay> running_stays(storage::Tx& tx, const std::string& project_id, Timestamp lo,
                                       Timestamp hi);

/// Per agent: arrivals at completed, and every failure (retried or not), in [lo, hi) when given.
std::map<std::string, TaskOutcomes> task_outcomes_by_agent(storage::Tx& tx, const std::string& project_id,
                                                           std::optional<Timestamp> lo = std::nullopt,
                                                           std::optional<Timestamp> hi = std::nullopt);

}  // namespace dagboard::stats
