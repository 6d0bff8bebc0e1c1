// SPDX-License-Identifier: Apache-2.0
// GraphService's progress and stranded views.
#include <dagboard/graph.hpp>

#include "core/context.hpp"
#include "core/lookup.hpp"
#include "storage/progress_repo.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

Progress summarize(std::string scope, std::string id, const storage::TaskCounts& c) {
  Progress p{std::move(scope), std::move(id)};
  for (auto status : wire_values<TaskStatus>()) p.by_status[std::string(status)] = 0;
  for (const auto& [status, n] : c.by_status) {
    p.by_status[status] = n;
    p.total += n;
  }
  p.running = p.by_status["claiming"] + p.by_status["assigned"] + p.by_status["running"];
  p.ready = c.ready;
  p.stranded = c.stranded;
  p.waiting = p.by_status["pending"] - p.ready - p.stranded;
  p.settled = p.running == 0 && p.ready == 0 && p.waiting == 0;
  p.all_completed = p.by_status["completed"] == p.total;
  return p;
}

}  // namespace

Json to_json(const Progress& p) {
  return Json{{"scope", p.scope},       {"id", p.id},
              {"total", p.total},       {"by_status", p.by_status},
              {"ready", p.ready},       {"running", p.running},
              {"stranded", p.stranded}, {"waiting", p.waiting},
              {"settled", p.settled},   {"all_completed", p.all_completed}};
}

std::vector<Task> GraphService::stranded(std::string_view project) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    return storage::stranded_tasks(tx, core::require_project(tx, project).id);
  });
}

Progress GraphService::project_progress(std::string_view project) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    auto id = core::require_project(tx, project).id;
    return summarize("project", id, storage::count_tasks(tx, "project_id", id));
  });
}

Progress GraphService::ticket_progress(std::string_view ticket) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    auto id = core::require_ticket(tx, ticket).id;
    return summarize("ticket", id, storage::count_tasks(tx, "ticket_id", id));
  });
}

}  // namespace dagboard
