// SPDX-License-Identifier: Apache-2.0
#include "storage/ticket_repo.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "storage/row.hpp"
#include "util/ids.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE::storage {
namespace {

const char* kColumns =
    "id, key, number, project_id, title, description, phase_id, status, priority, "
    "previous_phase_id, is_blocked, blocked_reason, blocked_at, approval_status, "
    "approval_deadline_at, requested_by_agent_id, rejection_reason, context, created_at, "
    "updated_at, github_issue_number";

Ticket ticket_from_row(const Row& r) {
  Ticket t;
  t.id = r.text("id");
  t.key = r.text("key");
  t.number = r.integer("number");
  t.project_id = r.text("project_id");
  t.title = r.text("title");
  t.description = r.opt_text("description");
  t.phase_id = r.text("phase_id");
  t.status = parse<TicketStatus>(r.text("status")).value_or(TicketStatus::backlog);
  t.priority = parse<Priority>(r.text("priority")).value_or(Priority::medium);
  t.previous_phase_id = r.opt_text("previous_phase_id");
  t.is_blocked = r.flag("is_blocked");
  t.blocked_reason = r.opt_text("blocked_reason");
  t.blocked_at = r.opt_time("blocked_at");
  t.approval_status =
      parse<ApprovalStatus>(r.text("approval_status")).value_or(ApprovalStatus::approved);
  t.approval_deadline_at = r.opt_time("approval_deadline_at");
  t.requested_by_agent_id = r.opt_text("requested_by_agent_id");
  t.rejection_reason = r.opt_text("rejection_reason");
  t.context = r.json("context");
  t.github_issue_number = r.opt_integer("github_issue_number");
  t.created_at = r.time("created_at");
  t.updated_at = r.time("updated_at");
  return t;
}

Params& ticket_params(Params& p, const Ticket& t) {
  return p.set("id", t.id)
      .set("title", t.title)
      .set("description", t.description)
      .set("phase", t.phase_id)
      .set("status", to_string(t.status))
      .set("priority", to_string(t.priority))
      .set("previous_phase", t.previous_phase_id)
      .set("is_blocked", t.is_blocked)
      .set("blocked_reason", t.blocked_reason)
      .set("blocked_at", t.blocked_at)
      .set("approval", to_string(t.approval_status))
      .set("deadline", t.approval_deadline_at)
      .set("requested_by", t.requested_by_agent_id)
      .set("rejection", t.rejection_reason)
      .set_json("context", t.context)
      .set("updated", t.updated_at);
}

void insert_links(Tx& tx, const Ticket& t) {
  for (const auto& blocker : t.blocked_by) {
    exec(tx.sql(), "INSERT INTO ticket_links (ticket_id, blocked_by_id) VALUES (:t, :b)",
         Params().set("t", t.id).set("b", blocker));
  }
}

// Fills blocked_by and blocks for a batch of tickets with one query.
void load_links(Tx& tx, std::vector<Ticket>& tickets) {
  if (tickets.empty()) return;
  std::map<std::string, Ticket*> by_id;
  std::vector<std::string> ids;
  for (auto& t : tickets) {
    by_id[t.id] = &t;
    ids.push_back(t.id);
  }
  Params params;
  std::string a = in_list(params, "a", ids);
  std::string b = in_list(params, "b", ids);
  query(tx.sql(),
        "SELECT ticket_id, blocked_by_id FROM ticket_links WHERE ticket_id IN (" + a +
            ") OR blocked_by_id IN (" + b + ") ORDER BY ticket_id, blocked_by_id",
        std::move(params), [&](const Row& r) {
          std::string ticket = r.text("ticket_id"), blocker = r.text("blocked_by_id");
          if (auto it = by_id.find(ticket); it != by_id.end()) it->second->blocked_by.push_back(blocker);
          if (auto it = by_id.find(blocker); it != by_id.end()) it->second->blocks.push_back(ticket);
        });
}

std::vector<Ticket> select_tickets(Tx& tx, const std::string& sql, Params params) {
  std::vector<Ticket> out;
  query(tx.sql(), sql, std::move(params), [&](const Row& r) { out.push_back(ticket_from_row(r)); });
  load_links(tx, out);
  return out;
}

}  // namespace

void insert_ticket(Tx& tx, const Ticket& t) {
  Params p;
  ticket_params(p, t).set("key", t.key).set("number", t.number).set("project", t.project_id)
      .set("created", t.created_at).set("issue", t.github_issue_number);
  exec(tx.sql(),
       "INSERT INTO tickets (id, key, number, project_id, title, description, phase_id, status, "
       "priority, previous_phase_id, is_blocked, blocked_reason, blocked_at, approval_status, "
       "approval_deadline_at, requested_by_agent_id, rejection_reason, context, created_at, "
       "updated_at, github_issue_number) VALUES (:id, :key, :number, :project, :title, :description, :phase, "
       ":status, :priority, :previous_phase, :is_blocked, :blocked_reason, :blocked_at, "
       ":approval, :deadline, :requested_by, :rejection, :context, :created, :updated, :issue)",
       std::move(p));
  insert_links(tx, t);
}

std::optional<Ticket> find_ticket(Tx& tx, std::string_view id_or_key, bool lock) {
  if (!util::is_storable_text(id_or_key)) return std::nullopt;  // no stored id is like it
  bool by_id = util::is_uuid(id_or_key);
  std::string value(id_or_key);
  if (!by_id) std::transform(value.begin(), value.end(), value.begin(), ::toupper);
  std::string sql = std::string("SELECT ") + kColumns + " FROM tickets WHERE " +
                    (by_id ? "id" : "key") + " = :v" + (lock ? tx.for_update() : "");
  auto rows = select_tickets(tx, sql, Params().set("v", value));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

Listed<Ticket> list_tickets(Tx& tx, const TicketFilter& f, const ListWindow& window) {
  Where where;
  where.equals("project_id", f.project_id)
      .any_of("status", f.status)
      .any_of("phase_id", f.phase_id)
      .any_of("priority", f.priority);
  return list_rows(tx, std::string("SELECT ") + kColumns + " FROM tickets", "tickets",
                   std::move(where), window, [&](const std::string& sql, Params params) {
                     return select_tickets(tx, sql, std::move(params));
                   });
}

void update_ticket(Tx& tx, const Ticket& t, bool links_changed) {
  Params p;
  ticket_params(p, t);
  exec(tx.sql(),
       "UPDATE tickets SET title = :title, description = :description, phase_id = :phase, "
       "status = :status, priority = :priority, previous_phase_id = :previous_phase, "
       "is_blocked = :is_blocked, blocked_reason = :blocked_reason, blocked_at = :blocked_at, "
       "approval_status = :approval, approval_deadline_at = :deadline, "
       "requested_by_agent_id = :requested_by, rejection_reason = :rejection, "
       "context = :context, updated_at = :updated WHERE id = :id",
       std::move(p));
  if (links_changed) {
    exec(tx.sql(), "DELETE FROM ticket_links WHERE ticket_id = :id", Params().set("id", t.id));
    insert_links(tx, t);
  }
}

void delete_ticket(Tx& tx, const std::string& id) {
  exec(tx.sql(), "DELETE FROM tickets WHERE id = :id", Params().set("id", id));
}

std::vector<std::string> expired_review_ids(Tx& tx, Timestamp now) {
  std::vector<std::string> out;
  query(tx.sql(),
        "SELECT id FROM tickets WHERE approval_status = 'pending_review' AND approval_deadline_at IS NOT NULL "
        "AND approval_deadline_at <= :now ORDER BY approval_deadline_at, id",
        Params().set("now", now), [&](const Row& r) { out.push_back(r.text("id")); });
  return out;
}

long long count_pending_review(Tx& tx, const std::optional<std::string>& project_id) {
  Params params;
  std::string sql = "SELECT COUNT(*) AS v FROM tickets WHERE approval_status = 'pending_review'";
  if (project_id) {
    sql += " AND project_id = :p";
    params.set("p", *project_id);
  }
  return query_integer(tx.sql(), sql, std::move(params)).value_or(0);
}

}  // namespace dagboard::storage
