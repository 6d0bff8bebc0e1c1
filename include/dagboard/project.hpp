// SPDX-License-Identifier: Apache-2.0
// Projects: the top-level container of tickets, tasks and agents.
#pragma once

#include <map>
#include <optional>
#include <string>

#include <dagboard/version.hpp>
#include <dagboard/enums.hpp>
#include <dagboard/fwd.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

/// A project. Its `key` (e.g. `PAY`) prefixes ticket keys (`PAY-1`) and never changes.
struct Project {
  std::string id;  // "project-<uuid>"
  std::string key;
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> github_owner;
  std::optional<std::string> github_repo;
  bool github_connected = false;
  bool webhook_configured = false;  // a webhook secret is stored; the secret itself never leaves
  std::string default_phase_id = "PHASE_BACKLOG";
  ProjectStatus status = ProjectStatus::active;
  bool autonomous_execution_enabled = false;
  Json settings = Json::object();
  Timestamp created_at;
  Timestamp updated_at;
};

struct NewProject {
  std::string name;
  std::string key;  // 2-10 characters: an upper-case letter, then upper-case letters or digits
  std::optional<std::string> description;
  std::optional<std::string> github_owner;
  std::optional<std::string> github_repo;
  std::optional<std::string> github_webhook_secret;
  std::string default_phase_id = "PHASE_BACKLOG";
  bool autonomous_execution_enabled = false;
  Json settings = Json::object();
};

/// Fields to change; an absent field stays as it is.
struct ProjectUpdate {
  std::optional<std::string> name;
  std::optional<Nullable<std::string>> description;
  std::optional<Nullable<std::string>> github_owner;
  std::optional<Nullable<std::string>> github_repo;
  std::optional<Nullable<std::string>> github_webhook_secret;
  std::optional<bool> github_connected;
  std::optional<std::string> default_phase_id;
  std::optional<ProjectStatus> status;
  std::optional<bool> autonomous_execution_enabled;
  std::optional<Json> settings;
  /// The `version` the caller read: CONFLICT when the record has changed since (no lost update).
  std::optional<std::string> if_version;
};

struct ProjectQuery {
  AnyOf<ProjectStatus> status;  // matches any of its values
  PageRequest page;              // sort: created_at, updated_at
};

/// Counts for a project (upstream `GET /projects/{id}/stats`).
struct ProjectStats {
  std::string project_id;
  long long total_tickets = 0;
  std::map<std::string, long long> tickets_by_status;
  std::map<std::string, long long> tickets_by_phase;
  long long active_agents = 0;  // by the rule of docs/statistics.md (StatisticsService)
  long long total_commits = 0;  // commits linked to the project's tickets
};

/// Upstream JSON shape of a project.
Json to_json(const Project& p);
Json to_json(const ProjectStats& s);
/// Reads a create request; unknown or mistyped fields raise ValidationError naming the field.
NewProject new_project_from_json(const Json& j);
ProjectUpdate project_update_from_json(const Json& j);
ProjectQuery project_query_from_json(const Json& j);

/// Project operations. Every mutating call is one transaction with its events.
class ProjectService {
 public:
  explicit ProjectService(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  /// @throws ValidationError on a bad field, Conflict when the key is taken.
  Project create(const NewProject& req) const;
  /// By id (`project-...`) or key (`PAY`). @throws NotFound (PROJECT_NOT_FOUND).
  Project get(std::string_view id_or_key) const;
  /// Same as get, but nullopt instead of NotFound.
  std::optional<Project> find(std::string_view id_or_key) const;
  Page<Project> list(const ProjectQuery& query = {}) const;
  Project update(std::string_view id, const ProjectUpdate& changes) const;
  /// Sets status `archived` (event PROJECT_ARCHIVED).
  Project archive(std::string_view id) const;
  ProjectStats stats(std::string_view id_or_key) const;
  /// Deletes the project with its tickets, tasks and links; its events stay.
  void remove(std::string_view id) const;

 private:
  detail::ContextPtr ctx_;
};

}  // namespace dagboard
