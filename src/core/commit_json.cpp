// SPDX-License-Identifier: Apache-2.0
#include <dagboard/commits.hpp>

#include "core/changes.hpp"
#include "util/json_input.hpp"

namespace DAGBOARD_NAMESPACE {

Json to_json(const CommitFile& f) {
  return Json{{"path", f.path}, {"status", f.status}, {"additions", f.additions}, {"deletions", f.deletions},
              {"changes", f.additions + f.deletions}};
}

Json to_json(const TicketCommit& c) {
  Json files = Json::array();
  for (const auto& f : c.files_list) files.push_back(to_json(f));
  return Json{{"id", c.id},
              {"ticket_id", c.ticket_id},
              {"project_id", c.project_id},
              {"commit_sha", c.commit_sha},
              {"commit_message", c.commit_message},
              {"author", core::or_null(c.author)},
              {"agent_id", core::or_null(c.agent_id)},
              {"commit_timestamp", to_iso8601(c.commit_timestamp)},
              {"files_changed", c.files_changed},
              {"insertions", c.insertions},
              {"deletions", c.deletions},
              {"files_list", std::move(files)},
              {"link_method", c.link_method},
              {"linked_at", to_iso8601(c.linked_at)}};
}

Json to_json(const CommitStats& s) {
  Json files = Json::array();
  for (const auto& f : s.most_active_files) files.push_back({{"path", f.path}, {"commits", f.commits}, {"changes", f.changes}});
  return Json{{"total_commits", s.total_commits},
              {"total_insertions", s.total_insertions},
              {"total_deletions", s.total_deletions},
              {"total_lines_changed", s.total_insertions + s.total_deletions},
              {"files_changed", s.files_changed},
              {"commits_per_ticket", s.commits_per_ticket},
              {"most_active_files", std::move(files)}};
}

CommitFile commit_file_from_json(const Json& j) {
  util::JsonInput in(j);
  CommitFile f;
  f.path = in.required_string("path");
  if (auto v = in.string("status")) f.status = *v;
  if (auto v = in.integer("additions")) f.additions = *v;
  if (auto v = in.integer("deletions")) f.deletions = *v;
  in.integer("changes");  // derived; accepted and ignored
  in.finish();
  return f;
}

NewCommitLink new_commit_link_from_json(const Json& j) {
  util::JsonInput in(j);
  NewCommitLink r;
  r.ticket_id = in.required_string("ticket_id");
  r.commit_sha = in.required_string("commit_sha");
  r.commit_message = in.string("commit_message").value_or("");
  r.author = in.string("author");
  r.agent_id = in.string("agent_id");
  r.commit_timestamp = in.time("commit_timestamp");
  r.files_changed = in.integer("files_changed");
  r.insertions = in.integer("insertions");
  r.deletions = in.integer("deletions");
  if (auto files = in.any("files_list")) {
    if (!files->is_array()) throw ValidationError("files_list", "files_list must be a list of files");
    for (const auto& f : *files) r.files_list.push_back(commit_file_from_json(f));
  }
  if (auto v = in.string("link_method")) r.link_method = *v;
  in.finish();
  return r;
}

}  // namespace dagboard
