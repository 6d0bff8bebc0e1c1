// SPDX-License-Identifier: Apache-2.0
// The ticket state machine: transitions, regressions, the blocked overlay, phase history.
#include <algorithm>
#include <functional>
#include <map>

#include <dagboard/errors.hpp>
#include <dagboard/ticket.hpp>

#include "core/changes.hpp"
#include "core/context.hpp"
#include "core/lookup.hpp"
#include "core/task_create.hpp"
#include "core/task_lifecycle.hpp"
#include "core/ticket_approval.hpp"
#include "core/ticket_moves.hpp"
#include "storage/scheduler_repo.hpp"
#include "storage/task_repo.hpp"
#include "storage/ticket_repo.hpp"
#include "storage/workflow_repo.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

using S = TicketStatus;

InvalidTransition refused(const Ticket& t, S to) {
  return InvalidTransition(
      "ticket " + t.key + " cannot go from " + std::string(to_string(t.status)) +
          (t.is_blocked ? " (blocked)" : "") + " to " + std::string(to_string(to)),
      Json{{"ticket_id", t.id},
           {"from", to_string(t.status)},
           {"to", to_string(to)},
           {"is_blocked", t.is_blocked}});
}

// The phase a blocked ticket was working in before it was blocked.
std::string working_phase(const Workflow& w, const Ticket& t) {
  const PhaseDefinition* blocked = w.blocked_phase();
  if (t.is_blocked && blocked && t.phase_id == blocked->id && t.previous_phase_id &&
      w.phase(*t.previous_phase_id))
    return *t.previous_phase_id;
  return t.phase_id;
}

// Upstream's remediation tasks: what an agent should do about each kind of blocker.
std::optional<std::string> remediation_title(const std::string& blocker_type) {
  if (blocker_type == "dependency") return "Resolve dependency";
  if (blocker_type == "waiting_on_clarification") return "Request clarification";
  if (blocker_type == "failing_checks") return "Fix failing checks";
  if (blocker_type == "environment") return "Fix environment";
  return std::nullopt;  // manual: a person parked it
}

// A high-priority task on the ticket, in the phase it was working in, so that an agent picks
// the blocker up. Returns its id.
std::optional<std::string> create_remediation(const detail::Context& ctx, storage::Tx& tx,
                                              const Ticket& t, const std::string& working_phase,
                                              const std::string& blocker_type,
                                              const std::optional<std::string>& remediation) {
  auto title = remediation_title(blocker_type);
  if (!title) return std::nullopt;
  NewTask task;
  task.ticket_id = t.id;
  task.title = *title;
  task.description = remediation;
  task.task_type = "remediation";
  task.priority = Priority::high;
  task.phase_id = working_phase;
  return core::create_tasks(ctx, tx, {task}).front().id;
}

Ticket do_transition(storage::Tx& tx, std::string_view id_or_key, S to,
                     const TransitionOptions& options,
                     const std::function<void(Ticket&)>& before_change) {
  Ticket t = core::require_ticket(tx, id_or_key, /*lock=*/true);
  if (!options.force) core::require_approved(t);
  if (!options.force && !core::status_move_allowed(t, to)) throw refused(t, to);
  if (options.force && to == t.status && !t.is_blocked) return t;
  Workflow w = core::workflow_of(tx, t.project_id);
  const PhaseDefinition* phase = w.phase_for_status(to, working_phase(w, t));
  if (!phase)
    throw ValidationError(
        "status", "no phase of the project's workflow shows status " + std::string(to_string(to)));
  if (t.is_blocked) core::clear_block(tx, t, options.initiated_by, phase->id);
  if (before_change) before_change(t);
  core::change_phase(tx, w, t,
                     {phase->id, to, options.reason, options.initiated_by, options.force});
  return t;
}

}  // namespace

Json to_json(const PhaseHistoryEntry& e) {
  return Json{{"id", e.id},
              {"ticket_id", e.ticket_id},
              {"from_phase", core::or_null(e.from_phase)},
              {"to_phase", e.to_phase},
              {"from_status", e.from_status ? Json(to_string(*e.from_status)) : Json(nullptr)},
              {"to_status", to_string(e.to_status)},
              {"transition_reason", core::or_null(e.transition_reason)},
              {"transitioned_by", core::or_null(e.transitioned_by)},
              {"artifacts", e.artifacts},
              {"created_at", to_iso8601(e.created_at)}};
}

Ticket TicketService::transition(std::string_view id_or_key, TicketStatus to,
                                 const TransitionOptions& options) const {
  return ctx_->db->write(
      ctx_->actor, [&](storage::Tx& tx) { return do_transition(tx, id_or_key, to, options, {}); });
}

Ticket TicketService::regress(std::string_view id_or_key, TicketStatus to,
                              const std::string& feedback, const TransitionOptions& options) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    TransitionOptions o = options;
    if (!o.reason) o.reason = "Regression: " + feedback;
    return do_transition(tx, id_or_key, to, o, [&](Ticket& t) {
      Json& regressions = t.context["regressions"];
      if (!regressions.is_array()) regressions = Json::array();
      regressions.push_back(Json{{"regressed_from", to_string(t.status)},
                                 {"regressed_to", to_string(to)},
                                 {"validation_feedback", feedback},
                                 {"regressed_at", to_iso8601(tx.now())}});
    });
  });
}

Ticket TicketService::block(std::string_view id_or_key, const std::string& blocker_type,
                            const std::optional<std::string>& remediation,
                            const std::optional<std::string>& initiated_by) const {
  if (std::find(std::begin(kBlockerTypes), std::end(kBlockerTypes), blocker_type) ==
      std::end(kBlockerTypes))
    throw ValidationError("blocker_type",
                          "blocker_type must be one of dependency, waiting_on_clarification, "
                          "failing_checks, environment, manual");
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Ticket t = core::require_ticket(tx, id_or_key, /*lock=*/true);
    if (t.is_blocked || t.status == S::done) return t;
    Workflow w = core::workflow_of(tx, t.project_id);
    auto remediation_task = create_remediation(*ctx_, tx, t, t.phase_id, blocker_type, remediation);
    core::mark_blocked(tx, t, blocker_type);
    const PhaseDefinition* blocked = w.blocked_phase();
    // Blocking is never refused for WIP: the blocked column is where stuck work must go.
    core::change_phase(tx, w, t,
                       {blocked ? blocked->id : t.phase_id, t.status, "Blocked: " + blocker_type,
                        initiated_by, /*force=*/true});
    core::announce_blocked(tx, t, remediation, initiated_by, remediation_task);
    return t;
  });
}

Ticket TicketService::unblock(std::string_view id_or_key,
                              const std::optional<std::string>& initiated_by) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Ticket t = core::require_ticket(tx, id_or_key, /*lock=*/true);
    if (!t.is_blocked) return t;
    Workflow w = core::workflow_of(tx, t.project_id);
    std::string back = working_phase(w, t);
    if (const auto* blocked = w.blocked_phase(); blocked && back == blocked->id) {
      const auto* by_status = w.phase_for_status(t.status, back);
      if (by_status) back = by_status->id;
    }
    core::clear_block(tx, t, initiated_by, back);
    core::change_phase(tx, w, t,
                       {back, t.status, std::string("Unblocked"), initiated_by, /*force=*/true});
    return t;
  });
}

std::vector<PhaseHistoryEntry> TicketService::phase_history(std::string_view id_or_key) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    return storage::list_phase_history(tx, core::require_ticket(tx, id_or_key).id);
  });
}

}  // namespace dagboard

namespace DAGBOARD_NAMESPACE {

std::pair<Ticket, std::vector<std::string>> TicketService::complete_work(
    std::string_view id_or_key, const Json& result, const std::string& reason,
    const std::optional<std::string>& initiated_by) const {
  util::check_required_text("reason", reason, 10000);
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Ticket t = core::require_ticket(tx, id_or_key);
    std::vector<std::string> completed;
    storage::TaskFilter filter{.ticket_id = t.id};
    for (const auto& task : storage::list_tasks(tx, filter, {std::nullopt, 100000000}).rows) {
      if (task.status != TaskStatus::pending && task.status != TaskStatus::claiming &&
          task.status != TaskStatus::assigned && task.status != TaskStatus::running)
        continue;
      const ActingAs forced{std::nullopt,
                            /*force=*/true};  // the ticket's completion overrides holders
      core::transition(
          *ctx_, tx, task.id, &forced,
          {TaskStatus::pending, TaskStatus::claiming, TaskStatus::assigned, TaskStatus::running},
          TaskStatus::completed, "TASK_COMPLETED",
          [&](Task& x) {
            x.result = result;
            x.lease_expires_at.reset();
          },
          [&](const Task&) {
            return Json{{"result", result}, {"completed_by", reason}};
          });
      completed.push_back(task.id);
      core::emit_unblocked(tx, task);
    }
    TransitionOptions options{reason, initiated_by, /*force=*/true};
    Ticket done = do_transition(tx, t.id, TicketStatus::done, options, {});
    return std::pair{done, completed};
  });
}

}  // namespace dagboard
