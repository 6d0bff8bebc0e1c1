// SPDX-License-Identifier: Apache-2.0
#include <dagboard/commits.hpp>
#include <dagboard/errors.hpp>

#include <set>

#include "core/context.hpp"
#include "core/cursor.hpp"
#include "core/lookup.hpp"
#include "storage/commit_repo.hpp"
#include "util/ids.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE {

template <>
Timestamp core::keyset_time(const TicketCommit& c) {
  return c.linked_at;
}

namespace {

bool is_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string normalized_sha(std::string_view sha, size_t min_length, const char* field) {
  std::string s(sha);
  for (auto& c : s)
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c + 32);
  if (s.size() < min_length || s.size() > 64 || !is_hex(s))
    throw ValidationError(field, std::string(field) + " must be " + std::to_string(min_length) +
                                     " to 64 hex digits, got '" + std::string(sha.substr(0, 80)) + "'");
  return s;
}

void validate(const NewCommitLink& r) {
  util::check_text("commit_message", r.commit_message, 1 << 20);
  util::check_opt_text("author", r.author, 255);
  util::check_opt_text("agent_id", r.agent_id, 255);
  if (r.link_method != "manual" && r.link_method != "webhook" && r.link_method != "auto")
    throw ValidationError("link_method", "link_method must be manual, webhook or auto");
  for (auto [v, name] : {std::pair{r.files_changed, "files_changed"}, {r.insertions, "insertions"}, {r.deletions, "deletions"}})
    if (v && *v < 0) throw ValidationError(name, std::string(name) + " must not be negative");
  for (const auto& f : r.files_list) {
    util::check_required_text("files_list.path", f.path, 4096);
    if (f.additions < 0 || f.deletions < 0) throw ValidationError("files_list", "file counts must not be negative");
  }
}

TicketCommit build(const NewCommitLink& r, const Ticket& t, std::string sha, Timestamp now) {
  TicketCommit c;
  c.id = "commit-" + util::new_uuid();
  c.ticket_id = t.id;
  c.project_id = t.project_id;
  c.commit_sha = std::move(sha);
  c.commit_message = r.commit_message;
  c.author = r.author;
  c.agent_id = r.agent_id;
  c.commit_timestamp = r.commit_timestamp.value_or(now);
  c.files_list = r.files_list;
  long long additions = 0, deletions = 0;
  for (const auto& f : r.files_list) additions += f.additions, deletions += f.deletions;
  c.files_changed = r.files_changed.value_or(static_cast<long long>(r.files_list.size()));
  c.insertions = r.insertions.value_or(additions);
  c.deletions = r.deletions.value_or(deletions);
  c.link_method = r.link_method;
  c.linked_at = now;
  return c;
}

}  // namespace

namespace detail {

/// Links inside a caller's transaction (the webhook handlers use it). `once`: an existing link
/// is returned instead of refused.
TicketCommit link_commit(storage::Tx& tx, const NewCommitLink& req, bool once) {
  validate(req);
  std::string sha = normalized_sha(req.commit_sha, 7, "commit_sha");
  Ticket t = core::require_ticket(tx, req.ticket_id, /*lock=*/true);  // orders links of one ticket
  if (auto existing = storage::find_commit_link(tx, t.id, sha)) {
    if (once) return *existing;
    throw Conflict("commit " + sha + " is already linked to ticket " + t.key,
                   Json{{"commit_sha", sha}, {"ticket_id", t.id}});
  }
  TicketCommit c = build(req, t, sha, tx.now());
  storage::insert_commit(tx, c);
  tx.emit("COMMIT_LINKED", "commit", c.commit_sha, c.project_id,
          Json{{"commit_sha", c.commit_sha}, {"ticket_id", c.ticket_id}, {"project_id", c.project_id},
               {"agent_id", c.agent_id ? Json(*c.agent_id) : Json()}, {"link_method", c.link_method},
               {"files_changed", c.files_changed}, {"insertions", c.insertions}, {"deletions", c.deletions}});
  return c;
}

}  // namespace detail

TicketCommit CommitService::link(const NewCommitLink& req) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) { return detail::link_commit(tx, req, false); });
}

TicketCommit CommitService::link_once(const NewCommitLink& req) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) { return detail::link_commit(tx, req, true); });
}

std::vector<TicketCommit> CommitService::links(std::string_view sha_or_prefix) const {
  std::string prefix = normalized_sha(sha_or_prefix, 4, "sha");
  auto rows = ctx_->db->read([&](storage::Tx& tx) { return storage::commits_with_prefix(tx, prefix, 1000); });
  std::set<std::string> shas;
  for (const auto& r : rows) shas.insert(r.commit_sha);
  if (shas.empty()) throw NotFound(ErrorCode::commit_not_found, "commit", prefix);
  if (shas.size() > 1) {
    std::vector<std::string> matches(shas.begin(), shas.end());
    if (matches.size() > 10) matches.resize(10);
    throw Conflict("commit prefix '" + prefix + "' is ambiguous: it matches " + std::to_string(shas.size()) +
                       " commits; give more digits",
                   Json{{"prefix", prefix}, {"matches", matches}});
  }
  return rows;
}

TicketCommit CommitService::get(std::string_view sha_or_prefix) const { return links(sha_or_prefix).front(); }

Page<TicketCommit> CommitService::by_ticket(std::string_view ticket, const PageRequest& page) const {
  auto window = core::list_window(page);
  auto rows = ctx_->db->read([&](storage::Tx& tx) {
    return storage::list_commits(tx, storage::CommitScope::ticket, core::require_ticket(tx, ticket).id, window);
  });
  return core::make_page(std::move(rows), window);
}

Page<TicketCommit> CommitService::by_agent(std::string_view agent_id, const PageRequest& page) const {
  util::check_required_text("agent_id", agent_id, 255);
  auto window = core::list_window(page);
  auto rows = ctx_->db->read(
      [&](storage::Tx& tx) { return storage::list_commits(tx, storage::CommitScope::agent, std::string(agent_id), window); });
  return core::make_page(std::move(rows), window);
}

CommitStats CommitService::statistics(const CommitStatsQuery& q) const {
  if (q.top_files < 0 || q.top_files > 1000) throw ValidationError("top_files", "top_files must be 0 to 1000");
  return ctx_->db->read([&](storage::Tx& tx) {
    std::optional<std::string> project;
    if (q.project_id) project = core::require_project(tx, *q.project_id).id;
    return storage::commit_stats(tx, project, q.agent_id, q.top_files);
  });
}

}  // namespace dagboard
