// SPDX-License-Identifier: Apache-2.0
#include "core/ticket_moves.hpp"

#include <map>

#include <algorithm>

#include <dagboard/errors.hpp>

#include "core/changes.hpp"
#include "core/lookup.hpp"
#include "storage/project_repo.hpp"
#include "storage/ticket_repo.hpp"
#include "storage/workflow_repo.hpp"
#include "util/ids.hpp"

namespace DAGBOARD_NAMESPACE::core {
namespace {

bool in_column(const BoardColumn& c, const std::string& phase) {
  return std::find(c.phase_mapping.begin(), c.phase_mapping.end(), phase) != c.phase_mapping.end();
}

}  // namespace

Workflow workflow_of(storage::Tx& tx, const std::string& project_id) {
  auto stored = storage::load_workflow_definition(tx, project_id);
  return stored ? workflow_from_json(Json::parse(*stored)) : default_workflow();
}

void mark_blocked(storage::Tx& tx, Ticket& t, const std::string& blocker_type) {
  t.is_blocked = true;
  t.blocked_reason = blocker_type;
  t.blocked_at = tx.now();
}

void announce_blocked(storage::Tx& tx, const Ticket& t,
                      const std::optional<std::string>& remediation,
                      const std::optional<std::string>& initiated_by,
                      const std::optional<std::string>& remediation_task_id) {
  tx.emit("TICKET_BLOCKED", "ticket", t.id, t.project_id,
          Json{{"ticket_id", t.id},
               {"key", t.key},
               {"blocker_type", or_null(t.blocked_reason)},
               {"blocked_reason", or_null(t.blocked_reason)},
               {"suggested_remediation", or_null(remediation)},
               {"status", to_string(t.status)},
               {"phase_id", t.phase_id},
               {"initiated_by", or_null(initiated_by)},
               {"remediation_task_id", or_null(remediation_task_id)}});
}

void clear_block(storage::Tx& tx, Ticket& t, const std::optional<std::string>& initiated_by,
                 const std::string& to_phase) {
  auto previous = t.blocked_reason;
  t.is_blocked = false;
  t.blocked_reason.reset();
  t.blocked_at.reset();
  tx.emit("TICKET_UNBLOCKED", "ticket", t.id, t.project_id,
          Json{{"ticket_id", t.id},
               {"key", t.key},
               {"previous_blocker", or_null(previous)},
               {"status", to_string(t.status)},
               {"phase_id", to_phase},
               {"initiated_by", or_null(initiated_by)}});
}

void check_wip(storage::Tx& tx, const Workflow& w, const Ticket& t, const std::string& to_phase) {
  const BoardColumn* target = w.column_for_phase(to_phase);
  if (!target || !target->wip_limit || in_column(*target, t.phase_id)) return;
  long long count = storage::count_tickets_in_phases(tx, t.project_id, target->phase_mapping);
  if (count + 1 > *target->wip_limit) {
    throw Error(ErrorCode::wip_limit_exceeded,
                "column " + target->id + " is at its WIP limit (" + std::to_string(count) + "/" +
                    std::to_string(*target->wip_limit) + ")",
                Json{{"column", target->id},
                     {"limit", *target->wip_limit},
                     {"count", count},
                     {"ticket_id", t.id}});
  }
}

void report_wip_violation(storage::Tx& tx, const Workflow& w, const std::string& project_id,
                          const std::string& phase) {
  const BoardColumn* c = w.column_for_phase(phase);
  if (!c || !c->wip_limit) return;
  long long count = storage::count_tickets_in_phases(tx, project_id, c->phase_mapping);
  if (count > *c->wip_limit) {
    tx.emit("BOARD_WIP_VIOLATION", "board", project_id, project_id,
            Json{{"project_id", project_id},
                 {"column_id", c->id},
                 {"current_count", count},
                 {"wip_limit", *c->wip_limit},
                 {"excess", count - *c->wip_limit}});
  }
}

bool status_move_allowed(const Ticket& t, TicketStatus to) {
  using S = TicketStatus;
  static const std::map<S, std::vector<S>> kValid{
      {S::backlog, {S::analyzing}},         {S::analyzing, {S::building}},
      {S::building, {S::building_done}},    {S::building_done, {S::testing}},
      {S::testing, {S::done, S::building}}, {S::done, {}}};
  static const std::vector<S> kFromBlocked{S::analyzing, S::building, S::building_done, S::testing};
  const auto& targets = t.is_blocked ? kFromBlocked : kValid.at(t.status);
  return std::find(targets.begin(), targets.end(), to) != targets.end();
}

namespace {

// Finishing a ticket: not past unfinished blockers, and only along the workflow or the state
// machine.
void check_finish(storage::Tx& tx, const Workflow& w, const Ticket& t,
                  const PhaseDefinition& target) {
  if (!target.is_terminal || target.id == t.phase_id) return;
  std::vector<std::string> open;
  for (const auto& id : t.blocked_by)
    if (auto b = storage::find_ticket(tx, id); b && b->status != TicketStatus::done)
      open.push_back(b->key);
  if (!open.empty()) {
    std::string names;
    for (const auto& k : open) names += (names.empty() ? "" : ", ") + k;
    throw InvalidTransition(
        "ticket " + t.key + " is blocked by unfinished " + names,
        Json{{"ticket_id", t.id}, {"to_phase", target.id}, {"blocked_by", open}});
  }
  const PhaseDefinition* from = w.phase(t.phase_id);
  bool by_workflow =
      from && std::find(from->allowed_transitions.begin(), from->allowed_transitions.end(),
                        target.id) != from->allowed_transitions.end();
  bool by_status = target.status && status_move_allowed(t, *target.status);
  if (!by_workflow && !by_status)
    throw InvalidTransition("ticket " + t.key + " cannot finish from " + t.phase_id + " (" +
                                std::string(to_string(t.status)) +
                                "); move it along the workflow, or force",
                            Json{{"ticket_id", t.id},
                                 {"from", t.phase_id},
                                 {"to", target.id},
                                 {"is_blocked", t.is_blocked}});
}

}  // namespace

void change_phase(storage::Tx& tx, const Workflow& w, Ticket& t, const PhaseChange& change) {
  const PhaseDefinition* target = w.phase(change.to_phase);
  if (!target)
    throw ValidationError("phase_id",
                          "phase '" + change.to_phase + "' is not in the project's workflow");
  if (!change.force) check_wip(tx, w, t, change.to_phase);
  if (!change.force) check_finish(tx, w, t, *target);
  std::string from_phase = t.phase_id;
  TicketStatus from_status = t.status;
  if (change.to_phase != t.phase_id) {
    t.previous_phase_id = t.phase_id;
    t.phase_id = change.to_phase;
  }
  t.status = change.to_status.value_or(target->status.value_or(t.status));
  t.updated_at = tx.now();
  std::string reason =
      change.reason.value_or("Status transition: " + std::string(to_string(from_status)) + " -> " +
                             std::string(to_string(t.status)));
  PhaseHistoryEntry h{util::new_uuid(), t.id,   from_phase,          t.phase_id,       from_status,
                      t.status,         reason, change.initiated_by, change.artifacts, tx.now()};
  storage::update_ticket(tx, t, /*links_changed=*/false);
  storage::insert_phase_history(tx, h, t.project_id);
  if (t.status != from_status) {
    tx.emit("TICKET_STATUS_CHANGED", "ticket", t.id, t.project_id,
            Json{{"ticket_id", t.id},
                 {"key", t.key},
                 {"from_status", to_string(from_status)},
                 {"to_status", to_string(t.status)},
                 {"from_phase", from_phase},
                 {"to_phase", t.phase_id},
                 {"initiated_by", or_null(change.initiated_by)},
                 {"reason", reason}});
  }
  if (change.force) report_wip_violation(tx, w, t.project_id, t.phase_id);
}

}  // namespace dagboard::core
