// SPDX-License-Identifier: Apache-2.0
// The series over time, computed from state changes (pure functions: the tests feed them
// generated histories with known answers). Rules: docs/statistics.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <dagboard/statistics.hpp>
#include <dagboard/workflow.hpp>

#include "stats/state_projection.hpp"

namespace dagboard::stats {

/// The length of a bucket in microseconds.
long long bucket_micros(Bucket b);
/// The buckets of `range` at time `now`. @throws ValidationError (fields `to`, `bucket`).
SeriesFrame make_frame(const StatsRange& range, Timestamp now);
/// Nearest-rank p50 and p90, and the mean.
DurationSummary summarize(std::vector<double> seconds);

FlowSeries flow(const SeriesFrame& f, const std::vector<StateChange>& tickets, const Workflow& w,
                Timestamp now);
CycleTimes cycle_times(const SeriesFrame& f, const std::vector<StateChange>& tickets,
                       const std::vector<StateChange>& tasks);
TimeInPhase time_in_phase(const SeriesFrame& f, const std::vector<StateChange>& tickets,
                          Timestamp now);
UtilisationSeries utilisation(const SeriesFrame& f, const std::vector<StateChange>& tasks,
                              Timestamp now);
/// Over all of `tickets`: the mean time a ticket that entered a phase spent in it.
std::map<std::string, double> average_time_in_phase(const std::vector<StateChange>& tickets,
                                                    Timestamp now);

}  // namespace dagboard::stats
