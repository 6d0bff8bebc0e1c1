// SPDX-License-Identifier: Apache-2.0
#include <dagboard/errors.hpp>
#include <dagboard/limits.hpp>
#include <dagboard/project.hpp>
#include <dagboard/scheduler.hpp>

#include "core/changes.hpp"
#include "core/context.hpp"
#include "core/cursor.hpp"
#include "core/lookup.hpp"
#include "stats/snapshot_repo.hpp"
#include "progress/stranded.hpp"
#include "storage/project_repo.hpp"
#include "util/ids.hpp"
#include "util/record_version.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

void check_github(const std::optional<std::string>& owner, const std::optional<std::string>& repo,
                  const std::optional<std::string>& secret) {
  util::check_opt_text("github_owner", owner, 100);
  util::check_opt_text("github_repo", repo, 100);
  util::check_opt_text("github_webhook_secret", secret, 255);
}

void validate(const NewProject& r) {
  util::check_required_text("name", r.name, 255);
  if (!util::is_valid_project_key(r.key))
    throw ValidationError("key", "key '" + r.key +
                                     "' must be 2-10 characters: an upper-case letter, then "
                                     "upper-case letters or digits");
  util::check_opt_text("description", r.description, 100000);
  check_github(r.github_owner, r.github_repo, r.github_webhook_secret);
  util::check_phase("default_phase_id", r.default_phase_id);
  if (!r.settings.is_object()) throw ValidationError("settings", "settings must be a JSON object");
  check_json_value("settings", r.settings);
  retry_policy_from_settings(r.settings);
  progress::cancels_stranded(r.settings);
}

void apply(Project& p, const ProjectUpdate& u) {
  if (u.name) p.name = *u.name;
  if (u.description) p.description = *u.description;
  if (u.github_owner) p.github_owner = *u.github_owner;
  if (u.github_repo) p.github_repo = *u.github_repo;
  if (u.github_webhook_secret) p.webhook_configured = u.github_webhook_secret->has_value();
  if (u.github_connected) p.github_connected = *u.github_connected;
  if (u.default_phase_id) p.default_phase_id = *u.default_phase_id;
  if (u.status) p.status = *u.status;
  if (u.autonomous_execution_enabled)
    p.autonomous_execution_enabled = *u.autonomous_execution_enabled;
  if (u.settings) p.settings = *u.settings;
  util::check_required_text("name", p.name, 255);
  util::check_opt_text("description", p.description, 100000);
  check_github(p.github_owner, p.github_repo,
               u.github_webhook_secret ? *u.github_webhook_secret : std::nullopt);
  util::check_phase("default_phase_id", p.default_phase_id);
  if (!p.settings.is_object()) throw ValidationError("settings", "settings must be a JSON object");
  check_json_value("settings", p.settings);
  retry_policy_from_settings(p.settings);
  progress::cancels_stranded(p.settings);
}

void emit(storage::Tx& tx, const char* type, const Project& p, Json payload) {
  payload["project_id"] = p.id;
  tx.emit(type, "project", p.id, p.id, std::move(payload));
}

}  // namespace

Project ProjectService::create(const NewProject& req) const {
  validate(req);
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    if (storage::find_project(tx, req.key))
      throw Conflict("project key '" + req.key + "' is already in use",
                     Json{{"field", "key"}, {"key", req.key}});
    Project p;
    p.id = "project-" + util::new_uuid();
    p.key = req.key;
    p.name = req.name;
    p.description = req.description;
    p.github_owner = req.github_owner;
    p.github_repo = req.github_repo;
    p.webhook_configured = req.github_webhook_secret.has_value();
    p.default_phase_id = req.default_phase_id;
    p.autonomous_execution_enabled = req.autonomous_execution_enabled;
    p.settings = req.settings;
    p.created_at = p.updated_at = tx.now();
    storage::insert_project(tx, p, req.github_webhook_secret);
    emit(tx, "PROJECT_CREATED", p, Json{{"key", p.key}, {"name", p.name}, {"status", "active"}});
    return p;
  });
}

Project ProjectService::get(std::string_view id_or_key) const {
  if (auto p = find(id_or_key)) return *p;
  throw NotFound(ErrorCode::project_not_found, "project", id_or_key);
}

std::optional<Project> ProjectService::find(std::string_view id_or_key) const {
  return ctx_->db->read([&](storage::Tx& tx) { return storage::find_project(tx, id_or_key); });
}

Page<Project> ProjectService::list(const ProjectQuery& query) const {
  auto window = core::list_window(query.page, core::kByTime);
  auto rows = ctx_->db->read(
      [&](storage::Tx& tx) { return storage::list_projects(tx, query.status, window); });
  return core::make_page(std::move(rows), window);
}

Project ProjectService::update(std::string_view id, const ProjectUpdate& changes) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Project p = core::require_project(tx, id, /*lock=*/true);
    Json before = to_json(p);
    util::check_version(changes.if_version, before, "project " + p.key);
    apply(p, changes);
    Json diff = core::diff_changes(before, to_json(p));
    if (diff.empty() && !changes.github_webhook_secret) return p;
    p.updated_at = tx.now();
    storage::update_project(tx, p, changes.github_webhook_secret);
    bool archived = diff.contains("status") && p.status == ProjectStatus::archived;
    emit(tx, archived ? "PROJECT_ARCHIVED" : "PROJECT_UPDATED", p, Json{{"changes", diff}});
    return p;
  });
}

Project ProjectService::archive(std::string_view id) const {
  ProjectUpdate u;
  u.status = ProjectStatus::archived;
  return update(id, u);
}

ProjectStats ProjectService::stats(std::string_view id_or_key) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    auto s = storage::project_stats(tx, core::require_project(tx, id_or_key).id);
    s.active_agents = static_cast<long long>(stats::active_agents(tx, s.project_id).size());
    return s;
  });
}

void ProjectService::remove(std::string_view id) const {
  ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Project p = core::require_project(tx, id, /*lock=*/true);
    storage::delete_project(tx, p.id);
    emit(tx, "PROJECT_DELETED", p, Json{{"key", p.key}, {"name", p.name}});
  });
}

}  // namespace dagboard
