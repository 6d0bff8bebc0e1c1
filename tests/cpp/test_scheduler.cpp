// SPDX-License-Identifier: Apache-2.0
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "support.hpp"

namespace dagboard::test {
namespace {

class SchedulerTest : public ProjectTest {
 protected:
  Task task(const std::string& title, Priority priority = Priority::medium,
            std::vector<std::string> deps = {}) {
    return ws->tasks().create(
        {.ticket_id = ticket.id, .title = title, .priority = priority, .depends_on = deps});
  }
  Agent agent(int capacity = 1, std::vector<std::string> caps = {}) {
    return ws->agents().register_agent(
        {.project_id = project.id, .capabilities = caps, .capacity = capacity});
  }
};

TEST_P(SchedulerTest, NextTaskFollowsPriorityAndNeverBlockedWork) {
  auto a = agent(5);
  EXPECT_FALSE(ws->scheduler().next_task(a.id).has_value()) << "empty queue";
  auto low = task("low", Priority::low);
  auto medium = task("medium", Priority::medium);
  auto blocked_high = task("blocked high", Priority::high, {medium.id});
  EXPECT_EQ(ws->scheduler().next_task(a.id)->id, medium.id);
  auto claimed = ws->scheduler().claim(a.id);
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->id, medium.id);
  EXPECT_EQ(claimed->status, TaskStatus::assigned);
  EXPECT_EQ(claimed->assigned_agent_id, a.id);
  ASSERT_TRUE(claimed->lease_expires_at.has_value());
  EXPECT_EQ(ws->scheduler().next_task(a.id)->id, low.id);
  ws->tasks().start(medium.id, {a.id});
  auto done = ws->tasks().complete(medium.id, {a.id}, Json{{"ok", true}});
  EXPECT_EQ(done.status, TaskStatus::completed);
  EXPECT_FALSE(done.lease_expires_at.has_value());
  EXPECT_EQ(ws->scheduler().next_task(a.id)->id, blocked_high.id);
  auto unblocked = ws->events().read({.event_types = {"TASKS_UNBLOCKED"}});
  ASSERT_EQ(unblocked.size(), 1u);
  EXPECT_EQ(unblocked[0].payload["completed_task_id"], medium.id);
  EXPECT_EQ(unblocked[0].payload["unblocked_task_ids"], Json::array({blocked_high.id}));
}

TEST_P(SchedulerTest, CapacityCapabilitiesAndActivity) {
  auto worker = agent(1, {"python"});
  auto sql = ws->tasks().create(
      {.ticket_id = ticket.id, .title = "sql", .required_capabilities = {"sql"}});
  EXPECT_FALSE(ws->scheduler().claim(worker.id).has_value()) << "no task it can do";
  EXPECT_DAGBOARD_ERROR(ws->scheduler().claim(worker.id, {.task_id = sql.id}),
                        ErrorCode::validation_failed);
  task("plain");
  ASSERT_TRUE(ws->scheduler().claim(worker.id).has_value());
  task("another");
  Error full = catch_error([&] { ws->scheduler().claim(worker.id); });
  EXPECT_EQ(full.code(), ErrorCode::agent_not_available);
  EXPECT_EQ(full.details()["held"], 1);
  auto idle =
      ws->agents().register_agent({.project_id = project.id, .status = AgentStatus::quarantined});
  EXPECT_DAGBOARD_ERROR(ws->scheduler().next_task(idle.id), ErrorCode::agent_not_available);
  auto floating = ws->agents().register_agent({});
  EXPECT_DAGBOARD_ERROR(ws->scheduler().claim(floating.id), ErrorCode::validation_failed);
  EXPECT_TRUE(ws->scheduler().claim(floating.id, {.project_id = "DAG"}).has_value());
}

TEST_P(SchedulerTest, LeasesRenewReleaseAndExpire) {
  auto a = agent(2);
  auto b = agent(2);
  auto t = task("t");
  ASSERT_TRUE(ws->scheduler().claim(a.id, {.lease_seconds = 60}));
  EXPECT_DAGBOARD_ERROR(ws->scheduler().renew_lease(t.id, b.id), ErrorCode::conflict);
  auto renewed = ws->scheduler().renew_lease(t.id, a.id, 600);
  EXPECT_GT(*renewed.lease_expires_at, now() + std::chrono::seconds(500));
  auto released = ws->scheduler().release(t.id, a.id);
  EXPECT_EQ(released.status, TaskStatus::pending);
  EXPECT_FALSE(released.assigned_agent_id.has_value());
  ASSERT_TRUE(ws->scheduler().claim(a.id));
  // The agent disappears: its lease runs out (moved into the past here).
  db->raw_exec("UPDATE tasks SET lease_expires_at = 1");
  // A raw edit must tell indexes to reload, as dagboard's own writes do through graph_version.
  db->raw_exec(
      "UPDATE projects SET graph_version = graph_version + 1, "
      "graph_reset_version = graph_version + 1");
  auto stolen = ws->scheduler().claim(b.id);
  ASSERT_TRUE(stolen);
  EXPECT_EQ(stolen->assigned_agent_id, b.id);
  auto assigned = ws->events().read({.event_types = {"TASK_ASSIGNED"}});
  EXPECT_EQ(assigned.back().payload["previous_agent_id"], a.id);
  db->raw_exec("UPDATE tasks SET lease_expires_at = 1");
  EXPECT_EQ(ws->scheduler().expire_leases(), std::vector<std::string>{t.id});
  EXPECT_EQ(ws->tasks().get(t.id).status, TaskStatus::pending);
  EXPECT_EQ(event_types().back(), "TASK_LEASE_EXPIRED");
  EXPECT_DAGBOARD_ERROR(ws->scheduler().claim(a.id, {.lease_seconds = 0}),
                        ErrorCode::validation_failed);
}

TEST_P(SchedulerTest, FailRetriesUntilRetriesRunOut) {
  auto a = agent(5);
  ws->projects().update(project.id, {.settings = Json{{"retries", {{"backoff_base_seconds", 0}}}}});
  auto t = ws->tasks().create({.ticket_id = ticket.id, .title = "flaky", .max_retries = 1});
  ws->scheduler().claim(a.id);
  auto retried = ws->tasks().fail(t.id, {a.id}, "connection reset");
  EXPECT_EQ(retried.status, TaskStatus::pending);
  EXPECT_EQ(retried.retry_count, 1);
  EXPECT_FALSE(retried.assigned_agent_id.has_value());
  ws->scheduler().claim(a.id);
  auto failed = ws->tasks().fail(t.id, {a.id}, "connection reset again");
  EXPECT_EQ(failed.status, TaskStatus::failed);
  ASSERT_TRUE(failed.completed_at.has_value());
  auto permanent = task("permanent");
  ws->scheduler().claim(a.id, {.task_id = permanent.id});
  EXPECT_EQ(ws->tasks().fail(permanent.id, {a.id}, "Permission denied on /repo").status,
            TaskStatus::failed);
  auto events = ws->events().read({.event_types = {"TASK_FAILED"}});
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].payload["will_retry"], true);
  EXPECT_EQ(events[1].payload["will_retry"], false);
}

TEST_P(SchedulerTest, InvalidMovesAndCancel) {
  auto t = task("t");
  Error e = catch_error([&] { ws->tasks().complete(t.id, {}); });
  EXPECT_EQ(e.code(), ErrorCode::invalid_transition);
  EXPECT_EQ(e.details()["from"], "pending");
  EXPECT_EQ(e.details()["to"], "completed");
  EXPECT_DAGBOARD_ERROR(ws->tasks().start(t.id, {}), ErrorCode::invalid_transition);
  auto cancelled = ws->tasks().cancel(t.id, {}, "not needed");
  EXPECT_EQ(cancelled.status, TaskStatus::cancelled);
  EXPECT_EQ(cancelled.error_message, "Task cancelled: not needed");
  EXPECT_DAGBOARD_ERROR(ws->tasks().cancel(t.id, {}, "again"), ErrorCode::invalid_transition);
}

TEST_P(SchedulerTest, TimeoutsFailRunningTasks) {
  auto a = agent(5);
  auto t = ws->tasks().create(
      {.ticket_id = ticket.id, .title = "slow", .max_retries = 0, .timeout_seconds = 30});
  ws->scheduler().claim(a.id);
  ws->tasks().start(t.id, {a.id});
  EXPECT_TRUE(ws->tasks().check_timeouts().empty());
  db->raw_exec("UPDATE tasks SET started_at = 1");
  EXPECT_EQ(ws->tasks().check_timeouts(), std::vector<std::string>{t.id});
  auto failed = ws->tasks().get(t.id);
  EXPECT_EQ(failed.status, TaskStatus::failed);
  EXPECT_EQ(failed.error_message->rfind("Task timed out after ", 0), 0u);
}

// Eight processes claim from one queue of 1,000 tasks: every task is claimed exactly once.
TEST_P(SchedulerTest, EightProcessesClaimEveryTaskExactlyOnce) {
  std::vector<NewTask> batch(1000);
  for (auto& t : batch) {
    t.ticket_id = ticket.id;
    t.title = "work";
  }
  ws->tasks().create_many(batch);
  constexpr int kProcesses = 8;
  auto dir = std::filesystem::temp_directory_path();
  std::vector<std::string> outputs;
  for (int i = 0; i < kProcesses; ++i)
    outputs.push_back(
        (dir / ("dagboard-claims-" + std::to_string(getpid()) + "-" + std::to_string(i))).string());
  auto codes = run_in_processes(kProcesses, [&](int i) {
    auto mine = Workspace::open(db->url(), {.pool_size = 1});
    auto me = mine.agents().register_agent({.project_id = "DAG", .capacity = 1000});
    std::ofstream out(outputs[static_cast<size_t>(i)]);
    for (int k = 0; k < 2000; ++k) {  // bounded; stops at the first empty answer
      auto t = mine.scheduler().claim(me.id);
      if (!t) break;
      out << t->id << "\n";
    }
    return 0;
  });
  EXPECT_EQ(codes, std::vector<int>(kProcesses, 0));
  std::multiset<std::string> claimed;
  for (const auto& path : outputs) {
    std::ifstream in(path);
    for (std::string id; std::getline(in, id);) claimed.insert(id);
    std::filesystem::remove(path);
  }
  EXPECT_EQ(claimed.size(), 1000u);
  EXPECT_EQ(std::set<std::string>(claimed.begin(), claimed.end()).size(), 1000u)
      << "a task claimed twice";
  EXPECT_EQ(ws->events().read({.event_types = {"TASK_ASSIGNED"}, .limit = 10000}).size(), 1000u);
}

DAGBOARD_INSTANTIATE_BACKENDS(SchedulerTest);

}  // namespace
}  // namespace dagboard::test
