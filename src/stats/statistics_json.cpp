// SPDX-License-Identifier: Apache-2.0
// JSON shapes of the statistics (upstream's names where it has them; durations in seconds).
#include <dagboard/statistics.hpp>

#include "util/json_input.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

Json opt(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

Json times(const std::vector<Timestamp>& v) {
  Json out = Json::array();
  for (auto t : v) out.push_back(to_iso8601(t));
  return out;
}

Json frame(const SeriesFrame& f) {
  return Json{{"bucket", to_string(f.bucket)},
              {"from", to_iso8601(f.from)},
              {"to", to_iso8601(f.to)},
              {"buckets", times(f.buckets)}};
}

Json summary(const DurationSummary& s) {
  return Json{{"count", s.count}, {"p50", opt(s.p50)}, {"p90", opt(s.p90)}, {"mean", opt(s.mean)}};
}

}  // namespace

Json to_json(const TicketStatistics& s) {
  return Json{{"total", s.total},
              {"by_status", s.by_status},
              {"by_priority", s.by_priority},
              {"blocked_count", s.blocked_count},
              {"average_time_in_phase", s.average_time_in_phase}};
}

Json to_json(const AgentStatistics& s) {
  return Json{{"active_agents", s.active_agents},
              {"tasks_completed_per_agent", s.tasks_completed_per_agent},
              {"tasks_failed_per_agent", s.tasks_failed_per_agent},
              {"commits_per_agent", s.commits_per_agent},
              {"lines_changed_per_agent", s.lines_changed_per_agent},
              {"average_task_completion_time", opt(s.average_task_completion_time)}};
}

Json to_json(const ProjectOverview& o) {
  return Json{{"project_id", o.project_id},
              {"tickets",
               {{"total", o.tickets.total},
                {"by_status", o.tickets.by_status},
                {"by_priority", o.tickets.by_priority},
                {"blocked_count", o.tickets.blocked_count},
                {"completion_rate", o.tickets.completion_rate}}},
              {"agents",
               {{"active", o.agents.active},
                {"tasks_completed", o.agents.tasks_completed},
                {"average_completion_time", opt(o.agents.average_completion_time)}}},
              {"commits",
               {{"total", o.commits.total},
                {"total_lines_changed", o.commits.total_lines_changed},
                {"files_changed", o.commits.files_changed}}},
              {"health",
               {{"wip_violations", o.health.wip_violations},
                {"dependency_blockers", o.health.dependency_blockers},
                {"agent_health_status", o.health.agent_health_status}}}};
}

Json to_json(const ThroughputSeries& s) {
  Json j = frame(s.frame);
  j["tickets_done"] = s.tickets_done;
  j["tasks_completed"] = s.tasks_completed;
  j["tasks_failed"] = s.tasks_failed;
  return j;
}

Json to_json(const FlowSeries& s) {
  Json j = frame(s.frame);
  Json columns = Json::array();
  for (const auto& c : s.columns)
    columns.push_back(Json{{"column_id", c.column_id},
                           {"name", c.name},
                           {"wip_limit", c.wip_limit ? Json(*c.wip_limit) : Json(nullptr)},
                           {"counts", c.counts},
                           {"average", c.average},
                           {"peak", c.peak}});
  j["columns"] = std::move(columns);
  return j;
}

Json to_json(const CycleTimes& s) {
  Json j = frame(s.frame);
  j["tickets"] = Json{{"lead_time", summary(s.ticket_lead_time)}, {"cycle_time", summary(s.ticket_cycle_time)}};
  j["tasks"] = Json{{"lead_time", summary(s.task_lead_time)}, {"cycle_time", summary(s.task_cycle_time)}};
  return j;
}

Json to_json(const TimeInPhase& s) {
  Json j = frame(s.frame);
  Json phases = Json::object();
  for (const auto& [id, p] : s.phases)
    phases[id] = Json{{"total_seconds", p.total_seconds},
                      {"tickets", p.tickets},
                      {"average_seconds", p.average_seconds}};
  j["phases"] = std::move(phases);
  return j;
}

Json to_json(const UtilisationSeries& s) {
  Json j = frame(s.frame);
  Json agents = Json::array();
  for (const auto& a : s.agents)
    agents.push_back(Json{{"agent_id", a.agent_id},
                          {"agent_name", a.agent_name ? Json(*a.agent_name) : Json(nullptr)},
                          {"busy", a.busy},
                          {"tasks_completed", a.tasks_completed},
                          {"tasks_failed", a.tasks_failed}});
  j["agents"] = std::move(agents);
  return j;
}

Json to_json(const StatsCheck& c) {
  return Json{{"events_replayed", c.events_replayed},
              {"rows", c.rows},
              {"mismatches", c.mismatches},
              {"rebuilt", c.rebuilt}};
}

StatsRange stats_range_from_json(const Json& j) {
  util::JsonInput in(j);
  StatsRange r;
  r.project_id = in.required_string("project_id");
  r.from = in.time("from");
  r.to = in.time("to");
  if (auto b = in.enumeration<Bucket>("bucket")) r.bucket = *b;
  in.finish();
  return r;
}

}  // namespace dagboard
