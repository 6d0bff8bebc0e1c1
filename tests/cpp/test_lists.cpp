// SPDX-License-Identifier: Apache-2.0
// List calls: filters with several values, sort orders that page correctly, totals.
#include "support.hpp"

namespace dagboard::test {
namespace {

class ListTest : public BackendTest {
 protected:
  // a LOW, b HIGH, c CRITICAL, d HIGH, e MEDIUM, f CRITICAL, g LOW, created in that order;
  // b and d are building, the rest backlog.
  void make_tickets() {
    project = make_project();
    const std::pair<const char*, Priority> specs[] = {
        {"a", Priority::low},  {"b", Priority::high},   {"c", Priority::critical},
        {"d", Priority::high}, {"e", Priority::medium}, {"f", Priority::critical},
        {"g", Priority::low}};
    for (const auto& [title, priority] : specs) {
      bool building = std::string(title) == "b" || std::string(title) == "d";
      ws->tickets().create({.project_id = project.id,
                            .title = title,
                            .status = building ? TicketStatus::building : TicketStatus::backlog,
                            .priority = priority});
    }
  }

  // Every page of the list, `limit` at a time, as titles in the order they came.
  std::vector<std::string> all_pages(TicketQuery q, int limit) {
    std::vector<std::string> out;
    q.page.limit = limit;
    for (int guard = 0; guard < 100; ++guard) {
      auto page = ws->tickets().list(q);
      for (const auto& t : page.items) out.push_back(t.title);
      if (!page.next_cursor) break;
      q.page.cursor = page.next_cursor;
    }
    return out;
  }

  std::vector<std::string> titles(const TicketQuery& q) { return all_pages(q, 1000); }

  Project project;
};

using Titles = std::vector<std::string>;

TEST_P(ListTest, AFilterMatchesAnyOfItsValues) {
  make_tickets();
  EXPECT_EQ(titles({.priority = {Priority::high, Priority::critical}}),
            (Titles{"b", "c", "d", "f"}));
  EXPECT_EQ(titles({.status = TicketStatus::building}), (Titles{"b", "d"}));
  EXPECT_EQ(titles({.status = {TicketStatus::building, TicketStatus::backlog},
                    .priority = {Priority::low, Priority::high}}),
            (Titles{"a", "b", "d", "g"}));
  EXPECT_EQ(titles({.phase_id = {"PHASE_DONE", "PHASE_TESTING"}}), Titles{});
}

TEST_P(ListTest, ReadersTakeAListOrCommaSeparatedText) {
  make_tickets();
  auto from_text = ticket_query_from_json({{"priority", "HIGH, CRITICAL"}});
  auto from_list = ticket_query_from_json({{"priority", {"HIGH", "CRITICAL"}}});
  EXPECT_EQ(from_text.priority, (AnyOf<Priority>{Priority::high, Priority::critical}));
  EXPECT_EQ(from_list.priority, from_text.priority);
  EXPECT_EQ(titles(from_text), (Titles{"b", "c", "d", "f"}));

  auto bad = catch_error([] { ticket_query_from_json({{"status", "building,bogus"}}); });
  EXPECT_EQ(bad.code(), ErrorCode::validation_failed);
  EXPECT_EQ(bad.details()["field"], "status");
  EXPECT_NE(std::string(bad.what()).find("bogus"), std::string::npos) << bad.what();
  EXPECT_EQ(catch_error([] {
              ticket_query_from_json({{"status", " , "}});
            }).details()["field"],
            "status");
  EXPECT_EQ(catch_error([] {
              ticket_query_from_json({{"priority", {"HIGH", 3}}});
            }).details()["field"],
            "priority");
}

TEST_P(ListTest, SortOrdersPageWithoutLosingOrRepeatingRows) {
  make_tickets();
  const Titles by_priority{"a", "g", "e", "b", "d", "c", "f"};  // ties in creation order
  const Titles most_urgent_first{"f", "c", "d", "b", "e", "g", "a"};
  for (int limit : {1, 2, 3, 7}) {
    SCOPED_TRACE("limit " + std::to_string(limit));
    EXPECT_EQ(all_pages({.page = {.sort = "priority"}}, limit), by_priority);
    EXPECT_EQ(all_pages({.page = {.sort = "-priority"}}, limit), most_urgent_first);
    EXPECT_EQ(all_pages({.page = {.sort = "-created_at"}}, limit),
              (Titles{"g", "f", "e", "d", "c", "b", "a"}));
    EXPECT_EQ(all_pages({.page = {.sort = "created_at"}}, limit),
              (Titles{"a", "b", "c", "d", "e", "f", "g"}));
  }
  EXPECT_EQ(
      all_pages({.priority = {Priority::high, Priority::low}, .page = {.sort = "-priority"}}, 1),
      (Titles{"d", "b", "g", "a"}));
}

TEST_P(ListTest, SortByUpdatedAtFollowsTheLatestEdits) {
  make_tickets();
  ws->tickets().update("DAG-2", {.title = "b2"});
  ws->tickets().update("DAG-1", {.title = "a2"});
  EXPECT_EQ(all_pages({.page = {.sort = "-updated_at"}}, 3),
            (Titles{"a2", "b2", "g", "f", "e", "d", "c"}));
  EXPECT_EQ(all_pages({.page = {.sort = "updated_at"}}, 2),
            (Titles{"c", "d", "e", "f", "g", "b2", "a2"}));
}

TEST_P(ListTest, ACursorContinuesOnlyItsOwnSort) {
  make_tickets();
  auto first = ws->tickets().list({.page = {.limit = 2, .sort = "-priority"}});
  ASSERT_TRUE(first.next_cursor);
  auto e = catch_error([&] {
    ws->tickets().list({.page = {.limit = 2, .cursor = first.next_cursor, .sort = "priority"}});
  });
  EXPECT_EQ(e.code(), ErrorCode::validation_failed);
  EXPECT_EQ(e.details()["field"], "cursor");
  EXPECT_NE(std::string(e.what()).find("-priority"), std::string::npos) << e.what();
  auto plain = ws->tickets().list({.page = {.limit = 2}});
  EXPECT_EQ(catch_error([&] {
              ws->tickets().list({.page = {.cursor = plain.next_cursor, .sort = "-created_at"}});
            }).details()["field"],
            "cursor");
  for (const char* forged : {"c2.-priority.x.1.id", "c2.-priority.4.1.", "c9.1.id", "c2.-priority"})
    EXPECT_EQ(catch_error([&] {
                ws->tickets().list({.page = {.cursor = forged, .sort = "-priority"}});
              }).details()["field"],
              "cursor")
        << forged;
}

TEST_P(ListTest, UnknownSortFieldsNameWhatTheListTakes) {
  make_tickets();
  auto e = catch_error([&] { ws->tickets().list({.page = {.sort = "title"}}); });
  EXPECT_EQ(e.code(), ErrorCode::validation_failed);
  EXPECT_EQ(e.details()["field"], "sort");
  EXPECT_NE(std::string(e.what()).find("-updated_at"), std::string::npos) << e.what();
  // agents and projects have no priority; ready work and the audit trail keep their own order
  EXPECT_EQ(
      catch_error([&] { ws->agents().list({.page = {.sort = "priority"}}); }).details()["field"],
      "sort");
  EXPECT_EQ(catch_error([&] {
              ws->projects().list({.page = {.sort = "--created_at"}});
            }).details()["field"],
            "sort");
  EXPECT_EQ(catch_error([&] {
              ws->graph().ready("DAG", {.page = {.sort = "created_at"}});
            }).details()["field"],
            "sort");
  EXPECT_EQ(catch_error([&] {
              ws->audit().project("DAG", {.page = {.include_total = true}});
            }).details()["field"],
            "include_total");
}

TEST_P(ListTest, TotalsCountEveryMatchOnlyWhenAsked) {
  make_tickets();
  auto page = ws->tickets().list({.page = {.limit = 2, .include_total = true}});
  EXPECT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.total, 7);
  auto filtered =
      ws->tickets().list({.status = TicketStatus::backlog,
                          .page = {.limit = 2, .sort = "-priority", .include_total = true}});
  EXPECT_EQ(filtered.total, 5);
  auto next = ws->tickets().list({.status = TicketStatus::backlog,
                                  .page = {.limit = 2,
                                           .cursor = filtered.next_cursor,
                                           .sort = "-priority",
                                           .include_total = true}});
  EXPECT_EQ(next.total, 5);  // the total of the list, not of what is left
  EXPECT_EQ(ws->tickets().list({.page = {.limit = 2}}).total, std::nullopt);
  EXPECT_EQ(ws->projects().list({.page = {.include_total = true}}).total, 1);
}

TEST_P(ListTest, TaskAgentProjectAndDocumentListsTakeSeveralValues) {
  make_tickets();
  auto ticket = ws->tickets().get("DAG-1");
  auto t1 = make_task(ticket, "one");
  auto t2 = make_task(ticket, "two");
  auto t3 = make_task(ticket, "three");
  ws->tasks().update(t2.id, {.priority = Priority::critical});
  ws->tasks().cancel(t3.id, {.force = true}, "not needed");
  auto task_titles = [&](const TaskQuery& q) {
    Titles out;
    for (const auto& t : ws->tasks().list(q).items) out.push_back(t.title);
    return out;
  };
  EXPECT_EQ(task_titles({.status = {TaskStatus::pending, TaskStatus::cancelled}}),
            (Titles{"one", "two", "three"}));
  EXPECT_EQ(task_titles({.status = TaskStatus::cancelled}), Titles{"three"});
  EXPECT_EQ(task_titles({.priority = Priority::critical}), Titles{"two"});
  EXPECT_EQ(task_titles({.page = {.sort = "-priority"}}), (Titles{"two", "three", "one"}));
  EXPECT_EQ(ws->tasks().list({.ticket_id = "DAG-1", .page = {.include_total = true}}).total, 3);

  ws->agents().register_agent(
      {.agent_type = AgentType::worker, .phase_id = "PHASE_IMPLEMENTATION"});
  ws->agents().register_agent({.agent_type = AgentType::monitor, .phase_id = "PHASE_TESTING"});
  ws->agents().register_agent(
      {.agent_type = AgentType::watchdog, .phase_id = "PHASE_IMPLEMENTATION"});
  EXPECT_EQ(ws->agents().list({.agent_type = {AgentType::worker, AgentType::monitor}}).items.size(),
            2u);
  EXPECT_EQ(ws->agents()
                .list({.phase_id = {"PHASE_TESTING", "PHASE_IMPLEMENTATION"},
                       .page = {.include_total = true}})
                .total,
            3);

  make_project("OTH");
  ws->projects().update("OTH", {.status = ProjectStatus::archived});
  EXPECT_EQ(ws->projects()
                .list({.status = {ProjectStatus::active, ProjectStatus::archived}})
                .items.size(),
            2u);
  EXPECT_EQ(ws->projects().list({.status = ProjectStatus::archived}).items.at(0).key, "OTH");

  for (const char* kind : {"document", "design", "document"})
    ws->documents().store({.kind = kind, .project_id = "DAG", .title = kind, .content = "x"});
  auto drafts = ws->documents().list(
      {.project_id = "DAG", .kind = {"design", "requirements"}, .page = {.include_total = true}});
  EXPECT_EQ(drafts.total, 1);
  EXPECT_EQ(ws->documents()
                .list({.kind = {"document", "design"}, .status = {"draft", "approved"}})
                .items.size(),
            3u);
  EXPECT_EQ(catch_error([&] {
              ws->documents().list({.status = {"draft", "bogus"}});
            }).details()["field"],
            "status");
}

DAGBOARD_INSTANTIATE_BACKENDS(ListTest);

}  // namespace
}  // namespace dagboard::test
