// SPDX-License-Identifier: Apache-2.0
#include <dagboard/errors.hpp>
#include <dagboard/graph.hpp>

#include "core/context.hpp"
#include "core/cursor.hpp"
#include "core/graph_access.hpp"
#include "core/lookup.hpp"
#include "core/ready.hpp"
#include "graph/algorithms.hpp"
#include "storage/task_repo.hpp"
#include "util/json_input.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

std::vector<std::string> ids_of(const graph::ProjectGraph& g, const std::vector<graph::Node>& nodes) {
  std::vector<std::string> ids;
  ids.reserve(nodes.size());
  for (auto n : nodes) ids.emplace_back(g.id(n));
  return ids;
}

graph::Waves checked_waves(const graph::ProjectGraph& g) {
  auto waves = graph::kahn_waves(g);
  if (!waves.acyclic)
    throw StorageError("the stored dependency graph has a cycle (edited outside dagboard?)");
  return waves;
}

}  // namespace

ReadyQuery ready_query_from_json(const Json& j) {
  util::JsonInput in(j);
  ReadyQuery q;
  q.phase_id = in.string("phase_id");
  q.capabilities = in.strings("capabilities");
  q.page = in.page_request();
  in.finish();
  return q;
}

Json to_json(const CriticalPath& p) {
  Json schedule = Json::array();
  for (const auto& s : p.schedule)
    schedule.push_back({{"task_id", s.task_id}, {"earliest_start", s.earliest_start}, {"slack", s.slack}});
  return Json{{"task_ids", p.task_ids}, {"length", p.length}, {"weighted", p.weighted},
              {"schedule", schedule}};
}

Page<Task> GraphService::ready(std::string_view project, const ReadyQuery& query) const {
  int limit = query.page.limit.value_or(10);
  if (limit < 1 || limit > 1000) throw ValidationError("limit", "limit must be between 1 and 1000");
  core::check_fixed_order(query.page, "ready work is ordered by score");
  auto after = core::decode_ready_cursor(query.page.cursor);
  core::ReadyFilter filter{query.phase_id, std::nullopt};
  if (query.capabilities) filter.capabilities = util::normalize_tokens("capabilities", *query.capabilities);
  return ctx_->db->read([&](storage::Tx& tx) {
    Project p = core::require_project(tx, project);
    long long scored_at = after ? after->scored_at : util::to_micros(tx.now());
    auto ranked = core::with_current_graph(*ctx_, tx, p.id, [&](const graph::ProjectGraph& g) {
      return core::rank_ready(g, filter, scored_at, ctx_->weights, static_cast<size_t>(limit) + 1,
                              after ? std::optional(after->last) : std::nullopt);
    });
    Page<Task> page;
    if (ranked.size() > static_cast<size_t>(limit)) {
      ranked.resize(static_cast<size_t>(limit));
      page.next_cursor = core::encode_ready_cursor({scored_at, ranked.back()});
    }
    std::vector<std::string> ids;
    for (const auto& r : ranked) ids.push_back(r.id);
    page.items = storage::find_tasks(tx, ids);
    for (size_t i = 0; i < page.items.size() && i < ranked.size(); ++i) page.items[i].score = ranked[i].score;
    return page;
  });
}

std::vector<std::string> GraphService::topological_order(std::string_view project) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    Project p = core::require_project(tx, project);
    return core::with_current_graph(*ctx_, tx, p.id, [&](const graph::ProjectGraph& g) {
      return ids_of(g, checked_waves(g).order);
    });
  });
}

std::vector<std::vector<std::string>> GraphService::layers(std::string_view project) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    Project p = core::require_project(tx, project);
    return core::with_current_graph(*ctx_, tx, p.id, [&](const graph::ProjectGraph& g) {
      auto waves = checked_waves(g);
      std::vector<std::vector<std::string>> out(waves.wave_count);
      for (auto n : waves.order) out[waves.wave[n]].emplace_back(g.id(n));
      return out;
    });
  });
}

CriticalPath GraphService::critical_path(std::string_view project, bool weighted) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    Project p = core::require_project(tx, project);
    return core::with_current_graph(*ctx_, tx, p.id, [&](const graph::ProjectGraph& g) {
      auto waves = checked_waves(g);
      auto lp = graph::longest_path(g, waves, weighted);
      CriticalPath cp;
      cp.task_ids = ids_of(g, lp.path);
      cp.length = lp.length;
      cp.weighted = weighted;
      for (auto n : waves.order)
        cp.schedule.push_back({std::string(g.id(n)), lp.earliest_start[n], lp.slack[n]});
      return cp;
    });
  });
}

std::vector<Task> GraphService::blocked_by(std::string_view task) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    Task t = core::require_task(tx, task);
    return storage::find_tasks(tx, t.depends_on);
  });
}

std::vector<Task> GraphService::blocking(std::string_view task) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    Task t = core::require_task(tx, task);
    auto ids = core::with_current_graph(*ctx_, tx, t.project_id, [&](const graph::ProjectGraph& g) {
      std::vector<graph::Node> dependents;
      graph::Node n = g.find(t.id);
      if (n != graph::kNoNode) {
        for (auto v : boost::make_iterator_range(boost::adjacent_vertices(n, g.adjacency())))
          dependents.push_back(static_cast<graph::Node>(v));
      }
      std::sort(dependents.begin(), dependents.end());
      return ids_of(g, dependents);
    });
    return storage::find_tasks(tx, ids);
  });
}

}  // namespace dagboard
