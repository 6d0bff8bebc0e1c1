// SPDX-License-Identifier: Apache-2.0
#include "bind.hpp"

namespace DAGBOARD_NAMESPACE::python {
namespace {

// The range's fields as the HTTP query names them; `from` is a Python keyword, so `from_`.
StatsRange range_of(const std::string& project, const py::kwargs& kw) {
  Json j = kwargs_json(kw);
  if (j.contains("from_")) {
    j["from"] = j["from_"];
    j.erase("from_");
  }
  j["project_id"] = project;
  return stats_range_from_json(j);
}

template <class F>
py::object series(const StatisticsService& s, const std::string& project, const py::kwargs& kw,
                  F call) {
  StatsRange r = range_of(project, kw);
  return from_json_value(to_json(without_gil([&] { return call(s, r); })));
}

#define DAGBOARD_RANGE_DOC                                                                     \
  "(project_id, from_=None, to=None, bucket='day'): buckets of an hour, a day or a week (UTC, " \
  "weeks from Monday) from the one holding from_ (a datetime or ISO 8601 text) up to to; "     \
  "absent ends: to is now, from_ 30 buckets earlier. At most 1000 buckets."

}  // namespace

void bind_statistics(py::module_& m) {
  py::class_<StatisticsService>(m, "StatisticsService",
                                "Statistics of a project, now and over time, from the event log "
                                "(docs/statistics.md). Durations are seconds. The GIL is released "
                                "in every call.")
      .def(
          "overview",
          [](const StatisticsService& s, const std::string& project) {
            return from_json_value(to_json(without_gil([&] { return s.overview(project); })));
          },
          py::arg("project_id"), "{tickets, agents, commits, health} now.")
      .def(
          "tickets",
          [](const StatisticsService& s, const std::string& project) {
            return from_json_value(to_json(without_gil([&] { return s.tickets(project); })));
          },
          py::arg("project_id"),
          "{total, by_status, by_priority, blocked_count, average_time_in_phase}.")
      .def(
          "agents",
          [](const StatisticsService& s, const std::string& project) {
            return from_json_value(to_json(without_gil([&] { return s.agents(project); })));
          },
          py::arg("project_id"),
          "{active_agents, tasks_completed_per_agent, tasks_failed_per_agent, commits_per_agent, "
          "lines_changed_per_agent, average_task_completion_time}.")
      .def(
          "throughput",
          [](const StatisticsService& s, const std::string& project, py::kwargs kw) {
            return series(s, project, kw, [](auto& svc, auto& r) { return svc.throughput(r); });
          },
          py::arg("project_id"), "Tickets done, tasks completed and failed per bucket " DAGBOARD_RANGE_DOC)
      .def(
          "flow",
          [](const StatisticsService& s, const std::string& project, py::kwargs kw) {
            return series(s, project, kw, [](auto& svc, auto& r) { return svc.flow(r); });
          },
          py::arg("project_id"), "Cumulative flow and WIP per board column " DAGBOARD_RANGE_DOC)
      .def(
          "cycle_times",
          [](const StatisticsService& s, const std::string& project, py::kwargs kw) {
            return series(s, project, kw, [](auto& svc, auto& r) { return svc.cycle_times(r); });
          },
          py::arg("project_id"), "Lead and cycle times of tickets and tasks done " DAGBOARD_RANGE_DOC)
      .def(
          "time_in_phase",
          [](const StatisticsService& s, const std::string& project, py::kwargs kw) {
            return series(s, project, kw, [](auto& svc, auto& r) { return svc.time_in_phase(r); });
          },
          py::arg("project_id"), "Time tickets spent in each phase " DAGBOARD_RANGE_DOC)
      .def(
          "utilisation",
          [](const StatisticsService& s, const std::string& project, py::kwargs kw) {
            return series(s, project, kw, [](auto& svc, auto& r) { return svc.utilisation(r); });
          },
          py::arg("project_id"), "Share of each bucket each agent was running a task " DAGBOARD_RANGE_DOC)
      .def(
          "check",
          [](const StatisticsService& s, bool rebuild) {
            return from_json_value(to_json(without_gil([&] { return s.check(rebuild); })));
          },
          py::arg("rebuild") = false,
          "Replays the event log against the statistics tables: {events_replayed, rows, "
          "mismatches, rebuilt}; rebuild=True rewrites them when they differ.");
  keyword_requests(m, "StatisticsService", {{"throughput", "StatsRange"}, {"flow", "StatsRange"}, {"cycle_times", "StatsRange"}, {"time_in_phase", "StatsRange"}, {"utilisation", "StatsRange"}});
}

}  // namespace dagboard::python
