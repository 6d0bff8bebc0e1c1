// SPDX-License-Identifier: Apache-2.0
#include "storage/agent_repo.hpp"

#include "storage/row.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE::storage {
namespace {

const std::vector<std::string> kColumns{
    "id", "agent_name", "agent_type", "project_id", "phase_id", "status", "capabilities",
    "capacity", "health_status", "tags", "last_heartbeat", "metadata", "created_at", "updated_at"};

std::string column_list() { return join_columns(kColumns); }

Agent agent_from_row(const Row& r) {
  Agent a;
  a.id = r.text("id");
  a.agent_name = r.opt_text("agent_name");
  a.agent_type = parse<AgentType>(r.text("agent_type")).value_or(AgentType::worker);
  a.project_id = r.opt_text("project_id");
  a.phase_id = r.opt_text("phase_id");
  a.status = parse<AgentStatus>(r.text("status")).value_or(AgentStatus::idle);
  a.capabilities = r.json("capabilities").get<std::vector<std::string>>();
  a.capacity = static_cast<int>(r.integer("capacity"));
  a.health_status = parse<HealthStatus>(r.text("health_status")).value_or(HealthStatus::unknown);
  a.tags = r.json("tags").get<std::vector<std::string>>();
  a.last_heartbeat = r.opt_time("last_heartbeat");
  a.metadata = r.json("metadata");
  a.created_at = r.time("created_at");
  a.updated_at = r.time("updated_at");
  return a;
}

Params agent_params(const Agent& a) {
  Params p;
  p.set("id", a.id)
      .set("agent_name", a.agent_name)
      .set("agent_type", to_string(a.agent_type))
      .set("project_id", a.project_id)
      .set("phase_id", a.phase_id)
      .set("status", to_string(a.status))
      .set_json("capabilities", a.capabilities)
      .set("capacity", a.capacity)
      .set("health_status", to_string(a.health_status))
      .set_json("tags", a.tags)
      .set("last_heartbeat", a.last_heartbeat)
      .set_json("metadata", a.metadata)
      .set("created_at", a.created_at)
      .set("updated_at", a.updated_at);
  return p;
}

std::vector<Agent> select_agents(Tx& tx, const std::string& sql, Params params) {
  std::vector<Agent> out;
  query(tx.sql(), sql, std::move(params), [&](const Row& r) { out.push_back(agent_from_row(r)); });
  return out;
}

}  // namespace

void insert_agent(Tx& tx, const Agent& a) {
  exec(tx.sql(), insert_sql("agents", kColumns), agent_params(a));
}

std::optional<Agent> find_agent(Tx& tx, std::string_view id, bool lock) {
  if (!util::is_storable_text(id)) return std::nullopt;  // no stored id is like it
  auto rows = select_agents(
      tx, "SELECT " + column_list() + " FROM agents WHERE id = :id" + (lock ? tx.for_update() : ""),
      Params().set("id", id));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::optional<AgentLoad> find_agent_load(Tx& tx, std::string_view id, bool lock) {
  std::optional<AgentLoad> out;
  query(tx.sql(),
        "SELECT " + column_list() +
            ", (SELECT COUNT(*) FROM tasks WHERE assigned_agent_id = agents.id AND status IN "
            "('claiming', 'assigned', 'running') AND (lease_expires_at IS NULL OR lease_expires_at >= :now)) "
            "AS held FROM agents WHERE id = :id" + (lock ? tx.for_update() : ""),
        Params().set("now", tx.now()).set("id", id),
        [&](const Row& r) { out = AgentLoad{agent_from_row(r), r.integer("held")}; });
  return out;
}

Listed<Agent> list_agents(Tx& tx, const AgentFilter& f, const ListWindow& window) {
  Where where;
  where.equals("project_id", f.project_id)
      .any_of("agent_type", f.agent_type)
      .any_of("status", f.status)
      .any_of("phase_id", f.phase_id);
  return list_rows(tx, "SELECT " + column_list() + " FROM agents", "agents", std::move(where),
                   window, [&](const std::string& sql, Params params) {
                     return select_agents(tx, sql, std::move(params));
                   });
}

void update_agent(Tx& tx, const Agent& a) {
  exec(tx.sql(), update_by_id_sql("agents", kColumns), agent_params(a));
}

}  // namespace dagboard::storage
