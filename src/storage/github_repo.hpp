// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <dagboard/project.hpp>
#include <dagboard/ticket.hpp>

#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::storage {

/// Projects with a webhook secret, with the secret (never leaves the library).
std::vector<std::pair<Project, std::string>> projects_with_webhook_secret(Tx& tx);
std::optional<Project> project_for_repository(Tx& tx, const std::string& owner,
                                              const std::string& repo);

bool delivery_seen(Tx& tx, const std::string& delivery_id);
/// False when another process recorded it first.
bool record_delivery(Tx& tx, const std::string& delivery_id, const std::string& event);

struct PullRequestRecord {
  std::string id, ticket_id, project_id, repo_owner, repo_name;
  long long pr_number = 0;
  std::optional<std::string> title, html_url, head_branch, base_branch, merge_commit_sha;
  std::string state = "open";  // open | merged | closed
};
std::optional<PullRequestRecord> find_pull_request(Tx& tx, const std::string& owner,
                                                   const std::string& repo, long long number);
void insert_pull_request(Tx& tx, const PullRequestRecord& pr);
/// Moves the pull request to `state`; false (nothing written) when it is there already, so the
/// same change of state delivered twice is written once.
bool update_pull_request_state(Tx& tx, const std::string& id, const std::string& state,
                               const std::optional<std::string>& merge_commit_sha);

std::optional<std::string> ticket_for_issue(Tx& tx, const std::string& project_id,
                                            long long issue_number);
void set_ticket_issue(Tx& tx, const std::string& ticket_id, long long issue_number);

}  // namespace dagboard::storage
