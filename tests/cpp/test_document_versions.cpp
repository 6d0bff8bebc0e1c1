// SPDX-License-Identifier: Apache-2.0
// Document versions and approval under concurrency; approval gates; discoveries in one transaction.
#include <atomic>
#include <thread>

#include "support.hpp"

namespace dagboard::test {
namespace {

using DocumentVersionTest = BackendTest;

TEST_P(DocumentVersionTest, ConcurrentApprovalsReleaseTheGateOnce) {
  auto p = make_project();
  auto t = make_ticket(p);
  auto docs = ws->documents();
  auto v1 = docs.store({.kind = "requirements",
                        .project_id = p.id,
                        .title = "R",
                        .content = "### REQ-001: a\nThe system shall a.\n"});
  docs.submit(v1.id);
  auto v2 = docs.save_version(v1.id, {.content = "### REQ-001: a\nThe system shall b.\n"});
  docs.submit(v2.id);
  std::vector<std::string> gated;
  for (int i = 0; i < 5; ++i) {
    gated.push_back(make_task(t, "gated " + std::to_string(i)).id);
    docs.require_approval(gated.back(),
                          i % 2 ? v1.id : v2.id);  // either version names the document
  }
  auto before = ws->events().read({.limit = 10000}).back().id;
  std::atomic<int> approved{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i)
    threads.emplace_back([&, i] {
      auto w = Workspace::open(db->url());
      try {
        w.documents().approve(i % 2 ? v1.id : v2.id);
        ++approved;
      } catch (const InvalidTransition&) {
        ++refused;
      }
    });
  for (auto& th : threads) th.join();
  // v2 can always be approved once; v1 only if it came first (then v2 supersedes it).
  EXPECT_GE(approved.load(), 1);
  EXPECT_LE(approved.load(), 2);
  EXPECT_EQ(approved + refused, 6);
  auto versions = docs.versions(v1.id);
  EXPECT_EQ(versions[1].status, "approved");
  EXPECT_EQ(versions[0].status, approved == 2 ? "superseded" : "pending_review");
  int unblocked_events = 0;
  std::vector<std::string> unblocked;
  for (const auto& e : ws->events().read({.since = before, .event_types = {"TASKS_UNBLOCKED"}})) {
    ++unblocked_events;
    for (const auto& id : e.payload.at("unblocked_task_ids"))
      unblocked.push_back(id.get<std::string>());
  }
  EXPECT_EQ(unblocked_events, 1);
  std::sort(unblocked.begin(), unblocked.end());
  std::sort(gated.begin(), gated.end());
  EXPECT_EQ(unblocked, gated);
  for (const auto& id : gated) EXPECT_EQ(ws->tasks().get(id).awaiting_approvals, 0);
  EXPECT_EQ(ws->graph().ready(p.id, {.page = {.limit = 100}}).items.size(), gated.size());
}

TEST_P(DocumentVersionTest, GatedTasksAreNeverClaimed) {
  auto p = make_project();
  auto t = make_ticket(p);
  auto doc = ws->documents().store({.title = "Design", .content = "## A\n"});
  auto gated = make_task(t, "gated");
  ws->documents().require_approval(gated.id, doc.id);
  auto agent = ws->agents().register_agent({.project_id = p.id, .capacity = 10});
  std::atomic<int> claimed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      auto w = Workspace::open(db->url());
      for (int k = 0; k < 5; ++k)
        if (w.scheduler().claim(agent.id)) ++claimed;
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(claimed.load(), 0);
  EXPECT_EQ(ws->tasks().get(gated.id).status, TaskStatus::pending);
  // The index rebuilt from the database agrees with the one kept up to date in memory.
  EXPECT_TRUE(Workspace::open(db->url()).graph().ready(p.id).items.empty());
}

TEST_P(DocumentVersionTest, RecordAndBranchIsOneTransaction) {
  auto p = make_project();
  auto t = make_ticket(p);
  auto src = make_task(t, "source");
  auto tasks_before = db->raw_count("SELECT COUNT(*) FROM tasks");
  EXPECT_DAGBOARD_ERROR(ws->discoveries().record_and_branch(
                            {.source_task_id = src.id, .discovery_type = "bug", .description = "x"},
                            {.phase_id = "PHASE_NOWHERE", .description = "fix"}),
                        ErrorCode::validation_failed);
  EXPECT_EQ(db->raw_count("SELECT COUNT(*) FROM tasks"), tasks_before);
  EXPECT_EQ(db->raw_count("SELECT COUNT(*) FROM task_discoveries"), 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      auto w = Workspace::open(db->url());
      for (int k = 0; k < 5; ++k)
        w.discoveries().record_and_branch(
            {.source_task_id = src.id,
             .discovery_type = "bug",
             .description = "bug " + std::to_string(i * 5 + k)},
            {.phase_id = "PHASE_IMPLEMENTATION", .description = "fix it"});
    });
  for (auto& th : threads) th.join();
  auto found = ws->discoveries().by_task(src.id);
  ASSERT_EQ(found.size(), 20u);
  for (const auto& d : found) {
    ASSERT_EQ(d.spawned_task_ids.size(), 1u);
    auto spawned = ws->tasks().get(d.spawned_task_ids[0]);
    EXPECT_EQ(spawned.parent_task_id, src.id);
    EXPECT_EQ(spawned.task_type, "discovery_bug");
  }
  EXPECT_EQ(db->raw_count("SELECT COUNT(*) FROM tasks"), tasks_before + 20);
  EXPECT_EQ(ws->graph().ticket_graph(t.id).at("metadata").at("discovery_count"), 20);
}

TEST_P(DocumentVersionTest, OneApprovalReleasesManyGates) {
  auto p = make_project();
  auto t = make_ticket(p);
  auto doc = ws->documents().store({.title = "Plan", .content = "## Plan\n"});
  std::vector<NewTask> batch(650);
  for (size_t i = 0; i < batch.size(); ++i) batch[i] = {.ticket_id = t.id, .title = "t" + std::to_string(i)};
  auto tasks = ws->tasks().create_many(batch);
  for (const auto& task : tasks) ws->documents().require_approval(task.id, doc.id);
  EXPECT_TRUE(ws->graph().ready(p.id).items.empty());
  auto before = ws->events().read({.since = 600, .limit = 10000}).back().id;
  ws->documents().submit(doc.id);
  ws->documents().approve(doc.id);
  auto unblocked = ws->events().read({.since = before, .event_types = {"TASKS_UNBLOCKED"}});
  ASSERT_EQ(unblocked.size(), 1u);
  EXPECT_EQ(unblocked[0].payload.at("unblocked_task_ids").size(), tasks.size());
  EXPECT_EQ(db->raw_count("SELECT COUNT(*) FROM tasks WHERE awaiting_approvals <> 0"), 0);
  EXPECT_EQ(ws->graph().ready(p.id, {.page = {.limit = 1000}}).items.size(), tasks.size());
}

DAGBOARD_INSTANTIATE_BACKENDS(DocumentVersionTest);

}  // namespace
}  // namespace dagboard::test
