// SPDX-License-Identifier: Apache-2.0
#include <dagboard/project.hpp>

#include "core/changes.hpp"
#include "util/json_input.hpp"
#include "util/record_version.hpp"

namespace DAGBOARD_NAMESPACE {

Json to_json(const Project& p) {
  return util::with_version(Json{{"id", p.id},
                                 {"key", p.key},
                                 {"name", p.name},
                                 {"description", core::or_null(p.description)},
                                 {"github_owner", core::or_null(p.github_owner)},
                                 {"github_repo", core::or_null(p.github_repo)},
                                 {"github_connected", p.github_connected},
                                 {"webhook_configured", p.webhook_configured},
                                 {"default_phase_id", p.default_phase_id},
                                 {"status", to_string(p.status)},
                                 {"autonomous_execution_enabled", p.autonomous_execution_enabled},
                                 {"settings", p.settings},
                                 {"created_at", to_iso8601(p.created_at)},
                                 {"updated_at", to_iso8601(p.updated_at)}});
}

Json to_json(const ProjectStats& s) {
  return Json{{"project_id", s.project_id},
              {"total_tickets", s.total_tickets},
              {"tickets_by_status", s.tickets_by_status},
              {"tickets_by_phase", s.tickets_by_phase},
              {"active_agents", s.active_agents},
              {"total_commits", s.total_commits}};
}

NewProject new_project_from_json(const Json& j) {
  util::JsonInput in(j);
  NewProject r;
  r.name = in.required_string("name");
  r.key = in.required_string("key");
  r.description = in.string("description");
  r.github_owner = in.string("github_owner");
  r.github_repo = in.string("github_repo");
  r.github_webhook_secret = in.string("github_webhook_secret");
  if (auto v = in.string("default_phase_id")) r.default_phase_id = *v;
  if (auto v = in.boolean("autonomous_execution_enabled")) r.autonomous_execution_enabled = *v;
  if (auto v = in.object("settings")) r.settings = *v;
  in.finish();
  return r;
}

ProjectUpdate project_update_from_json(const Json& j) {
  util::JsonInput in(j);
  if (in.has("key")) throw ValidationError("key", "a project key cannot be changed");
  ProjectUpdate u;
  u.if_version = in.string("if_version");
  u.name = in.string("name");
  u.description = in.nullable_string("description");
  u.github_owner = in.nullable_string("github_owner");
  u.github_repo = in.nullable_string("github_repo");
  u.github_webhook_secret = in.nullable_string("github_webhook_secret");
  u.github_connected = in.boolean("github_connected");
  u.default_phase_id = in.string("default_phase_id");
  u.status = in.enumeration<ProjectStatus>("status");
  u.autonomous_execution_enabled = in.boolean("autonomous_execution_enabled");
  u.settings = in.object("settings");
  in.finish();
  return u;
}

ProjectQuery project_query_from_json(const Json& j) {
  util::JsonInput in(j);
  ProjectQuery q;
  q.status = in.any_of_enum<ProjectStatus>("status");
  q.page = in.page_request();
  in.finish();
  return q;
}

}  // namespace dagboard
