// SPDX-License-Identifier: Apache-2.0
#include <dagboard/errors.hpp>
#include <dagboard/workflow.hpp>

#include "core/context.hpp"
#include "core/lookup.hpp"
#include "core/ticket_moves.hpp"
#include "storage/workflow_repo.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

// Phases in use that `w` would no longer have.
void check_phases_kept(storage::Tx& tx, const std::string& project, const Workflow& w) {
  Json missing = Json::array();
  for (const auto& phase : storage::phases_in_use(tx, project))
    if (!w.phase(phase)) missing.push_back(phase);
  if (!missing.empty()) {
    throw Error(ErrorCode::validation_failed,
                "tickets, tasks or agents of the project are in phases the workflow lacks: " + missing.dump(),
                Json{{"field", "phases"}, {"phase_ids", missing}});
  }
}

Workflow replace(const detail::Context& ctx, std::string_view project, const std::optional<Workflow>& w) {
  return ctx.db->write(ctx.actor, [&](storage::Tx& tx) {
    Project p = core::require_project(tx, project);
    core::lock_project(tx, p.id);
    const Workflow& next = w ? *w : default_workflow();
    check_phases_kept(tx, p.id, next);
    if (w)
      storage::save_workflow_definition(tx, p.id, to_json(*w).dump());
    else
      storage::delete_workflow_definition(tx, p.id);
    tx.emit("WORKFLOW_UPDATED", "project", p.id, p.id,
            Json{{"project_id", p.id}, {"name", next.name}, {"default", !w.has_value()}});
    return next;
  });
}

}  // namespace

Workflow WorkflowService::get(std::string_view project) const {
  return ctx_->db->read([&](storage::Tx& tx) { return core::workflow_of(tx, core::require_project(tx, project).id); });
}

Workflow WorkflowService::set(std::string_view project, const Workflow& workflow) const {
  // Validate what we store exactly as what we read back.
  Workflow checked = workflow_from_json(to_json(workflow));
  return replace(*ctx_, project, checked);
}

Workflow WorkflowService::reset(std::string_view project) const { return replace(*ctx_, project, std::nullopt); }

}  // namespace dagboard
