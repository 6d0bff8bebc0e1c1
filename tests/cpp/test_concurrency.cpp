// SPDX-License-Identifier: Apache-2.0
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <set>
#include <thread>

#include "support.hpp"

namespace dagboard::test {
namespace {

class ConcurrencyTest : public BackendTest {
 protected:
  // Every ticket of the project has a distinct number, and they run 1..n without gaps.
  void expect_dense_keys(size_t n) {
    std::set<long long> numbers;
    PageRequest page{.limit = 1000};
    for (const auto& t : ws->tickets().list({.project_id = "DAG", .page = page}).items)
      numbers.insert(t.number);
    EXPECT_EQ(numbers.size(), n);
    EXPECT_EQ(*numbers.begin(), 1);
    EXPECT_EQ(*numbers.rbegin(), static_cast<long long>(n));
  }
};

TEST_P(ConcurrencyTest, ThreadsSharingOneWorkspaceGetDistinctKeys) {
  make_project();
  constexpr int kThreads = 8, kEach = 25;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < kEach; ++k)
        ws->tickets().create({.project_id = "DAG", .title = "t" + std::to_string(i) + "-" + std::to_string(k)});
    });
  }
  for (auto& t : threads) t.join();
  expect_dense_keys(kThreads * kEach);
  EXPECT_EQ(ws->events().read({.limit = 10000}).size(), 1u + kThreads * kEach);
}

TEST_P(ConcurrencyTest, ProcessesSharingOneDatabaseGetDistinctKeys) {
  make_project();
  constexpr int kProcesses = 4, kEach = 20;
  auto codes = run_in_processes(kProcesses, [&](int) {
    auto mine = Workspace::open(db->url(), {.pool_size = 2});
    for (int k = 0; k < kEach; ++k) mine.tickets().create({.project_id = "DAG", .title = "p"});
    return 0;
  });
  EXPECT_EQ(codes, std::vector<int>(kProcesses, 0));
  expect_dense_keys(kProcesses * kEach);
  auto events = ws->events().read({.limit = 10000});
  ASSERT_EQ(events.size(), 1u + kProcesses * kEach);
  for (size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].id, static_cast<long long>(i + 1));
}

TEST_P(ConcurrencyTest, ConcurrentUpdatesOfDifferentFieldsAreNotLost) {
  auto p = make_project();
  auto t = make_ticket(p);
  std::thread a([&] {
    for (int i = 0; i < 20; ++i)
      ws->tickets().update(t.id, ticket_update_from_json({{"title", "title " + std::to_string(i)}}));
  });
  std::thread b([&] {
    for (int i = 0; i < 20; ++i)
      ws->tickets().update(t.id, ticket_update_from_json({{"description", "desc " + std::to_string(i)}}));
  });
  a.join();
  b.join();
  auto final = ws->tickets().get(t.id);
  EXPECT_EQ(final.title, "title 19");
  EXPECT_EQ(final.description, "desc 19");
}

TEST_P(ConcurrencyTest, KillDashNineLosesNothingCommitted) {
  make_project();
  int acks[2];
  ASSERT_EQ(pipe(acks), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {  // writes until killed; reports each committed key
    close(acks[0]);
    auto mine = Workspace::open(db->url(), {.pool_size = 1});
    for (int i = 0; i < 100000; ++i) {
      auto t = mine.tickets().create({.project_id = "DAG", .title = "crash " + std::to_string(i)});
      std::string line = t.key + "\n";
      if (write(acks[1], line.data(), line.size()) < 0) break;
    }
    _exit(0);
  }
  close(acks[1]);
  std::vector<std::string> acknowledged;
  std::string buffer;
  char chunk[256];
  while (acknowledged.size() < 30) {  // bounded: the child stops writing only when killed
    ssize_t n = read(acks[0], chunk, sizeof chunk);
    ASSERT_GT(n, 0) << "the writer died early";
    buffer.append(chunk, static_cast<size_t>(n));
    for (auto nl = buffer.find('\n'); nl != std::string::npos; nl = buffer.find('\n')) {
      acknowledged.push_back(buffer.substr(0, nl));
      buffer.erase(0, nl + 1);
    }
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  close(acks[0]);

  auto reopened = Workspace::open(db->url());
  for (const auto& key : acknowledged) EXPECT_TRUE(reopened.tickets().find(key)) << key;
  auto tickets = reopened.tickets().list({.project_id = "DAG", .page = {.limit = 1000}}).items;
  auto created = reopened.events().read({.event_types = {"TICKET_CREATED"}, .limit = 10000});
  EXPECT_EQ(tickets.size(), created.size()) << "rows and events commit together";
  EXPECT_GE(tickets.size(), acknowledged.size());
}

DAGBOARD_INSTANTIATE_BACKENDS(ConcurrencyTest);

}  // namespace
}  // namespace dagboard::test
