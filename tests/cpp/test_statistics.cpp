// SPDX-License-Identifier: Apache-2.0
// Statistics: the series on a history with known answers (moves back and forth, a block, a
// reopened ticket, a retried task), and the state changes every write keeps, on both backends.
#include "support.hpp"

#include <dagboard/statistics.hpp>

#include "stats/series.hpp"
#include "stats/state_projection.hpp"
#include "util/time.hpp"

namespace dagboard::test {
namespace {

constexpr long long kHour = 3600LL * 1000000;
// 2026-11-02 00:00 UTC, a Monday.
const Timestamp kT0 = util::from_micros(1793577600LL * 1000000);
Timestamp at(double hours) { return kT0 + std::chrono::microseconds(static_cast<long long>(hours * kHour)); }

TEST(StatisticsSeries, BucketsAreAlignedAndCapped) {
  auto range = [](double from_h, double to_h, Bucket b) { return StatsRange{"P", at(from_h), at(to_h), b}; };
  auto f = stats::make_frame(range(1.5, 26, Bucket::day), at(100));
  ASSERT_EQ(f.buckets.size(), 2u);
  EXPECT_EQ(f.buckets[0], kT0);  // the day holding `from`
  EXPECT_EQ(f.buckets[1], at(24));
  auto w = stats::make_frame(range(50, 60, Bucket::week), at(100));
  ASSERT_EQ(w.buckets.size(), 1u);
  EXPECT_EQ(w.buckets[0], kT0);  // weeks start on Monday
  auto e = catch_error([&] { stats::make_frame(range(0, 1001, Bucket::hour), at(2000)); });
  EXPECT_EQ(e.details().value("field", ""), "bucket");
  EXPECT_EQ(e.details().value("buckets", 0), 1001);
  EXPECT_DAGBOARD_ERROR(stats::make_frame(range(5, 5, Bucket::hour), at(10)), ErrorCode::validation_failed);
}

// A history with known answers, as events, projected by the library and stored in the test's
// database (ids far above its own events), then asked for through the public API.
//
// Ticket A: created in backlog at 0h, analyzing at 2h, building at 5h, back to analyzing at 6h,
// building at 7h, done at 10h, reopened (testing) at 30h, done again at 34h.
// Ticket B: created at 1h, analyzing at 2.5h, blocked at 3h, unblocked at 4h, deleted at 26h.
// Task X: created 0h, assigned 1h (agent a1), running 2h, failed and retried 3h, assigned 4h
// (a2), running 5h, completed 8h. Task Y: created 0h, a1 runs it 2.5h-4h, completed.
class StatisticsHistoryTest : public ProjectTest {
 protected:
  void SetUp() override {
    ProjectTest::SetUp();
    if (!ws) return;
    ticket_event("TICKET_CREATED", "A", 0, "PHASE_BACKLOG", "backlog");
    ticket_event("TICKET_CREATED", "B", 1, "PHASE_BACKLOG", "backlog");
    ticket_event("TICKET_STATUS_CHANGED", "A", 2, "PHASE_REQUIREMENTS", "analyzing");
    ticket_event("BOARD_TICKET_MOVED", "B", 2.5, "PHASE_REQUIREMENTS", "analyzing");
    ticket_event("TICKET_BLOCKED", "B", 3, "PHASE_BLOCKED", "analyzing");
    ticket_event("TICKET_UNBLOCKED", "B", 4, "PHASE_REQUIREMENTS", "analyzing");
    ticket_event("TICKET_STATUS_CHANGED", "A", 5, "PHASE_IMPLEMENTATION", "building");
    ticket_event("TICKET_STATUS_CHANGED", "A", 6, "PHASE_REQUIREMENTS", "analyzing");
    ticket_event("TICKET_STATUS_CHANGED", "A", 7, "PHASE_IMPLEMENTATION", "building");
    ticket_event("TICKET_STATUS_CHANGED", "A", 10, "PHASE_DONE", "done");
    ticket_event("TICKET_DELETED", "B", 26, nullptr, nullptr);
    ticket_event("BOARD_TICKET_MOVED", "A", 30, "PHASE_TESTING", "testing");
    ticket_event("TICKET_STATUS_CHANGED", "A", 34, "PHASE_DONE", "done");
    task_event("TASK_CREATED", "X", 0, "pending", nullptr);
    task_event("TASK_CREATED", "Y", 0, "pending", nullptr);
    task_event("TASK_ASSIGNED", "X", 1, nullptr, "a1");
    task_event("TASK_STARTED", "X", 2, "running", "a1");
    task_event("TASK_STARTED", "Y", 2.5, "running", "a1");
    task_event("TASK_FAILED", "X", 3, "pending", "a1");
    task_event("TASK_ASSIGNED", "X", 4, nullptr, "a2");
    task_event("TASK_COMPLETED", "Y", 4, "completed", "a1");
    task_event("TASK_STARTED", "X", 5, "running", "a2");
    task_event("TASK_COMPLETED", "X", 8, "completed", "a2");
    stats::Projector projector;
    for (const auto& e : events) projector.add(e);
    for (const auto& c : projector.changes) store(c);
  }
  StatsRange range(double from_h, double to_h, Bucket b) { return {project.id, at(from_h), at(to_h), b}; }
  const ColumnSeries& column(const FlowSeries& s, const char* id) {
    for (const auto& c : s.columns)
      if (c.column_id == id) return c;
    throw std::runtime_error(id);
  }

 private:
  void add(const char* type, const char* entity_type, const char* id, double h, Json payload) {
    events.push_back({1000000 + static_cast<long long>(events.size()), type, entity_type, id, project.id,
                      std::move(payload), std::nullopt, at(h)});
  }
  void ticket_event(const char* type, const char* id, double h, const char* phase, const char* status) {
    Json p = Json::object();
    if (phase) p["phase_id"] = phase;
    if (status) p["status"] = status;
    add(type, "ticket", id, h, p);
  }
  void task_event(const char* type, const char* id, double h, const char* status, const char* agent) {
    Json p = Json::object();
    if (status) p["status"] = status;
    if (agent) p["agent_id"] = agent;
    add(type, "task", id, h, p);
  }
  void store(const stats::StateChange& c) {
    auto text = [](const std::optional<std::string>& v) { return v ? "'" + *v + "'" : std::string("NULL"); };
    auto time = [](const std::optional<Timestamp>& t) { return t ? std::to_string(util::to_micros(*t)) : std::string("NULL"); };
    db->raw_exec("INSERT INTO state_changes (event_id, event_type, project_id, entity_type, entity_id, at, "
                 "until_at, from_phase, to_phase, from_status, to_status, agent_id, created_at, started_at) "
                 "VALUES (" + std::to_string(c.event_id) + ", '" + c.event_type + "', '" + c.project_id + "', '" +
                 c.entity_type + "', '" + c.entity_id + "', " + time(c.at) + ", " + time(c.until) + ", " +
                 text(c.from_phase) + ", " + text(c.to_phase) + ", " + text(c.from_status) + ", " +
                 text(c.to_status) + ", " + text(c.agent_id) + ", " + time(c.created) + ", " + time(c.started) + ")");
  }
  std::vector<Event> events;
};

TEST_P(StatisticsHistoryTest, ThroughputCountsArrivalsAndEveryFailure) {
  auto s = ws->statistics().throughput(range(0, 48, Bucket::day));
  EXPECT_EQ(s.tickets_done, (std::vector<long long>{1, 1}));  // A at 10h, again at 34h
  EXPECT_EQ(s.tasks_completed, (std::vector<long long>{2, 0}));
  EXPECT_EQ(s.tasks_failed, (std::vector<long long>{1, 0}));
  auto hours = ws->statistics().throughput(range(2, 9, Bucket::hour));
  EXPECT_EQ(hours.tasks_completed, (std::vector<long long>{0, 0, 1, 0, 0, 0, 1}));  // Y at 4h, X at 8h
  EXPECT_EQ(hours.tasks_failed, (std::vector<long long>{0, 1, 0, 0, 0, 0, 0}));
}

TEST_P(StatisticsHistoryTest, CumulativeFlowAndWipFollowEveryMove) {
  auto s = ws->statistics().flow(range(0, 12, Bucket::hour));
  // At the end of each hour 0..11.
  EXPECT_EQ(column(s, "backlog").counts, (std::vector<long long>{1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(column(s, "blocked").counts, (std::vector<long long>{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(column(s, "done").counts, (std::vector<long long>{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1}));
  // Hour 2: backlog holds B until 2.5h (A left at 2h): 0.5 on average.
  EXPECT_DOUBLE_EQ(column(s, "backlog").average[2], 0.5);
  EXPECT_EQ(column(s, "backlog").peak[1], 2);
  EXPECT_DOUBLE_EQ(column(s, "backlog").average[1], 2.0);
  EXPECT_EQ(column(s, "blocked").peak[3], 1);
  EXPECT_DOUBLE_EQ(column(s, "blocked").average[3], 1.0);
  // A range that starts later begins from the states holding then.
  auto later = ws->statistics().flow(range(8, 9, Bucket::hour));
  EXPECT_EQ(column(later, "building").counts, (std::vector<long long>{1}));
  EXPECT_EQ(column(later, "analyzing").counts, (std::vector<long long>{1}));  // B
}

TEST_P(StatisticsHistoryTest, LeadAndCycleTimesCountEachArrival) {
  auto s = ws->statistics().cycle_times(range(0, 48, Bucket::day));
  // A: lead 10h and 34h (from creation), cycle 8h and 32h (from leaving the backlog at 2h).
  EXPECT_EQ(s.ticket_lead_time.count, 2);
  EXPECT_DOUBLE_EQ(*s.ticket_lead_time.p50, 10 * 3600.0);
  EXPECT_DOUBLE_EQ(*s.ticket_lead_time.p90, 34 * 3600.0);
  EXPECT_DOUBLE_EQ(*s.ticket_cycle_time.mean, 20 * 3600.0);
  // X: lead 8h, cycle 6h (first run at 2h); Y: lead 4h, cycle 1.5h.
  EXPECT_DOUBLE_EQ(*s.task_lead_time.p50, 4 * 3600.0);
  EXPECT_DOUBLE_EQ(*s.task_cycle_time.p50, 1.5 * 3600.0);
  EXPECT_DOUBLE_EQ(*s.task_cycle_time.p90, 6 * 3600.0);
}

TEST_P(StatisticsHistoryTest, TimeInPhaseIsClippedToTheRange) {
  auto s = ws->statistics().time_in_phase(range(0, 24, Bucket::day));
  // PHASE_REQUIREMENTS: A 2-5h and 6-7h (4h), B 2.5-3h and 4h-24h (20.5h).
  EXPECT_DOUBLE_EQ(s.phases["PHASE_REQUIREMENTS"].total_seconds, 24.5 * 3600);
  EXPECT_EQ(s.phases["PHASE_REQUIREMENTS"].tickets, 2);
  EXPECT_DOUBLE_EQ(s.phases["PHASE_BLOCKED"].total_seconds, 3600);
  EXPECT_DOUBLE_EQ(s.phases["PHASE_DONE"].total_seconds, 14 * 3600);  // 10h-24h
  // Over the whole history: A's two spells in implementation, 5-6h and 7-10h.
  EXPECT_DOUBLE_EQ(ws->statistics().tickets(project.id).average_time_in_phase["PHASE_IMPLEMENTATION"], 4 * 3600.0);
}

TEST_P(StatisticsHistoryTest, UtilisationIsTheShareOfTimeRunningSomething) {
  auto s = ws->statistics().utilisation(range(0, 10, Bucket::hour));
  ASSERT_EQ(s.agents.size(), 2u);
  const auto& a1 = s.agents[0];  // runs X 2-3h and Y 2.5-4h: busy 2-4h
  EXPECT_EQ(a1.agent_id, "a1");
  EXPECT_EQ(a1.busy, (std::vector<double>{0, 0, 1, 1, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(a1.tasks_completed, 1);
  EXPECT_EQ(a1.tasks_failed, 1);
  EXPECT_EQ(s.agents[1].busy, (std::vector<double>{0, 0, 0, 0, 0, 1, 1, 1, 0, 0}));
}

DAGBOARD_INSTANTIATE_BACKENDS(StatisticsHistoryTest);

class StatisticsTest : public ProjectTest {};

TEST_P(StatisticsTest, EveryWriteKeepsTheStateChangesTheLogImplies) {
  auto agent = ws->agents().register_agent({.project_id = project.id, .capacity = 2});
  auto t1 = make_task(ticket, "one");
  auto t2 = make_task(ticket, "two");
  auto claimed = ws->scheduler().claim(agent.id, {.task_id = t1.id});
  ASSERT_TRUE(claimed);
  ws->tasks().start(t1.id, {agent.id});
  ws->tasks().fail(t1.id, {agent.id}, "flaky network");  // retried after a back-off
  ASSERT_TRUE(ws->scheduler().claim(agent.id, {.task_id = t2.id}));
  ws->tasks().start(t2.id, {agent.id});
  ws->tasks().complete(t2.id, {agent.id}, Json{{"ok", true}});
  ws->tickets().transition(ticket.id, TicketStatus::analyzing);
  ws->tickets().block(ticket.id, "manual");
  ws->tickets().unblock(ticket.id);
  ws->board().move(ticket.id, "building", /*force=*/true);
  ws->tickets().update(ticket.id, {.status = TicketStatus::testing});
  auto check = ws->statistics().check();
  EXPECT_EQ(check.mismatches, 0);
  EXPECT_GT(check.rows, 10);

  auto now = dagboard::now();
  auto tp = ws->statistics().throughput({project.key, now - std::chrono::hours(1), now + std::chrono::hours(1), Bucket::hour});
  long long completed = 0, failed = 0;
  for (auto n : tp.tasks_completed) completed += n;
  for (auto n : tp.tasks_failed) failed += n;
  EXPECT_EQ(completed, 1);
  EXPECT_EQ(failed, 1);
  auto agents = ws->statistics().agents(project.id);
  EXPECT_EQ(agents.tasks_completed_per_agent[agent.id], 1);
  EXPECT_EQ(agents.tasks_failed_per_agent[agent.id], 1);
  EXPECT_EQ(agents.active_agents, 1);  // registered just now, holding nothing
  auto tickets = ws->statistics().tickets(project.id);
  EXPECT_EQ(tickets.by_status["testing"], 1);
  EXPECT_EQ(tickets.by_status["done"], 0);
  EXPECT_EQ(tickets.by_priority.size(), 4u);
  EXPECT_TRUE(tickets.average_time_in_phase.count("PHASE_BLOCKED"));
  auto flow = ws->statistics().flow({project.id, now - std::chrono::hours(1), now + std::chrono::hours(1), Bucket::hour});
  long long in_building = 0;
  for (const auto& c : flow.columns)
    if (c.column_id == "building") in_building = c.counts.back();
  EXPECT_EQ(in_building, 1);  // a status set without a phase keeps the phase
}

TEST_P(StatisticsTest, ACheckFindsAndRepairsTamperedRowsAndAnOldDatabaseIsBackfilled) {
  make_task(ticket, "one");
  ws->tickets().transition(ticket.id, TicketStatus::analyzing);
  db->raw_exec("UPDATE state_changes SET to_status = 'done' WHERE to_status = 'analyzing'");
  db->raw_exec("DELETE FROM state_changes WHERE entity_type = 'task'");
  auto found = ws->statistics().check();
  EXPECT_EQ(found.mismatches, 2);
  EXPECT_FALSE(found.rebuilt);
  EXPECT_TRUE(ws->statistics().check(true).rebuilt);
  EXPECT_EQ(ws->statistics().check().mismatches, 0);
  // A database from before statistics: the table is empty, the log is not.
  long long rows = ws->statistics().check().rows;
  db->raw_exec("DELETE FROM state_changes");
  auto reopened = Workspace::open(db->url());
  EXPECT_EQ(reopened.statistics().check().rows, rows);
  EXPECT_EQ(reopened.statistics().check().mismatches, 0);
}

// Deleting a ticket ends its tasks' states in the log: a task running then stops counting as
// running (utilisation) the moment its ticket goes, and the check still agrees with the log.
TEST_P(StatisticsTest, ADeletedTicketEndsTheStatesOfItsTasks) {
  auto agent = ws->agents().register_agent({.project_id = project.id});
  auto running = make_task(ticket, "running");
  auto waiting = make_task(ticket, "waiting");
  ASSERT_TRUE(ws->scheduler().claim(agent.id, {.task_id = running.id}));
  ws->tasks().start(running.id, {agent.id});
  long long before = ws->events().last_id();
  ws->tickets().remove(ticket.id);

  auto gone = ws->events().read({.since = before});
  ASSERT_EQ(gone.size(), 3u);
  EXPECT_EQ(gone[0].event_type, "TASK_DELETED");
  EXPECT_EQ(gone[0].entity_id, running.id);
  EXPECT_EQ(gone[0].payload, (Json{{"task_id", running.id}, {"ticket_id", ticket.id},
                                   {"old_status", "running"}, {"agent_id", agent.id}}));
  EXPECT_EQ(gone[1].entity_id, waiting.id);
  EXPECT_EQ(gone[1].payload["old_status"], "pending");
  EXPECT_TRUE(gone[1].payload["agent_id"].is_null());
  EXPECT_EQ(gone[2].event_type, "TICKET_DELETED");

  EXPECT_EQ(ws->statistics().check().mismatches, 0);
  // The running spell ended when the ticket went (utilisation reads these spells).
  EXPECT_EQ(db->raw_count("SELECT COUNT(*) FROM state_changes WHERE entity_type = 'task' AND until_at IS NULL "
                          "AND to_status IS NOT NULL"),
            0);
  EXPECT_EQ(db->raw_count("SELECT until_at FROM state_changes WHERE entity_id = '" + running.id +
                          "' AND to_status = 'running'"),
            util::to_micros(gone[0].created_at));
  auto now = dagboard::now();
  auto spanning = ws->statistics().utilisation({project.id, now - std::chrono::hours(1), now, Bucket::hour});
  ASSERT_EQ(spanning.agents.size(), 1u);
  EXPECT_EQ(spanning.agents[0].agent_id, agent.id);
}

TEST_P(StatisticsTest, ActiveAgentsFollowOneRule) {
  auto idle = ws->agents().register_agent({.project_id = project.id});
  ws->agents().register_agent({.project_id = project.id, .status = AgentStatus::terminated});
  auto roaming = ws->agents().register_agent({});  // no project of its own
  make_task(ticket, "one");
  ASSERT_TRUE(ws->scheduler().claim(roaming.id, {.project_id = project.id}));  // holds a task here
  EXPECT_EQ(ws->statistics().agents(project.id).active_agents, 2);
  EXPECT_EQ(ws->projects().stats(project.id).active_agents, 2);
  EXPECT_EQ(ws->statistics().overview(project.id).agents.active, 2);
  (void)idle;
}

DAGBOARD_INSTANTIATE_BACKENDS(StatisticsTest);

}  // namespace
}  // namespace dagboard::test
