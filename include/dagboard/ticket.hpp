// SPDX-License-Identifier: Apache-2.0
// Tickets: units of work on the board, with a human key such as `PAY-42`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <dagboard/enums.hpp>
#include <dagboard/fwd.hpp>
#include <dagboard/types.hpp>

namespace dagboard {

struct Ticket {
  std::string id;       // UUID
  std::string key;      // "<PROJECT_KEY>-<number>", unique, never reused
  long long number = 0;
  std::string project_id;
  std::string title;
  std::optional<std::string> description;
  std::string phase_id;
  TicketStatus status = TicketStatus::backlog;
  Priority priority = Priority::medium;
  std::optional<std::string> previous_phase_id;
  bool is_blocked = false;
  std::optional<std::string> blocked_reason;
  std::optional<Timestamp> blocked_at;
  ApprovalStatus approval_status = ApprovalStatus::approved;
  std::optional<Timestamp> approval_deadline_at;
  std::optional<std::string> requested_by_agent_id;
  std::optional<std::string> rejection_reason;
  Json context = Json::object();
  std::vector<std::string> blocked_by;  // ids of tickets that block this one
  std::vector<std::string> blocks;      // ids of tickets this one blocks
  Timestamp created_at;
  Timestamp updated_at;
};

struct NewTicket {
  std::string project_id;  // id or key of the project
  std::string title;
  std::optional<std::string> description;
  std::optional<std::string> phase_id;  // default: the project's default_phase_id
  TicketStatus status = TicketStatus::backlog;
  Priority priority = Priority::medium;
  ApprovalStatus approval_status = ApprovalStatus::approved;
  std::optional<Timestamp> approval_deadline_at;
  std::optional<std::string> requested_by_agent_id;
  bool is_blocked = false;
  std::optional<std::string> blocked_reason;
  Json context = Json::object();
  std::vector<std::string> blocked_by;  // ticket ids or keys in the same project
};

struct TicketUpdate {
  std::optional<std::string> title;
  std::optional<Nullable<std::string>> description;
  std::optional<std::string> phase_id;
  std::optional<TicketStatus> status;
  std::optional<Priority> priority;
  std::optional<bool> is_blocked;
  std::optional<Nullable<std::string>> blocked_reason;
  std::optional<ApprovalStatus> approval_status;
  std::optional<Nullable<Timestamp>> approval_deadline_at;
  std::optional<Nullable<std::string>> requested_by_agent_id;
  std::optional<Nullable<std::string>> rejection_reason;
  std::optional<Json> context;
  std::optional<std::vector<std::string>> blocked_by;  // replaces the list
};

struct TicketQuery {
  std::optional<std::string> project_id;  // id or key
  std::optional<TicketStatus> status;
  std::optional<std::string> phase_id;
  std::optional<Priority> priority;
  PageRequest page;
};

Json to_json(const Ticket& t);
NewTicket new_ticket_from_json(const Json& j);
TicketUpdate ticket_update_from_json(const Json& j);
TicketQuery ticket_query_from_json(const Json& j);

class TicketService {
 public:
  explicit TicketService(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  /// Assigns the next key of the project atomically. @throws NotFound, ValidationError.
  Ticket create(const NewTicket& req) const;
  /// By id or by key (`PAY-42`). @throws NotFound (TICKET_NOT_FOUND).
  Ticket get(std::string_view id_or_key) const;
  std::optional<Ticket> find(std::string_view id_or_key) const;
  /// Ordered by creation. Filters combine with AND.
  Page<Ticket> list(const TicketQuery& query = {}) const;
  Ticket update(std::string_view id_or_key, const TicketUpdate& changes) const;
  /// Deletes the ticket with its tasks; its key is never handed out again.
  void remove(std::string_view id_or_key) const;

 private:
  detail::ContextPtr ctx_;
};

}  // namespace dagboard
