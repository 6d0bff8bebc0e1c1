// SPDX-License-Identifier: Apache-2.0
#include <dagboard/board.hpp>
#include <dagboard/errors.hpp>
#include <dagboard/ticket.hpp>

#include <tuple>
#include <unordered_map>

#include "core/context.hpp"
#include "core/lookup.hpp"
#include "core/ticket_approval.hpp"
#include "core/ticket_moves.hpp"
#include "util/json_input.hpp"
#include "storage/commit_repo.hpp"
#include "storage/event_repo.hpp"
#include "storage/progress_repo.hpp"
#include "storage/ticket_repo.hpp"
#include "storage/workflow_repo.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

long long count_in(const BoardColumn& c, const std::map<std::string, long long>& by_phase) {
  long long n = 0;
  for (const auto& p : c.phase_mapping)
    if (auto it = by_phase.find(p); it != by_phase.end()) n += it->second;
  return n;
}

bool over(const BoardColumn& c, long long count) {
  return c.wip_limit && count > *c.wip_limit;
}

// Moves `t` (locked, board locked) into column `to`: the first phase of its mapping. Into the
// blocked column it blocks the ticket; out of it, it unblocks.
MoveResult move_locked(storage::Tx& tx, const Workflow& w, Ticket& t, const BoardColumn& to,
                       bool force) {
  if (!force) core::require_approved(t);
  const BoardColumn* from = w.column_for_phase(t.phase_id);
  MoveResult r{t.id, from ? from->id : "", to.id, t.phase_id, false};
  if (from && from->id == to.id) return r;
  const std::string& phase = to.phase_mapping.front();
  const PhaseDefinition* target = w.phase(phase);
  bool into_blocked = target && target->is_blocked_phase;
  std::string from_phase = t.phase_id;
  TicketStatus from_status = t.status;
  bool blocks = into_blocked && !t.is_blocked;
  if (blocks) core::mark_blocked(tx, t, "manual");
  if (!into_blocked && t.is_blocked) core::clear_block(tx, t, std::nullopt, phase);
  core::change_phase(tx, w, t,
                     {phase, std::nullopt, "Moved to column " + to.id, std::nullopt, force});
  if (blocks) core::announce_blocked(tx, t, std::nullopt, std::nullopt, std::nullopt);
  tx.emit("BOARD_TICKET_MOVED", "ticket", t.id, t.project_id,
          Json{{"ticket_id", t.id},
               {"key", t.key},
               {"from_column", r.from_column},
               {"to_column", to.id},
               {"from_phase", from_phase},
               {"to_phase", t.phase_id},
               {"from_status", to_string(from_status)},
               {"to_status", to_string(t.status)},
               {"forced", force}});
  r.new_phase = t.phase_id;
  r.moved = true;
  return r;
}

MoveResult move_in_tx(storage::Tx& tx, std::string_view ticket, const std::string& column_id,
                      bool force) {
  Ticket t = core::require_ticket(tx, ticket, /*lock=*/true);
  Workflow w = core::workflow_of(tx, t.project_id);
  const BoardColumn* to = w.column(column_id);
  if (!to)
    throw ValidationError("target_column_id",
                          "column '" + column_id + "' is not on the project's board");
  return move_locked(tx, w, t, *to, force);
}

}  // namespace

// One writer of the view's shape (board_json.cpp); a tree of it for those who want one.
Json to_json(const BoardView& v) { return Json::parse(to_json_text(v)); }

Json to_json(const ColumnStats& s) {
  return Json{{"column_id", s.column_id},
              {"name", s.name},
              {"ticket_count", s.ticket_count},
              {"wip_limit", s.wip_limit ? Json(*s.wip_limit) : Json(nullptr)},
              {"utilization", s.utilization ? Json(*s.utilization) : Json(nullptr)},
              {"wip_exceeded", s.wip_exceeded}};
}

Json to_json(const WipViolation& v) {
  return Json{{"column_id", v.column_id},
              {"column_name", v.column_name},
              {"wip_limit", v.wip_limit},
              {"current_count", v.current_count},
              {"excess", v.excess}};
}

BoardMove board_move_from_json(const Json& j) {
  util::JsonInput in(j);
  BoardMove m{in.required_string("ticket_id"), in.required_string("target_column_id"),
              in.boolean("force").value_or(false)};
  in.finish();
  return m;
}

Json to_json(const MoveResult& r) {
  return Json{{"ticket_id", r.ticket_id},
              {"from_column", r.from_column},
              {"new_column", r.new_column},
              {"new_phase", r.new_phase},
              {"status", r.moved ? "moved" : "unchanged"}};
}

namespace {
/// The +X -Y of each card: one grouped query for the project, not one per ticket.
void add_commit_totals(storage::Tx& tx, BoardView& v) {
  auto totals = storage::commit_totals_by_ticket(tx, v.project_id);
  if (totals.empty()) return;
  std::unordered_map<std::string, const storage::CommitTotals*> by_ticket;
  for (const auto& t : totals) by_ticket[t.ticket_id] = &t;
  for (auto& c : v.columns)
    for (auto& card : c.tickets)
      if (auto it = by_ticket.find(card.id); it != by_ticket.end()) {
        card.commit_count = it->second->commits;
        card.insertions = it->second->insertions;
        card.deletions = it->second->deletions;
      }
}
void add_agents(storage::Tx& tx, BoardView& v) {
  auto agents = storage::card_agents(tx, v.project_id);
  if (agents.empty()) return;
  for (auto& c : v.columns)
    for (auto& card : c.tickets)
      if (auto it = agents.find(card.id); it != agents.end()) card.agent_ids = std::move(it->second);
}
void add_task_counts(storage::Tx& tx, BoardView& v) {
  auto counts = storage::card_counts(tx, v.project_id);
  for (auto& c : v.columns)
    for (auto& card : c.tickets)
      if (auto it = counts.find(card.id); it != counts.end()) {
        card.tasks_total = it->second.total;
        card.tasks_completed = it->second.completed;
        card.tasks_stranded = it->second.stranded;
      }
}

}  // namespace

BoardView BoardService::view(std::string_view project) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    Project p = core::require_project(tx, project);
    Workflow w = core::workflow_of(tx, p.id);
    BoardView v{p.id, {}, storage::last_event_id(tx)};
    std::map<std::string, size_t> column_of_phase;
    for (const auto& c : w.columns) {
      for (const auto& ph : c.phase_mapping) column_of_phase.emplace(ph, v.columns.size());
      v.columns.push_back({c, 0, false, {}});
    }
    for (auto& card : storage::ticket_cards(tx, p.id)) {
      auto it = column_of_phase.find(card.phase_id);
      if (it == column_of_phase.end()) continue;  // a phase no column shows
      v.columns[it->second].tickets.push_back(BoardCard{
          .id = std::move(card.id), .key = std::move(card.key), .title = std::move(card.title),
          .phase_id = std::move(card.phase_id), .status = std::move(card.status),
          .priority = std::move(card.priority), .approval_status = std::move(card.approval_status),
          .is_blocked = card.is_blocked, .blocked_reason = std::move(card.blocked_reason),
          .context = std::move(card.context)});
    }
    add_commit_totals(tx, v);
    add_task_counts(tx, v);
    add_agents(tx, v);
    for (auto& c : v.columns) {
      c.current_count = static_cast<long long>(c.tickets.size());
      c.wip_exceeded = over(c.column, c.current_count);
    }
    return v;
  });
}

MoveResult BoardService::move(std::string_view ticket, std::string_view column, bool force) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    return move_in_tx(tx, ticket, std::string(column), force);
  });
}

std::vector<ColumnStats> BoardService::stats(std::string_view project) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    Project p = core::require_project(tx, project);
    Workflow w = core::workflow_of(tx, p.id);
    auto by_phase = storage::ticket_counts_by_phase(tx, p.id);
    std::vector<ColumnStats> out;
    for (const auto& c : w.columns) {
      long long n = count_in(c, by_phase);
      std::optional<double> utilization;
      if (c.wip_limit) utilization = static_cast<double>(n) / *c.wip_limit;
      out.push_back({c.id, c.name, n, c.wip_limit, utilization, over(c, n)});
    }
    return out;
  });
}

std::vector<WipViolation> BoardService::wip_violations(std::string_view project) const {
  std::vector<WipViolation> out;
  for (const auto& s : stats(project))
    if (s.wip_exceeded)
      out.push_back(
          {s.column_id, s.name, *s.wip_limit, s.ticket_count, s.ticket_count - *s.wip_limit});
  return out;
}

std::optional<MoveResult> BoardService::auto_transition(std::string_view ticket) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) -> std::optional<MoveResult> {
    Ticket t = core::require_ticket(tx, ticket, /*lock=*/true);
    Workflow w = core::workflow_of(tx, t.project_id);
    const BoardColumn* from = w.column_for_phase(t.phase_id);
    if (!from || !from->auto_transition_to) return std::nullopt;
    const BoardColumn* to = w.column(*from->auto_transition_to);
    try {
      return move_locked(tx, w, t, *to, /*force=*/false);
    } catch (const Error& e) {
      if (e.code() == ErrorCode::wip_limit_exceeded || e.code() == ErrorCode::invalid_transition)
        return std::nullopt;
      throw;
    }
  });
}

BoardColumn BoardService::column_for_phase(std::string_view project,
                                           std::string_view phase_id) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    Workflow w = core::workflow_of(tx, core::require_project(tx, project).id);
    if (const BoardColumn* c = w.column_for_phase(phase_id)) return *c;
    throw ValidationError("phase_id", "no column shows phase " + std::string(phase_id));
  });
}

}  // namespace dagboard
