// SPDX-License-Identifier: Apache-2.0
#include <algorithm>

#include <dagboard/errors.hpp>
#include <dagboard/limits.hpp>
#include <dagboard/ticket.hpp>

#include "core/changes.hpp"
#include "core/context.hpp"
#include "core/cursor.hpp"
#include "core/lookup.hpp"
#include "core/ticket_approval.hpp"
#include "core/ticket_moves.hpp"
#include "storage/github_repo.hpp"
#include "storage/graph_repo.hpp"
#include "storage/project_repo.hpp"
#include "storage/ticket_repo.hpp"
#include "util/ids.hpp"
#include "util/record_version.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

void check_fields(const Ticket& t) {
  util::check_required_text("title", t.title, 500);
  util::check_opt_text("description", t.description, 100000);
  util::check_opt_text("blocked_reason", t.blocked_reason, 100);
  util::check_opt_text("requested_by_agent_id", t.requested_by_agent_id, 100);
  util::check_opt_text("rejection_reason", t.rejection_reason, 10000);
  if (!t.context.is_object()) throw ValidationError("context", "context must be a JSON object");
  check_json_value("context", t.context);
}

// Resolves ids or keys to ids of tickets in the same project, without duplicates.
std::vector<std::string> resolve_blockers(storage::Tx& tx, const Ticket& t,
                                          const std::vector<std::string>& refs) {
  std::vector<std::string> ids;
  for (const auto& ref : refs) {
    Ticket blocker = core::require_ticket(tx, ref);
    if (blocker.project_id != t.project_id)
      throw ValidationError("blocked_by", "ticket " + blocker.key + " is in another project");
    if (blocker.id == t.id) throw ValidationError("blocked_by", "a ticket cannot block itself");
    if (std::find(ids.begin(), ids.end(), blocker.id) == ids.end()) ids.push_back(blocker.id);
  }
  return ids;
}

// Keeps blocked_at in step with is_blocked.
void sync_blocked_at(Ticket& t, bool was_blocked, Timestamp now) {
  if (t.is_blocked && !was_blocked) t.blocked_at = now;
  if (!t.is_blocked) t.blocked_at.reset();
}

// Every field but the phase (and the status that follows it), which change_phase handles.
void apply(Ticket& t, const TicketUpdate& u) {
  if (u.title) t.title = *u.title;
  if (u.description) t.description = *u.description;
  if (u.status && !u.phase_id) t.status = *u.status;
  if (u.priority) t.priority = *u.priority;
  if (u.is_blocked) t.is_blocked = *u.is_blocked;
  if (u.blocked_reason) t.blocked_reason = *u.blocked_reason;
  if (u.approval_status) t.approval_status = *u.approval_status;
  if (u.approval_deadline_at) t.approval_deadline_at = *u.approval_deadline_at;
  if (u.requested_by_agent_id) t.requested_by_agent_id = *u.requested_by_agent_id;
  if (u.rejection_reason) t.rejection_reason = *u.rejection_reason;
  if (u.context) t.context = *u.context;
}

void check_phase_known(const Workflow& w, const std::string& phase_id) {
  if (!w.phase(phase_id))
    throw ValidationError("phase_id", "phase '" + phase_id + "' is not in the project's workflow");
}

// Phase and status of a new ticket: the status follows the phase, or the phase the status.
void place_new_ticket(const Workflow& w, const NewTicket& req, const Project& project, Ticket& t) {
  if (!req.phase_id && req.status) {
    const PhaseDefinition* phase = w.phase_for_status(*req.status, project.default_phase_id);
    if (!phase)
      throw ValidationError("status", "no phase of the project's workflow shows this status");
    t.phase_id = phase->id;
  } else {
    t.phase_id = req.phase_id.value_or(project.default_phase_id);
  }
  check_phase_known(w, t.phase_id);
  const PhaseDefinition* phase = w.phase(t.phase_id);
  if (req.status && phase->status && *req.status != *phase->status)
    throw ValidationError("status", "status " + std::string(to_string(*req.status)) +
                                        " disagrees with phase " + t.phase_id + " (" +
                                        std::string(to_string(*phase->status)) + ")");
  t.status = phase->status.value_or(req.status.value_or(TicketStatus::backlog));
}

Json created_payload(const Ticket& t) {
  return Json{{"ticket_id", t.id},
              {"key", t.key},
              {"title", t.title},
              {"phase_id", t.phase_id},
              {"status", to_string(t.status)},
              {"priority", to_string(t.priority)},
              {"blocked_by", t.blocked_by}};
}

}  // namespace

Ticket TicketService::create(const NewTicket& req) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Project project = core::require_project(tx, req.project_id);
    core::lock_project(tx, project.id);
    Workflow w = core::workflow_of(tx, project.id);
    Ticket t;
    t.id = util::new_uuid();
    t.project_id = project.id;
    t.title = req.title;
    t.description = req.description;
    place_new_ticket(w, req, project, t);
    t.priority = req.priority;
    t.approval_status = req.approval_status;
    t.approval_deadline_at = req.approval_deadline_at;
    t.requested_by_agent_id = req.requested_by_agent_id;
    t.is_blocked = req.is_blocked;
    t.blocked_reason = req.blocked_reason;
    if (w.phase(t.phase_id)->is_blocked_phase &&
        !t.is_blocked) {  // created straight into the blocked column
      t.is_blocked = true;
      if (!t.blocked_reason) t.blocked_reason = "manual";
    }
    t.context = req.context;
    t.github_issue_number = req.github_issue_number;
    check_fields(t);
    if (t.github_issue_number) {
      if (*t.github_issue_number < 1)
        throw ValidationError("github_issue_number", "github_issue_number must be positive");
      if (auto other = storage::ticket_for_issue(tx, project.id, *t.github_issue_number))
        throw Conflict(
            "GitHub issue #" + std::to_string(*t.github_issue_number) + " already has a ticket",
            Json{{"field", "github_issue_number"}, {"ticket_id", *other}});
    }
    Ticket arriving = t;  // in no column yet: creating it is a move into its column
    arriving.phase_id.clear();
    core::check_wip(tx, w, arriving, t.phase_id);
    t.blocked_by = resolve_blockers(tx, t, req.blocked_by);
    t.created_at = t.updated_at = tx.now();
    sync_blocked_at(t, false, t.created_at);
    t.number = storage::next_ticket_number(tx, project.id);
    t.key = project.key + "-" + std::to_string(t.number);
    tx.emit("TICKET_CREATED", "ticket", t.id, t.project_id, created_payload(t));
    core::start_review(tx, project, t);
    storage::insert_ticket(tx, t);
    return t;
  });
}

Ticket TicketService::get(std::string_view id_or_key) const {
  if (auto t = find(id_or_key)) return *t;
  throw NotFound(ErrorCode::ticket_not_found, "ticket", id_or_key);
}

std::optional<Ticket> TicketService::find(std::string_view id_or_key) const {
  return ctx_->db->read([&](storage::Tx& tx) { return storage::find_ticket(tx, id_or_key); });
}

Page<Ticket> TicketService::list(const TicketQuery& query) const {
  auto window = core::list_window(query.page, core::kByTimeOrPriority);
  auto rows = ctx_->db->read([&](storage::Tx& tx) {
    storage::TicketFilter filter{std::nullopt, query.status, query.phase_id, query.priority};
    if (query.project_id) filter.project_id = core::require_project(tx, *query.project_id).id;
    return storage::list_tickets(tx, filter, window);
  });
  return core::make_page(std::move(rows), window);
}

Ticket TicketService::update(std::string_view id_or_key, const TicketUpdate& changes) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Ticket t = core::require_ticket(tx, id_or_key);
    bool moves = changes.phase_id && *changes.phase_id != t.phase_id;
    if (moves) core::lock_project(tx, t.project_id);  // before the ticket, as every move does
    t = core::require_ticket(tx, t.id, /*lock=*/true);
    Json before = to_json(t);
    util::check_version(changes.if_version, before, "ticket " + t.key);
    bool was_blocked = t.is_blocked;
    TicketStatus status_before = t.status;
    apply(t, changes);
    check_fields(t);
    std::vector<std::string> old_links = t.blocked_by;
    if (changes.blocked_by) t.blocked_by = resolve_blockers(tx, t, *changes.blocked_by);
    sync_blocked_at(t, was_blocked, tx.now());
    bool links_changed = t.blocked_by != old_links;
    if (moves) {
      Workflow w = core::workflow_of(tx, t.project_id);
      check_phase_known(w, *changes.phase_id);
      core::change_phase(
          tx, w, t,
          {*changes.phase_id, changes.status, std::string("Updated"), ctx_->actor, false});
    }
    Json diff = core::diff_changes(before, to_json(t));
    if (diff.empty()) return t;
    t.updated_at = tx.now();
    if (!moves || links_changed) storage::update_ticket(tx, t, links_changed);
    tx.emit("TICKET_UPDATED", "ticket", t.id, t.project_id,
            Json{{"ticket_id", t.id}, {"key", t.key}, {"changes", diff}});
    // A status set without a phase keeps the phase; it is still a status change (a move says
    // so itself, in change_phase).
    if (!moves && t.status != status_before)
      tx.emit("TICKET_STATUS_CHANGED", "ticket", t.id, t.project_id,
              Json{{"ticket_id", t.id},
                   {"key", t.key},
                   {"from_status", to_string(status_before)},
                   {"to_status", to_string(t.status)},
                   {"from_phase", t.phase_id},
                   {"to_phase", t.phase_id},
                   {"initiated_by", core::or_null(ctx_->actor)},
                   {"reason", "Updated"}});
    return t;
  });
}

void TicketService::remove(std::string_view id_or_key) const {
  ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    core::delete_ticket(*ctx_, tx, core::require_ticket(tx, id_or_key, /*lock=*/true));
  });
}

}  // namespace dagboard
