// SPDX-License-Identifier: Apache-2.0
#include <dagboard/statistics.hpp>

#include "core/context.hpp"
#include "core/lookup.hpp"
#include "core/ticket_moves.hpp"
#include "stats/projection_writer.hpp"
#include "stats/series.hpp"
#include "stats/snapshot_repo.hpp"
#include "stats/state_change_repo.hpp"
#include "storage/row.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

// The worst health among the active agents ("healthy" when there are none).
std::string worst_health(const std::vector<stats::ActiveAgent>& agents) {
  static const std::vector<std::string> kOrder{"healthy", "unknown", "stale", "degraded", "unhealthy"};
  size_t worst = 0;
  for (const auto& a : agents) {
    auto it = std::find(kOrder.begin(), kOrder.end(), a.health_status);
    if (it != kOrder.end()) worst = std::max(worst, static_cast<size_t>(it - kOrder.begin()));
  }
  return kOrder[worst];
}

// Mean of (completed_at - started_at) over completed tasks: the time of the run that finished.
std::optional<double> average_completion_time(storage::Tx& tx, const std::string& project_id) {
  std::optional<double> mean;
  storage::query(tx.sql(),
                 "SELECT AVG(completed_at - started_at) AS m, COUNT(*) AS n FROM tasks WHERE "
                 "project_id = :p AND status = 'completed' AND started_at IS NOT NULL AND "
                 "completed_at IS NOT NULL",
                 storage::Params().set("p", project_id), [&](const storage::Row& r) {
                   if (r.integer("n") > 0) mean = r.real("m") / 1e6;
                 });
  return mean;
}

long long completed_tasks(storage::Tx& tx, const std::string& project_id) {
  return storage::query_integer(
             tx.sql(), "SELECT COUNT(*) AS v FROM tasks WHERE project_id = :p AND status = 'completed'",
             storage::Params().set("p", project_id))
      .value_or(0);
}

long long wip_violations(storage::Tx& tx, const std::string& project_id,
                         const stats::TicketCounts& counts) {
  long long over = 0;
  for (const auto& c : core::workflow_of(tx, project_id).columns) {
    if (!c.wip_limit) continue;
    long long n = 0;
    for (const auto& p : c.phase_mapping)
      if (auto it = counts.by_phase.find(p); it != counts.by_phase.end()) n += it->second;
    if (n > *c.wip_limit) ++over;
  }
  return over;
}


}  // namespace

ProjectOverview StatisticsService::overview(std::string_view project) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    ProjectOverview o;
    o.project_id = core::require_project(tx, project).id;
    auto counts = stats::ticket_counts(tx, o.project_id);
    o.tickets = {counts.total, counts.by_status, counts.by_priority, counts.blocked,
                 counts.total ? static_cast<double>(counts.by_status["done"]) / static_cast<double>(counts.total) : 0.0};
    auto agents = stats::active_agents(tx, o.project_id);
    o.agents = {static_cast<long long>(agents.size()), completed_tasks(tx, o.project_id),
                average_completion_time(tx, o.project_id)};
    auto commits = stats::commit_totals(tx, o.project_id);
    o.commits = {commits.commits, commits.lines_changed, commits.files_changed};
    o.health = {wip_violations(tx, o.project_id, counts), counts.waiting_on_tickets, worst_health(agents)};
    return o;
  });
}

TicketStatistics StatisticsService::tickets(std::string_view project) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    std::string id = core::require_project(tx, project).id;
    auto counts = stats::ticket_counts(tx, id);
    std::map<std::string, double> average;
    for (const auto& [phase, t] : stats::phase_time(tx, id, Timestamp{}, tx.now()))
      average[phase] = t.average_seconds;
    return TicketStatistics{counts.total, counts.by_status, counts.by_priority, counts.blocked, average};
  });
}

AgentStatistics StatisticsService::agents(std::string_view project) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    std::string id = core::require_project(tx, project).id;
    AgentStatistics s;
    s.active_agents = static_cast<long long>(stats::active_agents(tx, id).size());
    for (const auto& [agent, o] : stats::task_outcomes_by_agent(tx, id)) {
      s.tasks_completed_per_agent[agent] = o.completed;
      s.tasks_failed_per_agent[agent] = o.failed;
    }
    for (const auto& [agent, c] : stats::commit_totals(tx, id).by_agent) {
      s.commits_per_agent[agent] = c.commits;
      s.lines_changed_per_agent[agent] = c.lines_changed;
    }
    s.average_task_completion_time = average_completion_time(tx, id);
    return s;
  });
}

ThroughputSeries StatisticsService::throughput(const StatsRange& range) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    std::string id = core::require_project(tx, range.project_id).id;
    auto f = stats::make_frame(range, tx.now());
    return stats::count_throughput(tx, id, f);
  });
}

FlowSeries StatisticsService::flow(const StatsRange& range) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    std::string id = core::require_project(tx, range.project_id).id;
    auto f = stats::make_frame(range, tx.now());
    return stats::flow(f, stats::phase_counts_at(tx, id, f.from), stats::phase_moves(tx, id, f.from, f.to),
                       core::workflow_of(tx, id), tx.now());
  });
}

CycleTimes StatisticsService::cycle_times(const StatsRange& range) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    std::string id = core::require_project(tx, range.project_id).id;
    auto f = stats::make_frame(range, tx.now());
    return stats::cycle_times(f, stats::arrivals(tx, id, f.from, f.to));
  });
}

TimeInPhase StatisticsService::time_in_phase(const StatsRange& range) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    std::string id = core::require_project(tx, range.project_id).id;
    auto f = stats::make_frame(range, tx.now());
    return TimeInPhase{f, stats::phase_time(tx, id, f.from, std::min(f.to, tx.now()))};
  });
}

UtilisationSeries StatisticsService::utilisation(const StatsRange& range) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    std::string id = core::require_project(tx, range.project_id).id;
    auto f = stats::make_frame(range, tx.now());
    auto s = stats::utilisation(f, stats::running_stays(tx, id, f.from, std::min(f.to, tx.now())),
                                stats::task_outcomes_by_agent(tx, id, f.from, f.to), tx.now());
    for (auto& a : s.agents)
      a.agent_name = storage::first_of(storage::query_rows(
                                           tx.sql(), "SELECT agent_name FROM agents WHERE id = :id",
                                           storage::Params().set("id", a.agent_id),
                                           [](const storage::Row& r) { return r.opt_text("agent_name"); }))
                         .value_or(std::nullopt);
    return s;
  });
}

StatsCheck StatisticsService::check(bool rebuild) const {
  return stats::check_state_changes(*ctx_->db, rebuild);
}

}  // namespace dagboard
