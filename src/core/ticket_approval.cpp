// SPDX-License-Identifier: Apache-2.0
// Ticket approval (upstream approval.py): review on creation, approve, reject, timeouts.
#include "core/ticket_approval.hpp"

#include <chrono>

#include <dagboard/errors.hpp>

#include "core/changes.hpp"
#include "core/context.hpp"
#include "core/lookup.hpp"
#include "progress/stranded.hpp"
#include "storage/graph_repo.hpp"
#include "storage/project_repo.hpp"
#include "storage/task_repo.hpp"
#include "storage/ticket_repo.hpp"
#include "util/json_input.hpp"

namespace DAGBOARD_NAMESPACE {
namespace core {

ApprovalSettings approval_settings(const Project& p) {
  ApprovalSettings s;
  auto it = p.settings.find("approval");
  if (it == p.settings.end() || it->is_null()) return s;
  try {
    util::JsonInput in(*it);
    s.ticket_human_review = in.boolean("ticket_human_review").value_or(false);
    if (auto t = in.integer("timeout_seconds")) {
      if (*t < 1 || *t > 30LL * 86400)
        throw ValidationError("timeout_seconds", "timeout_seconds must be 1 .. 2592000");
      s.timeout_seconds = static_cast<int>(*t);
    }
    std::string on_reject = in.string("on_reject").value_or("delete");
    if (on_reject != "delete" && on_reject != "archive")
      throw ValidationError("on_reject", "on_reject must be delete or archive");
    s.delete_on_reject = on_reject == "delete";
    in.finish();
  } catch (const ValidationError& e) {
    throw ValidationError("settings.approval." + e.details().value("field", std::string()),
                          e.message());
  }
  return s;
}

void start_review(storage::Tx& tx, const Project& p, Ticket& t) {
  ApprovalSettings settings = approval_settings(p);
  if (!settings.ticket_human_review && t.approval_status != ApprovalStatus::pending_review) return;
  t.approval_status = ApprovalStatus::pending_review;
  if (!t.approval_deadline_at)
    t.approval_deadline_at = tx.now() + std::chrono::seconds(settings.timeout_seconds);
  tx.emit("TICKET_APPROVAL_PENDING", "ticket", t.id, t.project_id,
          Json{{"ticket_id", t.id},
               {"key", t.key},
               {"deadline_at", to_iso8601(*t.approval_deadline_at)},
               {"requested_by_agent_id", or_null(t.requested_by_agent_id)}});
}

void delete_ticket(const detail::Context& ctx, storage::Tx& tx, const Ticket& t) {
  // Each task says it is gone: its holder learns, and its state (running, say) ends in the log.
  for (const Task& task : storage::tasks_of_ticket(tx, t.id))
    tx.emit("TASK_DELETED", "task", task.id, t.project_id,
            Json{{"task_id", task.id},
                 {"ticket_id", t.id},
                 {"old_status", to_string(task.status)},
                 {"agent_id", or_null(task.assigned_agent_id)}});
  storage::delete_ticket(tx, t.id);
  storage::mark_graph_reset(tx, t.project_id, storage::bump_graph_version(tx, t.project_id));
  progress::refresh_before_commit(ctx, tx, t.project_id);  // dependents elsewhere may be freed
  tx.emit("TICKET_DELETED", "ticket", t.id, t.project_id,
          Json{{"ticket_id", t.id}, {"key", t.key}, {"title", t.title}});
}

void require_approved(const Ticket& t) {
  if (t.approval_status == ApprovalStatus::approved) return;
  throw InvalidTransition(
      "ticket " + t.key + " is " + std::string(to_string(t.approval_status)) + ", not approved",
      Json{{"ticket_id", t.id}, {"approval_status", to_string(t.approval_status)}});
}

}  // namespace core

namespace {

Ticket require_pending(storage::Tx& tx, std::string_view id_or_key) {
  Ticket t = core::require_ticket(tx, id_or_key, /*lock=*/true);
  if (t.approval_status != ApprovalStatus::pending_review)
    throw InvalidTransition(
        "ticket " + t.key + " is " + std::string(to_string(t.approval_status)) +
            ", not pending_review",
        Json{{"ticket_id", t.id}, {"approval_status", to_string(t.approval_status)}});
  return t;
}

// Rejected or timed out: kept as it is, or deleted, per the project.
void finish_refused(const detail::Context& ctx, storage::Tx& tx, const Ticket& t) {
  Project p = core::require_project(tx, t.project_id);
  if (core::approval_settings(p).delete_on_reject)
    core::delete_ticket(ctx, tx, t);
  else
    storage::update_ticket(tx, t, false);
}

}  // namespace

Ticket TicketService::approve(std::string_view id_or_key,
                              const std::optional<std::string>& approver_id) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Ticket t = require_pending(tx, id_or_key);
    t.approval_status = ApprovalStatus::approved;
    t.approval_deadline_at.reset();
    t.updated_at = tx.now();
    storage::update_ticket(tx, t, false);
    tx.emit("TICKET_APPROVED", "ticket", t.id, t.project_id,
            Json{{"ticket_id", t.id}, {"key", t.key}, {"approver_id", core::or_null(approver_id)}});
    return t;
  });
}

Ticket TicketService::reject(std::string_view id_or_key, const std::string& reason,
                             const std::optional<std::string>& rejector_id) const {
  if (reason.empty()) throw ValidationError("reason", "a rejection needs a reason");
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Ticket t = require_pending(tx, id_or_key);
    t.approval_status = ApprovalStatus::rejected;
    t.rejection_reason = reason;
    t.approval_deadline_at.reset();
    t.updated_at = tx.now();
    tx.emit("TICKET_REJECTED", "ticket", t.id, t.project_id,
            Json{{"ticket_id", t.id},
                 {"key", t.key},
                 {"rejection_reason", reason},
                 {"rejector_id", core::or_null(rejector_id)}});
    finish_refused(*ctx_, tx, t);
    return t;
  });
}

std::vector<std::string> TicketService::check_approval_timeouts() const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    auto ids = storage::expired_review_ids(tx, tx.now());
    for (const auto& id : ids) {
      Ticket t = core::require_ticket(tx, id, /*lock=*/true);
      t.approval_status = ApprovalStatus::timed_out;
      t.rejection_reason = "Approval timeout exceeded";
      t.updated_at = tx.now();
      tx.emit("TICKET_TIMED_OUT", "ticket", t.id, t.project_id,
              Json{{"ticket_id", t.id}, {"key", t.key}});
      finish_refused(*ctx_, tx, t);
    }
    return ids;
  });
}

long long TicketService::pending_review_count(const std::optional<std::string>& project) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    std::optional<std::string> id;
    if (project) id = core::require_project(tx, *project).id;
    return storage::count_pending_review(tx, id);
  });
}

}  // namespace dagboard
