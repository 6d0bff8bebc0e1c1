// SPDX-License-Identifier: Apache-2.0
// Ticket review settings and the pieces of ticket handling that approval shares with the rest.
#pragma once

#include <string>

#include <dagboard/project.hpp>
#include <dagboard/ticket.hpp>

#include "core/context.hpp"
#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::core {

/// settings.approval of a project, with upstream's defaults.
struct ApprovalSettings {
  bool ticket_human_review = false;
  int timeout_seconds = 1800;
  bool delete_on_reject = true;  // on_reject: "delete" (default) or "archive"
};
/// @throws ValidationError (field settings.approval...) for a malformed block.
ApprovalSettings approval_settings(const Project& p);

/// Puts a new ticket under review when its project asks for it, and queues
/// TICKET_APPROVAL_PENDING. Call before inserting it.
void start_review(storage::Tx& tx, const Project& p, Ticket& t);

/// Deletes the ticket with its tasks: one TASK_DELETED per task, then TICKET_DELETED (its tasks
/// left the graph: older indexes reload).
void delete_ticket(const detail::Context& ctx, storage::Tx& tx, const Ticket& t);

/// Refuses (InvalidTransition) work on a ticket that is not approved.
void require_approved(const Ticket& t);

}  // namespace dagboard::core
