// SPDX-License-Identifier: Apache-2.0
// Event filters are exact: keys work as everywhere, typos and future cursors are errors.
#include <atomic>
#include <chrono>
#include <thread>

#include "support.hpp"

namespace dagboard::test {
namespace {

class EventFilterTest : public ProjectTest {};

TEST_P(EventFilterTest, ProjectAndTicketKeysSelectTheSameEventsAsIds) {
  auto other = make_project("OTH");
  make_ticket(other);
  make_task(ticket);
  auto by_id = ws->events().read({.project_id = project.id, .limit = 1000});
  auto by_key = ws->events().read({.project_id = "DAG", .limit = 1000});
  ASSERT_FALSE(by_key.empty());
  EXPECT_EQ(by_key.size(), by_id.size());
  for (const auto& e : by_key) EXPECT_EQ(e.project_id, project.id);
  auto of_ticket = ws->events().read({.entity_ids = {ticket.key}});
  ASSERT_EQ(of_ticket.size(), 1u);
  EXPECT_EQ(of_ticket[0].event_type, "TICKET_CREATED");
  EXPECT_EQ(ws->events().resolve({.project_id = "DAG"}).project_id, project.id);
}

TEST_P(EventFilterTest, UnknownNamesAndFutureCursorsAreErrors) {
  EXPECT_DAGBOARD_ERROR(ws->events().read({.project_id = "NOPE"}), ErrorCode::project_not_found);
  EXPECT_DAGBOARD_ERROR(ws->events().read({.entity_ids = {"DAG-999"}}),
                        ErrorCode::ticket_not_found);
  Error typo = catch_error([&] { ws->events().read({.event_types = {"TASK_COMPLETE"}}); });
  EXPECT_EQ(typo.code(), ErrorCode::validation_failed);
  EXPECT_EQ(typo.details()["field"], "event_types");
  EXPECT_EQ(typo.details()["value"], "TASK_COMPLETE");
  EXPECT_EQ(catch_error([&] { ws->events().read({.entity_types = {"tasks"}}); }).details()["field"],
            "entity_types");
  long long newest = ws->events().last_id();
  Error future = catch_error([&] { ws->events().read({.since = newest + 1}); });
  EXPECT_EQ(future.details()["field"], "since");
  EXPECT_EQ(future.details()["newest"], newest);
  EXPECT_TRUE(ws->events().read({.since = newest}).empty())
      << "the newest id itself is a valid cursor";
  EXPECT_DAGBOARD_ERROR(ws->events().subscribe({.project_id = "NOPE"}, [](const Event&) {}),
                        ErrorCode::project_not_found);
  EXPECT_DAGBOARD_ERROR(ws->events().subscribe({.event_types = {"NOPE"}}, [](const Event&) {}),
                        ErrorCode::validation_failed);
}

TEST_P(EventFilterTest, ASubscriptionByProjectKeyIsLive) {
  std::atomic<int> seen{0};
  auto sub = ws->events().subscribe({.event_types = {"TASK_CREATED"}, .project_id = "DAG"},
                                    [&](const Event&) { ++seen; });
  make_task(ticket);
  for (int i = 0; i < 200 && seen == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(seen, 1);
}

DAGBOARD_INSTANTIATE_BACKENDS(EventFilterTest);

}  // namespace
}  // namespace dagboard::test
