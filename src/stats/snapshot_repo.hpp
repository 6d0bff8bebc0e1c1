// SPDX-License-Identifier: Apache-2.0
// Counts of what a project holds now (the statistics that need no history).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <dagboard/statistics.hpp>

#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::stats {

struct TicketCounts {
  long long total = 0, blocked = 0, waiting_on_tickets = 0;
  std::map<std::string, long long> by_status, by_priority, by_phase;
};
TicketCounts ticket_counts(storage::Tx& tx, const std::string& project_id);

/// The one rule for an active agent (docs/statistics.md): not terminated, failed or
/// quarantined, and either holding an assigned or running task of the project, or belonging to
/// it with a heartbeat (or registration) within kActiveAgentWindowSeconds of `now`.
struct ActiveAgent {
  std::string id;
  std::string health_status;
};
std::vector<ActiveAgent> active_agents(storage::Tx& tx, const std::string& project_id);

struct AgentCommitTotals {
  long long commits = 0, lines_changed = 0;
};
struct CommitTotals {
  long long commits = 0, lines_changed = 0, files_changed = 0;
  std::map<std::string, AgentCommitTotals> by_agent;
};
/// Distinct SHAs count once, whatever number of tickets they are linked to.
CommitTotals commit_totals(storage::Tx& tx, const std::string& project_id);

}  // namespace dagboard::stats
