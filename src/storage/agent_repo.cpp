// SPDX-License-Identifier: Apache-2.0
#include "storage/agent_repo.hpp"

#include "storage/row.hpp"

namespace dagboard::storage {
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
  std::string values;
  for (const auto& c : kColumns) values += (values.empty() ? ":" : ", :") + c;
  exec(tx.sql(), "INSERT INTO agents (" + column_list() + ") VALUES (" + values + ")",
       agent_params(a));
}

std::optional<Agent> find_agent(Tx& tx, std::string_view id, bool lock) {
  auto rows = select_agents(
      tx, "SELECT " + column_list() + " FROM agents WHERE id = :id" + (lock ? tx.for_update() : ""),
      Params().set("id", id));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<Agent> list_agents(Tx& tx, const AgentFilter& f, const ListWindow& window) {
  Params params;
  std::string where = " WHERE 1 = 1";
  auto add = [&](const char* column, const std::optional<std::string>& value) {
    if (!value) return;
    where += std::string(" AND ") + column + " = :" + column;
    params.set(column, *value);
  };
  add("project_id", f.project_id);
  add("agent_type", f.agent_type ? std::optional<std::string>(to_string(*f.agent_type)) : std::nullopt);
  add("status", f.status ? std::optional<std::string>(to_string(*f.status)) : std::nullopt);
  add("phase_id", f.phase_id);
  return select_agents(
      tx, "SELECT " + column_list() + " FROM agents" + window_sql(where, params, window),
      std::move(params));
}

void update_agent(Tx& tx, const Agent& a) {
  std::string sets;
  for (const auto& c : kColumns) {
    if (c != "id") sets += (sets.empty() ? "" : ", ") + c + " = :" + c;
  }
  exec(tx.sql(), "UPDATE agents SET " + sets + " WHERE id = :id", agent_params(a));
}

}  // namespace dagboard::storage
