// SPDX-License-Identifier: Apache-2.0
#include "storage/github_repo.hpp"

#include "storage/project_repo.hpp"
#include "storage/row.hpp"

namespace DAGBOARD_NAMESPACE::storage {

std::vector<std::pair<Project, std::string>> projects_with_webhook_secret(Tx& tx) {
  std::vector<std::pair<std::string, std::string>> ids;
  query(tx.sql(),
        "SELECT id, github_webhook_secret FROM projects WHERE github_webhook_secret IS NOT NULL",
        {}, [&](const Row& r) { ids.emplace_back(r.text("id"), r.text("github_webhook_secret")); });
  std::vector<std::pair<Project, std::string>> out;
  for (auto& [id, secret] : ids)
    if (auto p = find_project(tx, id)) out.emplace_back(*p, std::move(secret));
  return out;
}

std::optional<Project> project_for_repository(Tx& tx, const std::string& owner,
                                              const std::string& repo) {
  std::optional<std::string> id;
  query(tx.sql(),
        "SELECT id FROM projects WHERE LOWER(github_owner) = LOWER(:o) AND LOWER(github_repo) = "
        "LOWER(:r) "
        "ORDER BY created_at LIMIT 1",
        Params().set("o", owner).set("r", repo), [&](const Row& r) { id = r.text("id"); });
  return id ? find_project(tx, *id) : std::nullopt;
}

bool delivery_seen(Tx& tx, const std::string& delivery_id) {
  bool seen = false;
  query(tx.sql(), "SELECT 1 AS x FROM github_deliveries WHERE delivery_id = :d",
        Params().set("d", delivery_id), [&](const Row&) { seen = true; });
  return seen;
}

bool record_delivery(Tx& tx, const std::string& delivery_id, const std::string& event) {
  return exec(tx.sql(),
              "INSERT INTO github_deliveries (delivery_id, event, received_at) VALUES (:d, :e, :t) "
              "ON CONFLICT (delivery_id) DO NOTHING",
              Params().set("d", delivery_id).set("e", event).set("t", tx.now())) == 1;
}

namespace {
PullRequestRecord pr_from_row(const Row& r) {
  PullRequestRecord pr;
  pr.id = r.text("id");
  pr.ticket_id = r.text("ticket_id");
  pr.project_id = r.text("project_id");
  pr.repo_owner = r.text("repo_owner");
  pr.repo_name = r.text("repo_name");
  pr.pr_number = r.integer("pr_number");
  pr.title = r.opt_text("title");
  pr.html_url = r.opt_text("html_url");
  pr.head_branch = r.opt_text("head_branch");
  pr.base_branch = r.opt_text("base_branch");
  pr.merge_commit_sha = r.opt_text("merge_commit_sha");
  pr.state = r.text("state");
  return pr;
}
}  // namespace

std::optional<PullRequestRecord> find_pull_request(Tx& tx, const std::string& owner,
                                                   const std::string& repo, long long number) {
  std::optional<PullRequestRecord> out;
  query(tx.sql(),
        "SELECT * FROM ticket_pull_requests WHERE LOWER(repo_owner) = LOWER(:o) AND "
        "LOWER(repo_name) = LOWER(:r) "
        "AND pr_number = :n",
        Params().set("o", owner).set("r", repo).set("n", number),
        [&](const Row& r) { out = pr_from_row(r); });
  return out;
}

void insert_pull_request(Tx& tx, const PullRequestRecord& pr) {
  exec(tx.sql(),
       "INSERT INTO ticket_pull_requests (id, ticket_id, project_id, repo_owner, repo_name, "
       "pr_number, title, "
       "html_url, head_branch, base_branch, state, merge_commit_sha, created_at) VALUES (:id, :t, "
       ":p, :o, :r, :n, "
       ":title, :url, :head, :base, :state, :merge, :now)",
       Params()
           .set("id", pr.id)
           .set("t", pr.ticket_id)
           .set("p", pr.project_id)
           .set("o", pr.repo_owner)
           .set("r", pr.repo_name)
           .set("n", pr.pr_number)
           .set("title", pr.title)
           .set("url", pr.html_url)
           .set("head", pr.head_branch)
           .set("base", pr.base_branch)
           .set("state", pr.state)
           .set("merge", pr.merge_commit_sha)
           .set("now", tx.now()));
}

bool update_pull_request_state(Tx& tx, const std::string& id, const std::string& state,
                               const std::optional<std::string>& merge_commit_sha) {
  // Plain assignments per state: PostgreSQL cannot type untyped parameters inside CASE.
  std::string times = state == "merged"   ? ", merged_at = :now, closed_at = :now2"
                      : state == "closed" ? ", closed_at = :now"
                                          : ", closed_at = NULL";
  Params params;
  params.set("s", state);
  if (state != "open") params.set("now", tx.now());
  if (state == "merged") params.set("now2", tx.now());
  std::string merge;
  if (merge_commit_sha) {
    merge = ", merge_commit_sha = :m";
    params.set("m", *merge_commit_sha);
  }
  params.set("id", id).set("s2", state);
  return exec(tx.sql(),
              "UPDATE ticket_pull_requests SET state = :s" + times + merge +
                  " WHERE id = :id AND state <> :s2",
              std::move(params)) == 1;
}

std::optional<std::string> ticket_for_issue(Tx& tx, const std::string& project_id,
                                            long long issue_number) {
  std::optional<std::string> id;
  query(tx.sql(),
        "SELECT id FROM tickets WHERE project_id = :p AND github_issue_number = :n ORDER BY "
        "created_at LIMIT 1",
        Params().set("p", project_id).set("n", issue_number),
        [&](const Row& r) { id = r.text("id"); });
  return id;
}

void set_ticket_issue(Tx& tx, const std::string& ticket_id, long long issue_number) {
  exec(tx.sql(), "UPDATE tickets SET github_issue_number = :n WHERE id = :id",
       Params().set("n", issue_number).set("id", ticket_id));
}

}  // namespace dagboard::storage
