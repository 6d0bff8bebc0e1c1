// SPDX-License-Identifier: Apache-2.0
#include "support.hpp"

namespace dagboard::test {
namespace {

class TicketTest : public BackendTest {};

TEST_P(TicketTest, KeysAreAssignedInOrderPerProject) {
  auto dag = make_project("DAG");
  auto pay = make_project("PAY");
  EXPECT_EQ(make_ticket(dag).key, "DAG-1");
  EXPECT_EQ(make_ticket(dag).key, "DAG-2");
  auto p1 = make_ticket(pay);
  EXPECT_EQ(p1.key, "PAY-1");
  EXPECT_EQ(p1.number, 1);
  EXPECT_EQ(make_ticket(dag).key, "DAG-3");
}

TEST_P(TicketTest, KeysAreNeverReused) {
  auto p = make_project();
  make_ticket(p);
  auto second = make_ticket(p);
  ws->tickets().remove(second.key);
  EXPECT_FALSE(ws->tickets().find(second.id));
  EXPECT_EQ(make_ticket(p).key, "DAG-3");
}

TEST_P(TicketTest, DefaultsAndLookupByIdOrKey) {
  auto p = ws->projects().create({.name = "x", .key = "DEF", .default_phase_id = "PHASE_REQUIREMENTS"});
  auto t = ws->tickets().create({.project_id = "DEF", .title = "Refund flow"});
  EXPECT_EQ(t.project_id, p.id);
  EXPECT_EQ(t.phase_id, "PHASE_REQUIREMENTS");
  EXPECT_EQ(t.status, TicketStatus::analyzing);  // the status follows the phase
  EXPECT_EQ(t.previous_phase_id, std::nullopt);
  EXPECT_EQ(t.priority, Priority::medium);
  EXPECT_EQ(t.approval_status, ApprovalStatus::approved);
  EXPECT_FALSE(t.is_blocked);
  EXPECT_EQ(t.context, Json::object());
  EXPECT_EQ(ws->tickets().get(t.id).key, "DEF-1");
  EXPECT_EQ(ws->tickets().get("DEF-1").id, t.id);
  EXPECT_EQ(ws->tickets().get("def-1").id, t.id);
  auto e = ws->events().read({.event_types = {"TICKET_CREATED"}});
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].payload.at("key"), "DEF-1");
  EXPECT_EQ(e[0].payload.at("title"), "Refund flow");
  EXPECT_EQ(e[0].project_id, p.id);
}

TEST_P(TicketTest, BadInputIsRefusedAndNothingIsWritten) {
  auto p = make_project();
  auto last = ws->events().last_id();
  EXPECT_DAGBOARD_ERROR(ws->tickets().create({.project_id = "NOPE", .title = "x"}),
                        ErrorCode::project_not_found);
  auto field = [&](const Json& j) {
    return catch_error([&] { ws->tickets().create(new_ticket_from_json(j)); }).details()["field"];
  };
  EXPECT_EQ(field({{"project_id", p.id}, {"title", ""}}), "title");
  EXPECT_EQ(field({{"project_id", p.id}, {"title", " \t"}}), "title");
  EXPECT_EQ(field({{"project_id", p.id}, {"title", std::string(501, 'x')}}), "title");
  EXPECT_EQ(field({{"project_id", p.id}, {"title", "x"}, {"status", "doing"}}), "status");
  EXPECT_EQ(field({{"project_id", p.id}, {"title", "x"}, {"priority", "high"}}), "priority");
  EXPECT_EQ(field({{"project_id", p.id}, {"title", "x"}, {"phase_id", "PHASE_X"}}), "phase_id");
  EXPECT_EQ(field({{"project_id", p.id}, {"title", "x"}, {"context", "text"}}), "context");
  EXPECT_EQ(field({{"project_id", p.id}, {"title", "x"}, {"colour", "red"}}), "colour");
  EXPECT_EQ(field({{"title", "x"}}), "project_id");
  EXPECT_EQ(ws->events().last_id(), last);
  EXPECT_TRUE(ws->tickets().list().items.empty());
  EXPECT_EQ(make_ticket(p).key, "DAG-1") << "failed creates consume no number";
}

TEST_P(TicketTest, EnumErrorListsTheAllowedValues) {
  auto p = make_project();
  Error e = catch_error([&] {
    ws->tickets().create(new_ticket_from_json({{"project_id", p.id}, {"title", "x"}, {"status", "doing"}}));
  });
  EXPECT_NE(std::string(e.what()).find("backlog, analyzing, building, building-done, testing, done"),
            std::string::npos)
      << e.what();
}

TEST_P(TicketTest, UpdateTracksPhaseAndBlockedTimes) {
  auto p = make_project();
  auto t = make_ticket(p);
  auto u = ws->tickets().update(t.key, ticket_update_from_json({{"phase_id", "PHASE_DESIGN"},
                                                               {"status", "analyzing"},
                                                               {"is_blocked", true},
                                                               {"blocked_reason", "dependency"}}));
  EXPECT_EQ(u.phase_id, "PHASE_DESIGN");
  EXPECT_EQ(u.previous_phase_id, "PHASE_BACKLOG");
  EXPECT_EQ(u.status, TicketStatus::analyzing);
  ASSERT_TRUE(u.blocked_at.has_value());
  auto e = ws->events().read({.event_types = {"TICKET_UPDATED"}});
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].payload["changes"]["status"], (Json{{"old", "backlog"}, {"new", "analyzing"}}));
  EXPECT_EQ(e[0].payload["changes"]["phase_id"]["new"], "PHASE_DESIGN");
  auto unblocked = ws->tickets().update(t.id, ticket_update_from_json({{"is_blocked", false}}));
  EXPECT_FALSE(unblocked.blocked_at.has_value());
  EXPECT_EQ(ws->tickets().get(t.id).blocked_reason, "dependency");
}

TEST_P(TicketTest, BlockedByLinksBothWays) {
  auto p = make_project();
  auto a = make_ticket(p, "A");
  auto b = ws->tickets().create({.project_id = p.id, .title = "B", .blocked_by = {"DAG-1"}});
  EXPECT_EQ(b.blocked_by, std::vector<std::string>{a.id});
  EXPECT_EQ(ws->tickets().get(a.id).blocks, std::vector<std::string>{b.id});
  EXPECT_DAGBOARD_ERROR(ws->tickets().update(a.id, ticket_update_from_json({{"blocked_by", Json::array({a.id})}})),
                        ErrorCode::validation_failed);
  EXPECT_DAGBOARD_ERROR(ws->tickets().update(a.id, ticket_update_from_json({{"blocked_by", Json::array({"DAG-99"})}})),
                        ErrorCode::ticket_not_found);
  auto other = make_ticket(make_project("OTH"));
  EXPECT_DAGBOARD_ERROR(ws->tickets().update(a.id, ticket_update_from_json({{"blocked_by", Json::array({other.id})}})),
                        ErrorCode::validation_failed);
  auto cleared = ws->tickets().update(b.id, ticket_update_from_json({{"blocked_by", Json::array()}}));
  EXPECT_TRUE(cleared.blocked_by.empty());
  EXPECT_TRUE(ws->tickets().get(a.id).blocks.empty());
}

TEST_P(TicketTest, ContextRoundTripsExactly) {
  auto p = make_project();
  Json context{{"workflow_mode", "spec_driven"}, {"notes", "ünïcode ; 'quotes' \"dq\""},
               {"nested", {{"list", {1, 2.5, true, nullptr}}}}};
  auto t = ws->tickets().create({.project_id = p.id, .title = "ctx", .context = context});
  EXPECT_EQ(ws->tickets().get(t.id).context, context);
}

TEST_P(TicketTest, ListFiltersCombine) {
  auto p = make_project();
  auto other = make_project("OTH");
  ws->tickets().create({.project_id = p.id, .title = "a", .priority = Priority::high});
  ws->tickets().create({.project_id = p.id, .title = "b", .status = TicketStatus::building,
                        .priority = Priority::high});
  ws->tickets().create({.project_id = p.id, .title = "c", .status = TicketStatus::building});
  ws->tickets().create({.project_id = other.id, .title = "d", .priority = Priority::high});
  auto titles = [&](const TicketQuery& q) {
    std::vector<std::string> out;
    for (const auto& t : ws->tickets().list(q).items) out.push_back(t.title);
    return out;
  };
  EXPECT_EQ(titles({.project_id = "DAG"}), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(titles({.priority = Priority::high}), (std::vector<std::string>{"a", "b", "d"}));
  EXPECT_EQ(titles({.project_id = p.id, .status = TicketStatus::building, .priority = Priority::high}),
            (std::vector<std::string>{"b"}));
  EXPECT_EQ(titles({.phase_id = "PHASE_DONE"}), (std::vector<std::string>{}));
  EXPECT_DAGBOARD_ERROR(ws->tickets().list({.project_id = "NOPE"}), ErrorCode::project_not_found);
}

TEST_P(TicketTest, DeleteTakesTasksAlong) {
  auto p = make_project();
  auto t = make_ticket(p);
  auto task = make_task(t);
  ws->tickets().remove(t.id);
  EXPECT_DAGBOARD_ERROR(ws->tasks().get(task.id), ErrorCode::task_not_found);
  EXPECT_DAGBOARD_ERROR(ws->tickets().remove(t.id), ErrorCode::ticket_not_found);
  EXPECT_EQ(event_types().back(), "TICKET_DELETED");
}

DAGBOARD_INSTANTIATE_BACKENDS(TicketTest);

}  // namespace
}  // namespace dagboard::test
