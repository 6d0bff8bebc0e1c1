// SPDX-License-Identifier: Apache-2.0
// /api/v1/statistics (upstream §3.10, planned there): counts now, and series over time.
// /statistics/commits lives with the commits.
#include "routes/routes.hpp"

namespace DAGBOARD_NAMESPACE::server {
namespace {

// `?from&to&bucket` of the project in the path, read by the library's reader.
StatsRange range_of(const Request& q) {
  return stats_range_from_json(
      with_field(query_json(q, {.text = {"from", "to", "bucket"}}), "project_id", q.param(0)));
}

template <class F>
void series_route(Router& r, const std::string& name, F call) {
  r.get("/api/v1/statistics/projects/{id}/" + name,
        [call](Request& q) { return json_response(to_json(call(ws(q).statistics(), range_of(q)))); });
}

}  // namespace

void add_statistics_routes(Router& r) {
  r.get("/api/v1/statistics/projects/{id}/overview", [](Request& q) {
    return json_response(to_json(ws(q).statistics().overview(q.param(0))));
  });
  r.get("/api/v1/statistics/tickets", [](Request& q) {
    query_json(q, {.text = {"project_id"}});
    return json_response(to_json(ws(q).statistics().tickets(required_arg(q, "project_id"))));
  });
  r.get("/api/v1/statistics/agents", [](Request& q) {
    query_json(q, {.text = {"project_id"}});
    return json_response(to_json(ws(q).statistics().agents(required_arg(q, "project_id"))));
  });
  series_route(r, "throughput", [](const StatisticsService& s, const StatsRange& g) { return s.throughput(g); });
  series_route(r, "flow", [](const StatisticsService& s, const StatsRange& g) { return s.flow(g); });
  series_route(r, "cycle-times", [](const StatisticsService& s, const StatsRange& g) { return s.cycle_times(g); });
  series_route(r, "time-in-phase", [](const StatisticsService& s, const StatsRange& g) { return s.time_in_phase(g); });
  series_route(r, "utilisation", [](const StatisticsService& s, const StatsRange& g) { return s.utilisation(g); });
  // Replays the log against the statistics tables; ?rebuild=true repairs what differs.
  r.post("/api/v1/statistics/check", [](Request& q) {
    query_json(q, {.text = {}, .flags = {"rebuild"}});
    return json_response(to_json(ws(q).statistics().check(query_flag(q, "rebuild", false))));
  });
}

}  // namespace dagboard::server
