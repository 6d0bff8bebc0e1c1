// SPDX-License-Identifier: Apache-2.0
// The GitHub REST uses: a commit's files and stats, its diff, an issue for a ticket.
#include <dagboard/errors.hpp>
#include <dagboard/github.hpp>

#include "core/context.hpp"
#include "core/lookup.hpp"
#include "storage/commit_repo.hpp"
#include "storage/github_repo.hpp"
#include "vcs/github_api.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

struct Repo {
  std::string owner, name;
  std::string path() const { return "/repos/" + owner + "/" + name; }
};

Repo repository_of(const detail::ContextPtr& ctx, const std::string& project_id) {
  Project p = ProjectService(ctx).get(project_id);
  if (!p.github_owner || !p.github_repo)
    throw ValidationError("project_id", "project " + p.key + " is not connected to a GitHub repository");
  return {*p.github_owner, *p.github_repo};
}

[[noreturn]] void unexpected(const util::HttpResponse& r) {
  std::string message;
  try {
    message = Json::parse(r.body).value("message", "");
  } catch (...) {
  }
  throw Error(ErrorCode::upstream_error, "GitHub answered " + std::to_string(r.status) + (message.empty() ? "" : ": " + message),
              Json{{"status", r.status}, {"message", message}});
}

util::HttpResponse get_commit(const detail::ContextPtr& ctx, const TicketCommit& link, const std::string& accept) {
  Repo repo = repository_of(ctx, link.project_id);
  auto r = vcs::GitHubApi(ctx->github).call("GET", repo.path() + "/commits/" + link.commit_sha, accept);
  if (r.status == 404 || r.status == 422) throw NotFound(ErrorCode::commit_not_found, "commit", link.commit_sha);
  if (r.status != 200) unexpected(r);
  return r;
}

}  // namespace

std::vector<TicketCommit> GitHubService::refresh_commit(std::string_view sha_or_prefix) const {
  auto links = CommitService(ctx_).links(sha_or_prefix);
  Json commit;
  try {
    commit = Json::parse(get_commit(ctx_, links.front(), "application/vnd.github+json").body);
  } catch (const Json::parse_error&) {
    throw Error(ErrorCode::upstream_error, "GitHub's commit is not JSON");
  }
  std::vector<CommitFile> files;
  for (const auto& f : commit.value("files", Json::array()))
    files.push_back({f.value("filename", ""), f.value("status", "modified"), f.value("additions", 0LL), f.value("deletions", 0LL)});
  const Json stats = commit.value("stats", Json::object());
  std::optional<std::string> author;
  if (commit.contains("commit") && commit["commit"].contains("author"))
    author = commit["commit"]["author"].value("name", "");
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    for (auto& link : links) {
      link.files_list = files;
      link.files_changed = static_cast<long long>(files.size());
      link.insertions = stats.value("additions", 0LL);
      link.deletions = stats.value("deletions", 0LL);
      if (author && !author->empty()) link.author = author;
      storage::update_commit_details(tx, link);
      tx.emit("COMMIT_DETAILS_FETCHED", "commit", link.commit_sha, link.project_id,
              Json{{"commit_sha", link.commit_sha}, {"ticket_id", link.ticket_id}, {"files_changed", link.files_changed},
                   {"insertions", link.insertions}, {"deletions", link.deletions}});
    }
    return links;
  });
}

std::vector<DiffFile> GitHubService::commit_diff(std::string_view sha_or_prefix, const std::optional<std::string>& file_path) const {
  auto link = CommitService(ctx_).get(sha_or_prefix);
  auto files = parse_unified_diff(get_commit(ctx_, link, "application/vnd.github.diff").body);
  if (file_path) std::erase_if(files, [&](const DiffFile& f) { return f.path != *file_path; });
  return files;
}

CreatedIssue GitHubService::create_issue(std::string_view ticket_ref) const {
  Ticket t = TicketService(ctx_).get(ticket_ref);
  if (t.github_issue_number)
    throw Conflict("ticket " + t.key + " already has GitHub issue #" + std::to_string(*t.github_issue_number),
                   Json{{"github_issue_number", *t.github_issue_number}});
  Repo repo = repository_of(ctx_, t.project_id);
  Json body{{"title", t.key + ": " + t.title}, {"body", t.description.value_or("")}};
  auto r = vcs::GitHubApi(ctx_->github).call("POST", repo.path() + "/issues", "application/vnd.github+json", body.dump());
  if (r.status != 201) unexpected(r);
  Json created = Json::parse(r.body);
  CreatedIssue issue{created.value("number", 0LL), created.value("html_url", "")};
  if (issue.number <= 0) throw Error(ErrorCode::upstream_error, "GitHub's new issue has no number");
  ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    storage::set_ticket_issue(tx, t.id, issue.number);
    tx.emit("TICKET_ISSUE_CREATED", "ticket", t.id, t.project_id,
            Json{{"ticket_id", t.id}, {"key", t.key}, {"github_issue_number", issue.number}, {"url", issue.url}});
  });
  return issue;
}

}  // namespace dagboard
