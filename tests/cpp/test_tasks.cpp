// SPDX-License-Identifier: Apache-2.0
#include "support.hpp"

namespace dagboard::test {
namespace {

class TaskTest : public ProjectTest {
 protected:
  long long graph_version() {
    return db->raw_count("SELECT graph_version FROM projects WHERE key = 'DAG'");
  }
};

TEST_P(TaskTest, CreateWithDefaultsAndDependencies) {
  auto a = make_task(ticket, "Schema");
  auto b = ws->tasks().create({.ticket_id = "DAG-1",
                               .title = "API",
                               .priority = Priority::high,
                               .depends_on = {a.id},
                               .required_capabilities = {" SQL ", "sql", "Python"},
                               .estimate = 3.0});
  EXPECT_EQ(a.status, TaskStatus::pending);
  EXPECT_EQ(a.task_type, "implementation");
  EXPECT_EQ(a.phase_id, "PHASE_IMPLEMENTATION");
  EXPECT_EQ(a.max_retries, 3);
  EXPECT_EQ(a.project_id, project.id);
  EXPECT_EQ(b.ticket_id, ticket.id);
  EXPECT_EQ(b.depends_on, std::vector<std::string>{a.id});
  EXPECT_EQ(b.required_capabilities, (std::vector<std::string>{"sql", "python"}));
  EXPECT_EQ(to_json(ws->tasks().get(b.id)), to_json(b));
  auto created = ws->events().read({.event_types = {"TASK_CREATED"}});
  ASSERT_EQ(created.size(), 2u);
  EXPECT_EQ(created[1].entity_id, b.id);
  EXPECT_EQ(created[1].payload.at("dependencies"), Json::array({a.id}));
  EXPECT_EQ(created[1].payload.at("priority"), "HIGH");
  EXPECT_EQ(graph_version(), 2);
}

TEST_P(TaskTest, FilteredListPagesWithCursor) {
  auto other = ws->tickets().create({.project_id = "DAG", .title = "Other"});
  for (int i = 0; i < 3; ++i) make_task(ticket, "t" + std::to_string(i));
  make_task(other, "elsewhere");
  auto first = ws->tasks().list({.ticket_id = ticket.id, .page = {.limit = 2}});
  ASSERT_EQ(first.items.size(), 2u);
  ASSERT_TRUE(first.next_cursor);
  auto second =
      ws->tasks().list({.ticket_id = ticket.id, .page = {.limit = 2, .cursor = first.next_cursor}});
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_EQ(second.items[0].title, "t2");
  EXPECT_FALSE(second.next_cursor);
}

TEST_P(TaskTest, UnknownReferencesChangeNothing) {
  auto a = make_task(ticket);
  auto last = ws->events().last_id();
  Error e = catch_error([&] {
    make_task(ticket, "x", {a.id, "7d0f8c5e-0000-4000-8000-000000000000"});
  });
  EXPECT_EQ(e.code(), ErrorCode::task_not_found);
  EXPECT_EQ(e.details()["id"], "7d0f8c5e-0000-4000-8000-000000000000");
  EXPECT_DAGBOARD_ERROR(ws->tasks().create({.ticket_id = "DAG-9", .title = "x"}),
                        ErrorCode::ticket_not_found);
  EXPECT_EQ(ws->events().last_id(), last);
  EXPECT_EQ(ws->tasks().list().items.size(), 1u);
}

TEST_P(TaskTest, DependenciesStayInsideTheProject) {
  auto other = make_task(make_ticket(make_project("OTH")));
  Error e = catch_error([&] { make_task(ticket, "x", {other.id}); });
  EXPECT_EQ(e.code(), ErrorCode::validation_failed);
  EXPECT_EQ(e.details()["field"], "depends_on");
}

TEST_P(TaskTest, BadFieldsNameTheField) {
  auto field = [&](Json j) {
    j["ticket_id"] = ticket.id;
    if (!j.contains("title")) j["title"] = "t";
    return catch_error([&] { ws->tasks().create(new_task_from_json(j)); }).details()["field"];
  };
  EXPECT_EQ(field({{"title", ""}}), "title");
  EXPECT_EQ(field({{"max_retries", -1}}), "max_retries");
  EXPECT_EQ(field({{"timeout_seconds", 0}}), "timeout_seconds");
  EXPECT_EQ(field({{"estimate", -1.5}}), "estimate");
  EXPECT_EQ(field({{"phase_id", "PHASE_NOPE"}}), "phase_id");
  EXPECT_EQ(field({{"status", "done"}}), "status");
  EXPECT_EQ(field({{"task_type", ""}}), "task_type");
  EXPECT_EQ(field({{"deadline_at", "tomorrow"}}), "deadline_at");
  EXPECT_EQ(field({{"depends_on", "abc"}}), "depends_on");
  EXPECT_EQ(field({{"id", "not-a-uuid"}}), "id");
  EXPECT_TRUE(ws->tasks().list().items.empty());
}

TEST_P(TaskTest, BatchIsAllOrNothing) {
  std::string a = "11111111-1111-4111-8111-111111111111";
  std::string b = "22222222-2222-4222-8222-222222222222";
  auto last = ws->events().last_id();
  std::vector<NewTask> batch{{.id = a, .ticket_id = ticket.id, .title = "a"},
                             {.id = b, .ticket_id = ticket.id, .title = "b", .depends_on = {a}},
                             {.ticket_id = ticket.id, .title = "c", .phase_id = "PHASE_BAD"}};
  EXPECT_DAGBOARD_ERROR(ws->tasks().create_many(batch), ErrorCode::validation_failed);
  EXPECT_EQ(ws->events().last_id(), last);
  EXPECT_TRUE(ws->tasks().list().items.empty());
  batch.pop_back();
  batch.push_back({.ticket_id = ticket.id, .title = "c", .depends_on = {a, b}});
  auto tasks = ws->tasks().create_many(batch);
  ASSERT_EQ(tasks.size(), 3u);
  EXPECT_EQ(tasks[0].id, a);
  EXPECT_EQ(ws->tasks().get(tasks[2].id).depends_on, (std::vector<std::string>{a, b}));
  EXPECT_EQ(ws->events().read({.since = last}).size(), 3u);
  EXPECT_EQ(graph_version(), 1) << "one bump per project per batch";
}

TEST_P(TaskTest, BatchReferencesMustPointBackwards) {
  std::string later = "33333333-3333-4333-8333-333333333333";
  std::vector<NewTask> batch{{.ticket_id = ticket.id, .title = "a", .depends_on = {later}},
                             {.id = later, .ticket_id = ticket.id, .title = "b"}};
  EXPECT_DAGBOARD_ERROR(ws->tasks().create_many(batch), ErrorCode::task_not_found);
  std::vector<NewTask> self{
      {.id = later, .ticket_id = ticket.id, .title = "a", .depends_on = {later}}};
  EXPECT_DAGBOARD_ERROR(ws->tasks().create_many(self), ErrorCode::validation_failed);
}

TEST_P(TaskTest, ChosenIdsMustBeFree) {
  std::string id = "44444444-4444-4444-8444-444444444444";
  ws->tasks().create({.id = id, .ticket_id = ticket.id, .title = "a"});
  EXPECT_DAGBOARD_ERROR(ws->tasks().create({.id = id, .ticket_id = ticket.id, .title = "b"}),
                        ErrorCode::conflict);
}

TEST_P(TaskTest, StatusChangesStampTimesAndNameTheEvent) {
  auto t = make_task(ticket);
  auto version = graph_version();
  auto since = ws->events().last_id();
  Error refused = catch_error([&] {
    ws->tasks().update(t.id, task_update_from_json({{"status", "completed"}}));
  });
  EXPECT_EQ(refused.code(), ErrorCode::validation_failed);
  EXPECT_EQ(refused.details()["field"], "status");
  EXPECT_EQ(ws->events().last_id(), since) << "a refused status edit wrote something";
  auto claiming =
      ws->tasks().update(t.id, task_update_from_json({{"force", true}, {"status", "claiming"}}));
  auto running =
      ws->tasks().update(t.id, task_update_from_json({{"force", true}, {"status", "running"}}));
  ASSERT_TRUE(running.started_at.has_value());
  EXPECT_FALSE(running.completed_at.has_value());
  auto done = ws->tasks().update(
      t.id, task_update_from_json(
                {{"force", true}, {"status", "completed"}, {"result", {{"ok", true}}}}));
  ASSERT_TRUE(done.completed_at.has_value());
  EXPECT_EQ(done.started_at, running.started_at);
  EXPECT_EQ(done.result, (Json{{"ok", true}}));
  ws->tasks().update(t.id, task_update_from_json({{"title", "Renamed"}}));
  EXPECT_EQ(event_types(since), (std::vector<std::string>{"TASK_STATUS_CHANGED", "TASK_STARTED",
                                                          "TASK_COMPLETED", "TASK_UPDATED"}));
  auto completed = ws->events().read({.since = since, .event_types = {"TASK_COMPLETED"}});
  EXPECT_EQ(completed[0].payload["old_status"], "running");
  EXPECT_EQ(completed[0].payload["has_result"], true);
  EXPECT_EQ(graph_version(), version + 4) << "every task change bumps the graph version";
  EXPECT_EQ(claiming.status, TaskStatus::claiming);
}

TEST_P(TaskTest, DependenciesAreNotEditedThroughUpdate) {
  EXPECT_EQ(catch_error([&] {
              task_update_from_json({{"depends_on", Json::array()}});
            }).details()["field"],
            "depends_on");
}

TEST_P(TaskTest, ParentMustExistInTheProject) {
  auto parent = make_task(ticket, "parent");
  auto child =
      ws->tasks().create({.ticket_id = ticket.id, .title = "child", .parent_task_id = parent.id});
  EXPECT_EQ(child.parent_task_id, parent.id);
  EXPECT_DAGBOARD_ERROR(
      ws->tasks().update(child.id, task_update_from_json({{"parent_task_id", child.id}})),
      ErrorCode::validation_failed);
  EXPECT_DAGBOARD_ERROR(
      ws->tasks().update(
          child.id,
          task_update_from_json({{"parent_task_id", "55555555-5555-4555-8555-555555555555"}})),
      ErrorCode::task_not_found);
  auto cleared = ws->tasks().update(child.id, task_update_from_json({{"parent_task_id", nullptr}}));
  EXPECT_FALSE(cleared.parent_task_id.has_value());
}

TEST_P(TaskTest, ListFilters) {
  auto second = make_ticket(project, "second");
  auto a = make_task(ticket, "a");
  make_task(second, "b");
  ws->tasks().update(a.id, task_update_from_json({{"force", true}, {"status", "running"}}));
  EXPECT_EQ(ws->tasks().list({.ticket_id = "DAG-2"}).items.at(0).title, "b");
  EXPECT_EQ(ws->tasks().list({.project_id = "DAG"}).items.size(), 2u);
  auto running = ws->tasks().list({.status = TaskStatus::running});
  ASSERT_EQ(running.items.size(), 1u);
  EXPECT_EQ(running.items[0].id, a.id);
  EXPECT_DAGBOARD_ERROR(ws->tasks().list({.ticket_id = "DAG-77"}), ErrorCode::ticket_not_found);
}

DAGBOARD_INSTANTIATE_BACKENDS(TaskTest);

}  // namespace
}  // namespace dagboard::test
