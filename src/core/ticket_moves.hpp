// SPDX-License-Identifier: Apache-2.0
// The one way a ticket changes phase: WIP limits, the status that follows the phase, the phase
// history row and the events. Board moves, status transitions, block and unblock all use it.
#pragma once

#include <optional>
#include <string>

#include <dagboard/ticket.hpp>
#include <dagboard/workflow.hpp>

#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::core {

/// The project's workflow as stored (or the default).
Workflow workflow_of(storage::Tx& tx, const std::string& project_id);

/// Refuses (WIP_LIMIT_EXCEEDED {column, limit, count}) a move of `t` into `to_phase` that would
/// put more tickets in the target column than its wip_limit. A move within a column is free.
void check_wip(storage::Tx& tx, const Workflow& w, const Ticket& t, const std::string& to_phase);

/// Emits BOARD_WIP_VIOLATION {column_id, current_count, wip_limit} when the column showing
/// `phase` now holds more than its limit.
void report_wip_violation(storage::Tx& tx, const Workflow& w, const std::string& project_id,
                          const std::string& phase);

/// The blocked overlay. mark_blocked sets it (before the move to the blocked phase);
/// announce_blocked emits TICKET_BLOCKED once the ticket is there.
void mark_blocked(storage::Tx& tx, Ticket& t, const std::string& blocker_type);
void announce_blocked(storage::Tx& tx, const Ticket& t,
                      const std::optional<std::string>& remediation,
                      const std::optional<std::string>& initiated_by,
                      const std::optional<std::string>& remediation_task_id);
/// Clears the overlay and emits TICKET_UNBLOCKED.
/// Clears the block; TICKET_UNBLOCKED names `to_phase`, the phase the ticket goes back to.
void clear_block(storage::Tx& tx, Ticket& t, const std::optional<std::string>& initiated_by,
                 const std::string& to_phase);

/// Upstream's ticket state machine (VALID_TRANSITIONS, BLOCKED_TRANSITIONS).
bool status_move_allowed(const Ticket& t, TicketStatus to);

struct PhaseChange {
  std::string to_phase;
  std::optional<TicketStatus> to_status;  // default: the phase's status (unchanged for blocked)
  std::optional<std::string> reason;
  std::optional<std::string> initiated_by;
  bool force = false;
  Json artifacts = Json::array();  // ids recorded on the phase history row
};

/// Applies the change to `t` (locked, in `tx`) and writes its row with any other field the
/// caller changed first. Unless forced: the WIP check, and entering a terminal phase (finishing
/// the ticket) is INVALID_TRANSITION while a ticket it is blocked_by is unfinished, or when
/// neither the workflow (the phase's allowed_transitions) nor the state machine leads there (a
/// forced move past the limit reports BOARD_WIP_VIOLATION), previous_phase_id, phase, status,
/// updated_at, a phase history row, and TICKET_STATUS_CHANGED when the status changed.
void change_phase(storage::Tx& tx, const Workflow& w, Ticket& t, const PhaseChange& change);

}  // namespace dagboard::core
