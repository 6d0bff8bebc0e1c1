// SPDX-License-Identifier: Apache-2.0
// Agents: the workers that claim and run tasks.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/enums.hpp>
#include <dagboard/fwd.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

struct Agent {
  std::string id;  // UUID
  std::optional<std::string> agent_name;
  AgentType agent_type = AgentType::worker;
  std::optional<std::string> project_id;
  std::optional<std::string> phase_id;
  AgentStatus status = AgentStatus::idle;
  std::vector<std::string> capabilities;  // trimmed, lower case, no duplicates
  int capacity = 1;
  HealthStatus health_status = HealthStatus::unknown;
  std::vector<std::string> tags;
  std::optional<Timestamp> last_heartbeat;
  Json metadata = Json::object();
  Timestamp created_at;
  Timestamp updated_at;
};

struct NewAgent {
  std::optional<std::string> agent_name;
  AgentType agent_type = AgentType::worker;
  std::optional<std::string> project_id;  // id or key
  std::optional<std::string> phase_id;
  AgentStatus status = AgentStatus::idle;
  std::vector<std::string> capabilities;
  int capacity = 1;  // at least 1
  HealthStatus health_status = HealthStatus::unknown;
  std::vector<std::string> tags;
  Json metadata = Json::object();
};

struct AgentUpdate {
  std::optional<Nullable<std::string>> agent_name;
  std::optional<Nullable<std::string>> phase_id;
  std::optional<AgentStatus> status;
  std::optional<std::vector<std::string>> capabilities;
  std::optional<int> capacity;
  std::optional<HealthStatus> health_status;
  std::optional<std::vector<std::string>> tags;
  std::optional<Json> metadata;
  /// The `version` the caller read: CONFLICT when the record has changed since (no lost update).
  std::optional<std::string> if_version;
};

struct AgentQuery {
  std::optional<std::string> project_id;
  AnyOf<AgentType> agent_type;  // each filter matches any of its values
  AnyOf<AgentStatus> status;
  AnyOf<std::string> phase_id;
  PageRequest page;  // sort: created_at, updated_at
};

Json to_json(const Agent& a);
NewAgent new_agent_from_json(const Json& j);
AgentUpdate agent_update_from_json(const Json& j);
/// A heartbeat's body: `{health_status?}`; unknown fields are refused.
std::optional<HealthStatus> heartbeat_from_json(const Json& j);
AgentQuery agent_query_from_json(const Json& j);

class AgentService {
 public:
  explicit AgentService(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  Agent register_agent(const NewAgent& req) const;
  Agent get(std::string_view id) const;
  std::optional<Agent> find(std::string_view id) const;
  Page<Agent> list(const AgentQuery& query = {}) const;
  Agent update(std::string_view id, const AgentUpdate& changes) const;
  /// Records a heartbeat now, and the health status when given (event AGENT_HEARTBEAT).
  Agent heartbeat(std::string_view id, std::optional<HealthStatus> health = std::nullopt) const;

 private:
  detail::ContextPtr ctx_;
};

}  // namespace dagboard
