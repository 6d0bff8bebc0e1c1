// SPDX-License-Identifier: Apache-2.0
// push, pull_request, issues and commit_comment, with upstream's semantics (github_integration.py)
// and its defects fixed: UUID references resolve, issue numbers resolve, pushes of closing
// keywords to the default branch finish the work, every step can run again without harm.
#include <set>

#include <dagboard/commits.hpp>
#include <dagboard/errors.hpp>

#include "storage/github_repo.hpp"
#include "storage/ticket_repo.hpp"
#include "util/crypto.hpp"
#include "util/ids.hpp"
#include "util/text.hpp"
#include "vcs/webhooks.hpp"

namespace DAGBOARD_NAMESPACE::vcs {
namespace {

std::string text(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const Json& object(const Json& j, const char* key) {
  static const Json empty = Json::object();
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : empty;
}

WebhookResult result(const WebhookContext& w, bool success, std::string message,
                     Json details = Json::object()) {
  return {success, false, std::move(message), w.project.id, std::move(details)};
}

// Writes the events of one fact once, however often and under whatever delivery id it arrives
// (a redelivery after a crash, a repository hook and an organisation hook): `effect_key` names
// the fact and is recorded in the same transaction. False when it was written before.
bool emit_once(const WebhookContext& w, const std::string& effect_key, const char* type,
               const std::string& entity_type, const std::string& entity_id,
               const std::vector<Json>& payloads) {
  return w.ctx->db->write(w.ctx->actor, [&](storage::Tx& tx) {
    if (!storage::record_delivery(tx, "effect:" + effect_key, type)) return false;
    for (const auto& p : payloads) tx.emit(type, entity_type, entity_id, w.project.id, p);
    return true;
  });
}

std::vector<CommitFile> files_of(const Json& commit) {
  std::vector<CommitFile> files;
  for (auto [key, status] :
       {std::pair{"added", "added"}, {"modified", "modified"}, {"removed", "removed"}})
    if (auto it = commit.find(key); it != commit.end() && it->is_array())
      for (const auto& path : *it)
        if (path.is_string()) files.push_back({path.get<std::string>(), status, 0, 0});
  return files;
}

bool is_finished(const Ticket& t) {
  return t.status == TicketStatus::done;
}

}  // namespace

std::optional<Ticket> resolve_reference(const WebhookContext& w, const Reference& r) {
  TicketService tickets(w.ctx);
  std::optional<Ticket> t;
  if (r.kind == ReferenceKind::issue) {
    if (r.repository) {
      std::string expected =
          w.project.github_owner.value_or("") + "/" + w.project.github_repo.value_or("");
      if (util::ascii_lower(*r.repository) != util::ascii_lower(expected)) return std::nullopt;
    }
    auto id = w.ctx->db->read([&](storage::Tx& tx) {
      return storage::ticket_for_issue(tx, w.project.id, std::stoll(r.target));
    });
    if (id) t = tickets.find(*id);
  } else if (r.kind == ReferenceKind::ticket_key || util::is_uuid(r.target)) {
    t = tickets.find(r.target);
  }
  if (t && t->project_id != w.project.id) return std::nullopt;
  return t;
}

WebhookResult handle_push(const WebhookContext& w) {
  std::string ref = text(w.payload, "ref");
  std::string branch = ref.rfind("refs/heads/", 0) == 0 ? ref.substr(11) : ref;
  const Json& repo = object(w.payload, "repository");
  std::string default_branch = text(repo, "default_branch");
  if (default_branch.empty()) default_branch = text(repo, "master_branch");
  bool on_default = !branch.empty() && branch == default_branch;
  CommitService commits(w.ctx);
  Json pushed = Json::array();
  std::set<std::string> linked_tickets, to_close;
  int linked = 0, seen = 0;
  for (const auto& c : w.payload.value("commits", Json::array())) {
    std::string sha = text(c, "id"), message = text(c, "message");
    if (sha.empty()) continue;
    ++seen;
    pushed.push_back(
        {{"sha", sha}, {"message", message}, {"author", text(object(c, "author"), "name")}});
    for (const auto& r : parse_references(message)) {
      auto t = resolve_reference(w, r);
      if (!t) continue;
      NewCommitLink link{t->id, sha, message};
      if (auto name = text(object(c, "author"), "name"); !name.empty())
        link.author = link.agent_id = name;
      link.commit_timestamp = parse_iso8601(text(c, "timestamp"));
      link.files_list = files_of(c);
      const Json& stats = object(c, "stats");
      link.insertions = stats.value("additions", 0LL);
      link.deletions = stats.value("deletions", 0LL);
      link.link_method = "webhook";
      commits.link_once(link);
      linked += linked_tickets.insert(t->id).second;
      if (on_default && r.action == ReferenceAction::close && !is_finished(*t))
        to_close.insert(t->id);
    }
  }
  for (const auto& ticket : to_close)
    TicketService(w.ctx).complete_work(ticket, Json{{"closed_by", "push"}, {"branch", branch}},
                                       "Closed by a commit on " + branch);
  // A push is its ref moving from `before` to `after`.
  std::string push_key = "push:" + w.project.id + ":" + ref + ":" + text(w.payload, "before") +
                         ".." + text(w.payload, "after");
  emit_once(w, push_key, "COMMIT_PUSHED", "project", w.project.id,
            {Json{{"branch", branch},
                  {"commits", pushed},
                  {"linked_tickets", linked_tickets},
                  {"closed_tickets", to_close}}});
  return result(w, true,
                "Processed " + std::to_string(seen) + " commits, linked " + std::to_string(linked) +
                    " tickets",
                Json{{"linked_tickets", linked_tickets}, {"closed_tickets", to_close}});
}

WebhookResult handle_pull_request(const WebhookContext& w) {
  const Json& pr = object(w.payload, "pull_request");
  long long number = w.payload.value("number", pr.value("number", 0LL));
  if (number <= 0) return result(w, false, "Missing PR number");
  std::string action = text(w.payload, "action"), owner = *w.project.github_owner,
              repo = *w.project.github_repo;
  std::string n = std::to_string(number);
  auto record = w.ctx->db->read(
      [&](storage::Tx& tx) { return storage::find_pull_request(tx, owner, repo, number); });
  bool merged = action == "closed" && pr.value("merged", false);
  if ((action == "opened" || action == "reopened" || merged) && !record) {
    auto ref = pull_request_reference(text(pr, "title"), text(pr, "body"),
                                      text(object(pr, "head"), "ref"));
    if (!ref)
      return result(
          w, true,
          "PR " + n +
              (merged ? " merged but not linked to any ticket" : " opened but no ticket ID found"));
    auto t = resolve_reference(w, *ref);
    if (!t) return result(w, false, "Ticket " + ref->target + " not found");
    storage::PullRequestRecord r{"pr-" + util::new_uuid(),
                                 t->id,
                                 w.project.id,
                                 owner,
                                 repo,
                                 number,
                                 text(pr, "title"),
                                 text(pr, "html_url"),
                                 text(object(pr, "head"), "ref"),
                                 text(object(pr, "base"), "ref"),
                                 std::nullopt,
                                 "open"};
    w.ctx->db->write(w.ctx->actor, [&](storage::Tx& tx) {
      storage::insert_pull_request(tx, r);
      tx.emit("PR_OPENED", "pull_request", n, w.project.id,
              Json{{"pr_number", number},
                   {"ticket_id", t->id},
                   {"repo_owner", owner},
                   {"repo_name", repo},
                   {"html_url", *r.html_url},
                   {"head_branch", *r.head_branch},
                   {"base_branch", *r.base_branch}});
    });
    record = r;
    if (!merged)
      return result(w, true, "PR " + n + " linked to ticket " + t->key,
                    Json{{"ticket_id", t->id}, {"pr_record_id", r.id}});
  }
  if (merged) {
    std::string sha = text(pr, "merge_commit_sha");
    // Named, not a structured binding: lambdas below capture them (clang 14 refuses bindings).
    auto done =
        TicketService(w.ctx).complete_work(record->ticket_id,
                                           Json{{"pr_merged",
                                                 {{"pr_number", number},
                                                  {"merge_commit_sha", sha},
                                                  {"completed_by", "github_webhook"}}}},
                                           "PR #" + n + " merged");
    const Ticket& t = done.first;
    const auto& completed = done.second;
    w.ctx->db->write(w.ctx->actor, [&](storage::Tx& tx) {
      if (!storage::update_pull_request_state(tx, record->id, "merged",
                                              sha.empty() ? std::nullopt : std::optional(sha)))
        return;  // this merge was recorded before
      tx.emit("PR_MERGED", "pull_request", n, w.project.id,
              Json{{"pr_number", number},
                   {"ticket_id", t.id},
                   {"repo_owner", owner},
                   {"repo_name", repo},
                   {"merge_commit_sha", sha},
                   {"tasks_completed", completed.size()}});
    });
    return result(w, true, "PR " + n + " merged: ticket " + t.key + " done",
                  Json{{"ticket_id", t.id}, {"tasks_completed", completed.size()}});
  }
  if (action == "closed" || action == "reopened") {
    if (!record) return result(w, true, "PR " + n + " closed but not tracked");
    std::string state = action == "closed" ? "closed" : "open";
    w.ctx->db->write(w.ctx->actor, [&](storage::Tx& tx) {
      if (!storage::update_pull_request_state(tx, record->id, state, std::nullopt))
        return;  // already in that state
      tx.emit(action == "closed" ? "PR_CLOSED" : "PR_REOPENED", "pull_request", n, w.project.id,
              Json{{"pr_number", number},
                   {"ticket_id", record->ticket_id},
                   {"repo_owner", owner},
                   {"repo_name", repo}});
    });
    return result(w, true, "PR " + n + " " + action, Json{{"ticket_id", record->ticket_id}});
  }
  if (record && action == "opened")
    return result(w, true, "PR " + n + " already linked to ticket",
                  Json{{"ticket_id", record->ticket_id}});
  return result(w, true, "PR " + n + " " + (action.empty() ? "event" : action) + " acknowledged");
}

WebhookResult handle_issues(const WebhookContext& w) {
  const Json& issue = object(w.payload, "issue");
  long long number = issue.value("number", 0LL);
  if (number <= 0) return result(w, false, "Missing issue number");
  std::string action = text(w.payload, "action"), n = std::to_string(number);
  auto existing = w.ctx->db->read(
      [&](storage::Tx& tx) { return storage::ticket_for_issue(tx, w.project.id, number); });
  TicketService tickets(w.ctx);
  if (action == "opened") {
    if (existing)
      return result(w, true, "Issue " + n + " already has a ticket",
                    Json{{"ticket_id", *existing}});
    NewTicket req;
    req.project_id = w.project.id;
    req.title = text(issue, "title").empty() ? "GitHub issue #" + n : text(issue, "title");
    if (auto body = text(issue, "body"); !body.empty()) req.description = body;
    req.phase_id = "PHASE_BACKLOG";
    req.github_issue_number = number;
    req.context = Json{{"source", "github"},
                       {"github_issue_number", number},
                       {"github_url", text(issue, "html_url")}};
    Ticket t = tickets.create(req);
    return result(w, true, "Issue " + n + " opened: ticket " + t.key, Json{{"ticket_id", t.id}});
  }
  if ((action == "closed" || action == "reopened") && existing) {
    TransitionOptions options{"GitHub issue #" + n + " " + action, std::nullopt, /*force=*/true};
    Ticket t = tickets.transition(
        *existing, action == "closed" ? TicketStatus::done : TicketStatus::backlog, options);
    return result(
        w, true,
        "Issue " + n + " " + action + ": ticket " + t.key + " " + std::string(to_string(t.status)),
        Json{{"ticket_id", t.id}});
  }
  return result(w, true, "Issue " + n + " " + action + " acknowledged");
}

WebhookResult handle_commit_comment(const WebhookContext& w) {
  const Json& comment = object(w.payload, "comment");
  std::string sha = text(comment, "commit_id"), body = text(comment, "body");
  if (sha.empty()) return result(w, false, "Missing commit id");
  std::vector<std::string> tickets;
  try {
    for (const auto& link : CommitService(w.ctx).links(sha))
      if (link.project_id == w.project.id) tickets.push_back(link.ticket_id);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::commit_not_found) throw;
  }
  std::vector<Json> payloads;
  for (const auto& ticket : tickets)
    payloads.push_back(Json{{"commit_sha", sha},
                            {"comment", body},
                            {"ticket_id", ticket},
                            {"author", text(object(comment, "user"), "login")}});
  // A comment is its id (or, without one, the commit, author, time and text).
  Json id = comment.value("id", Json());
  std::string comment_key =
      "commit_comment:" + (id.is_null()
                               ? sha + ":" + text(object(comment, "user"), "login") + ":" +
                                     text(comment, "created_at") + ":" + util::sha256_hex(body)
                               : id.dump());
  if (!payloads.empty()) emit_once(w, comment_key, "COMMIT_COMMENTED", "commit", sha, payloads);
  return result(w, true,
                "Comment on " + sha.substr(0, 12) + " linked to " + std::to_string(tickets.size()) +
                    " tickets",
                Json{{"ticket_ids", tickets}});
}

}  // namespace dagboard::vcs
