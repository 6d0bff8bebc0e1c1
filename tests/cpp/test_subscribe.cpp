// SPDX-License-Identifier: Apache-2.0
// Event subscriptions: in order, exactly once, across processes, resumable, never blocking writers.
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <utility>

#include "support.hpp"

namespace dagboard::test {
namespace {

using namespace std::chrono_literals;

// Collects delivered ids; wait_for(n) waits (bounded) until n have arrived.
struct Collector {
  std::mutex m;
  std::condition_variable cv;
  std::vector<Event> events;
  void operator()(const Event& e) {
    std::lock_guard lock(m);
    events.push_back(e);
    cv.notify_all();
  }
  bool wait_for(size_t n, std::chrono::seconds limit = 30s) {
    std::unique_lock lock(m);
    return cv.wait_for(lock, limit, [&] { return events.size() >= n; });
  }
  std::vector<long long> ids() {
    std::lock_guard lock(m);
    std::vector<long long> out;
    for (const auto& e : events) out.push_back(e.id);
    return out;
  }
};

// Upstream's test_websocket_events.py filter cases: by event_type, entity_type, entity_id,
// combined (AND), and empty filters match everything.
TEST(EventFilterTest, MatchesLikeUpstream) {
  Event e{7, "TASK_ASSIGNED", "task", "task-1", "project-1", Json{{"test", "data"}}, std::nullopt, now()};
  EXPECT_TRUE(EventFilter{}.matches(e));
  EXPECT_TRUE((EventFilter{.event_types = {"TASK_ASSIGNED"}}.matches(e)));
  EXPECT_FALSE((EventFilter{.event_types = {"TASK_COMPLETED"}}.matches(e)));
  EXPECT_TRUE((EventFilter{.event_types = {"TASK_COMPLETED", "TASK_ASSIGNED"}}.matches(e)));  // OR within
  EXPECT_TRUE((EventFilter{.entity_types = {"task"}}.matches(e)));
  EXPECT_FALSE((EventFilter{.entity_types = {"ticket"}}.matches(e)));
  EXPECT_TRUE((EventFilter{.entity_ids = {"task-1"}}.matches(e)));
  EXPECT_FALSE((EventFilter{.entity_ids = {"task-2"}}.matches(e)));
  EXPECT_TRUE((EventFilter{.event_types = {"TASK_ASSIGNED"}, .entity_types = {"task"}, .entity_ids = {"task-1"}}.matches(e)));
  EXPECT_FALSE((EventFilter{.event_types = {"TASK_ASSIGNED"}, .entity_types = {"ticket"}}.matches(e)));  // AND across
  EXPECT_TRUE((EventFilter{.project_id = "project-1"}.matches(e)));
  EXPECT_FALSE((EventFilter{.project_id = "project-2"}.matches(e)));
  e.project_id.reset();
  EXPECT_FALSE((EventFilter{.project_id = "project-1"}.matches(e)));
  EXPECT_EQ(event_filter_from_json(Json{{"entity_ids", {"a", "b"}}}).entity_ids, (std::vector<std::string>{"a", "b"}));
  EXPECT_THROW(event_filter_from_json(Json{{"event_type", "X"}}), ValidationError);  // misspelt: refused
}

class SubscribeTest : public ProjectTest {};

TEST_P(SubscribeTest, DeliversInOrderExactlyOnceWithFilters) {
  Collector all, tickets;
  auto s1 = ws->events().subscribe({}, std::ref(all));
  auto s2 = ws->events().subscribe({.event_types = {"TICKET_CREATED"}, .project_id = project.id}, std::ref(tickets));
  long long before = ws->events().last_id();
  for (int i = 0; i < 5; ++i) make_ticket(project, "t" + std::to_string(i));
  make_task(ticket);
  ASSERT_TRUE(all.wait_for(6));
  ASSERT_TRUE(tickets.wait_for(5));
  std::vector<long long> expected;
  for (long long id = before + 1; id <= before + 6; ++id) expected.push_back(id);
  EXPECT_EQ(all.ids(), expected);
  EXPECT_EQ(tickets.ids().size(), 5u);
  EXPECT_EQ(tickets.events[4].payload["title"], "t4");
  s1.cancel();
  EXPECT_FALSE(s1.active());
  make_ticket(project, "after");
  ASSERT_TRUE(tickets.wait_for(6));
  EXPECT_EQ(all.ids().size(), 6u);  // cancelled: nothing more
  EXPECT_EQ(s2.last_id(), ws->events().last_id());
}

TEST_P(SubscribeTest, ReplaysFromSinceThenStreams) {
  long long start = ws->events().last_id();
  for (int i = 0; i < 3; ++i) make_ticket(project);
  Collector c;
  auto s = ws->events().subscribe({.entity_types = {"ticket"}}, std::ref(c), {.since = start});
  ASSERT_TRUE(c.wait_for(3));
  make_ticket(project);
  ASSERT_TRUE(c.wait_for(4));
  EXPECT_EQ(c.ids(), (std::vector<long long>{start + 1, start + 2, start + 3, start + 4}));
}

TEST_P(SubscribeTest, CancelInsideTheCallbackIsSafe) {
  std::promise<void> done;
  int calls = 0;
  Subscription s;
  s = ws->events().subscribe({}, [&](const Event&) {
    ++calls;
    s.cancel();
    done.set_value();
  });
  make_ticket(project);
  make_ticket(project);
  ASSERT_EQ(done.get_future().wait_for(30s), std::future_status::ready);
  make_ticket(project);
  std::this_thread::sleep_for(100ms);  // give a wrong extra delivery the chance to show
  EXPECT_EQ(calls, 1);
}

// The event thread may still hold a cancelled subscriber (it is delivering to another one); the
// callback must be gone when cancel() returns all the same, destroyed on the cancelling thread.
// A Python callback's destructor takes the GIL: run on the event thread, it deadlocked against a
// thread that held the GIL while joining the event thread (closing the last workspace handle).
TEST_P(SubscribeTest, CancelReleasesTheCallbackBeforeItReturns) {
  std::promise<void> entered, release;
  auto released = release.get_future().share();
  auto slow = ws->events().subscribe({}, [&, first = true](const Event&) mutable {
    if (!std::exchange(first, false)) return;
    entered.set_value();
    released.wait_for(30s);  // the event thread is inside this delivery, holding both subscribers
  });
  auto token = std::make_shared<int>(0);
  auto other = ws->events().subscribe({}, [token](const Event&) {});
  make_ticket(project);
  ASSERT_EQ(entered.get_future().wait_for(30s), std::future_status::ready);
  other.cancel();
  EXPECT_EQ(token.use_count(), 1);  // the callback (and its copy of token) is destroyed
  release.set_value();
}

TEST_P(SubscribeTest, SlowSubscriberNeverBlocksWriters) {
  std::promise<void> writers_done;
  auto released = writers_done.get_future().share();
  Collector c;
  auto s = ws->events().subscribe({}, [&](const Event& e) {
    released.wait_for(30s);  // holds the event thread until the writers are through
    c(e);
  });
  for (int i = 0; i < 20; ++i) make_ticket(project);  // would hang here if writers waited
  writers_done.set_value();
  ASSERT_TRUE(c.wait_for(20));
}

TEST_P(SubscribeTest, SeesOtherProcessesAndResumesAcrossRestarts) {
  Collector c;
  long long start = ws->events().last_id();
  auto s = ws->events().subscribe({.event_types = {"TICKET_CREATED"}}, std::ref(c));
  // Spawned, not forked: this process runs the subscription's thread.
  auto write = [&](int count) {
    std::vector<std::vector<std::string>> writers;
    for (int w = 0; w < 2; ++w)
      writers.push_back({DAGBOARD_TICKET_WRITER, db->url(), "DAG", std::to_string(count), "w" + std::to_string(w)});
    return spawn_processes(writers);
  };
  EXPECT_EQ(write(10), std::vector<int>(2, 0));
  ASSERT_TRUE(c.wait_for(20));
  long long resume_at = s.last_id();
  s.cancel();
  // The writers "restart" (new processes) while nobody listens; resuming misses nothing.
  EXPECT_EQ(write(15), std::vector<int>(2, 0));
  Collector resumed;
  auto again = ws->events().subscribe({.event_types = {"TICKET_CREATED"}}, std::ref(resumed), {.since = resume_at});
  ASSERT_TRUE(resumed.wait_for(30));
  std::this_thread::sleep_for(100ms);
  auto first = c.ids(), second = resumed.ids();
  EXPECT_EQ(first.size(), 20u);
  EXPECT_EQ(second.size(), 30u);
  std::vector<long long> both = first;
  both.insert(both.end(), second.begin(), second.end());
  EXPECT_TRUE(std::is_sorted(both.begin(), both.end()));
  EXPECT_EQ(std::set<long long>(both.begin(), both.end()).size(), 50u) << "an event seen twice";
  auto stored = ws->events().read({.since = start, .event_types = {"TICKET_CREATED"}, .limit = 1000});
  EXPECT_EQ(stored.size(), 50u);
}

DAGBOARD_INSTANTIATE_BACKENDS(SubscribeTest);

}  // namespace
}  // namespace dagboard::test
