// SPDX-License-Identifier: Apache-2.0
// The series over time that need the individual changes (WIP peaks, the union of an agent's
// running tasks, percentiles): pure functions over what src/stats/state_change_repo reads.
// Rules: docs/statistics.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <dagboard/statistics.hpp>
#include <dagboard/workflow.hpp>

namespace DAGBOARD_NAMESPACE::stats {

struct PhaseMove {
  Timestamp at;
  std::optional<std::string> from, to;
};
struct Arrival {
  bool ticket = false;             // else a task
  Timestamp at, created, started;  // started: when work started, else created
};
struct RunningStay {
  std::string agent_id;
  Timestamp begin;
  std::optional<Timestamp> end;  // absent: still running
};
struct TaskOutcomes {
  long long completed = 0, failed = 0;
};

/// The length of a bucket in microseconds.
long long bucket_micros(Bucket b);
/// The buckets of `range` at time `now`. @throws ValidationError (fields `to`, `bucket`).
SeriesFrame make_frame(const StatsRange& range, Timestamp now);
/// Nearest-rank p50 and p90, and the mean.
DurationSummary summarize(std::vector<double> seconds);

/// Cumulative flow and WIP from the tickets per phase when the range starts and the phase
/// changes inside it (in time order).
FlowSeries flow(const SeriesFrame& f, const std::map<std::string, long long>& phases_at_start,
                const std::vector<PhaseMove>& moves, const Workflow& w, Timestamp now);
CycleTimes cycle_times(const SeriesFrame& f, const std::vector<Arrival>& arrivals);
UtilisationSeries utilisation(const SeriesFrame& f, const std::vector<RunningStay>& stays,
                              const std::map<std::string, TaskOutcomes>& outcomes, Timestamp now);

}  // namespace dagboard::stats
