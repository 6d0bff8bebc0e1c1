// SPDX-License-Identifier: Apache-2.0
// The audit trail and event retention.
#include "support.hpp"

namespace dagboard::test {
namespace {

class AuditTest : public ProjectTest {};

TEST_P(AuditTest, TicketTrailHasStatusAndFieldChangesWithAgents) {
  Agent a = ws->agents().register_agent({.agent_name = "builder", .project_id = project.id});
  ws->tickets().transition(ticket.id, TicketStatus::analyzing, {.initiated_by = a.id});
  ws->tickets().update(ticket.id, {.title = "Refunds v2", .priority = Priority::high});
  Task t = make_task(ticket);
  Ticket other = make_ticket(project, "unrelated");
  ws->tickets().update(other.id, {.title = "x"});
  auto page = ws->audit().ticket(ticket.key);
  // created, status change, two field updates (one event), task created
  ASSERT_EQ(page.items.size(), 5u);
  EXPECT_EQ(page.items[0].event_type, "TICKET_CREATED");
  const AuditEntry& status = page.items[1];
  EXPECT_EQ(status.type, "status_change");
  EXPECT_EQ(status.details["from_status"], "backlog");
  EXPECT_EQ(status.details["to_status"], "analyzing");
  EXPECT_EQ(status.agent_id, a.id);
  EXPECT_EQ(status.agent_name, "builder");
  EXPECT_EQ(status.ticket_id, ticket.id);
  EXPECT_NE(status.description.find("backlog -> analyzing"), std::string::npos);
  EXPECT_EQ(page.items[2].type, "field_update");
  EXPECT_EQ(page.items[2].id, page.items[3].id);  // one event, one entry per field
  std::set<std::string> fields{page.items[2].details["field_name"],
                               page.items[3].details["field_name"]};
  EXPECT_EQ(fields, (std::set<std::string>{"priority", "title"}));
  for (const auto& e : page.items)
    if (e.details.value("field_name", "") == "title") {
      EXPECT_EQ(e.details["old_value"], "A ticket");
      EXPECT_EQ(e.details["new_value"], "Refunds v2");
    }
  EXPECT_EQ(page.items[4].task_id, t.id);
  // Paging by event id.
  auto first = ws->audit().ticket(ticket.id, {.page = {.limit = 2}});
  ASSERT_TRUE(first.next_cursor.has_value());
  auto rest = ws->audit().ticket(ticket.id, {.page = {.limit = 50, .cursor = first.next_cursor}});
  EXPECT_EQ(first.items.size() + rest.items.size(), 5u);
  EXPECT_DAGBOARD_ERROR(ws->audit().ticket(ticket.id, {.page = {.cursor = "garbage"}}),
                        ErrorCode::validation_failed);
  EXPECT_DAGBOARD_ERROR(ws->audit().ticket("NOPE-1"), ErrorCode::ticket_not_found);
}

TEST_P(AuditTest, AgentAndProjectTrailsWithDateRange) {
  Agent a = ws->agents().register_agent({.project_id = project.id, .capacity = 5});
  Task t = make_task(ticket);
  ws->scheduler().claim(a.id);
  ws->tasks().start(t.id, {a.id});
  ws->tasks().complete(t.id, {a.id}, Json{{"ok", true}});
  auto agent = ws->audit().agent(a.id);
  std::vector<std::string> types;
  for (const auto& e : agent.items) types.push_back(e.event_type);
  EXPECT_EQ(types.front(), "AGENT_REGISTERED");
  EXPECT_NE(std::find(types.begin(), types.end(), "TASK_ASSIGNED"), types.end());
  auto all = ws->audit().project(project.key);
  EXPECT_GE(all.items.size(), 5u);
  Timestamp future = now() + std::chrono::hours(1);
  EXPECT_TRUE(ws->audit().project(project.id, {.from = future}).items.empty());
  EXPECT_EQ(ws->audit().project(project.id, {.to = future}).items.size(), all.items.size());
}

TEST_P(AuditTest, CompactionMovesTheHorizonAndExpiresOldCursors) {
  for (int i = 0; i < 3; ++i) make_ticket(project);
  long long last = ws->events().last_id();
  EXPECT_EQ(ws->events().horizon(), 0);
  // Nothing is older than a day yet.
  EXPECT_EQ(ws->events().compact(1).first, 0);
  // Age every event, then compact.
  db->raw_exec("UPDATE events SET created_at = created_at - 3 * 86400000000");
  auto [deleted, horizon] = ws->events().compact(2);
  EXPECT_EQ(deleted, last + 1);  // including the first EVENTS_COMPACTED
  EXPECT_EQ(horizon, last + 1);
  EXPECT_EQ(ws->events().horizon(), last + 1);
  auto e = catch_error([&] { ws->events().read({.since = 2}); });
  EXPECT_EQ(e.code(), ErrorCode::cursor_expired);
  EXPECT_EQ(e.details()["horizon"], last + 1);
  EXPECT_DAGBOARD_ERROR(ws->events().subscribe({}, [](const Event&) {}, {.since = 1}),
                        ErrorCode::cursor_expired);
  auto kept = ws->events().read({});  // since 0: from the oldest kept
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].event_type, "EVENTS_COMPACTED");
  EXPECT_EQ(ws->events().read({.since = last + 1}).size(), 1u);
  EXPECT_DAGBOARD_ERROR(ws->events().compact(0), ErrorCode::validation_failed);
}

DAGBOARD_INSTANTIATE_BACKENDS(AuditTest);

}  // namespace
}  // namespace dagboard::test

namespace dagboard::test {
namespace {

class AuditContractTest : public ProjectTest {};

// The actor (who called) and the agent (who held the task) are apart; descriptions name keys
// and titles; a retried failure shows its count.
TEST_P(AuditContractTest, ActorAgentDescriptionsAndRetries) {
  auto a = ws->agents().register_agent(
      {.agent_name = "builder", .project_id = project.id, .capacity = 5});
  auto t = ws->tasks().create({.ticket_id = ticket.id, .title = "Schema"});
  auto ops = ws->as_actor("ops@example.com");
  ops.scheduler().claim(a.id);
  ops.tasks().fail(t.id, {a.id}, "connection reset");
  auto trail = ws->audit().ticket(ticket.key).items;
  auto failed = std::find_if(trail.begin(), trail.end(),
                             [](const AuditEntry& e) { return e.event_type == "TASK_FAILED"; });
  ASSERT_NE(failed, trail.end());
  EXPECT_EQ(failed->agent_id, a.id);
  EXPECT_EQ(failed->agent_name, "builder");
  EXPECT_EQ(failed->actor, "ops@example.com");
  EXPECT_EQ(failed->details["retry_count"], 1);
  EXPECT_EQ(failed->details["will_retry"], true);
  EXPECT_EQ(failed->description, "task \"Schema\" (DAG-1 \"A ticket\"): assigned -> pending");
  EXPECT_NE(failed->description.find("\"Schema\""), std::string::npos) << failed->description;
  EXPECT_NE(failed->description.find("DAG-1"), std::string::npos) << failed->description;
  EXPECT_EQ(failed->description.find(t.id), std::string::npos)
      << "a bare id: " << failed->description;
  auto created = std::find_if(trail.begin(), trail.end(),
                              [](const AuditEntry& e) { return e.event_type == "TICKET_CREATED"; });
  ASSERT_NE(created, trail.end());
  EXPECT_FALSE(created->agent_id.has_value()) << "the actor is not an agent";
}

TEST_P(AuditContractTest, CreateManyKeepsTheBatchOrder) {
  std::vector<NewTask> batch;
  for (int i = 0; i < 40; ++i)
    batch.push_back({.ticket_id = ticket.id, .title = "step " + std::to_string(i)});
  ws->tasks().create_many(batch);
  auto listed = ws->tasks().list({.ticket_id = ticket.id, .page = {.limit = 100}}).items;
  ASSERT_EQ(listed.size(), 40u);
  for (int i = 0; i < 40; ++i)
    EXPECT_EQ(listed[static_cast<size_t>(i)].title, "step " + std::to_string(i));
}

DAGBOARD_INSTANTIATE_BACKENDS(AuditContractTest);

}  // namespace
}  // namespace dagboard::test
