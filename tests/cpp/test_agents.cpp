// SPDX-License-Identifier: Apache-2.0
#include "support.hpp"

namespace dagboard::test {
namespace {

class AgentTest : public BackendTest {};

TEST_P(AgentTest, RegisterWithDefaults) {
  auto a = ws->agents().register_agent({.capabilities = {"SQL", " python ", "sql"}});
  EXPECT_EQ(a.agent_type, AgentType::worker);
  EXPECT_EQ(a.status, AgentStatus::idle);
  EXPECT_EQ(a.capacity, 1);
  EXPECT_EQ(a.health_status, HealthStatus::unknown);
  EXPECT_EQ(a.capabilities, (std::vector<std::string>{"sql", "python"}));
  ASSERT_TRUE(a.last_heartbeat.has_value());
  EXPECT_EQ(to_json(ws->agents().get(a.id)), to_json(a));
  auto e = ws->events().read();
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].event_type, "AGENT_REGISTERED");
  EXPECT_EQ(e[0].payload["capabilities"], Json::array({"sql", "python"}));
}

TEST_P(AgentTest, BadInputIsRefused) {
  auto field = [&](const Json& j) {
    return catch_error([&] { ws->agents().register_agent(new_agent_from_json(j)); }).details()["field"];
  };
  EXPECT_EQ(field({{"capacity", 0}}), "capacity");
  EXPECT_EQ(field({{"agent_type", "robot"}}), "agent_type");
  EXPECT_EQ(field({{"status", "idle"}}), "status");
  EXPECT_EQ(field({{"phase_id", "PHASE_NONE"}}), "phase_id");
  EXPECT_EQ(field({{"capabilities", "sql"}}), "capabilities");
  EXPECT_DAGBOARD_ERROR(ws->agents().register_agent({.project_id = "NOPE"}), ErrorCode::project_not_found);
  EXPECT_TRUE(ws->events().read().empty());
}

TEST_P(AgentTest, HeartbeatAndStatusChanges) {
  auto a = ws->agents().register_agent({.agent_type = AgentType::monitor});
  auto beat = ws->agents().heartbeat(a.id, HealthStatus::healthy);
  EXPECT_EQ(beat.health_status, HealthStatus::healthy);
  EXPECT_GE(*beat.last_heartbeat, *a.last_heartbeat);
  auto running = ws->agents().update(a.id, agent_update_from_json({{"status", "RUNNING"}}));
  EXPECT_EQ(running.status, AgentStatus::running);
  ws->agents().update(a.id, agent_update_from_json({{"capacity", 4}}));
  EXPECT_EQ(event_types(), (std::vector<std::string>{"AGENT_REGISTERED", "AGENT_HEARTBEAT",
                                                    "AGENT_STATUS_CHANGED", "AGENT_UPDATED"}));
  auto changed = ws->events().read({.event_types = {"AGENT_STATUS_CHANGED"}});
  EXPECT_EQ(changed[0].payload["old_status"], "IDLE");
  EXPECT_EQ(changed[0].payload["new_status"], "RUNNING");
  EXPECT_DAGBOARD_ERROR(ws->agents().heartbeat("nobody"), ErrorCode::agent_not_found);
}

TEST_P(AgentTest, ListFilters) {
  auto p = make_project();
  ws->agents().register_agent({.agent_type = AgentType::worker, .project_id = "DAG"});
  ws->agents().register_agent({.agent_type = AgentType::guardian});
  auto w = ws->agents().list({.project_id = p.id});
  ASSERT_EQ(w.items.size(), 1u);
  EXPECT_EQ(w.items[0].project_id, p.id);
  EXPECT_EQ(ws->agents().list({.agent_type = AgentType::guardian}).items.size(), 1u);
  EXPECT_EQ(ws->agents().list({.status = AgentStatus::failed}).items.size(), 0u);
}

TEST_P(AgentTest, FilteredListPagesWithCursor) {
  make_project();
  for (int i = 0; i < 3; ++i) ws->agents().register_agent({.agent_name = "w" + std::to_string(i), .project_id = "DAG"});
  ws->agents().register_agent({.agent_name = "other"});
  auto first = ws->agents().list({.project_id = "DAG", .page = {.limit = 2}});
  ASSERT_EQ(first.items.size(), 2u);
  ASSERT_TRUE(first.next_cursor);
  auto second = ws->agents().list({.project_id = "DAG", .page = {.limit = 2, .cursor = first.next_cursor}});
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_EQ(second.items[0].agent_name, "w2");
  EXPECT_FALSE(second.next_cursor);
}

DAGBOARD_INSTANTIATE_BACKENDS(AgentTest);

}  // namespace
}  // namespace dagboard::test
