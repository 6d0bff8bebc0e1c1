// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <dagboard/ticket.hpp>

#include "storage/paging.hpp"
#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::storage {

struct TicketFilter {
  std::optional<std::string> project_id;
  AnyOf<TicketStatus> status;
  AnyOf<std::string> phase_id;
  AnyOf<Priority> priority;
};

/// Inserts the ticket and its blocked_by links.
void insert_ticket(Tx& tx, const Ticket& t);
/// By UUID, or by key (`PAY-42`, any case). Loads blocked_by and blocks.
std::optional<Ticket> find_ticket(Tx& tx, std::string_view id_or_key, bool lock = false);
Listed<Ticket> list_tickets(Tx& tx, const TicketFilter& filter, const ListWindow& window);
/// Writes every mutable column, and replaces the links when `links_changed`.
void update_ticket(Tx& tx, const Ticket& t, bool links_changed);
void delete_ticket(Tx& tx, const std::string& id);
/// Ids of tickets pending review whose deadline is at or before `now`, oldest deadline first.
std::vector<std::string> expired_review_ids(Tx& tx, Timestamp now);
long long count_pending_review(Tx& tx, const std::optional<std::string>& project_id);

}  // namespace dagboard::storage
