// SPDX-License-Identifier: Apache-2.0
#include "storage/commit_repo.hpp"

#include <map>

#include "storage/row.hpp"

namespace DAGBOARD_NAMESPACE::storage {
namespace {

const std::vector<std::string> kColumns{
    "id", "ticket_id", "project_id", "commit_sha", "commit_message", "author", "agent_id", "commit_timestamp",
    "files_changed", "insertions", "deletions", "files_list", "link_method", "created_at"};

TicketCommit commit_from_row(const Row& r) {
  TicketCommit c;
  c.id = r.text("id");
  c.ticket_id = r.text("ticket_id");
  c.project_id = r.text("project_id");
  c.commit_sha = r.text("commit_sha");
  c.commit_message = r.text("commit_message");
  c.author = r.opt_text("author");
  c.agent_id = r.opt_text("agent_id");
  c.commit_timestamp = r.time("commit_timestamp");
  c.files_changed = r.integer("files_changed");
  c.insertions = r.integer("insertions");
  c.deletions = r.integer("deletions");
  for (const auto& f : r.json("files_list")) c.files_list.push_back(commit_file_from_json(f));
  c.link_method = r.text("link_method");
  c.linked_at = r.time("created_at");
  return c;
}

std::vector<TicketCommit> select_commits(Tx& tx, const std::string& sql, Params params) {
  return query_rows(tx.sql(), sql, std::move(params), commit_from_row);
}

std::string select_sql() { return "SELECT " + join_columns(kColumns) + " FROM ticket_commits"; }

}  // namespace

void insert_commit(Tx& tx, const TicketCommit& c) {
  Json files = Json::array();
  for (const auto& f : c.files_list) files.push_back(to_json(f));
  exec(tx.sql(), insert_sql("ticket_commits", kColumns),
       Params()
           .set("id", c.id)
           .set("ticket_id", c.ticket_id)
           .set("project_id", c.project_id)
           .set("commit_sha", c.commit_sha)
           .set("commit_message", c.commit_message)
           .set("author", c.author)
           .set("agent_id", c.agent_id)
           .set("commit_timestamp", c.commit_timestamp)
           .set("files_changed", c.files_changed)
           .set("insertions", c.insertions)
           .set("deletions", c.deletions)
           .set_json("files_list", files)
           .set("link_method", c.link_method)
           .set("created_at", c.linked_at));
}

std::optional<TicketCommit> find_commit_link(Tx& tx, const std::string& ticket_id, const std::string& sha) {
  return first_of(select_commits(tx, select_sql() + " WHERE ticket_id = :t AND commit_sha = :s",
                             Params().set("t", ticket_id).set("s", sha)));
}

std::vector<TicketCommit> commits_with_prefix(Tx& tx, const std::string& prefix, int limit) {
  // A range on the SHA index instead of LIKE: hex digits sort before 'g'.
  return select_commits(tx,
                        select_sql() + " WHERE commit_sha >= :lo AND commit_sha < :hi ORDER BY created_at, id LIMIT " +
                            std::to_string(limit),
                        Params().set("lo", prefix).set("hi", prefix + "g"));
}

Listed<TicketCommit> list_commits(Tx& tx, CommitScope scope, const std::string& id,
                                  const ListWindow& window) {
  Where where;
  where.equals(scope == CommitScope::ticket ? "ticket_id" : "agent_id", std::optional<std::string>(id));
  return list_rows(tx, select_sql(), "ticket_commits", std::move(where), window,
                   [&](const std::string& sql, Params params) {
                     return select_commits(tx, sql, std::move(params));
                   });
}

CommitStats commit_stats(Tx& tx, const std::optional<std::string>& project_id,
                         const std::optional<std::string>& agent_id, int top_files) {
  Where where;
  where.equals("project_id", project_id).equals("agent_id", agent_id);
  CommitStats s;
  std::map<std::string, bool> seen;
  std::map<std::string, FileActivity> files;
  // One pass over the links: distinct SHAs count once in the totals, every link per ticket.
  query(tx.sql(),
        "SELECT ticket_id, commit_sha, files_changed, insertions, deletions, files_list FROM ticket_commits" + where.sql,
        std::move(where.params), [&](const Row& r) {
          std::string sha = r.text("commit_sha");
          ++s.commits_per_ticket[r.text("ticket_id")];
          if (!seen.emplace(sha, true).second) return;
          ++s.total_commits;
          s.total_insertions += r.integer("insertions");
          s.total_deletions += r.integer("deletions");
          s.files_changed += r.integer("files_changed");
          for (const auto& f : r.json("files_list")) {
            auto& a = files[f.value("path", "")];
            a.path = f.value("path", "");
            ++a.commits;
            a.changes += f.value("additions", 0LL) + f.value("deletions", 0LL);
          }
        });
  for (auto& [path, a] : files) s.most_active_files.push_back(a);
  std::sort(s.most_active_files.begin(), s.most_active_files.end(), [](const auto& a, const auto& b) {
    return a.commits != b.commits ? a.commits > b.commits : a.changes != b.changes ? a.changes > b.changes : a.path < b.path;
  });
  if (static_cast<int>(s.most_active_files.size()) > top_files) s.most_active_files.resize(static_cast<size_t>(top_files));
  return s;
}

std::vector<CommitTotals> commit_totals_by_ticket(Tx& tx, const std::string& project_id) {
  return query_rows(tx.sql(),
                    "SELECT ticket_id, COUNT(*) AS n, SUM(insertions) AS ins, SUM(deletions) AS del "
                    "FROM ticket_commits WHERE project_id = :p GROUP BY ticket_id",
                    Params().set("p", project_id), [](const Row& r) {
                      return CommitTotals{r.text("ticket_id"), r.integer("n"), r.integer("ins"),
                                          r.integer("del")};
                    });
}

}  // namespace dagboard::storage

namespace DAGBOARD_NAMESPACE::storage {

void update_commit_details(Tx& tx, const TicketCommit& c) {
  Json files = Json::array();
  for (const auto& f : c.files_list) files.push_back(to_json(f));
  exec(tx.sql(),
       "UPDATE ticket_commits SET files_list = :f, files_changed = :n, insertions = :i, deletions = :d, "
       "author = :a WHERE id = :id",
       Params()
           .set_json("f", files)
           .set("n", c.files_changed)
           .set("i", c.insertions)
           .set("d", c.deletions)
           .set("a", c.author)
           .set("id", c.id));
}

}  // namespace dagboard::storage
