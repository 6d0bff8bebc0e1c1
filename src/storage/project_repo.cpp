// SPDX-License-Identifier: Apache-2.0
#include "storage/project_repo.hpp"

#include "storage/row.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE::storage {
namespace {

const char* kColumns =
    "id, key, name, description, github_owner, github_repo, github_connected, "
    "github_webhook_secret, default_phase_id, status, autonomous_execution_enabled, settings, "
    "created_at, updated_at";

Project project_from_row(const Row& r) {
  Project p;
  p.id = r.text("id");
  p.key = r.text("key");
  p.name = r.text("name");
  p.description = r.opt_text("description");
  p.github_owner = r.opt_text("github_owner");
  p.github_repo = r.opt_text("github_repo");
  p.github_connected = r.flag("github_connected");
  p.webhook_configured = r.opt_text("github_webhook_secret").has_value();
  p.default_phase_id = r.text("default_phase_id");
  p.status = parse<ProjectStatus>(r.text("status")).value_or(ProjectStatus::active);
  p.autonomous_execution_enabled = r.flag("autonomous_execution_enabled");
  p.settings = r.json("settings");
  p.created_at = r.time("created_at");
  p.updated_at = r.time("updated_at");
  return p;
}

std::vector<Project> select_projects(Tx& tx, const std::string& sql, Params params) {
  std::vector<Project> out;
  query(tx.sql(), sql, std::move(params), [&](const Row& r) { out.push_back(project_from_row(r)); });
  return out;
}

}  // namespace

void insert_project(Tx& tx, const Project& p, const std::optional<std::string>& webhook_secret) {
  exec(tx.sql(),
       "INSERT INTO projects (id, key, name, description, github_owner, github_repo, "
       "github_connected, github_webhook_secret, default_phase_id, status, "
       "autonomous_execution_enabled, settings, created_at, updated_at) VALUES (:id, :key, :name, "
       ":description, :owner, :repo, :connected, :secret, :phase, :status, :autonomous, "
       ":settings, :created, :updated)",
       Params()
           .set("id", p.id)
           .set("key", p.key)
           .set("name", p.name)
           .set("description", p.description)
           .set("owner", p.github_owner)
           .set("repo", p.github_repo)
           .set("connected", p.github_connected)
           .set("secret", webhook_secret)
           .set("phase", p.default_phase_id)
           .set("status", to_string(p.status))
           .set("autonomous", p.autonomous_execution_enabled)
           .set_json("settings", p.settings)
           .set("created", p.created_at)
           .set("updated", p.updated_at));
}

std::optional<Project> find_project(Tx& tx, std::string_view id_or_key, bool lock) {
  if (!util::is_storable_text(id_or_key)) return std::nullopt;  // no stored id is like it
  bool by_id = id_or_key.rfind("project-", 0) == 0;
  std::string sql = std::string("SELECT ") + kColumns + " FROM projects WHERE " +
                    (by_id ? "id" : "key") + " = :v" + (lock ? tx.for_update() : "");
  auto rows = select_projects(tx, sql, Params().set("v", id_or_key));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

Listed<Project> list_projects(Tx& tx, const AnyOf<ProjectStatus>& status,
                              const ListWindow& window) {
  Where where;
  where.any_of("status", status);
  return list_rows(tx, std::string("SELECT ") + kColumns + " FROM projects", "projects",
                   std::move(where), window, [&](const std::string& sql, Params params) {
                     return select_projects(tx, sql, std::move(params));
                   });
}

ProjectStats project_stats(Tx& tx, const std::string& project_id) {
  ProjectStats s;
  s.project_id = project_id;
  query(tx.sql(),
        "SELECT status, phase_id, COUNT(*) AS n FROM tickets WHERE project_id = :p "
        "GROUP BY status, phase_id",
        Params().set("p", project_id), [&](const Row& r) {
          long long n = r.integer("n");
          s.total_tickets += n;
          s.tickets_by_status[r.text("status")] += n;
          s.tickets_by_phase[r.text("phase_id")] += n;
        });
  return s;
}

void update_project(Tx& tx, const Project& p,
                    const std::optional<Nullable<std::string>>& secret) {
  Params params;
  params.set("id", p.id)
      .set("name", p.name)
      .set("description", p.description)
      .set("owner", p.github_owner)
      .set("repo", p.github_repo)
      .set("connected", p.github_connected)
      .set("phase", p.default_phase_id)
      .set("status", to_string(p.status))
      .set("autonomous", p.autonomous_execution_enabled)
      .set_json("settings", p.settings)
      .set("updated", p.updated_at);
  std::string secret_sql;
  if (secret) {
    secret_sql = ", github_webhook_secret = :secret";
    params.set("secret", *secret);
  }
  exec(tx.sql(),
       "UPDATE projects SET name = :name, description = :description, github_owner = :owner, "
       "github_repo = :repo, github_connected = :connected, default_phase_id = :phase, "
       "status = :status, autonomous_execution_enabled = :autonomous, settings = :settings, "
       "updated_at = :updated" + secret_sql + " WHERE id = :id",
       std::move(params));
}

void delete_project(Tx& tx, const std::string& id) {
  exec(tx.sql(), "DELETE FROM projects WHERE id = :id", Params().set("id", id));
}

long long next_ticket_number(Tx& tx, const std::string& project_id) {
  // The UPDATE takes the project's row lock, so concurrent creators queue here.
  return *query_integer(tx.sql(),
                        "UPDATE projects SET ticket_seq = ticket_seq + 1 WHERE id = :id "
                        "RETURNING ticket_seq AS v",
                        Params().set("id", project_id));
}

long long bump_graph_version(Tx& tx, const std::string& project_id) {
  // One round trip: RETURNING works on both backends (SQLite since 3.35).
  return *query_integer(tx.sql(),
                        "UPDATE projects SET graph_version = graph_version + 1 WHERE id = :id "
                        "RETURNING graph_version AS v",
                        Params().set("id", project_id));
}

}  // namespace dagboard::storage
