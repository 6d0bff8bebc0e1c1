// SPDX-License-Identifier: Apache-2.0
// Workflows, the ticket state machine, the blocked overlay and the board with hard WIP limits.
#include <atomic>
#include <thread>

#include "support.hpp"

namespace dagboard::test {
namespace {

class BoardTest : public ProjectTest {
 protected:
  Ticket ticket_in(const std::string& phase) {
    return ws->tickets().create({.project_id = project.id, .title = "t", .phase_id = phase});
  }
  long long column_count(const std::string& column) {
    for (const auto& c : ws->board().view(project.id).columns)
      if (c.column.id == column) return c.current_count;
    return -1;
  }
};

// What a move checks, on every path: finishing a ticket needs its blockers done and a way there.
TEST_P(BoardTest, FinishingNeedsFinishedBlockersAndAPathThere) {
  auto blocker = ws->tickets().create({.project_id = project.id, .title = "blocker"});
  auto blocked = ws->tickets().create(
      {.project_id = project.id, .title = "blocked", .blocked_by = {blocker.key}});
  ws->board().move(blocked.id, "deploying");
  Error e = catch_error([&] { ws->board().move(blocked.id, "done"); });
  EXPECT_EQ(e.code(), ErrorCode::invalid_transition);
  EXPECT_EQ(e.details()["blocked_by"], Json::array({blocker.key}));
  EXPECT_EQ(ws->tickets().get(blocked.id).phase_id, "PHASE_DEPLOYMENT")
      << "a refused move changed the ticket";
  TicketUpdate to_done;
  to_done.phase_id = "PHASE_DONE";
  EXPECT_DAGBOARD_ERROR(ws->tickets().update(blocked.id, to_done), ErrorCode::invalid_transition);
  // Straight from the backlog to done: no path in the workflow or the state machine.
  EXPECT_DAGBOARD_ERROR(ws->board().move(blocker.id, "done"), ErrorCode::invalid_transition);
  ws->board().move(blocker.id, "deploying");
  ws->board().move(blocker.id, "done");
  EXPECT_EQ(ws->board().move(blocked.id, "done").new_column, "done");
  // A forced move is the override, and says so.
  auto lone = ws->tickets().create({.project_id = project.id, .title = "lone"});
  EXPECT_TRUE(ws->board().move(lone.id, "done", /*force=*/true).moved);
  EXPECT_DAGBOARD_ERROR(ws->board().move(lone.id, "nowhere"), ErrorCode::validation_failed);
}

TEST_P(BoardTest, DefaultWorkflowIsUpstreams) {
  Workflow w = ws->workflows().get(project.id);
  EXPECT_EQ(w.name, "Software Development");
  ASSERT_EQ(w.columns.size(), 7u);
  const BoardColumn* building = w.column("building");
  ASSERT_NE(building, nullptr);
  EXPECT_EQ(building->wip_limit, 10);
  EXPECT_EQ(building->auto_transition_to, "testing");
  EXPECT_EQ(building->phase_mapping, std::vector<std::string>{"PHASE_IMPLEMENTATION"});
  const PhaseDefinition* impl = w.phase("PHASE_IMPLEMENTATION");
  ASSERT_NE(impl, nullptr);
  EXPECT_EQ(impl->done_definitions.size(), 3u);
  EXPECT_NE(impl->phase_prompt->find("SOFTWARE ENGINEER"), std::string::npos);
  EXPECT_EQ(impl->allowed_transitions,
            (std::vector<std::string>{"PHASE_TESTING", "PHASE_BLOCKED"}));
  EXPECT_EQ(w.phase("PHASE_DONE")->allowed_transitions.size(), 0u);
  EXPECT_TRUE(w.phase("PHASE_BLOCKED")->is_blocked_phase);
  EXPECT_EQ(w.column("analyzing")->phase_mapping,
            (std::vector<std::string>{"PHASE_REQUIREMENTS", "PHASE_DESIGN"}));
}

TEST_P(BoardTest, InvalidWorkflowsAreRefusedWithTheField) {
  Json good = to_json(default_workflow());
  auto refused_field = [&](Json def) {
    try {
      ws->workflows().set(project.id, workflow_from_json(def));
    } catch (const ValidationError& e) {
      return e.details().value("field", std::string("?"));
    }
    return std::string("accepted");
  };
  Json unknown_phase = good;
  unknown_phase["columns"][2]["phase_mapping"] = {"PHASE_NOPE"};
  EXPECT_EQ(refused_field(unknown_phase), "columns[2].phase_mapping");
  Json unknown_column = good;
  unknown_column["columns"][2]["auto_transition_to"] = "nowhere";
  EXPECT_EQ(refused_field(unknown_column), "columns[2].auto_transition_to");
  Json cycle = good;
  cycle["columns"][3]["auto_transition_to"] = "building";  // building -> testing -> building
  EXPECT_EQ(refused_field(cycle).rfind("columns[", 0), 0u);
  Json zero_wip = good;
  zero_wip["columns"][1]["wip_limit"] = 0;
  EXPECT_EQ(refused_field(zero_wip), "columns[1].wip_limit");
  Json duplicate = good;
  duplicate["phases"][1]["id"] = "PHASE_BACKLOG";
  EXPECT_EQ(refused_field(duplicate), "phases[1].id");
  Json extra = good;
  extra["phases"][0]["colour"] = "red";
  EXPECT_EQ(refused_field(extra), "phases[0].colour");
  EXPECT_EQ(ws->workflows().get(project.id).name, "Software Development");  // nothing stored
}

TEST_P(BoardTest, CustomWorkflowDrivesTheBoard) {
  Json def = to_json(default_workflow());
  def["name"] = "Tight";
  def["columns"][2]["wip_limit"] = 1;
  ws->workflows().set(project.id, workflow_from_json(def));
  EXPECT_EQ(ws->workflows().get(project.id).column("building")->wip_limit, 1);
  ticket_in("PHASE_IMPLEMENTATION");
  EXPECT_DAGBOARD_ERROR(ticket_in("PHASE_IMPLEMENTATION"), ErrorCode::wip_limit_exceeded);
  // A workflow without a phase in use is refused and the old one stays.
  Json lean = def;
  lean["phases"].erase(3);  // PHASE_IMPLEMENTATION
  for (auto& phase : lean["phases"]) {
    Json kept = Json::array();
    for (const auto& to : phase["allowed_transitions"])
      if (to != "PHASE_IMPLEMENTATION") kept.push_back(to);
    phase["allowed_transitions"] = kept;
  }
  lean["columns"][2]["phase_mapping"] = {"PHASE_TESTING"};
  auto e = catch_error([&] { ws->workflows().set(project.id, workflow_from_json(lean)); });
  EXPECT_EQ(e.code(), ErrorCode::validation_failed);
  EXPECT_EQ(e.details()["phase_ids"], Json({"PHASE_IMPLEMENTATION"}));
  EXPECT_EQ(ws->workflows().reset(project.id).name, "Software Development");
  // Tasks follow the project's workflow too: a custom phase works there and nowhere else.
  Json review = to_json(default_workflow());
  review["phases"].push_back(
      {{"id", "PHASE_REVIEW"}, {"name", "Review"}, {"sequence_order", 9}, {"status", "testing"}});
  ws->workflows().set(project.id, workflow_from_json(review));
  Task t = ws->tasks().create(
      {.ticket_id = ticket.id, .title = "review it", .phase_id = "PHASE_REVIEW"});
  EXPECT_EQ(t.phase_id, "PHASE_REVIEW");
  EXPECT_DAGBOARD_ERROR(ws->tasks().update(t.id, {.phase_id = "PHASE_NOPE"}),
                        ErrorCode::validation_failed);
  Project other = make_project("OTH");
  EXPECT_DAGBOARD_ERROR(
      ws->tasks().create(
          {.ticket_id = make_ticket(other).id, .title = "x", .phase_id = "PHASE_REVIEW"}),
      ErrorCode::validation_failed);
}

TEST_P(BoardTest, TransitionsFollowTheStateMachine) {
  Ticket t = make_ticket(project);
  Ticket a = ws->tickets().transition(t.id, TicketStatus::analyzing, {.initiated_by = "agent-1"});
  EXPECT_EQ(a.status, TicketStatus::analyzing);
  EXPECT_EQ(a.phase_id, "PHASE_REQUIREMENTS");
  EXPECT_EQ(a.previous_phase_id, "PHASE_BACKLOG");
  EXPECT_DAGBOARD_ERROR(ws->tickets().transition(t.id, TicketStatus::done),
                        ErrorCode::invalid_transition);
  ws->tickets().transition(t.id, TicketStatus::building);
  ws->tickets().transition(t.id, TicketStatus::building_done);
  Ticket d = ws->tickets().transition(t.id, TicketStatus::testing);
  EXPECT_EQ(d.phase_id, "PHASE_TESTING");
  Ticket r = ws->tickets().regress(t.id, TicketStatus::building, "2 tests fail");
  EXPECT_EQ(r.phase_id, "PHASE_IMPLEMENTATION");
  ASSERT_EQ(r.context["regressions"].size(), 1u);
  EXPECT_EQ(r.context["regressions"][0]["regressed_from"], "testing");
  EXPECT_EQ(r.context["regressions"][0]["validation_feedback"], "2 tests fail");
  auto history = ws->tickets().phase_history(t.id);
  ASSERT_EQ(history.size(), 5u);
  EXPECT_EQ(history[0].from_phase, "PHASE_BACKLOG");
  EXPECT_EQ(history[0].to_phase, "PHASE_REQUIREMENTS");
  EXPECT_EQ(history[0].transitioned_by, "agent-1");
  EXPECT_EQ(history[0].transition_reason, "Status transition: backlog -> analyzing");
  EXPECT_EQ(history[4].transition_reason, "Regression: 2 tests fail");
  // Forced, any move goes; done is terminal otherwise.
  Ticket f = ws->tickets().transition(t.id, TicketStatus::done, {.force = true});
  EXPECT_EQ(f.phase_id, "PHASE_DONE");
  EXPECT_DAGBOARD_ERROR(ws->tickets().transition(t.id, TicketStatus::testing),
                        ErrorCode::invalid_transition);
  EXPECT_EQ(ws->events().read({.event_types = {"TICKET_STATUS_CHANGED"}}).size(), 6u);
}

TEST_P(BoardTest, BlockedOverlayKeepsStatusAndReturns) {
  Ticket t = ticket_in("PHASE_IMPLEMENTATION");
  EXPECT_DAGBOARD_ERROR(ws->tickets().block(t.id, "bored"), ErrorCode::validation_failed);
  Ticket b = ws->tickets().block(t.id, "failing_checks", "fix the build", "agent-1");
  EXPECT_TRUE(b.is_blocked);
  EXPECT_EQ(b.blocked_reason, "failing_checks");
  EXPECT_TRUE(b.blocked_at.has_value());
  EXPECT_EQ(b.status, TicketStatus::building);
  EXPECT_EQ(b.phase_id, "PHASE_BLOCKED");
  auto remediation = ws->tasks().list({.ticket_id = t.id});
  ASSERT_EQ(remediation.items.size(), 1u);
  EXPECT_EQ(remediation.items[0].title, "Fix failing checks");
  EXPECT_EQ(remediation.items[0].description, "fix the build");
  EXPECT_EQ(remediation.items[0].task_type, "remediation");
  EXPECT_EQ(remediation.items[0].priority, Priority::high);
  EXPECT_EQ(remediation.items[0].phase_id, "PHASE_IMPLEMENTATION");
  EXPECT_EQ(column_count("blocked"), 1);
  EXPECT_EQ(column_count("building"), 0);
  EXPECT_EQ(ws->tickets().block(t.id, "environment").blocked_reason, "failing_checks");  // no-op
  // Only BLOCKED_TRANSITIONS while blocked; taking one clears the overlay.
  EXPECT_DAGBOARD_ERROR(ws->tickets().transition(t.id, TicketStatus::done),
                        ErrorCode::invalid_transition);
  Ticket u = ws->tickets().transition(t.id, TicketStatus::building);
  EXPECT_FALSE(u.is_blocked);
  EXPECT_FALSE(u.blocked_reason.has_value());
  EXPECT_FALSE(u.blocked_at.has_value());
  EXPECT_EQ(u.phase_id, "PHASE_IMPLEMENTATION");
  ws->tickets().block(t.id, "dependency");
  Ticket back = ws->tickets().unblock(t.id, "human");
  EXPECT_FALSE(back.is_blocked);
  EXPECT_EQ(back.phase_id, "PHASE_IMPLEMENTATION");
  EXPECT_EQ(back.status, TicketStatus::building);
  auto events = ws->events().read({.event_types = {"TICKET_BLOCKED", "TICKET_UNBLOCKED"}});
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].payload["suggested_remediation"], "fix the build");
  EXPECT_EQ(events[0].payload["remediation_task_id"], remediation.items[0].id);
  EXPECT_EQ(events[3].payload["previous_blocker"], "dependency");
  // Done tickets are not blocked.
  Ticket done = ticket_in("PHASE_DONE");
  EXPECT_FALSE(ws->tickets().block(done.id, "environment").is_blocked);
}

TEST_P(BoardTest, MovesViewStatsAndViolations) {
  Ticket t = ticket_in("PHASE_IMPLEMENTATION");
  BoardView v = ws->board().view(project.id);
  ASSERT_EQ(v.columns.size(), 7u);
  EXPECT_EQ(v.columns[2].column.id, "building");
  EXPECT_EQ(v.columns[2].current_count, 1);
  EXPECT_EQ(v.columns[2].tickets[0].id, t.id);
  EXPECT_EQ(v.columns[0].current_count, 1);  // the fixture's ticket, in the backlog
  MoveResult m = ws->board().move(t.id, "testing");
  EXPECT_TRUE(m.moved);
  EXPECT_EQ(m.from_column, "building");
  EXPECT_EQ(m.new_phase, "PHASE_TESTING");
  EXPECT_EQ(ws->tickets().get(t.id).status, TicketStatus::testing);
  EXPECT_FALSE(ws->board().move(t.id, "testing").moved);  // already there
  EXPECT_DAGBOARD_ERROR(ws->board().move(t.id, "nowhere"), ErrorCode::validation_failed);
  auto moved = ws->events().read({.event_types = {"BOARD_TICKET_MOVED"}});
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].payload["from_column"], "building");
  EXPECT_EQ(moved[0].payload["to_column"], "testing");
  // Deploying holds 3: the fourth is refused with the numbers, then forced through.
  for (int i = 0; i < 3; ++i) ws->board().move(ticket_in("PHASE_BACKLOG").id, "deploying");
  Ticket fourth = ticket_in("PHASE_BACKLOG");
  auto e = catch_error([&] { ws->board().move(fourth.id, "deploying"); });
  EXPECT_EQ(e.code(), ErrorCode::wip_limit_exceeded);
  EXPECT_EQ(e.details()["column"], "deploying");
  EXPECT_EQ(e.details()["limit"], 3);
  EXPECT_EQ(e.details()["count"], 3);
  EXPECT_EQ(ws->tickets().get(fourth.id).phase_id, "PHASE_BACKLOG");  // nothing changed
  EXPECT_TRUE(ws->board().wip_violations(project.id).empty());
  ws->board().move(fourth.id, "deploying", /*force=*/true);
  auto violations = ws->board().wip_violations(project.id);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].column_id, "deploying");
  EXPECT_EQ(violations[0].current_count, 4);
  EXPECT_EQ(violations[0].excess, 1);
  auto reported = ws->events().read({.event_types = {"BOARD_WIP_VIOLATION"}});
  ASSERT_EQ(reported.size(), 1u);
  EXPECT_EQ(reported[0].payload["current_count"], 4);
  for (const auto& s : ws->board().stats(project.id)) {
    if (s.column_id == "deploying") {
      EXPECT_EQ(s.ticket_count, 4);
      EXPECT_DOUBLE_EQ(*s.utilization, 4.0 / 3.0);
      EXPECT_TRUE(s.wip_exceeded);
    }
    if (s.column_id == "backlog") {
      EXPECT_FALSE(s.utilization.has_value());
    }
  }
  EXPECT_EQ(ws->board().column_for_phase(project.id, "PHASE_DESIGN").id, "analyzing");
  EXPECT_DAGBOARD_ERROR(ws->board().column_for_phase(project.id, "PHASE_NOPE"),
                        ErrorCode::validation_failed);
}

TEST_P(BoardTest, AutoTransitionAndBlockedColumn) {
  Ticket t = ticket_in("PHASE_IMPLEMENTATION");
  auto r = ws->board().auto_transition(t.id);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->new_column, "testing");
  EXPECT_FALSE(ws->board().auto_transition(t.id).has_value());  // testing has none
  ws->board().move(t.id, "blocked");
  Ticket b = ws->tickets().get(t.id);
  EXPECT_TRUE(b.is_blocked);
  EXPECT_EQ(b.blocked_reason, "manual");
  EXPECT_EQ(b.status, TicketStatus::testing);
  ws->board().move(t.id, "testing");
  EXPECT_FALSE(ws->tickets().get(t.id).is_blocked);
  // A full target column: not transitioned, nothing written.
  for (int i = 0; i < 7; ++i) ticket_in("PHASE_TESTING");  // with t: 8 of 8
  Ticket full = ticket_in("PHASE_IMPLEMENTATION");
  EXPECT_FALSE(ws->board().auto_transition(full.id).has_value());
  EXPECT_EQ(ws->tickets().get(full.id).phase_id, "PHASE_IMPLEMENTATION");
}

TEST_P(BoardTest, UpdateMovesRespectTheWorkflowAndLimits) {
  Ticket t = make_ticket(project);
  EXPECT_DAGBOARD_ERROR(ws->tickets().update(t.id, {.phase_id = "PHASE_NOPE"}),
                        ErrorCode::validation_failed);
  Ticket u = ws->tickets().update(t.id, {.phase_id = "PHASE_DEPLOYMENT"});
  EXPECT_EQ(u.status, TicketStatus::building_done);  // the status follows the phase
  for (int i = 0; i < 2; ++i) ticket_in("PHASE_DEPLOYMENT");
  Ticket extra = make_ticket(project);
  EXPECT_DAGBOARD_ERROR(ws->tickets().update(extra.id, {.phase_id = "PHASE_DEPLOYMENT"}),
                        ErrorCode::wip_limit_exceeded);
  EXPECT_EQ(column_count("deploying"), 3);
}

// Eight writers race to move tickets into a column that holds three.
TEST_P(BoardTest, WipLimitHoldsUnderEightThreads) {
  std::vector<std::string> ids;
  for (int i = 0; i < 16; ++i) ids.push_back(make_ticket(project).id);
  std::atomic<int> moved{0}, refused{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < 8; ++w)
    threads.emplace_back([&, w] {
      for (int k = 0; k < 2; ++k) {
        try {
          if (ws->board().move(ids[static_cast<size_t>(w * 2 + k)], "deploying").moved) ++moved;
        } catch (const Error& e) {
          if (e.code() == ErrorCode::wip_limit_exceeded) ++refused;
        }
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(moved.load(), 3);
  EXPECT_EQ(refused.load(), 13);
  EXPECT_EQ(column_count("deploying"), 3);
}

TEST_P(BoardTest, WipLimitHoldsUnderEightProcesses) {
  std::vector<std::string> ids;
  for (int i = 0; i < 16; ++i) ids.push_back(make_ticket(project).id);
  auto codes = run_in_processes(8, [&](int w) {
    auto mine = Workspace::open(db->url(), {.pool_size = 1});
    int won = 0;
    for (int k = 0; k < 2; ++k) {
      try {
        if (mine.board().move(ids[static_cast<size_t>(w * 2 + k)], "deploying").moved) ++won;
      } catch (const Error& e) {
        if (e.code() != ErrorCode::wip_limit_exceeded) return 100;
      }
    }
    return won;  // exit code = tickets this process moved
  });
  int total = 0;
  for (int c : codes) {
    EXPECT_LT(c, 100);
    total += c;
  }
  EXPECT_EQ(total, 3);
  EXPECT_EQ(column_count("deploying"), 3);
  EXPECT_EQ(ws->events().read({.event_types = {"BOARD_TICKET_MOVED"}}).size(), 3u);
}

TEST_P(BoardTest, PhaseGateProgressesWhenEverythingIsReported) {
  Json def = to_json(default_workflow());
  def["phases"][3]["expected_outputs"] =
      Json::array({{{"type", "code"}, {"pattern", "src/*.cpp"}}});
  ws->workflows().set(project.id, workflow_from_json(def));
  Ticket t = ticket_in("PHASE_IMPLEMENTATION");
  GateStatus g = ws->tickets().gate_status(t.id);
  EXPECT_FALSE(g.met);
  EXPECT_EQ(g.missing_definitions.size(), 3u);
  EXPECT_EQ(g.missing_outputs, std::vector<std::string>{"code:src/*.cpp"});
  EXPECT_FALSE(ws->tickets().check_and_progress(t.id).has_value());
  ws->tickets().report_artifact(t.id,
                                {.artifact_type = "code",
                                 .path = "docs/readme.md",
                                 .met_definitions = {"Component code files created in src/"}});
  ws->tickets().report_artifact(
      t.id, {.artifact_type = "test",
             .met_definitions = {"Minimum 3 test cases written", "Tests passing locally"}});
  g = ws->tickets().gate_status(t.id);
  EXPECT_TRUE(g.missing_definitions.empty());
  EXPECT_EQ(g.missing_outputs.size(), 1u);  // the path does not match src/*.cpp
  EXPECT_FALSE(ws->tickets().check_and_progress(t.id).has_value());
  auto code =
      ws->tickets().report_artifact(t.id, {.artifact_type = "code", .path = "src/refund.cpp"});
  EXPECT_TRUE(ws->tickets().gate_status(t.id).met);
  auto moved = ws->tickets().check_and_progress(t.id, "agent-3");
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(moved->phase_id, "PHASE_TESTING");
  EXPECT_EQ(moved->status, TicketStatus::testing);
  auto history = ws->tickets().phase_history(t.id);
  EXPECT_EQ(history.back().artifacts.size(), 3u);
  EXPECT_EQ(history.back().artifacts[2], code.id);
  EXPECT_EQ(history.back().transitioned_by, "agent-3");
  EXPECT_EQ(ws->events().read({.event_types = {"TICKET_PHASE_ADVANCED"}}).size(), 1u);
  EXPECT_DAGBOARD_ERROR(
      ws->tickets().report_artifact(t.id, {.phase_id = "PHASE_X", .artifact_type = "code"}),
      ErrorCode::validation_failed);
  // No gate in the backlog: an empty gate is met at once.
  Ticket b = make_ticket(project);
  EXPECT_EQ(ws->tickets().check_and_progress(b.id)->phase_id, "PHASE_REQUIREMENTS");
}

// A card says why it is blocked, who is working on it and how much of it is done.
TEST_P(BoardTest, CardsShowBlockersAgentsAndProgress) {
  const std::string title = "quote \" backslash \\ tab \t nl \n bell \x07 \u00e9\u4e2d\U0001F600";
  Ticket t = ws->tickets().create({.project_id = project.id, .title = title,
                                   .phase_id = "PHASE_IMPLEMENTATION"});
  Ticket quiet = ticket_in("PHASE_IMPLEMENTATION");
  auto a = ws->tasks().create({.ticket_id = t.id, .title = "a"});
  auto b = ws->tasks().create({.ticket_id = t.id, .title = "b"});
  ws->tasks().create({.ticket_id = t.id, .title = "c"});
  auto second = ws->agents().register_agent({.project_id = project.id});
  auto first = ws->agents().register_agent({.project_id = project.id});
  ASSERT_TRUE(ws->scheduler().claim(first.id, {.task_id = a.id}));
  ASSERT_TRUE(ws->scheduler().claim(second.id, {.task_id = b.id}));
  ws->tasks().start(b.id, {.agent_id = second.id});
  ws->tickets().block(quiet.id, "environment");
  auto find = [&](const BoardView& v, const std::string& id) -> const BoardCard* {
    for (const auto& c : v.columns)
      for (const auto& card : c.tickets)
        if (card.id == id) return &card;
    return nullptr;
  };
  auto view = ws->board().view(project.id);
  EXPECT_EQ(view.last_event_id, ws->events().last_id());
  EXPECT_GT(view.last_event_id, 0);
  const BoardCard* card = find(view, t.id);
  ASSERT_NE(card, nullptr);
  EXPECT_EQ(card->title, title);
  EXPECT_EQ(card->tasks_total, 3);
  auto ids = std::vector<std::string>{first.id, second.id};
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(card->agent_ids, ids);
  EXPECT_FALSE(card->blocked_reason.has_value());
  const BoardCard* blocked = find(view, quiet.id);
  ASSERT_NE(blocked, nullptr);
  EXPECT_TRUE(blocked->is_blocked);
  EXPECT_EQ(blocked->blocked_reason, "environment");
  EXPECT_TRUE(blocked->agent_ids.empty());
  EXPECT_EQ(blocked->tasks_total, 1);  // its remediation task
  Json json = to_json(view);
  const Json* card_json = nullptr;
  for (const auto& c : json["columns"])
    for (const auto& j : c["tickets"])
      if (j["id"] == quiet.id) card_json = &j;
  ASSERT_NE(card_json, nullptr);
  EXPECT_EQ((*card_json)["blocked_reason"], "environment");
  EXPECT_EQ((*card_json)["agent_ids"], Json::array());
  EXPECT_EQ((*card_json)["commit_count"], 0);
  // Finished work lets go of its agent.
  ws->tasks().complete(b.id, {.agent_id = second.id});
  auto after = ws->board().view(project.id);
  EXPECT_EQ(find(after, t.id)->agent_ids, std::vector<std::string>{first.id});
}

DAGBOARD_INSTANTIATE_BACKENDS(BoardTest);

}  // namespace
}  // namespace dagboard::test
