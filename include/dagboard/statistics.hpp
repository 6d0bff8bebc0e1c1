// SPDX-License-Identifier: Apache-2.0
// Statistics of a project: counts of what is there now, and series over time computed from the
// event log (docs/statistics.md). Durations are seconds.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/enums.hpp>
#include <dagboard/fwd.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

/// A series asks for at most this many buckets (1000 hours is about six weeks).
inline constexpr int kMaxStatsBuckets = 1000;
/// An agent that sent a heartbeat (or registered) this recently counts as active.
inline constexpr int kActiveAgentWindowSeconds = 300;

/// The range of a series: buckets of `bucket` from the one holding `from` up to `to` (excluded),
/// in UTC. Absent ends: `to` is now, `from` 30 buckets before `to`.
struct StatsRange {
  std::string project_id;  // id or key
  std::optional<Timestamp> from;
  std::optional<Timestamp> to;
  Bucket bucket = Bucket::day;
};

/// Nearest-rank percentiles of a set of durations (seconds); absent when the set is empty.
struct DurationSummary {
  long long count = 0;
  std::optional<double> p50, p90, mean;
};

struct TicketStatistics {
  long long total = 0;
  std::map<std::string, long long> by_status;    // every status, 0 included
  std::map<std::string, long long> by_priority;  // every priority, 0 included
  long long blocked_count = 0;
  /// Mean time a ticket that entered a phase spent in it, over the project's history.
  std::map<std::string, double> average_time_in_phase;
};

struct AgentStatistics {
  long long active_agents = 0;  // by the rule of docs/statistics.md
  std::map<std::string, long long> tasks_completed_per_agent;
  std::map<std::string, long long> tasks_failed_per_agent;
  std::map<std::string, long long> commits_per_agent;
  std::map<std::string, long long> lines_changed_per_agent;
  /// Mean time from a task's start to its completion, over every agent's completed tasks.
  std::optional<double> average_task_completion_time;
};

struct ProjectOverview {
  std::string project_id;
  struct Tickets {
    long long total = 0;
    std::map<std::string, long long> by_status, by_priority;
    long long blocked_count = 0;
    double completion_rate = 0;  // done / total, 0 without tickets
  } tickets;
  struct Agents {
    long long active = 0;
    long long tasks_completed = 0;
    std::optional<double> average_completion_time;
  } agents;
  struct Commits {
    long long total = 0, total_lines_changed = 0, files_changed = 0;
  } commits;
  struct Health {
    long long wip_violations = 0;       // columns holding more tickets than their limit
    long long dependency_blockers = 0;  // open tickets waiting on an unfinished ticket
    std::string agent_health_status = "healthy";  // the worst of the active agents
  } health;
};

/// The buckets of a series: each starts at `buckets[i]`; the last ends at the range's end.
struct SeriesFrame {
  Bucket bucket = Bucket::day;
  Timestamp from, to;
  std::vector<Timestamp> buckets;
};

struct ThroughputSeries {
  SeriesFrame frame;
  std::vector<long long> tickets_done;     // arrivals at status done
  std::vector<long long> tasks_completed;  // arrivals at status completed
  std::vector<long long> tasks_failed;     // every failure, retried or not
};

struct ColumnSeries {
  std::string column_id, name;
  std::optional<int> wip_limit;
  std::vector<long long> counts;  // cumulative flow: tickets in the column at the bucket's end
  std::vector<double> average;    // WIP: time-weighted mean over the bucket
  std::vector<long long> peak;    // WIP: the most at any moment of the bucket
};

/// Cumulative flow and WIP over time: one series per board column, in board order.
struct FlowSeries {
  SeriesFrame frame;
  std::vector<ColumnSeries> columns;
};

/// Lead time (created to done) and cycle time (work started to done) of everything that got
/// done in the range.
struct CycleTimes {
  SeriesFrame frame;
  DurationSummary ticket_lead_time, ticket_cycle_time, task_lead_time, task_cycle_time;
};

struct PhaseTime {
  double total_seconds = 0;  // inside the range
  long long tickets = 0;     // tickets that spent time there
  double average_seconds = 0;
};

struct TimeInPhase {
  SeriesFrame frame;
  std::map<std::string, PhaseTime> phases;
};

struct AgentUtilisation {
  std::string agent_id;
  std::optional<std::string> agent_name;
  std::vector<double> busy;  // per bucket: share of the time it was running at least one task
  long long tasks_completed = 0, tasks_failed = 0;
};

struct UtilisationSeries {
  SeriesFrame frame;
  std::vector<AgentUtilisation> agents;  // agents that ran a task in the range, by id
};

/// What a check of the statistics tables against the event log found.
struct StatsCheck {
  long long events_replayed = 0;
  long long rows = 0;
  long long mismatches = 0;  // rows missing, extra or different
  bool rebuilt = false;
};

Json to_json(const TicketStatistics& s);
Json to_json(const AgentStatistics& s);
Json to_json(const ProjectOverview& s);
Json to_json(const ThroughputSeries& s);
Json to_json(const FlowSeries& s);
Json to_json(const CycleTimes& s);
Json to_json(const TimeInPhase& s);
Json to_json(const UtilisationSeries& s);
Json to_json(const StatsCheck& s);
/// Reads `{project_id, from?, to?, bucket?}` (ISO 8601 times); unknown fields are refused.
StatsRange stats_range_from_json(const Json& j);

class StatisticsService {
 public:
  explicit StatisticsService(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  ProjectOverview overview(std::string_view project) const;
  TicketStatistics tickets(std::string_view project) const;
  AgentStatistics agents(std::string_view project) const;

  /// Series over time. @throws ValidationError (field `to`) when the range is empty or ends
  /// before it starts, (field `bucket`) when it holds more than kMaxStatsBuckets buckets.
  ThroughputSeries throughput(const StatsRange& range) const;
  FlowSeries flow(const StatsRange& range) const;
  CycleTimes cycle_times(const StatsRange& range) const;
  TimeInPhase time_in_phase(const StatsRange& range) const;
  UtilisationSeries utilisation(const StatsRange& range) const;

  /// Replays the event log and compares it with the statistics tables; with `rebuild`, rewrites
  /// the tables from the log when they differ.
  StatsCheck check(bool rebuild = false) const;

 private:
  detail::ContextPtr ctx_;
};

}  // namespace dagboard
