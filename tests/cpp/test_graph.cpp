// SPDX-License-Identifier: Apache-2.0
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "support.hpp"

namespace dagboard::test {
namespace {

class GraphTest : public ProjectTest {
 protected:
  Task task(const std::string& title, std::vector<std::string> deps = {},
            std::optional<double> estimate = {}) {
    return ws->tasks().create({.ticket_id = ticket.id,
                               .title = title,
                               .depends_on = std::move(deps),
                               .estimate = estimate});
  }
  std::map<std::string, std::string> titles() {
    std::map<std::string, std::string> out;
    for (const auto& t : ws->tasks().list({.project_id = "DAG", .page = {.limit = 1000}}).items)
      out[t.id] = t.title;
    return out;
  }
  std::vector<std::string> named(const std::vector<std::string>& ids) {
    auto names = titles();
    std::vector<std::string> out;
    for (const auto& id : ids) out.push_back(names[id]);
    return out;
  }
};

TEST_P(GraphTest, CycleIsRefusedWithItsPathAndNothingWritten) {
  auto t1 = task("t1");
  auto t2 = task("t2", {t1.id});
  auto t3 = task("t3", {t2.id});
  auto last = ws->events().last_id();
  Error e = catch_error([&] { ws->tasks().add_dependencies(t1.id, {t3.id}); });
  ASSERT_EQ(e.code(), ErrorCode::task_dependency_cycle);
  EXPECT_EQ(e.details()["cycle"], Json::array({t1.id, t3.id, t2.id, t1.id}));
  EXPECT_TRUE(ws->tasks().get(t1.id).depends_on.empty());
  EXPECT_EQ(ws->events().last_id(), last);
  auto check = ws->tasks().check_cycle(t1.id, {t3.id});
  ASSERT_TRUE(check.has_value());
  EXPECT_EQ(check->size(), 4u);
  EXPECT_FALSE(ws->tasks().check_cycle(t3.id, {t1.id}).has_value());
  EXPECT_DAGBOARD_ERROR(ws->tasks().add_dependencies(t1.id, {t1.id}), ErrorCode::validation_failed);
  EXPECT_DAGBOARD_ERROR(
      ws->tasks().add_dependencies(t1.id, {"00000000-0000-4000-8000-000000000009"}),
      ErrorCode::task_not_found);
}

TEST_P(GraphTest, AddSetRemoveDependencies) {
  auto a = task("a"), b = task("b"), c = task("c");
  auto ab = std::vector<std::string>{a.id, b.id};
  std::sort(ab.begin(), ab.end());  // depends_on is kept in id order
  auto with_ab = ws->tasks().add_dependencies(c.id, {a.id, b.id, a.id});
  EXPECT_EQ(with_ab.depends_on, ab);
  EXPECT_EQ(ws->tasks().get(c.id).depends_on, ab);
  auto only_b = ws->tasks().set_dependencies(c.id, {b.id});
  EXPECT_EQ(only_b.depends_on, std::vector<std::string>{b.id});
  EXPECT_EQ(ws->tasks().get(c.id).depends_on, std::vector<std::string>{b.id});
  auto none = ws->tasks().remove_dependency(c.id, b.id);
  EXPECT_TRUE(none.depends_on.empty());
  EXPECT_DAGBOARD_ERROR(ws->tasks().remove_dependency(c.id, b.id), ErrorCode::validation_failed);
  auto events = ws->events().read({.event_types = {"TASK_DEPENDENCY_UPDATED"}});
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].payload["added"], Json(ab));
  EXPECT_EQ(events[1].payload["old_depends_on"], Json(ab));
  EXPECT_EQ(events[2].payload["removed"], b.id);
}

TEST_P(GraphTest, OrderWavesAndCriticalPath) {
  auto a = task("a", {}, 5.0);
  auto b = task("b", {a.id}, 1.0);
  auto c = task("c", {a.id}, 1.0);
  auto d = task("d", {b.id, c.id}, 1.0);
  auto e = task("e", {}, 10.0);
  EXPECT_EQ(named(ws->graph().topological_order("DAG")),
            (std::vector<std::string>{"a", "e", "b", "c", "d"}));
  auto waves = ws->graph().layers("DAG");
  ASSERT_EQ(waves.size(), 3u);
  EXPECT_EQ(named(waves[0]), (std::vector<std::string>{"a", "e"}));
  EXPECT_EQ(named(waves[2]), (std::vector<std::string>{"d"}));
  auto by_count = ws->graph().critical_path("DAG");
  EXPECT_EQ(named(by_count.task_ids), (std::vector<std::string>{"a", "b", "d"}));
  EXPECT_EQ(by_count.length, 3);
  auto weighted = ws->graph().critical_path("DAG", true);
  EXPECT_EQ(named(weighted.task_ids), (std::vector<std::string>{"e"}));
  EXPECT_EQ(weighted.length, 10);
  std::map<std::string, double> slack;
  for (const auto& s : weighted.schedule) slack[titles()[s.task_id]] = s.slack;
  EXPECT_EQ(slack["e"], 0);
  EXPECT_EQ(slack["a"], 3);  // a(5) b(1) d(1) ends at 7, three before e's 10
}

TEST_P(GraphTest, ReadyFollowsCompletionAndFilters) {
  auto a = task("a");
  auto b = task("b", {a.id});
  auto sql = ws->tasks().create({.ticket_id = ticket.id,
                                 .title = "sql",
                                 .phase_id = "PHASE_TESTING",
                                 .required_capabilities = {"sql"}});
  auto names = [&](const Page<Task>& p) {
    std::vector<std::string> out;
    for (const auto& t : p.items) out.push_back(t.title);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(names(ws->graph().ready("DAG")), (std::vector<std::string>{"a", "sql"}));
  EXPECT_EQ(names(ws->graph().ready("DAG", {.capabilities = std::vector<std::string>{}})),
            (std::vector<std::string>{"a"}));
  EXPECT_EQ(names(ws->graph().ready("DAG", {.phase_id = "PHASE_TESTING",
                                            .capabilities = std::vector<std::string>{"SQL"}})),
            (std::vector<std::string>{"sql"}));
  ws->tasks().update(a.id, task_update_from_json({{"force", true}, {"status", "completed"}}));
  EXPECT_EQ(names(ws->graph().ready("DAG")), (std::vector<std::string>{"b", "sql"}));
  EXPECT_EQ(ws->graph().blocked_by(b.id).at(0).id, a.id);
  EXPECT_EQ(ws->graph().blocking(a.id).at(0).id, b.id);
  (void)sql;
}

TEST_P(GraphTest, OtherProcessesWritesAreSeenOnTheNextCall) {
  auto a = task("a");
  EXPECT_EQ(ws->graph().ready("DAG").items.size(), 1u);  // builds this workspace's index
  auto other = Workspace::open(db->url());               // another index, as another process has
  other.tasks().create({.ticket_id = ticket.id, .title = "b", .depends_on = {a.id}});
  other.tasks().create({.ticket_id = ticket.id, .title = "c"});
  EXPECT_EQ(ws->graph().ready("DAG").items.size(), 2u);
  other.tasks().update(a.id, task_update_from_json({{"force", true}, {"status", "completed"}}));
  EXPECT_EQ(ws->graph().ready("DAG").items.size(), 2u);  // b became ready, a left
  EXPECT_EQ(ws->graph().topological_order("DAG").size(), 3u);
}

TEST_P(GraphTest, ReadyPagesWithoutRepeats) {
  for (int i = 0; i < 7; ++i) task("t" + std::to_string(i));
  std::set<std::string> seen;
  ReadyQuery q{.page = {.limit = 3}};
  int pages = 0;
  while (true) {
    auto page = ws->graph().ready("DAG", q);
    for (const auto& t : page.items) EXPECT_TRUE(seen.insert(t.id).second);
    ++pages;
    if (!page.next_cursor) break;
    q.page.cursor = page.next_cursor;
  }
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(pages, 3);
}

TEST_P(GraphTest, ExportsHaveUpstreamShapes) {
  auto a = task("a");
  auto b = task("b", {a.id});
  ws->tasks().update(a.id, task_update_from_json({{"force", true}, {"status", "completed"}}));
  auto g = ws->graph().ticket_graph(ticket.id);
  EXPECT_EQ(g["metadata"]["total_tasks"], 2);
  EXPECT_EQ(g["metadata"]["resolved_count"], 1);
  EXPECT_EQ(g["metadata"]["blocked_count"], 0);
  EXPECT_EQ(g["metadata"]["critical_path"], Json::array({a.id, b.id}));
  EXPECT_EQ(g["metadata"]["critical_path_length"], 2);
  EXPECT_EQ(
      g["edges"][0],
      (Json{{"source", a.id}, {"target", b.id}, {"type", "depends_on"}, {"label", "depends on"}}));
  auto open_only = ws->graph().ticket_graph(ticket.id, {.include_resolved = false});
  EXPECT_EQ(open_only["metadata"]["total_tasks"], 1);
  EXPECT_EQ(open_only["nodes"][0]["is_blocked"], false) << "a completed dependency outside the set";
  auto p = ws->graph().project_graph("DAG");
  EXPECT_EQ(p["metadata"]["total_tickets"], 1);
  EXPECT_EQ(p["metadata"]["total_edges"], 3);  // depends_on + two ticket_contains
  EXPECT_NE(ws->graph().to_dot("DAG").find("t0 -> t1;"), std::string::npos);
  EXPECT_NE(ws->graph().to_mermaid("DAG").find("t0 --> t1"), std::string::npos);
}

// The export places every task as the graph calls do: its wave (layers), slack (critical path)
// and whether it can start now (ready) — one rule each, read from the same index.
TEST_P(GraphTest, ExportNodesCarryWavesSlackAndTheReadySet) {
  auto a = task("a", {}, 3);
  auto b = task("b", {a.id});
  auto c = task("c", {b.id});
  auto side = task("side");
  auto done = task("done");
  ws->tasks().update(done.id, task_update_from_json({{"force", true}, {"status", "completed"}}));
  auto after_done = task("after done", {done.id});
  auto g = ws->graph().project_graph("DAG");
  EXPECT_EQ(g["metadata"]["last_event_id"], ws->events().last_id());
  std::map<std::string, Json> node;
  for (const auto& n : g["nodes"])
    if (n["type"] == "task") node[n["id"].get<std::string>()] = n;
  auto layers = ws->graph().layers("DAG");
  for (size_t w = 0; w < layers.size(); ++w)
    for (const auto& id : layers[w]) EXPECT_EQ(node[id]["wave"], w) << named({id})[0];
  for (const auto& s : ws->graph().critical_path("DAG").schedule) {
    EXPECT_EQ(node[s.task_id]["slack"], s.slack) << named({s.task_id})[0];
    EXPECT_EQ(node[s.task_id]["earliest_start"], s.earliest_start);
  }
  std::set<std::string> ready;
  for (const auto& t : ws->graph().ready("DAG").items) ready.insert(t.id);
  EXPECT_EQ(ready, (std::set<std::string>{a.id, side.id, after_done.id}));
  for (const auto& [id, n] : node) EXPECT_EQ(n["ready"], ready.count(id) > 0) << named({id})[0];
  EXPECT_EQ(node[c.id]["wave"], 2);
  EXPECT_EQ(node[side.id]["slack"], 2.0);
  // Without resolved tasks, a task after a completed one is still ready; one after an open
  // dependency is not.
  auto open_only = ws->graph().project_graph("DAG", /*include_resolved=*/false);
  for (const auto& n : open_only["nodes"]) {
    if (n["id"] == after_done.id) {
      EXPECT_EQ(n["ready"], true);
    }
    if (n["id"] == b.id) {
      EXPECT_EQ(n["ready"], false);
    }
  }
}

// Random DAGs: orders respect every edge; the critical path matches a brute-force longest path;
// every edge that would close a cycle is refused with a real cycle.
TEST_P(GraphTest, RandomGraphsHoldTheirInvariants) {
  std::mt19937 rng(12345);
  const int n = 12;
  std::vector<std::string> ids;
  std::vector<std::vector<int>> deps(n);
  for (int i = 0; i < n; ++i) {
    std::vector<std::string> d;
    for (int j = 0; j < i; ++j)
      if (rng() % 4 == 0) {
        d.push_back(ids[j]);
        deps[i].push_back(j);
      }
    ids.push_back(task("n" + std::to_string(i), d).id);
  }
  auto order = ws->graph().topological_order("DAG");
  std::map<std::string, size_t> pos;
  for (size_t i = 0; i < order.size(); ++i) pos[order[i]] = i;
  for (int i = 0; i < n; ++i)
    for (int j : deps[i]) EXPECT_LT(pos[ids[j]], pos[ids[i]]);
  std::vector<int> longest(n, 1);  // brute force over the creation order (already topological)
  for (int i = 0; i < n; ++i)
    for (int j : deps[i]) longest[i] = std::max(longest[i], longest[j] + 1);
  EXPECT_EQ(ws->graph().critical_path("DAG").length,
            *std::max_element(longest.begin(), longest.end()));
  // Reachability by brute force: i reaches j when j depends (transitively) on i.
  std::vector<std::vector<bool>> reach(n, std::vector<bool>(n, false));
  for (int i = 0; i < n; ++i)
    for (int j : deps[i]) {
      reach[j][i] = true;
      for (int k = 0; k < n; ++k)
        if (reach[k][j]) reach[k][i] = true;
    }
  for (int trial = 0; trial < 20; ++trial) {
    int from = static_cast<int>(rng() % n), to = static_cast<int>(rng() % n);
    if (from == to) continue;
    bool closes =
        reach[from][to];  // making `from` depend on `to` closes a cycle iff to depends on from
    auto cycle = ws->tasks().check_cycle(ids[from], {ids[to]});
    EXPECT_EQ(cycle.has_value(), closes) << from << " -> " << to;
    if (cycle) {
      EXPECT_EQ(cycle->front(), ids[from]);
      EXPECT_EQ(cycle->back(), ids[from]);
      EXPECT_DAGBOARD_ERROR(ws->tasks().add_dependencies(ids[from], {ids[to]}),
                            ErrorCode::task_dependency_cycle);
    }
  }
}

TEST_P(GraphTest, TwoWritersCannotCloseACycleTogether) {
  // Each round: two processes add the two edges of a would-be cycle at the same moment.
  for (int round = 0; round < 5; ++round) {
    auto a = task("a" + std::to_string(round));
    auto b = task("b" + std::to_string(round));
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int code = 0;
      try {
        Workspace::open(db->url(), {.pool_size = 1}).tasks().add_dependencies(a.id, {b.id});
      } catch (const Error& e) {
        code = e.code() == ErrorCode::task_dependency_cycle ? 3 : 1;
      }
      _exit(code);
    }
    int mine = 0;
    try {
      Workspace::open(db->url(), {.pool_size = 1}).tasks().add_dependencies(b.id, {a.id});
    } catch (const Error& e) {
      mine = e.code() == ErrorCode::task_dependency_cycle ? 3 : 1;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    int theirs = WEXITSTATUS(status);
    EXPECT_TRUE((mine == 0 && theirs == 3) || (mine == 3 && theirs == 0)) << mine << " " << theirs;
    auto both = ws->tasks().get(a.id).depends_on.size() + ws->tasks().get(b.id).depends_on.size();
    EXPECT_EQ(both, 1u);
  }
}

DAGBOARD_INSTANTIATE_BACKENDS(GraphTest);

}  // namespace
}  // namespace dagboard::test
