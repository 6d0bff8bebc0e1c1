// SPDX-License-Identifier: Apache-2.0
#include "support.hpp"

namespace dagboard::test {
namespace {

class EventTest : public BackendTest {};

TEST_P(EventTest, EveryMutationWritesOneEventInOrder) {
  auto p = make_project();
  auto t = make_ticket(p);
  auto task = make_task(t);
  ws->tasks().update(task.id, task_update_from_json({{"force", true}, {"status", "running"}}));
  ws->tickets().update(t.id, ticket_update_from_json({{"priority", "HIGH"}}));
  ws->agents().register_agent({.project_id = p.id});
  auto events = ws->events().read();
  std::vector<std::string> types;
  for (size_t i = 0; i < events.size(); ++i) {
    types.push_back(events[i].event_type);
    EXPECT_EQ(events[i].id, static_cast<long long>(i + 1)) << "ids are dense and increasing";
    EXPECT_EQ(events[i].project_id, p.id);
  }
  EXPECT_EQ(types,
            (std::vector<std::string>{"PROJECT_CREATED", "TICKET_CREATED", "TASK_CREATED",
                                      "TASK_STARTED", "TICKET_UPDATED", "AGENT_REGISTERED"}));
  EXPECT_EQ(events[2].entity_type, "task");
  EXPECT_EQ(events[2].entity_id, task.id);
  EXPECT_EQ(ws->events().last_id(), 6);
}

TEST_P(EventTest, ActorIsRecorded) {
  auto agent_ws = ws->as_actor("agent-7");
  agent_ws.projects().create({.name = "x", .key = "ACT"});
  ws->projects().create({.name = "y", .key = "NOA"});
  auto events = ws->events().read();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].actor, "agent-7");
  EXPECT_FALSE(events[1].actor.has_value());
}

TEST_P(EventTest, FailedCallsWriteNoEvents) {
  auto p = make_project();
  auto last = ws->events().last_id();
  EXPECT_ANY_THROW(make_project("DAG"));
  EXPECT_ANY_THROW(ws->tickets().create({.project_id = p.id, .title = ""}));
  EXPECT_ANY_THROW(ws->tasks().create({.ticket_id = "DAG-1", .title = "x"}));
  EXPECT_EQ(ws->events().last_id(), last);
  EXPECT_EQ(ws->events().read({.since = last}).size(), 0u);
}

TEST_P(EventTest, FiltersAndWithinAListOr) {
  auto p = make_project();
  auto q = make_project("OTH");
  auto t1 = make_ticket(p, "one");
  auto t2 = make_ticket(q, "two");
  EXPECT_EQ(ws->events().read({.event_types = {"TICKET_CREATED", "PROJECT_CREATED"}}).size(), 4u);
  EXPECT_EQ(ws->events().read({.event_types = {"TICKET_CREATED"}, .project_id = q.id}).size(), 1u);
  auto by_entity = ws->events().read({.entity_ids = {t1.id, t2.id}});
  ASSERT_EQ(by_entity.size(), 2u);
  EXPECT_EQ(by_entity[0].entity_id, t1.id);
  EXPECT_EQ(ws->events().read({.entity_types = {"project"}}).size(), 2u);
  EXPECT_EQ(ws->events().read({.since = 2, .limit = 1}).at(0).id, 3);
  EXPECT_DAGBOARD_ERROR(ws->events().read({.limit = 0}), ErrorCode::validation_failed);
}

TEST_P(EventTest, IdsContinueAfterReopen) {
  make_project();
  ws.reset();
  auto again = Workspace::open(db->url());
  again.projects().create({.name = "later", .key = "LAT"});
  auto events = again.events().read();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].id, 2);
}

DAGBOARD_INSTANTIATE_BACKENDS(EventTest);

}  // namespace
}  // namespace dagboard::test
