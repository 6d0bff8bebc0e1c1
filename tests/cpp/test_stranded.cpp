// SPDX-License-Identifier: Apache-2.0
// Work that can never run is visible: stranded tasks, their events, progress counts.
#include "support.hpp"

namespace dagboard::test {
namespace {

class StrandedTest : public ProjectTest {
 protected:
  Agent agent() { return ws->agents().register_agent({.project_id = project.id, .capacity = 10}); }
  // Fails `t` for good (a permanent error).
  void fail_for_good(const Task& t, const Agent& a) {
    ws->scheduler().claim(a.id, {.task_id = t.id});
    ws->tasks().fail(t.id, {a.id}, "permission denied");
  }
  std::vector<std::string> stranded_ids() {
    std::vector<std::string> ids;
    for (const auto& t : ws->graph().stranded(project.id)) ids.push_back(t.id);
    return ids;
  }
  std::vector<std::string> events_of(const char* type, long long since) {
    std::vector<std::string> ids;
    for (const auto& e : ws->events().read({.since = since, .event_types = {type}}))
      ids.push_back(e.payload["task_id"]);
    return ids;
  }
};

TEST_P(StrandedTest, DependentsOfAFailedTaskAreStrandedTransitivelyAndAnnounced) {
  auto a = agent();
  auto root = make_task(ticket, "root");
  auto child = make_task(ticket, "child", {root.id});
  auto grandchild = make_task(ticket, "grandchild", {child.id});
  auto unrelated = make_task(ticket, "unrelated");
  long long before = ws->events().last_id();
  fail_for_good(root, a);
  EXPECT_EQ(ws->tasks().get(root.id).status, TaskStatus::failed);
  EXPECT_EQ(stranded_ids(), (std::vector<std::string>{child.id, grandchild.id}));
  EXPECT_TRUE(ws->tasks().get(grandchild.id).stranded);
  EXPECT_FALSE(ws->tasks().get(unrelated.id).stranded);
  EXPECT_EQ(events_of("TASK_STRANDED", before),
            (std::vector<std::string>{child.id, grandchild.id}));
  // Graph exports and board cards show it.
  auto graph = ws->graph().ticket_graph(ticket.id);
  int flagged = 0;
  for (const auto& n : graph["nodes"]) flagged += n.value("stranded", false) ? 1 : 0;
  EXPECT_EQ(flagged, 2);
  auto board = ws->board().view(project.id);
  long long card_stranded = 0, card_total = 0;
  for (const auto& c : board.columns)
    for (const auto& card : c.tickets)
      card_stranded += card.tasks_stranded, card_total += card.tasks_total;
  EXPECT_EQ(card_stranded, 2);
  EXPECT_EQ(card_total, 4);
  // A task added behind the failed one is stranded at once.
  auto late = make_task(ticket, "late", {root.id});
  EXPECT_TRUE(ws->tasks().get(late.id).stranded);
}

TEST_P(StrandedTest, StrandedTasksAreFreedWhenTheCauseGoesAway) {
  auto a = agent();
  auto root = make_task(ticket, "root");
  auto other = make_task(ticket, "other");
  auto child = make_task(ticket, "child", {root.id});
  fail_for_good(root, a);
  ASSERT_EQ(stranded_ids(), std::vector<std::string>{child.id});
  long long before = ws->events().last_id();
  // The failed dependency is replaced: free again.
  ws->tasks().set_dependencies(child.id, {other.id});
  EXPECT_TRUE(stranded_ids().empty());
  EXPECT_EQ(events_of("TASK_UNSTRANDED", before), std::vector<std::string>{child.id});
  EXPECT_FALSE(ws->tasks().get(child.id).stranded);
  // Back behind the failed task, then the failed task is retried (an operator sets it pending).
  ws->tasks().set_dependencies(child.id, {root.id});
  EXPECT_EQ(stranded_ids(), std::vector<std::string>{child.id});
  before = ws->events().last_id();
  ws->tasks().update(root.id, task_update_from_json({{"force", true}, {"status", "pending"}}));
  EXPECT_TRUE(stranded_ids().empty());
  EXPECT_EQ(events_of("TASK_UNSTRANDED", before), std::vector<std::string>{child.id});
  // A cancelled dependency strands too; removing the edge frees.
  ws->tasks().cancel(other.id, {}, "not needed");
  ws->tasks().add_dependencies(child.id, {other.id});
  EXPECT_EQ(stranded_ids(), std::vector<std::string>{child.id});
  ws->tasks().remove_dependency(child.id, other.id);
  EXPECT_TRUE(stranded_ids().empty());
}

TEST_P(StrandedTest, ARetryableFailureStrandsNothing) {
  auto a = agent();
  auto root = make_task(ticket, "root");
  make_task(ticket, "child", {root.id});
  ws->scheduler().claim(a.id);
  EXPECT_EQ(ws->tasks().fail(root.id, {a.id}, "connection reset").status, TaskStatus::pending);
  EXPECT_TRUE(stranded_ids().empty());
}

TEST_P(StrandedTest, CascadeCancelsInsteadWhenTheProjectAsks) {
  ws->projects().update(project.id, {.settings = Json{{"on_dependency_failure", "cancel"}}});
  auto a = agent();
  auto root = make_task(ticket, "root");
  auto child = make_task(ticket, "child", {root.id});
  auto grandchild = make_task(ticket, "grandchild", {child.id});
  long long before = ws->events().last_id();
  fail_for_good(root, a);
  EXPECT_EQ(ws->tasks().get(child.id).status, TaskStatus::cancelled);
  EXPECT_EQ(ws->tasks().get(grandchild.id).status, TaskStatus::cancelled);
  EXPECT_TRUE(stranded_ids().empty());
  auto cancelled = ws->events().read({.since = before, .event_types = {"TASK_CANCELLED"}});
  ASSERT_EQ(cancelled.size(), 2u);
  EXPECT_EQ(cancelled[0].payload["cascade"], true);
  EXPECT_DAGBOARD_ERROR(
      ws->projects().update(project.id, {.settings = Json{{"on_dependency_failure", "explode"}}}),
      ErrorCode::validation_failed);
}

TEST_P(StrandedTest, ProgressCountsEverythingAndKnowsWhenNothingCanFinish) {
  auto a = agent();
  auto root = make_task(ticket, "root");
  auto child = make_task(ticket, "child", {root.id});
  auto free = make_task(ticket, "free");
  auto p = ws->graph().project_progress(project.key);
  EXPECT_EQ(p.total, 3);
  EXPECT_EQ(p.by_status["pending"], 3);
  EXPECT_EQ(p.by_status["completed"], 0);
  EXPECT_EQ(p.ready, 2);
  EXPECT_EQ(p.waiting, 1);
  EXPECT_FALSE(p.settled);
  ws->scheduler().claim(a.id, {.task_id = free.id});
  fail_for_good(root, a);
  p = ws->graph().project_progress(project.id);
  EXPECT_EQ(p.running, 1);
  EXPECT_EQ(p.stranded, 1);
  EXPECT_EQ(p.by_status["failed"], 1);
  EXPECT_FALSE(p.settled);
  ws->tasks().complete(free.id, {a.id});
  p = ws->graph().ticket_progress(ticket.key);
  EXPECT_EQ(p.scope, "ticket");
  EXPECT_EQ(p.ready + p.running + p.waiting, 0);
  EXPECT_TRUE(p.settled) << "everything that can finish has finished";
  EXPECT_FALSE(p.all_completed);
  EXPECT_EQ(to_json(p)["stranded"], 1);
  EXPECT_DAGBOARD_ERROR(ws->graph().project_progress("NOPE"), ErrorCode::project_not_found);
  (void)child;
}

DAGBOARD_INSTANTIATE_BACKENDS(StrandedTest);

}  // namespace
}  // namespace dagboard::test
