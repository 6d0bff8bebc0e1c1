// SPDX-License-Identifier: Apache-2.0
// The task contract agents rely on: only the holder with a live lease acts on a task.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "support.hpp"

namespace dagboard::test {
namespace {

TicketUpdate task_free_title_update() {
  TicketUpdate u;
  u.title = "Carol";
  return u;
}

class TaskContractTest : public ProjectTest {
 protected:
  Agent agent(int capacity = 4) {
    return ws->agents().register_agent({.project_id = project.id, .capacity = capacity});
  }
  // Moves every lease into the past, as time would, and tells indexes to reload.
  void expire_all_leases() {
    db->raw_exec("UPDATE tasks SET lease_expires_at = 1 WHERE lease_expires_at IS NOT NULL");
    db->raw_exec(
        "UPDATE projects SET graph_version = graph_version + 1, graph_reset_version = "
        "graph_version + 1");
  }
};

// The reproduction of the issue: A's lease runs out, B claims and starts; A must change nothing.
TEST_P(TaskContractTest, ZombieAgentChangesNothing) {
  auto a = agent();
  auto b = agent();
  auto t = make_task(ticket, "contested");
  ASSERT_EQ(ws->scheduler().claim(a.id, {.lease_seconds = 1})->id, t.id);
  ws->tasks().start(t.id, {a.id});
  expire_all_leases();
  auto taken = ws->scheduler().claim(b.id);
  ASSERT_TRUE(taken);
  ASSERT_EQ(taken->id, t.id);
  ws->tasks().start(t.id, {b.id});
  long long before = ws->events().last_id();

  Error refused = catch_error([&] { ws->tasks().complete(t.id, {a.id}, Json{{"by", "A"}}); });
  EXPECT_EQ(refused.code(), ErrorCode::conflict);
  EXPECT_EQ(refused.details()["holder"], b.id);
  EXPECT_EQ(refused.details()["agent_id"], a.id);
  EXPECT_FALSE(refused.details()["lease_expires_at"].is_null());
  EXPECT_DAGBOARD_ERROR(ws->tasks().fail(t.id, {a.id}, "connection reset"), ErrorCode::conflict);
  EXPECT_DAGBOARD_ERROR(ws->tasks().cancel(t.id, {a.id}, "zombie"), ErrorCode::conflict);
  EXPECT_DAGBOARD_ERROR(ws->tasks().start(t.id, {a.id}), ErrorCode::conflict);
  EXPECT_DAGBOARD_ERROR(ws->scheduler().renew_lease(t.id, a.id), ErrorCode::conflict);
  EXPECT_DAGBOARD_ERROR(ws->scheduler().release(t.id, a.id), ErrorCode::conflict);
  EXPECT_DAGBOARD_ERROR(ws->tasks().complete(t.id, {}),
                        ErrorCode::validation_failed);  // no agent named

  EXPECT_EQ(ws->events().last_id(), before) << "a refused call wrote an event";
  auto still = ws->tasks().get(t.id);
  EXPECT_EQ(still.status, TaskStatus::running);
  EXPECT_EQ(still.assigned_agent_id, b.id);
  EXPECT_EQ(still.retry_count, 0);
  EXPECT_TRUE(still.result.is_null());

  auto done = ws->tasks().complete(t.id, {b.id}, Json{{"by", "B"}});
  EXPECT_EQ(done.result, (Json{{"by", "B"}}));
  auto completed = ws->events().read({.since = before, .event_types = {"TASK_COMPLETED"}});
  ASSERT_EQ(completed.size(), 1u);
  EXPECT_EQ(completed[0].payload["agent_id"], b.id);
  EXPECT_FALSE(completed[0].payload.contains("forced"));
  // After B finished, A is still refused, with CONFLICT rather than a transition error.
  EXPECT_DAGBOARD_ERROR(ws->tasks().complete(t.id, {a.id}), ErrorCode::conflict);
}

TEST_P(TaskContractTest, TheHolderItselfIsRefusedOnceItsLeaseRanOut) {
  auto a = agent();
  auto t = make_task(ticket);
  ws->scheduler().claim(a.id, {.lease_seconds = 60});
  expire_all_leases();
  Error e = catch_error([&] { ws->tasks().complete(t.id, {a.id}); });
  EXPECT_EQ(e.code(), ErrorCode::conflict);
  EXPECT_EQ(e.details()["holder"], a.id);
  EXPECT_EQ(e.details()["lease_expired"], true);
  EXPECT_DAGBOARD_ERROR(ws->scheduler().renew_lease(t.id, a.id), ErrorCode::conflict);
  // Claiming again gives it a live lease back.
  ASSERT_EQ(ws->scheduler().claim(a.id)->id, t.id);
  EXPECT_EQ(ws->tasks().complete(t.id, {a.id}).status, TaskStatus::completed);
}

TEST_P(TaskContractTest, AnOperatorOverridesOnlyExplicitlyAndTheEventSaysSo) {
  auto a = agent();
  auto t = make_task(ticket);
  ws->scheduler().claim(a.id);
  auto op = ws->as_actor("ops@example.com");
  EXPECT_DAGBOARD_ERROR(op.tasks().cancel(t.id, {}, "stop"), ErrorCode::validation_failed);
  auto cancelled = op.tasks().cancel(t.id, {.force = true}, "stop");
  EXPECT_EQ(cancelled.status, TaskStatus::cancelled);
  auto e = ws->events().read({.event_types = {"TASK_CANCELLED"}});
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].payload["forced"], true);
  EXPECT_EQ(e[0].payload["holder"], a.id);
  EXPECT_TRUE(e[0].payload["agent_id"].is_null());
  EXPECT_EQ(e[0].actor, "ops@example.com");
  // A pending task nobody holds may be cancelled without naming anyone.
  auto spare = make_task(ticket, "spare");
  EXPECT_EQ(ws->tasks().cancel(spare.id, {}, "not needed").status, TaskStatus::cancelled);
}

TEST_P(TaskContractTest, FailureEventsNameTheAgent) {
  auto a = agent();
  auto t = make_task(ticket);
  ws->scheduler().claim(a.id);
  ws->tasks().fail(t.id, {a.id}, "connection reset");
  auto e = ws->events().read({.event_types = {"TASK_FAILED"}});
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].payload["agent_id"], a.id);
  EXPECT_EQ(e[0].payload["will_retry"], true);
  EXPECT_EQ(e[0].payload["retry_count"], 1);
}

TEST_P(TaskContractTest, RetriesBackOffAndASuccessClearsTheError) {
  ws->projects().update(
      project.id,
      {.settings = Json{{"retries", {{"backoff_base_seconds", 30}, {"backoff_max_seconds", 50}}}}});
  auto a = agent();
  auto t = ws->tasks().create({.ticket_id = ticket.id, .title = "flaky", .max_retries = 3});
  ws->scheduler().claim(a.id);
  auto first = ws->tasks().fail(t.id, {a.id}, "connection reset");
  EXPECT_EQ(first.status, TaskStatus::pending);
  EXPECT_EQ(first.retry_count, 1);
  ASSERT_TRUE(first.retry_at.has_value());
  EXPECT_EQ(*first.retry_at - first.updated_at, std::chrono::seconds(30));
  EXPECT_FALSE(ws->scheduler().claim(a.id).has_value()) << "claimable during its back-off";
  EXPECT_TRUE(ws->graph().ready(project.id).items.empty()) << "listed as ready during its back-off";
  db->raw_exec("UPDATE tasks SET retry_at = 1");  // the back-off has passed
  db->raw_exec(
      "UPDATE projects SET graph_version = graph_version + 1, graph_reset_version = graph_version "
      "+ 1");
  ASSERT_EQ(ws->scheduler().claim(a.id)->id, t.id);
  auto second = ws->tasks().fail(t.id, {a.id}, "connection reset again");
  EXPECT_EQ(*second.retry_at - second.updated_at, std::chrono::seconds(50))
      << "30 s doubled, capped at 50 s";
  EXPECT_EQ(second.error_message, "connection reset again");
  db->raw_exec("UPDATE tasks SET retry_at = 1");
  db->raw_exec(
      "UPDATE projects SET graph_version = graph_version + 1, graph_reset_version = graph_version "
      "+ 1");
  ASSERT_EQ(ws->scheduler().claim(a.id)->id, t.id);
  auto done = ws->tasks().complete(t.id, {a.id});
  EXPECT_FALSE(done.error_message.has_value()) << "an old error shown as current after success";
  EXPECT_FALSE(done.retry_at.has_value());
  auto failures = ws->events().read({.event_types = {"TASK_FAILED"}});
  ASSERT_EQ(failures.size(), 2u);
  EXPECT_EQ(failures[0].payload["error_message"], "connection reset");
  EXPECT_EQ(failures[1].payload["error_message"], "connection reset again");
  EXPECT_FALSE(failures[1].payload["retry_at"].is_null());
}

TEST_P(TaskContractTest, RetrySettingsAreChecked) {
  Error e = catch_error([&] {
    ws->projects().update(project.id,
                          {.settings = Json{{"retries", {{"backoff_base_seconds", -1}}}}});
  });
  EXPECT_EQ(e.code(), ErrorCode::validation_failed);
  EXPECT_EQ(e.details()["field"], "settings.retries.backoff_base_seconds");
  EXPECT_DAGBOARD_ERROR(
      ws->projects().update(project.id, {.settings = Json{{"retries", {{"backof", 1}}}}}),
      ErrorCode::validation_failed);
  EXPECT_EQ(ws->projects().get(project.id).settings, Json::object())
      << "a refused update changed the project";
}

using Clock = std::chrono::steady_clock;

TEST_P(TaskContractTest, ClaimWaitsUntilWorkIsCommittedHereOrElsewhere) {
  auto a = agent();
  auto began = Clock::now();
  EXPECT_FALSE(ws->scheduler().claim(a.id, {.wait_seconds = 0.3}).has_value());
  EXPECT_GE(Clock::now() - began, std::chrono::milliseconds(300)) << "did not wait";

  std::string created;
  std::thread here([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    created = make_task(ticket, "made here").id;
  });
  auto got = ws->scheduler().claim(a.id, {.wait_seconds = 60});
  here.join();
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->id, created);
  ws->tasks().complete(got->id, {a.id});

  // Another workspace on the database stands in for another process: its commit reaches this
  // one through NOTIFY (PostgreSQL) or the log poll (SQLite), not a local signal.
  std::thread elsewhere([&] {
    auto other = Workspace::open(db->url(), {.pool_size = 1});
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    created = other.tasks().create({.ticket_id = ticket.id, .title = "made elsewhere"}).id;
  });
  began = Clock::now();
  got = ws->scheduler().claim(a.id, {.wait_seconds = 60});
  elsewhere.join();
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->id, created);
  EXPECT_LT(Clock::now() - began, std::chrono::seconds(20))
      << "woken by the deadline, not the commit";
}

TEST_P(TaskContractTest, ClaimWaitWakesWhenABackOffEnds) {
  ws->projects().update(project.id, {.settings = Json{{"retries", {{"backoff_base_seconds", 1}}}}});
  auto a = agent();
  auto t = make_task(ticket);
  ws->scheduler().claim(a.id);
  ws->tasks().fail(t.id, {a.id}, "connection reset");
  // No event announces the end of a back-off: the waiter wakes at the time the index knows.
  auto got = ws->scheduler().claim(a.id, {.wait_seconds = 30});
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->id, t.id);
  EXPECT_EQ(got->retry_count, 1);
}

TEST_P(TaskContractTest, ManyWaitersShareTheWorkExactlyOnce) {
  constexpr int kWaiters = 12;
  std::vector<Agent> agents;
  for (int i = 0; i < kWaiters; ++i) agents.push_back(agent());
  std::vector<std::optional<Task>> got(kWaiters);
  std::atomic<int> won{0};
  std::vector<std::thread> waiters;
  for (int i = 0; i < kWaiters; ++i)
    waiters.emplace_back([&, i] {
      got[i] = ws->scheduler().claim(agents[i].id, {.wait_seconds = 60});
      if (got[i]) ++won;
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::vector<NewTask> batch(kWaiters - 2);
  for (auto& t : batch) t = {.ticket_id = ticket.id, .title = "work"};
  ws->tasks().create_many(batch);
  for (int k = 0; k < 400 && won < kWaiters - 2; ++k)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::this_thread::sleep_for(
      std::chrono::milliseconds(100));  // a wrong extra winner would show now
  ws->scheduler().interrupt_waits();    // the two left over return now, empty-handed
  for (auto& w : waiters) w.join();
  std::set<std::string> ids;
  int empty = 0;
  for (const auto& t : got) t ? (void)ids.insert(t->id) : (void)++empty;
  EXPECT_EQ(ids.size(), static_cast<size_t>(kWaiters - 2));
  EXPECT_EQ(empty, 2);
}

TEST_P(TaskContractTest, ClaimWaitIsChecked) {
  auto a = agent();
  EXPECT_DAGBOARD_ERROR(ws->scheduler().claim(a.id, {.wait_seconds = -1}),
                        ErrorCode::validation_failed);
  EXPECT_DAGBOARD_ERROR(ws->scheduler().claim(a.id, {.wait_seconds = 301}),
                        ErrorCode::validation_failed);
  EXPECT_DAGBOARD_ERROR(
      ws->scheduler().claim("00000000-0000-4000-8000-000000000000", {.wait_seconds = 1}),
      ErrorCode::agent_not_found);
  auto e = catch_error([&] { claim_request_from_json(Json{{"wait_seconds", "long"}}); });
  EXPECT_EQ(e.details()["field"], "wait_seconds");
  EXPECT_DAGBOARD_ERROR(claim_request_from_json(Json{{"wiat_seconds", 1}}),
                        ErrorCode::validation_failed);
}

// Two people edit one ticket from the same read: the second is refused, nothing is lost.
TEST_P(TaskContractTest, AStaleEditIsRefusedInsteadOfWinningSilently) {
  auto read_by_alice = ws->tickets().get(ticket.key);
  auto read_by_bob = ws->tickets().get(ticket.key);
  std::string version = to_json(read_by_alice)["version"];
  EXPECT_EQ(version, to_json(read_by_bob)["version"].get<std::string>());
  EXPECT_EQ(version.size(), 16u);
  TicketUpdate alice;
  alice.title = "Alice's title";
  alice.if_version = version;
  auto after = ws->tickets().update(ticket.id, alice);
  EXPECT_NE(to_json(after)["version"], version) << "an edit must move the version";
  TicketUpdate bob;
  bob.description = Nullable<std::string>("Bob's text");
  bob.if_version = version;
  Error e = catch_error([&] { ws->tickets().update(ticket.id, bob); });
  EXPECT_EQ(e.code(), ErrorCode::conflict);
  EXPECT_EQ(e.details()["expected_version"], version);
  EXPECT_EQ(e.details()["current_version"], to_json(after)["version"]);
  auto now = ws->tickets().get(ticket.id);
  EXPECT_EQ(now.title, "Alice's title");
  EXPECT_FALSE(now.description.has_value());
  // Writes of any path move the version: a claim changes the task's.
  auto t = make_task(ticket);
  std::string before = to_json(t)["version"];
  ws->scheduler().claim(agent().id);
  TaskUpdate stale;
  stale.title = "renamed";
  stale.if_version = before;
  EXPECT_DAGBOARD_ERROR(ws->tasks().update(t.id, stale), ErrorCode::conflict);
  ProjectUpdate p;
  p.name = "x";
  p.if_version = "0000000000000000";
  EXPECT_DAGBOARD_ERROR(ws->projects().update(project.id, p), ErrorCode::conflict);
  EXPECT_EQ(ws->tickets().update(ticket.id, task_free_title_update()).title,
            "Carol");  // no version: as before
}

// Eight processes work through 1,000 tasks with 1-second leases; about one claim in twelve
// works past its lease, so another agent takes the task over while the first still runs.
// Every task ends completed exactly once, by the agent that held it when it completed.
TEST_P(TaskContractTest, EightProcessesWithExpiringLeasesCompleteEachTaskOnceByItsHolder) {
  constexpr int kTasks = 1000;
  constexpr int kProcesses = 8;
  std::vector<NewTask> batch(kTasks);
  for (auto& t : batch) {
    t.ticket_id = ticket.id;
    t.title = "work";
  }
  ws->tasks().create_many(batch);
  auto dir = std::filesystem::temp_directory_path();
  std::vector<std::string> outputs;  // named here: getpid() differs in the children
  for (int i = 0; i < kProcesses; ++i)
    outputs.push_back(
        (dir / ("dagboard-contract-" + std::to_string(getpid()) + "-" + std::to_string(i)))
            .string());
  auto output = [&](int i) { return outputs[static_cast<size_t>(i)]; };
  auto codes = run_in_processes(kProcesses, [&](int i) {
    auto mine = Workspace::open(db->url(), {.pool_size = 1});
    auto me = mine.agents().register_agent({.project_id = "DAG", .capacity = kTasks});
    std::ofstream out(output(i));
    std::mt19937 random(static_cast<unsigned>(i) * 7919u + 1);
    int idle = 0;
    for (int k = 0; k < 20000 && idle < 60; ++k) {  // bounded; stops after 3 s without work
      auto t = mine.scheduler().claim(me.id, {.lease_seconds = 1});
      if (!t) {
        ++idle;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        continue;
      }
      idle = 0;
      bool overrun = random() % 12 == 0;
      std::this_thread::sleep_for(
          std::chrono::milliseconds(overrun ? 1100 + random() % 200 : random() % 3));
      try {
        mine.tasks().complete(t->id, {me.id});
        out << "done " << t->id << " " << me.id << "\n";
      } catch (const Error& e) {
        if (e.code() != ErrorCode::conflict) throw;
        out << "refused " << t->id << " " << me.id << "\n";
      }
    }
    return 0;
  });
  ASSERT_EQ(codes, std::vector<int>(kProcesses, 0));
  std::map<std::string, std::string> completer;
  int refusals = 0;
  for (int i = 0; i < kProcesses; ++i) {
    std::ifstream in(output(i));
    for (std::string what, task, agent; in >> what >> task >> agent;) {
      if (what == "refused") {
        ++refusals;
        continue;
      }
      EXPECT_TRUE(completer.emplace(task, agent).second) << "task " << task << " completed twice";
    }
    std::filesystem::remove(output(i));
  }
  EXPECT_EQ(completer.size(), static_cast<size_t>(kTasks));
  EXPECT_GT(refusals, 0) << "no lease ran out mid-work: the test did not test the race";
  // The log agrees: one TASK_COMPLETED per task, by the agent its last TASK_ASSIGNED named.
  std::map<std::string, std::string> holder;
  std::map<std::string, int> completions;
  for (const auto& e :
       ws->events().read({.event_types = {"TASK_ASSIGNED", "TASK_COMPLETED"}, .limit = 10000})) {
    std::string task = e.payload["task_id"];
    if (e.event_type == "TASK_ASSIGNED") {
      holder[task] = e.payload["agent_id"];
      continue;
    }
    ++completions[task];
    EXPECT_EQ(e.payload["agent_id"], holder[task]) << "completed by an agent that did not hold it";
    EXPECT_EQ(e.payload["agent_id"], completer[task]);
  }
  EXPECT_EQ(completions.size(), static_cast<size_t>(kTasks));
  for (const auto& [task, count] : completions) EXPECT_EQ(count, 1) << task;
}

DAGBOARD_INSTANTIATE_BACKENDS(TaskContractTest);

}  // namespace
}  // namespace dagboard::test
