// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <dagboard/agent.hpp>

#include "storage/paging.hpp"
#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::storage {

struct AgentFilter {
  std::optional<std::string> project_id;
  AnyOf<AgentType> agent_type;
  AnyOf<AgentStatus> status;
  AnyOf<std::string> phase_id;
};

void insert_agent(Tx& tx, const Agent& a);
std::optional<Agent> find_agent(Tx& tx, std::string_view id, bool lock = false);
/// The agent and how many tasks it holds now (claimed, assigned or running, lease not
/// expired), in one query.
struct AgentLoad {
  Agent agent;
  long long held = 0;
};
std::optional<AgentLoad> find_agent_load(Tx& tx, std::string_view id, bool lock = false);
Listed<Agent> list_agents(Tx& tx, const AgentFilter& filter, const ListWindow& window);
void update_agent(Tx& tx, const Agent& a);

}  // namespace dagboard::storage
