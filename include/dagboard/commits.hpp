// SPDX-License-Identifier: Apache-2.0
// Commits linked to tickets (upstream TicketCommit): by hand, from webhooks, or automatically.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/fwd.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

/// One file of a commit (upstream files_list entry).
struct CommitFile {
  std::string path;
  std::string status = "modified";  // added, modified, removed, renamed
  long long additions = 0;
  long long deletions = 0;
};

struct TicketCommit {
  std::string id;  // "commit-<uuid>"
  std::string ticket_id;
  std::string project_id;
  std::string commit_sha;  // lower-case hex, 7-64 characters
  std::string commit_message;
  std::optional<std::string> author;
  std::optional<std::string> agent_id;
  Timestamp commit_timestamp;
  long long files_changed = 0;
  long long insertions = 0;
  long long deletions = 0;
  std::vector<CommitFile> files_list;
  std::string link_method = "manual";  // manual | webhook | auto
  Timestamp linked_at;
};

struct NewCommitLink {
  std::string ticket_id;  // id or key
  std::string commit_sha;
  std::string commit_message;
  std::optional<std::string> author;
  std::optional<std::string> agent_id;
  std::optional<Timestamp> commit_timestamp;  // default: now
  /// Default: the number of files_list entries, and the sums of their additions / deletions.
  std::optional<long long> files_changed, insertions, deletions;
  std::vector<CommitFile> files_list;
  std::string link_method = "manual";
};

struct FileActivity {
  std::string path;
  long long commits = 0;
  long long changes = 0;  // additions + deletions
};

/// Upstream's /statistics/commits: totals, commits per ticket, most active files.
struct CommitStats {
  long long total_commits = 0;  // distinct SHAs
  long long total_insertions = 0;
  long long total_deletions = 0;
  long long files_changed = 0;
  std::map<std::string, long long> commits_per_ticket;
  std::vector<FileActivity> most_active_files;  // most commits first, at most `top_files`
};

struct CommitStatsQuery {
  std::optional<std::string> project_id;  // id or key
  std::optional<std::string> agent_id;
  int top_files = 10;
};

Json to_json(const TicketCommit& c);
Json to_json(const CommitFile& f);
Json to_json(const CommitStats& s);
NewCommitLink new_commit_link_from_json(const Json& j);
CommitFile commit_file_from_json(const Json& j);

class CommitService {
 public:
  explicit CommitService(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  /// Links a commit to a ticket (event COMMIT_LINKED). @throws NotFound (TICKET_NOT_FOUND),
  /// ValidationError (bad SHA, method, counts), Conflict when this SHA is already linked to it.
  TicketCommit link(const NewCommitLink& req) const;
  /// The same, but a link that exists already is returned as it is (webhook redeliveries).
  TicketCommit link_once(const NewCommitLink& req) const;
  /// The earliest link of a commit, by full SHA or a unique prefix of at least 4 hex digits.
  /// @throws ValidationError for a malformed SHA, Conflict {prefix, matches} when the prefix
  /// names several commits, NotFound (COMMIT_NOT_FOUND) when it names none.
  TicketCommit get(std::string_view sha_or_prefix) const;
  /// Every ticket a commit is linked to.
  std::vector<TicketCommit> links(std::string_view sha_or_prefix) const;
  /// Oldest link first.
  Page<TicketCommit> by_ticket(std::string_view ticket, const PageRequest& page = {}) const;
  Page<TicketCommit> by_agent(std::string_view agent_id, const PageRequest& page = {}) const;
  CommitStats statistics(const CommitStatsQuery& query = {}) const;

 private:
  detail::ContextPtr ctx_;
};

}  // namespace dagboard
