// SPDX-License-Identifier: Apache-2.0
#include "stats/snapshot_repo.hpp"

#include "storage/row.hpp"

namespace DAGBOARD_NAMESPACE::stats {
namespace {
using storage::Params;
using storage::Row;
}  // namespace

TicketCounts ticket_counts(storage::Tx& tx, const std::string& project_id) {
  TicketCounts c;
  for (auto s : wire_values<TicketStatus>()) c.by_status[std::string(s)] = 0;
  for (auto p : wire_values<Priority>()) c.by_priority[std::string(p)] = 0;
  storage::query(tx.sql(),
                 "SELECT status, priority, phase_id, is_blocked, COUNT(*) AS n FROM tickets "
                 "WHERE project_id = :p GROUP BY status, priority, phase_id, is_blocked",
                 Params().set("p", project_id), [&](const Row& r) {
                   long long n = r.integer("n");
                   c.total += n;
                   c.by_status[r.text("status")] += n;
                   c.by_priority[r.text("priority")] += n;
                   c.by_phase[r.text("phase_id")] += n;
                   if (r.flag("is_blocked")) c.blocked += n;
                 });
  c.waiting_on_tickets = storage::query_integer(
                             tx.sql(),
                             "SELECT COUNT(DISTINCT t.id) AS v FROM tickets t JOIN ticket_links l "
                             "ON l.ticket_id = t.id JOIN tickets b ON b.id = l.blocked_by_id "
                             "WHERE t.project_id = :p AND t.status <> 'done' AND b.status <> 'done'",
                             Params().set("p", project_id))
                             .value_or(0);
  return c;
}

std::vector<ActiveAgent> active_agents(storage::Tx& tx, const std::string& project_id) {
  auto since = tx.now() - std::chrono::seconds(kActiveAgentWindowSeconds);
  return storage::query_rows(
      tx.sql(),
      "SELECT id, health_status FROM agents WHERE status NOT IN ('TERMINATED', 'FAILED', "
      "'QUARANTINED') AND ((project_id = :p AND COALESCE(last_heartbeat, created_at) >= :since) "
      "OR id IN (SELECT assigned_agent_id FROM tasks WHERE project_id = :p2 AND status IN "
      "('assigned', 'running'))) ORDER BY id",
      Params().set("p", project_id).set("since", since).set("p2", project_id),
      [](const Row& r) { return ActiveAgent{r.text("id"), r.text("health_status")}; });
}

CommitTotals commit_totals(storage::Tx& tx, const std::string& project_id) {
  CommitTotals t;
  std::map<std::string, bool> seen;
  storage::query(tx.sql(),
                 "SELECT commit_sha, agent_id, MAX(insertions + deletions) AS lines, "
                 "MAX(files_changed) AS files FROM ticket_commits WHERE project_id = :p "
                 "GROUP BY commit_sha, agent_id",
                 Params().set("p", project_id), [&](const Row& r) {
                   long long lines = r.integer("lines");
                   if (auto agent = r.opt_text("agent_id")) {
                     auto& a = t.by_agent[*agent];
                     ++a.commits;
                     a.lines_changed += lines;
                   }
                   if (!seen.emplace(r.text("commit_sha"), true).second) return;
                   ++t.commits;
                   t.lines_changed += lines;
                   t.files_changed += r.integer("files");
                 });
  return t;
}

}  // namespace dagboard::stats
