// SPDX-License-Identifier: Apache-2.0
// How dagboard behaves on a SQLite file whose write lock another connection holds.
#include <atomic>
#include <set>
#include <chrono>
#include <thread>

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "storage/sqlite_busy.hpp"
#include "support.hpp"

namespace dagboard::test {
namespace {

using namespace std::chrono_literals;

class SqliteLocks : public ::testing::Test {
 protected:
  void SetUp() override {
    Workspace::open(url()).projects().create({.name = "Locks", .key = "LCK"});  // created and migrated
    other_.open(soci::sqlite3, "db=" + db_.sqlite_path() + " timeout=30");
  }
  void TearDown() override { other_.close(); }
  const std::string& url() const { return db_.url(); }
  // Another process's writer, as far as SQLite can tell: its own connection to the file.
  soci::session& other() { return other_; }

 private:
  TempDatabase db_{Backend::sqlite};
  soci::session other_;
};

TEST_F(SqliteLocks, AnUpToDateDatabaseOpensAndReadsWhileAnotherWriterHoldsTheLock) {
  other() << "BEGIN IMMEDIATE";
  auto ws = Workspace::open(url(), {.busy_timeout_ms = 0});  // opening takes no write lock
  EXPECT_EQ(ws.projects().get("LCK").name, "Locks");
  Error e = catch_error([&] { ws.projects().create({.name = "Blocked", .key = "BLK"}); });
  EXPECT_EQ(e.code(), ErrorCode::unavailable);
  EXPECT_EQ(e.details().value("retry_after_seconds", 0), 1);
  EXPECT_EQ(e.details().value("sqlite_code", 0), 5);  // SQLITE_BUSY
  other() << "ROLLBACK";
  EXPECT_EQ(ws.projects().create({.name = "Free", .key = "FRE"}).key, "FRE");
  EXPECT_DAGBOARD_ERROR(ws.projects().get("BLK"), ErrorCode::project_not_found);  // the refused write left nothing
}

TEST_F(SqliteLocks, AWriterWaitsForALockReleasedWithinItsTimeout) {
  other() << "BEGIN IMMEDIATE";
  std::thread release([&] {
    std::this_thread::sleep_for(300ms);
    other() << "COMMIT";
  });
  auto ws = Workspace::open(url(), {.busy_timeout_ms = 10000});
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(ws.projects().create({.name = "Waited", .key = "WAI"}).key, "WAI");
  release.join();
  EXPECT_GE(std::chrono::steady_clock::now() - started, 250ms);  // it did wait for the lock
}

// What makes a waiter get in: it tries hundreds of times a second, each pause jittered (so
// waiters do not wake in step), where SQLite's own handler backs off to one try per 100 ms.
TEST(SqliteBusyPause, TriesEveryFewHundredMicrosecondsWithJitter) {
  std::set<long long> seen;
  for (int attempt = 0; attempt < 200; ++attempt) {
    auto pause = storage::busy_pause(attempt).count();
    long long ceiling = attempt < 5 ? 100LL << attempt : 2000;
    EXPECT_GE(pause, ceiling / 4) << attempt;
    EXPECT_LE(pause, ceiling) << attempt;
    if (attempt >= 5) seen.insert(pause);
  }
  EXPECT_GT(seen.size(), 50u);  // jittered, not one fixed step
  long long waited_us = 0;
  int tries = 0;
  while (waited_us < 2000000) waited_us += storage::busy_pause(tries++).count();
  EXPECT_GE(tries, 1000);  // in a 2 s timeout; SQLite's busy timeout makes about 30
}

// A writer in a tight loop leaves short gaps between its transactions: here 0.1 ms in every
// 2.1 ms (a dagboard call spends longer than that between its transactions). SQLite's own busy
// handler sleeps up to 100 ms between tries, about 25 in 2 s, and rarely lands in one; a waiter
// must still get in. (With no gap at all, only luck gets a waiter in, on any handler: that is
// not tested, as it fails on a loaded machine.)
TEST_F(SqliteLocks, AWaiterGetsInBetweenTheTransactionsOfATightLoop) {
  std::atomic<bool> done{false};
  other() << "CREATE TABLE churn (n INTEGER)";
  std::thread hammer([&] {
    auto until = std::chrono::steady_clock::now() + 20s;  // bounded even if the waiter never wins
    while (!done && std::chrono::steady_clock::now() < until) {
      other() << "BEGIN IMMEDIATE";
      other() << "INSERT INTO churn VALUES (1)";
      std::this_thread::sleep_for(2ms);  // a writer's work, holding the lock
      other() << "COMMIT";
      std::this_thread::sleep_for(100us);  // between its transactions
    }
  });
  std::this_thread::sleep_for(50ms);
  auto ws = Workspace::open(url(), {.busy_timeout_ms = 2000});
  std::optional<Error> failure;
  for (int i = 0; i < 5 && !failure; ++i) {
    try {
      ws.projects().create({.name = "Between " + std::to_string(i), .key = "BT" + std::string(1, char('A' + i))});
    } catch (const Error& e) {
      failure = e;
    }
  }
  done = true;
  hammer.join();
  EXPECT_FALSE(failure) << (failure ? failure->what() : "");
  EXPECT_EQ(ws.projects().list().items.size(), 6u);
}

}  // namespace
}  // namespace dagboard::test
