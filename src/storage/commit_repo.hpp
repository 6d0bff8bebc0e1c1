// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <dagboard/commits.hpp>

#include "storage/paging.hpp"
#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::storage {

void insert_commit(Tx& tx, const TicketCommit& c);
std::optional<TicketCommit> find_commit_link(Tx& tx, const std::string& ticket_id, const std::string& sha);
/// Links whose SHA starts with `prefix` (an exact SHA is its own prefix), oldest first.
std::vector<TicketCommit> commits_with_prefix(Tx& tx, const std::string& prefix, int limit);
enum class CommitScope { ticket, agent };
Listed<TicketCommit> list_commits(Tx& tx, CommitScope scope, const std::string& id, const ListWindow& window);
CommitStats commit_stats(Tx& tx, const std::optional<std::string>& project_id,
                         const std::optional<std::string>& agent_id, int top_files);
/// Writes the files, counts and author of a link (filled from GitHub).
void update_commit_details(Tx& tx, const TicketCommit& c);
/// Per ticket of a project: its linked commits, their insertions and deletions (the board cards'
/// commit count and +X −Y).
struct CommitTotals {
  std::string ticket_id;
  long long commits = 0, insertions = 0, deletions = 0;
};
std::vector<CommitTotals> commit_totals_by_ticket(Tx& tx, const std::string& project_id);

}  // namespace dagboard::storage
